"""The unit of work: optimistic locking, rollback unless committed, and errors the user can read."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from dpo_desk.domain.attachment import prepare_attachment
from dpo_desk.domain.errors import ConcurrentEditError, DatabaseError, RecordNotFoundError
from dpo_desk.paths import Paths
from dpo_desk.services.bundle import Services
from dpo_desk.store.database import SqlDatabase
from tests.store.support import meanwhile, rows, scalar, valid_profile


def _update_events(database: SqlDatabase) -> list[tuple[str, str]]:
    return rows(
        database.engine,
        "SELECT entity, changes FROM audit_event WHERE action = 'update' ORDER BY id",
    )


def test_first_save_wins_and_the_second_is_refused(
    services: Services, database: SqlDatabase
) -> None:
    services.organisation.save(valid_profile("Početna d.o.o."))
    alice = services.organisation.profile()
    bob = services.organisation.profile()
    assert alice is not None and bob is not None
    assert alice.version == bob.version == 1

    saved, _changes = services.organisation.save(replace(alice, controller_name="Alice d.o.o."))
    with pytest.raises(ConcurrentEditError) as refusal:
        services.organisation.save(replace(bob, controller_name="Bob d.o.o.", phone="+385 1 999"))

    assert saved.version == 2
    assert "organisation profile" in str(refusal.value)
    assert rows(database.engine, "SELECT controller_name, phone, version FROM organisation") == [
        ("Alice d.o.o.", "+385 1 555 0100", 2)
    ]
    assert [entity for entity, _ in _update_events(database)] == ["organisation"]
    # Bob reloads, sees Alice's name, and can then save.
    reloaded = services.organisation.profile()
    assert reloaded is not None and reloaded.controller_name == "Alice d.o.o."
    services.organisation.save(replace(reloaded, controller_name="Bob d.o.o."))
    assert scalar(database.engine, "SELECT version FROM organisation") == 3


def skip_interleaved_writers_on_sqlite(database: SqlDatabase) -> None:
    """On SQLite a unit of work begins IMMEDIATE: a second writer waits for the first, so two
    writes cannot interleave as these PostgreSQL races do (test_a_second_sqlite_writer_waits_its_turn
    covers SQLite)."""
    if database.engine.dialect.name == "sqlite":
        pytest.skip("SQLite serialises writers (BEGIN IMMEDIATE); the race cannot happen there")


def test_a_race_at_flush_time_is_a_concurrent_edit(
    services: Services, database: SqlDatabase
) -> None:
    """The version check in Python passes; the UPDATE then finds the row changed meanwhile."""
    skip_interleaved_writers_on_sqlite(database)
    services.organisation.save(valid_profile("Početna d.o.o."))
    stale = services.organisation.profile()
    assert stale is not None

    def someone_else_saves() -> None:
        with database.unit_of_work() as other:
            current = other.organisation.get()
            assert current is not None
            other.organisation.save(replace(current, controller_name="Early d.o.o."))
            other.commit()

    with meanwhile(someone_else_saves), pytest.raises(ConcurrentEditError) as refusal:
        services.organisation.save(replace(stale, controller_name="Late d.o.o."))

    assert isinstance(refusal.value.__cause__, StaleDataError)
    assert rows(database.engine, "SELECT controller_name, version FROM organisation") == [
        ("Early d.o.o.", 2)
    ]
    (update,) = _update_events(database)
    assert "Early d.o.o." in update[1] and "Late d.o.o." not in update[1]


def test_setting_up_the_organisation_twice_at_once_is_a_concurrent_edit(
    services: Services, database: SqlDatabase
) -> None:
    """Both saw no profile; the second INSERT finds the single row taken."""
    skip_interleaved_writers_on_sqlite(database)

    def someone_else_sets_up() -> None:
        with database.unit_of_work() as other:
            other.organisation.save(valid_profile("Early d.o.o."))
            other.commit()

    with meanwhile(someone_else_sets_up), pytest.raises(ConcurrentEditError) as refusal:
        services.organisation.save(valid_profile("Late d.o.o."))

    assert isinstance(refusal.value.__cause__, IntegrityError)
    assert rows(database.engine, "SELECT controller_name, version FROM organisation") == [
        ("Early d.o.o.", 1)
    ]
    assert scalar(database.engine, "SELECT count(*) FROM audit_event") == 1


def test_a_new_profile_does_not_overwrite_a_saved_one(
    services: Services, database: SqlDatabase
) -> None:
    services.organisation.save(valid_profile("Prva d.o.o."))

    with pytest.raises(ConcurrentEditError):
        services.organisation.save(valid_profile("Druga d.o.o."))  # version None: never loaded

    assert rows(database.engine, "SELECT controller_name FROM organisation") == [("Prva d.o.o.",)]


def test_a_profile_removed_since_it_was_read_is_not_recreated(
    services: Services, database: SqlDatabase
) -> None:
    saved, _changes = services.organisation.save(valid_profile())
    with database.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM organisation")

    with pytest.raises(ConcurrentEditError):
        services.organisation.save(replace(saved, controller_name="Opet d.o.o."))

    assert scalar(database.engine, "SELECT count(*) FROM organisation") == 0


def test_deleting_a_changed_attachment_is_refused(
    services: Services, database: SqlDatabase
) -> None:
    skip_interleaved_writers_on_sqlite(database)
    stored, _changes = services.attachments.add("ugovor.pdf", b"%PDF-1.7 ugovor")
    with database.engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE attachment SET version = version + 1, description = 'potpisan'"
        )

    with pytest.raises(ConcurrentEditError) as refusal:
        services.attachments.delete(stored)

    assert "ugovor.pdf" in str(refusal.value)
    assert rows(database.engine, "SELECT file_name, description FROM attachment") == [
        ("ugovor.pdf", "potpisan")
    ]


def test_an_attachment_changed_during_a_delete_is_a_concurrent_edit(
    services: Services, database: SqlDatabase
) -> None:
    skip_interleaved_writers_on_sqlite(database)
    stored, _changes = services.attachments.add("ugovor.pdf", b"%PDF-1.7 ugovor")

    def someone_else_changes_it() -> None:
        with database.engine.begin() as connection:
            connection.exec_driver_sql("UPDATE attachment SET version = 2")

    with meanwhile(someone_else_changes_it), pytest.raises(ConcurrentEditError) as refusal:
        services.attachments.delete(stored)

    assert isinstance(refusal.value.__cause__, StaleDataError)
    assert scalar(database.engine, "SELECT count(*) FROM attachment") == 1


def test_leaving_without_commit_writes_nothing(database: SqlDatabase) -> None:
    with database.unit_of_work() as uow:
        uow.info.set("purpose", "sample")
        uow.attachments.add(prepare_attachment("nacrt.txt", b"nacrt"))
        assert uow.info.get("purpose") == "sample"  # visible inside the transaction

    assert scalar(database.engine, "SELECT count(*) FROM database_info") == 0
    assert scalar(database.engine, "SELECT count(*) FROM attachment") == 0
    assert scalar(database.engine, "SELECT count(*) FROM audit_event") == 0


def test_an_error_inside_rolls_everything_back(database: SqlDatabase) -> None:
    with pytest.raises(RuntimeError, match="power cut"), database.unit_of_work() as uow:
        uow.info.set("purpose", "register")
        uow.organisation.save(valid_profile())
        raise RuntimeError("power cut")

    for table in ("database_info", "organisation", "audit_event"):
        assert scalar(database.engine, f"SELECT count(*) FROM {table}") == 0


def test_a_change_the_database_refuses_is_a_database_error(
    services: Services, database: SqlDatabase
) -> None:
    with pytest.raises(DatabaseError, match="refused the change") as refusal:
        services.organisation.save(replace(valid_profile(), logo_attachment_id=999))

    assert database.location in str(refusal.value)
    assert scalar(database.engine, "SELECT count(*) FROM organisation") == 0
    assert scalar(database.engine, "SELECT count(*) FROM audit_event") == 0


def test_repositories_hand_out_frozen_domain_objects(services: Services) -> None:
    saved, _changes = services.organisation.save(valid_profile())
    stored, _changes = services.attachments.add("a.txt", b"a")

    with pytest.raises(dataclasses.FrozenInstanceError):
        saved.controller_name = "X"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        stored.file_name = "X"  # type: ignore[misc]


def test_a_missing_attachment_is_reported(services: Services) -> None:
    with pytest.raises(RecordNotFoundError, match="12345"):
        services.attachments.get(12345)
    with pytest.raises(RecordNotFoundError, match="12345"):
        services.attachments.content(12345)


def test_a_second_sqlite_writer_waits_its_turn(tmp_path: Path, paths: Paths) -> None:
    """Two windows on one file: the second unit of work waits while the first holds the write
    lock, then sees the first one's save and is refused as a concurrent edit, not "locked"."""
    import threading
    import time

    from dpo_desk.app import build_services

    location = str(tmp_path / "shared.sqlite")
    first = SqlDatabase.open(location, paths.backup_dir)
    second = SqlDatabase.open(location, paths.backup_dir)
    try:
        build_services(first).organisation.save(valid_profile("Početna d.o.o."))
        stale = build_services(second).organisation.profile()
        assert stale is not None
        holding = threading.Event()
        release = threading.Event()

        def hold_the_write_lock() -> None:
            with first.unit_of_work() as uow:
                current = uow.organisation.get()
                assert current is not None
                uow.organisation.save(replace(current, controller_name="Prvi d.o.o."))
                holding.set()
                release.wait(5)
                uow.commit()

        writer = threading.Thread(target=hold_the_write_lock)
        writer.start()
        assert holding.wait(5)
        threading.Timer(0.3, release.set).start()
        started = time.monotonic()
        with pytest.raises(ConcurrentEditError):
            build_services(second).organisation.save(replace(stale, controller_name="Drugi d.o.o."))
        assert time.monotonic() - started >= 0.25  # it waited for the first writer
        writer.join(5)
        assert rows(first.engine, "SELECT controller_name FROM organisation") == [("Prvi d.o.o.",)]
    finally:
        first.close()
        second.close()
