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
#: How close to a whole page a row may come before it is cut across pages (points).
_ROW_SLACK = 24


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

    #: The styles the table was given, for the tables a split around a tall row makes (the
    #: parts reportlab splits off copy them without calling setStyle).
    styles: list[Any] = []

    class PageTable(LongTable):  # type: ignore[misc]
        def setStyle(self, style: Any) -> None:
            if style not in styles:
                styles.append(style)
            super().setStyle(style)

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
            cut_in_row = cut_row > full - _ROW_SLACK or getattr(self, "cut_in_row", False)
            if cut_in_row or not getattr(self, "splitInRow", 0):
                parts = list(super().split(availWidth, availHeight))
                fresh_page = availHeight >= frame - 1
                if parts or not (fresh_page and repeat) or len(self._cellvalues) <= repeat + 1:
                    # Nothing fits here: the next page is tried (reportlab's protocol).
                    return parts
                return self._around_first_row(repeat, availWidth, availHeight)
            self.splitInRow = 0
            try:
                return list(super().split(availWidth, availHeight))
            finally:
                self.splitInRow = 1

        def _around_first_row(
            self, repeat: int, availWidth: float, availHeight: float
        ) -> list[Any]:
            """reportlab will not cut the first row under a repeated header (a row within a
            few points of a page, or taller): that row goes on in a table of its own, its
            header not repeated while it runs on, then the rest under the header again."""
            values = self._cellvalues
            header = list(values[:repeat])

            def table(rows: list[Any], repeated: int) -> PageTable:
                made = PageTable(rows, colWidths=self._argW, repeatRows=repeated, splitInRow=1)
                for style in styles:
                    made.setStyle(style)
                return made

            alone = table([*header, values[repeat]], 0)
            alone.cut_in_row = True
            # The first part must fit as it is: reportlab places it without splitting again.
            parts = alone.split(availWidth, availHeight)
            if parts and len(values) > repeat + 1:
                parts.append(table([*header, *values[repeat + 1 :]], repeat))
            return parts

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
