"""A register as a table, in xlsx (openpyxl write-only) and in PDF (reportlab), from one column spec."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar
from xml.sax.saxutils import escape

from dpo_desk.domain.columns import Column
from dpo_desk.i18n import _
from dpo_desk.reports.files import FORMULA_STARTS, atomic_output, neutralise_formula
from dpo_desk.reports.fonts import FONT, FONT_BOLD, register_fonts
from dpo_desk.reports.pdf import build_landscape_pdf, page_table
from dpo_desk.services.progress import CancelToken, ProgressReporter

Row = TypeVar("Row")

#: How often (in rows) a long export reports progress and checks for cancel.
_STEP = 200

#: The first characters of what neutralise_formula changes: a cell that starts otherwise (nearly
#: every one) is written as it is without the call (145,000 cells in a register of 5,000).
_FORMULA_FIRST = frozenset(start[0] for start in FORMULA_STARTS)


@dataclass(frozen=True)
class Sheet(Generic[Row]):
    """One sheet of a workbook: its title, the organisation block, the columns and the rows."""

    title: str
    header: Sequence[tuple[str, str]]
    columns: Sequence[Column[Row]]
    rows: Sequence[Row]
    #: The tab's name when the title is too long for Excel's 31 characters.
    name: str = ""


def write_xlsx(
    destination: Path,
    title: str,
    header: Sequence[tuple[str, str]],
    columns: Sequence[Column[Row]],
    rows: Sequence[Row],
    progress: ProgressReporter,
    cancel: CancelToken,
) -> Path:
    """One sheet: the organisation block, a bold header row, then one row per record."""
    return write_workbook(destination, [Sheet(title, header, columns, rows)], progress, cancel)


def write_workbook(
    destination: Path,
    sheets: Sequence[Sheet[Any]],
    progress: ProgressReporter,
    cancel: CancelToken,
) -> Path:
    """Sheets in openpyxl's write-only mode (streamed: 5,000 activities stay fast and small),
    each opening with its organisation block; every cell that would be a formula neutralised."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    _wrap_by_default(workbook)
    bold = Font(bold=True)
    big = Font(bold=True, size=14)
    total = sum(len(sheet.rows) for sheet in sheets)
    done = 0
    written_sheets: list[Any] = []
    try:
        for spec in sheets:
            sheet = workbook.create_sheet(_sheet_title(spec.name or spec.title, written_sheets))
            written_sheets.append(sheet)
            for index, column in enumerate(spec.columns, start=1):
                sheet.column_dimensions[get_column_letter(index)].width = column.width + 2

            def cell(
                value: str, font: Font | None = None, alignment: Alignment | None = None
            ) -> Any:
                written = WriteOnlyCell(sheet, value=neutralise_formula(value))  # noqa: B023
                if font is not None:
                    written.font = font
                if alignment is not None:
                    written.alignment = alignment
                return written

            sheet.append([cell(spec.title, big)])
            for label, value in spec.header:
                sheet.append([cell(label, bold), cell(value)])
            sheet.append([])
            sheet.append([cell(_(column.header), bold) for column in spec.columns])
            # Data cells are plain values: wrapped, top-aligned text is the workbook's default
            # style (see _wrap_by_default), so no cell carries a style object of its own. That
            # keeps the export near raw write-only speed (benchmarks/export_activities.py).
            # An empty text writes no cell at all.
            texts = [column.text for column in spec.columns]
            first = _FORMULA_FIRST
            for row in spec.rows:
                if done % _STEP == 0:
                    progress(done, total, spec.title)
                    cancel.raise_if_cancelled()
                sheet.append(
                    [
                        (neutralise_formula(value) if value[0] in first else value)
                        if (value := text(row))
                        else None
                        for text in texts
                    ]
                )
                done += 1
        progress(total, total, "")
        cancel.raise_if_cancelled()
        with atomic_output(destination) as part:
            workbook.save(part)
    except BaseException:
        # A write-only sheet streams rows through an open generator into a temporary file. Left
        # open by a cancel or an unwritable destination, Python later prints "Exception ignored"
        # with a traceback on stderr; closing it here ends it quietly.
        for sheet in written_sheets:
            with contextlib.suppress(Exception):
                sheet.close()
        raise
    return destination


def _wrap_by_default(workbook: Any) -> None:
    """Makes wrapped, top-aligned text the default style (cellXfs 0) of a new workbook.

    openpyxl has no public setting for it: its default StyleArray is replaced by one that points
    at a wrapping Alignment. Cells written as plain values then wrap in Excel and LibreOffice
    without a style object each (tests/reports/test_register_exports.py reads it back, so a
    change in openpyxl's internals fails a test rather than a user's file).
    """
    from openpyxl.styles import Alignment
    from openpyxl.styles.cell_style import StyleArray
    from openpyxl.utils.indexed_list import IndexedList

    alignment_id = workbook._alignments.add(Alignment(wrap_text=True, vertical="top"))
    default = StyleArray()
    default.alignmentId = alignment_id
    workbook._cell_styles = IndexedList([default])


def _sheet_title(title: str, existing: Sequence[Any]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title).strip()[:31] or "Sheet"
    taken = {sheet.title for sheet in existing}
    candidate, number = cleaned, 2
    while candidate in taken:
        suffix = f" ({number})"
        candidate, number = cleaned[: 31 - len(suffix)] + suffix, number + 1
    return candidate


def _paragraph_text(text: str) -> str:
    """User text as reportlab mini-markup: escaped, line breaks kept."""
    return escape(text).replace("\n", "<br/>")


def write_pdf(
    destination: Path,
    title: str,
    header: Sequence[tuple[str, str]],
    columns: Sequence[Column[Row]],
    rows: Sequence[Row],
    progress: ProgressReporter,
    cancel: CancelToken,
) -> Path:
    """A landscape A4 table with the organisation block, repeated headers and page numbers."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, TableStyle

    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=8, leading=10)
    bold = ParagraphStyle("bold", parent=body, fontName=FONT_BOLD)
    heading = ParagraphStyle("title", fontName=FONT_BOLD, fontSize=15, leading=19, spaceAfter=6)

    story: list[Any] = [Paragraph(_paragraph_text(title), heading)]
    for label, value in header:
        story.append(Paragraph(f"<b>{_paragraph_text(label)}:</b> {_paragraph_text(value)}", body))
    story.append(Spacer(1, 5 * mm))

    page_width = landscape(A4)[0] - 30 * mm
    total_width = sum(column.width for column in columns)
    widths = [page_width * column.width / total_width for column in columns]
    data: list[list[Any]] = [[Paragraph(_paragraph_text(_(c.header)), bold) for c in columns]]
    total = len(rows)
    for done, row in enumerate(rows):
        if done % _STEP == 0:
            progress(done, total, title)
            cancel.raise_if_cancelled()
        data.append([Paragraph(_paragraph_text(column.text(row)), body) for column in columns])
    if not rows:
        data.append(
            [Paragraph(_paragraph_text(_("No entries.")), body)] + [""] * (len(columns) - 1)
        )
    # A cell taller than a page (a long text) continues on the next page (page_table).
    table = page_table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                # Every cell is set in DejaVu, even an empty one: the table's default, Helvetica,
                # would otherwise be named in the PDF without being embedded.
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde5ee")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#9aa5b1")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(table)

    build_landscape_pdf(destination, title, story)
    progress(total, total, title)
    return destination
