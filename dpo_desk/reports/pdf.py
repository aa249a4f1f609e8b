"""The page every DPO Desk register PDF is built on: landscape A4, DejaVu, title and page number."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dpo_desk.i18n import _
from dpo_desk.reports.files import atomic_output
from dpo_desk.reports.fonts import FONT, register_fonts

#: The margin around every page, in points (15 mm), and the frame's own padding (6 points).
_MARGIN_POINTS = 15 * 72 / 25.4
_FRAME_PADDING = 6


def _frame_height() -> float:
    from reportlab.lib.pagesizes import A4, landscape

    return float(landscape(A4)[1]) - 2 * _MARGIN_POINTS - 2 * _FRAME_PADDING


def page_table(data: list[list[Any]], **options: Any) -> Any:
    """A LongTable that cuts a row across pages only when the row is taller than a whole page.

    reportlab's splitInRow would also cut an ordinary row that meets the foot of a page, after
    first moving it below a repeated header on that same page: a header in mid-page over half
    a row. Here a row is cut only where a fresh page (the whole frame) cannot hold it.
    """
    from reportlab.platypus import LongTable

    frame = _frame_height() - 1

    class PageTable(LongTable):  # type: ignore[misc]
        def split(self, availWidth: float, availHeight: float) -> list[Any]:
            self._calc(availWidth, availHeight)
            # What a fresh page holds for a row: the frame less the header repeated on it.
            repeat = self.repeatRows if isinstance(self.repeatRows, int) else 0
            full = frame - sum(self._rowHeights[:repeat])
            used = 0.0
            cut_row = 0.0  # the height of the first row that does not fit
            for height in self._rowHeights:
                used += height
                if used > availHeight:
                    cut_row = height
                    break
            if cut_row > full or not getattr(self, "splitInRow", 0):
                return list(super().split(availWidth, availHeight))
            self.splitInRow = 0
            try:
                return list(super().split(availWidth, availHeight))
            finally:
                self.splitInRow = 1

    return PageTable(data, splitInRow=1, **options)


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
            leftMargin=_MARGIN_POINTS,
            rightMargin=_MARGIN_POINTS,
            topMargin=_MARGIN_POINTS,
            bottomMargin=_MARGIN_POINTS,
            title=title,
            author="DPO Desk",
            # The canvas otherwise opens every page in Helvetica: named in the PDF, not embedded.
            initialFontName=FONT,
        )
        document.build(story, onFirstPage=footer, onLaterPages=footer)
