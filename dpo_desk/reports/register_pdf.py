"""The register of processing activities as a PDF for the supervisory authority (Art. 30(4)).

A title page with the organisation block and the date, a landscape summary table, then every
activity with every field and every linked object, page numbers on every page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar
from xml.sax.saxutils import escape

from dpo_desk.domain.columns import Column
from dpo_desk.i18n import _
from dpo_desk.reports.fonts import FONT, FONT_BOLD, register_fonts
from dpo_desk.reports.pdf import build_landscape_pdf, page_table
from dpo_desk.services.progress import CancelToken, ProgressReporter
from dpo_desk.services.register_columns import RegisterRow

Row = TypeVar("Row")

#: The columns of the summary table, by key, chosen from the register's full column list.
SUMMARY_KEYS = ("name", "purposes", "lawful_basis", "controller", "data", "recipients", "retention")


def _markup(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def write_register_pdf(
    destination: Path,
    title: str,
    header: Sequence[tuple[str, str]],
    columns: Sequence[Column[RegisterRow]],
    rows: Sequence[RegisterRow],
    progress: ProgressReporter,
    cancel: CancelToken,
) -> Path:
    """Writes the register of processing activities (via ``.part`` and a rename)."""
    return write_record_pdf(
        destination,
        title,
        header,
        columns,
        rows,
        progress,
        cancel,
        RecordLayout(
            SUMMARY_KEYS,
            lambda row: row.activity.name,
            "name",
            _("Processing activities: {count}"),
        ),
    )


@dataclass(frozen=True)
class RecordLayout(Generic[Row]):
    """How a register's records are laid out: the summary's columns (by key), each record's
    heading and the column it repeats (left out of the details), and the cover's count
    ("… : {count}")."""

    summary_keys: Sequence[str]
    heading: Callable[[Row], str]
    heading_key: str
    count_text: str


def write_record_pdf(
    destination: Path,
    title: str,
    header: Sequence[tuple[str, str]],
    columns: Sequence[Column[Row]],
    rows: Sequence[Row],
    progress: ProgressReporter,
    cancel: CancelToken,
    layout: RecordLayout[Row],
) -> Path:
    """A register for the authority: a cover with the organisation block and the date, a
    landscape summary table, then every record with every field (via ``.part`` and a
    rename)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        CondPageBreak,
        PageBreak,
        Paragraph,
        Spacer,
        TableStyle,
    )

    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=8.5, leading=11)
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5)
    bold = ParagraphStyle("bold", parent=small, fontName=FONT_BOLD)
    cover_title = ParagraphStyle(
        "cover", fontName=FONT_BOLD, fontSize=22, leading=28, spaceAfter=14
    )
    heading = ParagraphStyle("heading", fontName=FONT_BOLD, fontSize=13, leading=17, spaceAfter=6)
    page_width = landscape(A4)[0]
    usable = page_width - 30 * mm
    grid = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), FONT, 8),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#9aa5b1")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )

    story: list[Any] = [Spacer(1, 30 * mm), Paragraph(_markup(title), cover_title)]
    for label, value in header:
        story.append(Paragraph(f"<b>{_markup(label)}:</b> {_markup(value)}", body))
    story.append(Spacer(1, 6 * mm))
    story.append(Paragraph(_markup(layout.count_text.format(count=len(rows))), body))
    story.append(PageBreak())

    summary = [column for column in columns if column.key in layout.summary_keys]
    story.append(Paragraph(_markup(_("Summary")), heading))
    total_width = sum(column.width for column in summary)
    data: list[list[Any]] = [[Paragraph(_markup(_(c.header)), bold) for c in summary]]
    for row in rows:
        data.append([Paragraph(_markup(c.text(row)), small) for c in summary])
    if not rows:
        data.append([Paragraph(_markup(_("No entries.")), small)] + [""] * (len(summary) - 1))
    table = page_table(
        data, colWidths=[usable * c.width / total_width for c in summary], repeatRows=1
    )
    table.setStyle(grid)
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde5ee"))]))
    story.append(table)

    label_width = 62 * mm
    for number, row in enumerate(rows, start=1):
        if number % 50 == 1:
            progress(number - 1, len(rows), title)
            cancel.raise_if_cancelled()
        story.append(PageBreak() if number == 1 else CondPageBreak(60 * mm))
        story.append(Paragraph(_markup(f"{number}. {layout.heading(row)}"), heading))
        details = [
            [
                Paragraph(_markup(_(column.header)), bold),
                Paragraph(_markup(column.text(row)), small),
            ]
            for column in columns
            if column.key != layout.heading_key
        ]
        detail = page_table(details, colWidths=[label_width, usable - label_width])
        detail.setStyle(grid)
        detail.setStyle(TableStyle([("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eef2f6"))]))
        story.append(detail)
        story.append(Spacer(1, 4 * mm))

    build_landscape_pdf(destination, title, story)
    progress(len(rows), len(rows), title)
    return destination
