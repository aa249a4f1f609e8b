"""UTCDateTime: only aware instants go in, stored as UTC; they come out aware, in UTC, unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.exc import StatementError

from dpo_desk.paths import Paths
from dpo_desk.store.database import SqlDatabase
from dpo_desk.store.records import AuditEventRecord
from dpo_desk.store.types import UTCDateTime
from tests.store.support import scalar

ZAGREB = ZoneInfo("Europe/Zagreb")
NEW_YORK = ZoneInfo("America/New_York")


def _event(occurred_at: datetime | None, entity_id: str = "1") -> dict[str, Any]:
    return {
        "occurred_at": occurred_at,
        "os_user": "ana",
        "db_user": None,
        "action": "create",
        "entity": "test",
        "entity_id": entity_id,
        "changes": "{}",
    }


def _store(database: SqlDatabase, *instants: datetime) -> None:
    with database.engine.begin() as connection:
        connection.execute(
            insert(AuditEventRecord),
            [_event(instant, str(number)) for number, instant in enumerate(instants)],
        )


def _read(database: SqlDatabase) -> list[datetime]:
    with database.engine.connect() as connection:
        return list(
            connection.scalars(
                select(AuditEventRecord.occurred_at).order_by(AuditEventRecord.occurred_at)
            )
        )


def test_the_type_refuses_a_naive_datetime(database: SqlDatabase) -> None:
    with pytest.raises(ValueError, match="naive datetime"):
        UTCDateTime().process_bind_param(datetime(2026, 3, 29, 3, 30), database.engine.dialect)


def test_a_naive_datetime_is_not_stored(database: SqlDatabase) -> None:
    with pytest.raises(StatementError, match="naive datetime") as refusal:
        _store(database, datetime(2026, 3, 29, 3, 30))

    assert isinstance(refusal.value.orig, ValueError)
    assert scalar(database.engine, "SELECT count(*) FROM audit_event") == 0


def test_a_zagreb_time_is_stored_as_utc_and_read_back_as_the_same_instant(
    database: SqlDatabase,
) -> None:
    # 29 March 2026: Croatia moves to summer time at 02:00; 03:30 CEST is 01:30 UTC.
    summer = datetime(2026, 3, 29, 3, 30, 15, 123456, tzinfo=ZAGREB)

    _store(database, summer)

    (back,) = _read(database)
    assert back == summer
    assert back.tzinfo is UTC
    assert back.replace(tzinfo=None) == datetime(2026, 3, 29, 1, 30, 15, 123456)
    # What the database itself holds is UTC, not the office's clock.
    if database.is_server:
        raw = scalar(
            database.engine,
            "SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') "
            "FROM audit_event",
        )
    else:
        raw = scalar(database.engine, "SELECT occurred_at FROM audit_event")
    assert raw == "2026-03-29 01:30:15.123456"


def test_instants_from_different_zones_sort_as_time_runs(database: SqlDatabase) -> None:
    """On SQLite the column is text: only if every value is UTC does ORDER BY follow time."""
    a = datetime(2026, 10, 25, 2, 30, tzinfo=ZAGREB)  # CEST, 00:30 UTC
    b = datetime(2026, 10, 24, 21, 0, tzinfo=NEW_YORK)  # EDT, 01:00 UTC
    c = datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=ZAGREB)  # CET again, 01:30 UTC
    d = datetime(2026, 10, 25, 2, 0, tzinfo=UTC)

    _store(database, d, c, b, a)

    # In UTC: Python never finds an ambiguous local time (a, c) equal to one in another zone.
    assert _read(database) == [instant.astimezone(UTC) for instant in (a, b, c, d)]
    assert [instant.utcoffset() for instant in _read(database)] == [timedelta(0)] * 4


def test_no_instant_is_no_instant(database: SqlDatabase) -> None:
    assert UTCDateTime().process_bind_param(None, database.engine.dialect) is None
    assert UTCDateTime().process_result_value(None, database.engine.dialect) is None


@pytest.fixture
def pg_database(pg_database_url: str, paths: Paths) -> Iterator[SqlDatabase]:
    database = SqlDatabase.open(pg_database_url, paths.backup_dir)
    yield database
    database.close()


@pytest.mark.parametrize("zone", ["Asia/Tokyo", "America/New_York", "Europe/Zagreb"])
def test_postgresql_returns_utc_whatever_the_session_time_zone(
    pg_database: SqlDatabase, zone: str
) -> None:
    instant = datetime(2026, 3, 29, 3, 30, tzinfo=ZAGREB)
    _store(pg_database, instant)

    with pg_database.engine.connect() as connection:
        connection.execute(text(f"SET TIME ZONE '{zone}'"))
        back = connection.scalar(select(AuditEventRecord.occurred_at))

    assert back == instant
    assert back is not None and back.tzinfo is UTC
