"""Reading spreadsheets back: the sheets of an .xlsx file as header and rows of plain text."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from dpo_desk.domain.errors import FieldError, ValidationError
from dpo_desk.domain.timefmt import format_day
from dpo_desk.i18n import _
from dpo_desk.services.tabular import SheetRows

#: How many rows from the top a header row is looked for (exports put the organisation above it).
_HEADER_SEARCH_ROWS = 30


def cell_text(value: object) -> str:
    """A cell as text: dates as dd.mm.yyyy., the apostrophe that neutralised a formula removed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return format_day(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        return text[1:]
    return text


def read_sheets(path: Path, is_header: Callable[[str], bool], minimum: int = 3) -> list[SheetRows]:
    """The sheets that have a row with at least ``minimum`` recognised headers, read from there.

    A file that is not a readable .xlsx workbook is refused with a message naming it."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ValidationError(
            [FieldError("file", path.name, _("is not an Excel workbook (.xlsx) that can be read"))]
        ) from error
    sheets: list[SheetRows] = []
    try:
        for sheet in workbook.worksheets:
            header_row = 0
            headers: tuple[str, ...] = ()
            rows: list[tuple[int, tuple[str, ...]]] = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                texts = tuple(cell_text(value) for value in values)
                if not header_row:
                    if number > _HEADER_SEARCH_ROWS:
                        break
                    if sum(1 for text in texts if text and is_header(text)) >= minimum:
                        header_row, headers = number, texts
                    continue
                if any(texts):
                    rows.append((number, texts))
            if header_row:
                sheets.append(SheetRows(sheet.title, header_row, headers, tuple(rows)))
    finally:
        workbook.close()
    return sheets
