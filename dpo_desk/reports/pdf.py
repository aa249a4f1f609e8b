"""The page every DPO Desk register PDF is built on: landscape A4, DejaVu, title and page number."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dpo_desk.i18n import _
from dpo_desk.reports.files import atomic_output
from dpo_desk.reports.fonts import FONT, register_fonts


def build_landscape_pdf(destination: Path, title: str, story: list[Any]) -> None:
    """Lays out ``story`` on landscape A4 with the title and "Page N" in the footer of every
    page, writing ``destination.part`` and renaming it when the document is complete."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import SimpleDocTemplate

    register_fonts()
    page_width = landscape(A4)[0]
    page_label = _("Page {number}")

    def footer(canvas: Canvas, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.drawString(15 * mm, 8 * mm, title)
        canvas.drawRightString(
            page_width - 15 * mm, 8 * mm, page_label.format(number=document.page)
        )
        canvas.restoreState()

    with atomic_output(destination) as part:
        document = SimpleDocTemplate(
            str(part),
            pagesize=landscape(A4),
            leftMargin=15 * mm,
            rightMargin=15 * mm,
            topMargin=15 * mm,
            bottomMargin=15 * mm,
            title=title,
            author="DPO Desk",
            # The canvas otherwise opens every page in Helvetica: named in the PDF, not embedded.
            initialFontName=FONT,
        )
        document.build(story, onFirstPage=footer, onLaterPages=footer)
