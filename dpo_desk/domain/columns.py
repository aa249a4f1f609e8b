"""Table columns declared once: the same spec drives the window's table and the xlsx/PDF export."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

Row = TypeVar("Row")


@dataclass(frozen=True)
class Column(Generic[Row]):
    """One column of a register: ``header`` is marked with N_() and translated where shown."""

    key: str
    header: str
    text: Callable[[Row], str]
    #: Relative width in characters, used by the xlsx column width and the PDF table.
    width: int = 16
    #: What the database sorts by when a table is sorted on this column (a key its repository
    #: understands); None: the column cannot be sorted.
    sort_key: str | None = None
