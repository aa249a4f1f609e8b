"""The engine: locations turned into URLs, and the SQLite pragmas every connection gets."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from dpo_desk.domain.errors import DatabaseError
from dpo_desk.paths import Paths
from dpo_desk.store.database import SqlDatabase
from dpo_desk.store.engine import database_url, describe, is_read_only, make_engine, sqlite_path


@pytest.fixture
def sqlite_database(tmp_path: Path, paths: Paths) -> SqlDatabase:
    return SqlDatabase.open(tmp_path / "pragmas.sqlite", paths.backup_dir, busy_timeout_ms=1234)


def test_every_sqlite_connection_gets_the_pragmas(sqlite_database: SqlDatabase) -> None:
    try:
        # Two connections open at once: the pragmas are set per connection, not once.
        with sqlite_database.engine.connect() as first, sqlite_database.engine.connect() as second:
            for connection in (first, second):
                pragma = connection.exec_driver_sql
                assert pragma("PRAGMA foreign_keys").scalar() == 1
                assert pragma("PRAGMA journal_mode").scalar() == "wal"
                assert pragma("PRAGMA busy_timeout").scalar() == 1234
                assert pragma("PRAGMA synchronous").scalar() == 1  # NORMAL
    finally:
        sqlite_database.close()


def test_sqlite_enforces_foreign_keys(sqlite_database: SqlDatabase) -> None:
    try:
        with (
            pytest.raises(IntegrityError, match="FOREIGN KEY"),
            sqlite_database.engine.begin() as connection,
        ):
            connection.execute(
                text(
                    "INSERT INTO organisation (id, controller_name, street, postal_code, city, "
                    "country_code, oib, phone, email, website, dpo_name, dpo_email, dpo_phone, "
                    "dpo_street, dpo_postal_code, dpo_city, dpo_country_code, has_representative, "
                    "representative_name, representative_email, representative_phone, "
                    "representative_street, representative_postal_code, representative_city, "
                    "representative_country_code, authority_name, authority_street, "
                    "authority_postal_code, authority_city, authority_country_code, "
                    "authority_email, authority_phone, authority_website, logo_attachment_id, "
                    "version, created_at, updated_at) VALUES (1, 'X', '', '', '', 'HR', '', '', "
                    "'', '', '', '', '', '', '', '', 'HR', 0, '', '', '', '', '', '', '', '', '', "
                    "'', '', 'HR', '', '', '', 999, 1, '2026-01-01 00:00:00.000000', "
                    "'2026-01-01 00:00:00.000000')"
                )
            )
        with sqlite_database.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM organisation").scalar() == 0
    finally:
        sqlite_database.close()


def test_the_default_busy_timeout_is_five_seconds(tmp_path: Path, paths: Paths) -> None:
    database = SqlDatabase.open(tmp_path / "default.sqlite", paths.backup_dir)
    try:
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    finally:
        database.close()


def test_a_plain_path_is_an_sqlite_file(tmp_path: Path) -> None:
    url = database_url(f"  {tmp_path / 'a' / '..' / 'register.sqlite'}  ")

    assert url.drivername == "sqlite+pysqlite"
    assert sqlite_path(url) == tmp_path / "register.sqlite"
    assert describe(url) == str(tmp_path / "register.sqlite")


def test_a_home_relative_path_is_expanded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))

    assert sqlite_path(database_url("~/register.sqlite")) == tmp_path / "register.sqlite"


@pytest.mark.parametrize("scheme", ["postgresql", "postgresql+psycopg2", "postgresql+psycopg"])
def test_a_postgresql_url_gets_the_psycopg_driver_and_hides_its_password(scheme: str) -> None:
    """psycopg (3) is the driver DPO Desk ships; psycopg2 is not installed."""
    url = database_url(f"{scheme}://ana:tajna@db.example:5432/dpo")

    engine = make_engine(url)
    try:
        assert engine.dialect.driver == "psycopg"
    finally:
        engine.dispose()
    assert sqlite_path(url) is None
    assert describe(url).endswith("://ana:***@db.example:5432/dpo")


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("", "No database was given"),
        ("   ", "No database was given"),
        ("mysql://ana@db.example/dpo", "not mysql"),
        ("postgresql://ana@db.example:notaport/dpo", "is not a database URL"),
    ],
)
def test_unusable_locations_are_refused(location: str, message: str) -> None:
    with pytest.raises(DatabaseError, match=message):
        database_url(location)


def test_an_in_memory_database_has_no_file() -> None:
    assert sqlite_path(database_url("sqlite://")) is None
    assert sqlite_path(database_url("sqlite:///:memory:")) is None


def test_read_only_is_told_by_the_mode_bits_too(tmp_path: Path) -> None:
    path = tmp_path / "file.sqlite"
    path.write_bytes(b"")
    assert not is_read_only(path)
    path.chmod(0o444)
    try:
        assert is_read_only(path)
    finally:
        path.chmod(0o644)
