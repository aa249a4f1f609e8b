"""The texts the register's rows share (labels, transfer lines, retention periods, days) are
worked out once per export but always in the language in use when a cell is read: an access
answer builds the rows in the window's language and writes them in the data subject's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dpo_desk.app import build_services
from dpo_desk.domain.timefmt import office_today
from dpo_desk.i18n import has_catalog, in_language, set_language
from dpo_desk.paths import Paths
from dpo_desk.services.bundle import Services
from dpo_desk.services.progress import CancelToken, ignore_progress
from dpo_desk.services.register_columns import (
    CONTROLLER_COLUMNS,
    PROCESSOR_COLUMNS,
    RETENTION_COLUMNS,
    RegisterRow,
    register_rows,
    retention_lines,
)
from dpo_desk.services.sample import fill_sample
from dpo_desk.store.database import SqlDatabase

Texts = tuple[list[list[str]], list[list[str]], list[list[str]]]


@pytest.fixture
def sample(tmp_path: Path, paths: Paths) -> Iterator[Services]:
    database = SqlDatabase.open(tmp_path / "register.sqlite", paths.backup_dir)
    try:
        fill_sample(database.unit_of_work, ignore_progress, CancelToken())
        yield build_services(database)
    finally:
        database.close()


def _rows(services: Services) -> list[RegisterRow]:
    activities = services.activities.all()
    catalogue = services.catalogue.entries()
    transfers = services.transfers.rows_for(activities, catalogue, office_today())
    return register_rows(activities, catalogue, transfers)


def _texts(rows: list[RegisterRow]) -> Texts:
    return (
        [[column.text(row) for column in CONTROLLER_COLUMNS] for row in rows],
        [[column.text(row) for column in PROCESSOR_COLUMNS] for row in rows],
        [[column.text(line) for column in RETENTION_COLUMNS] for line in retention_lines(rows)],
    )


def test_rows_built_in_one_language_are_read_in_the_one_in_use(sample: Services) -> None:
    if not has_catalog("hr"):
        pytest.skip("the Croatian catalog is not compiled")
    set_language("en")
    rows = _rows(sample)
    english = _texts(rows)
    assert any(row[-1] for row in english[0])  # the days are there
    assert any(row[8] for row in english[0])  # and the transfers
    with in_language("hr"):
        croatian = _texts(rows)
        assert croatian == _texts(_rows(sample))
    assert croatian != english
    assert _texts(rows) == english


def test_a_row_made_alone_reads_as_one_of_a_register(sample: Services) -> None:
    rows = _rows(sample)
    alone = [RegisterRow(row.activity, row.catalogue, row.transfers) for row in rows]
    assert alone == rows
    assert _texts(alone) == _texts(rows)
