"""Backups: an SQLite file that DPO Desk opens with the same data; a cancelled one leaves nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from dpo_desk.app import build_services
from dpo_desk.domain.contact import Address
from dpo_desk.domain.errors import TaskCancelledError
from dpo_desk.domain.organisation import Person
from dpo_desk.services.bundle import Services
from dpo_desk.services.progress import CancelToken
from dpo_desk.store.database import SqlDatabase
from dpo_desk.store.migrate import SchemaStatus, head_revision
from tests.store.support import rows, scalar, valid_profile

CONTENT = b"%PDF-1.7\n" + bytes(range(256)) * 8


class Progress:
    """Records what a task reports; can cancel the task at its first report."""

    def __init__(self, cancel: CancelToken | None = None) -> None:
        self.calls: list[tuple[int, int, str]] = []
        self._cancel = cancel

    def __call__(self, done: int, total: int, message: str) -> None:
        self.calls.append((done, total, message))
        if self._cancel is not None:
            self._cancel.cancel()


def _fill(services: Services) -> None:
    saved, _changes = services.organisation.save(
        replace(
            valid_profile("Čakovečki mlinovi d.d."),
            representative=Person(
                name="EU Vertreter GmbH",
                email="rep@vertreter.example",
                address=Address(
                    street="Hauptstraße 1", postal_code="10115", city="Berlin", country_code="DE"
                ),
            ),
        )
    )
    services.organisation.save(replace(saved, phone="+385 40 555 000"))
    services.attachments.add("Ugovor o obradi.pdf", CONTENT, date(2026, 3, 30), "čl. 28.")


def _server_in_zagreb(database: SqlDatabase) -> None:
    """A Croatian server likely runs on local time: sessions then see instants in CET/CEST."""
    if not database.is_server:
        return
    with database.engine.begin() as connection:
        name = connection.exec_driver_sql("SELECT current_database()").scalar()
        connection.exec_driver_sql(f"ALTER DATABASE \"{name}\" SET timezone TO 'Europe/Zagreb'")
    database.engine.dispose()  # new connections take the setting
    assert scalar(database.engine, "SHOW timezone") == "Europe/Zagreb"


def test_a_backup_opens_as_a_database_holding_the_same_data(
    services: Services, database: SqlDatabase, tmp_path: Path
) -> None:
    _server_in_zagreb(database)
    _fill(services)
    destination = tmp_path / "kopije" / "register-copy.sqlite"
    progress = Progress()

    written = database.backup(destination, progress, CancelToken())

    assert written == destination
    assert destination.read_bytes().startswith(b"SQLite format 3\x00")
    assert sorted(entry.name for entry in destination.parent.iterdir()) == [destination.name]
    assert progress.calls and progress.calls[-1][0] == progress.calls[-1][1]

    copy = SqlDatabase.open(destination, tmp_path / "no-backups-expected")
    try:
        assert copy.schema_before_opening.status is SchemaStatus.CURRENT
        assert copy.schema_before_opening.revision == head_revision()
        assert copy.upgrade_backup is None
        restored = build_services(copy)
        original_profile = services.organisation.profile()
        assert original_profile is not None and original_profile.representative is not None
        assert restored.organisation.profile() == original_profile
        assert restored.audit.count() == services.audit.count() == 3
        assert restored.audit.recent() == services.audit.recent()
        ((attachment_id,),) = rows(copy.engine, "SELECT id FROM attachment")
        assert restored.attachments.get(attachment_id) == services.attachments.get(attachment_id)
        assert restored.attachments.content(attachment_id) == CONTENT

        # The copy is a database of its own: later changes to the original do not reach it.
        services.attachments.add("kasnije.txt", b"kasnije")
        assert scalar(copy.engine, "SELECT count(*) FROM attachment") == 1
    finally:
        copy.close()
    assert not (tmp_path / "no-backups-expected").exists()


def test_a_backup_of_an_empty_database_opens_too(database: SqlDatabase, tmp_path: Path) -> None:
    destination = tmp_path / "empty-copy.sqlite"

    database.backup(destination, Progress(), CancelToken())

    assert SqlDatabase.inspect(destination).status is SchemaStatus.CURRENT


def test_a_backup_cancelled_before_it_starts_leaves_no_file(
    services: Services, database: SqlDatabase, tmp_path: Path
) -> None:
    _fill(services)
    folder = tmp_path / "kopije"
    cancel = CancelToken()
    cancel.cancel()

    with pytest.raises(TaskCancelledError):
        database.backup(folder / "copy.sqlite", Progress(), cancel)

    assert list(folder.iterdir()) == []  # neither the copy nor copy.sqlite.part (nor -journal)


def test_a_backup_cancelled_while_running_leaves_no_file(
    services: Services, database: SqlDatabase, tmp_path: Path
) -> None:
    _fill(services)
    folder = tmp_path / "kopije"
    cancel = CancelToken()
    progress = Progress(cancel)

    with pytest.raises(TaskCancelledError):
        database.backup(folder / "copy.sqlite", progress, cancel)

    assert progress.calls  # it had started
    assert list(folder.iterdir()) == []


def test_a_cancelled_backup_keeps_the_previous_one(
    services: Services, database: SqlDatabase, tmp_path: Path
) -> None:
    destination = tmp_path / "copy.sqlite"
    database.backup(destination, Progress(), CancelToken())
    previous = destination.read_bytes()
    _fill(services)
    cancel = CancelToken()
    cancel.cancel()

    with pytest.raises(TaskCancelledError):
        database.backup(destination, Progress(), cancel)

    assert destination.read_bytes() == previous
    assert not destination.with_name("copy.sqlite.part").exists()
