"""Shared fixtures: every test gets its own user folders, English, and a fresh database."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt needs no display in tests; set before anything imports PySide6.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dpo_desk.app import build_services
from dpo_desk.i18n import set_language
from dpo_desk.paths import CONFIG_DIR_ENV, DATA_DIR_ENV, Paths
from dpo_desk.services.bundle import Services
from dpo_desk.store.database import SqlDatabase

PG_ENV = "DPO_DESK_TEST_PG_URL"


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Paths]:
    """No test reads or writes the real user's data, configuration or settings."""
    data = tmp_path / "user-data"
    config = tmp_path / "user-config"
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    monkeypatch.setenv(CONFIG_DIR_ENV, str(config))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("LANGUAGE", "en")
    set_language("en")
    yield Paths.from_environment()
    set_language("en")


@pytest.fixture
def paths(isolated_user_dirs: Paths) -> Paths:
    return isolated_user_dirs


def _pg_admin_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{PG_ENV} is not set: run the gate with ./test, which starts PostgreSQL")
        pytest.skip(f"{PG_ENV} is not set (./test starts a throw-away PostgreSQL server)")
    return url


@pytest.fixture
def pg_database_url() -> Iterator[str]:
    """A new, empty PostgreSQL database on the test server, dropped afterwards."""
    from sqlalchemy import create_engine, make_url, text

    admin_url = _pg_admin_url()
    name = f"dpo_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database: an SQLite file, and (second run) a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "test.sqlite")
    url: str = request.getfixturevalue("pg_database_url")
    return url


@pytest.fixture
def database(database_url: str, paths: Paths) -> Iterator[SqlDatabase]:
    """A migrated, empty DPO Desk database on each backend."""
    db = SqlDatabase.open(database_url, paths.backup_dir)
    yield db
    db.close()


@pytest.fixture
def services(database: SqlDatabase) -> Services:
    """The services over ``database``, as the composition root builds them."""
    return build_services(database)
