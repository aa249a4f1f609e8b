"""Column specs: one declaration drives both the window's table and the exports."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pytest

from dpo_desk.domain.columns import Column


@dataclass(frozen=True)
class Request:
    subject: str
    days_left: int


COLUMNS = (
    Column[Request]("subject", "Data subject", lambda r: r.subject, 24),
    Column[Request]("days", "Days left", lambda r: str(r.days_left)),
)


def test_a_column_renders_its_cell_text_from_a_row() -> None:
    row = Request("Ana Horvat", 12)
    assert [column.text(row) for column in COLUMNS] == ["Ana Horvat", "12"]
    assert [column.key for column in COLUMNS] == ["subject", "days"]
    assert [column.header for column in COLUMNS] == ["Data subject", "Days left"]


def test_width_defaults_to_sixteen_characters() -> None:
    assert COLUMNS[0].width == 24
    assert COLUMNS[1].width == 16


def test_columns_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        COLUMNS[0].width = 1  # type: ignore[misc]
