"""Rows read from a spreadsheet, as plain text: what an import plans from (reports reads them)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SheetRows:
    """One sheet: its name, its header row (1-based) and the rows under it as texts."""

    name: str
    header_row: int
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
