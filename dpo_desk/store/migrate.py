"""Schema state and upgrades: Alembic from db/, with a backup before a user's database changes."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError, OperationalError

from dpo_desk.domain.errors import DatabaseError
from dpo_desk.i18n import _
from dpo_desk.paths import migrations_dir
from dpo_desk.store.engine import describe, is_read_only, locked_or_broken, sqlite_path

#: A table only DPO Desk's first migration creates: it tells our databases from others'.
MARKER_TABLE = "database_info"


class SchemaStatus(Enum):
    EMPTY = "empty"  # no tables: a new database
    CURRENT = "current"
    BEHIND = "behind"  # an older DPO Desk made it: upgrade (after a backup)
    NEWER = "newer"  # a newer DPO Desk made it: refuse, never downgrade
    FOREIGN = "foreign"  # tables, but not ours


@dataclass(frozen=True)
class SchemaState:
    status: SchemaStatus
    revision: str | None
    head: str


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None, "db/versions holds no migration"
    return head


def _tables_and_revision(engine: Engine) -> tuple[set[str], str | None]:
    path = sqlite_path(engine.url)
    if path is not None:
        # Outside the engine: the engine's pragmas (WAL) would write to the file. Not mode=ro
        # either: a read-only connection to a WAL database creates -wal and -shm files it cannot
        # remove on closing, and would leave them beside a file we refuse. A read-write
        # connection that may only query writes nothing and removes them as it closes.
        if not path.exists() or path.stat().st_size == 0:
            return set(), None
        # A file nobody may write to cannot get -wal/-shm companions from us either: read it
        # read-only (db status on a read-only copy must work).
        mode = "ro" if is_read_only(path) or is_read_only(path.parent) else "rw"
        try:
            connection = sqlite3.connect(f"file:{path}?mode={mode}", uri=True)
            try:
                connection.execute("PRAGMA query_only = ON")
                tables = {
                    row[0]
                    for row in connection.execute(
                        "SELECT name FROM sqlite_master WHERE type='table'"
                    )
                }
                revision = None
                if "alembic_version" in tables:
                    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                    revision = row[0] if row else None
            finally:
                connection.close()
        except sqlite3.DatabaseError as error:
            if isinstance(error, sqlite3.OperationalError):
                raise locked_or_broken(path, error) from error
            raise DatabaseError(
                _("{path} is damaged or not an SQLite database: {reason}").format(
                    path=path, reason=error
                )
            ) from error
        return tables, revision
    try:
        with engine.connect() as server:
            tables = set(inspect(server).get_table_names())
            revision = None
            if "alembic_version" in tables:
                revision = server.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError as error:
        raise unreachable(engine, error) from error
    return tables, revision


def unreachable(engine: Engine, error: DBAPIError) -> DatabaseError:
    """A connection failure ("cannot reach"), or another refusal by the server, with its reason."""
    reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
    if error.connection_invalidated or isinstance(error, OperationalError):
        message = _("Cannot reach the database {location}: {reason}")
    else:
        message = _("The database {location} refused the operation: {reason}")
    return DatabaseError(message.format(location=describe(engine.url), reason=reason))


def schema_state(engine: Engine) -> SchemaState:
    """What is in the database, read without changing it."""
    head = head_revision()
    tables, revision = _tables_and_revision(engine)
    if not tables:
        return SchemaState(SchemaStatus.EMPTY, None, head)
    if MARKER_TABLE not in tables or "alembic_version" not in tables or not revision:
        return SchemaState(SchemaStatus.FOREIGN, revision, head)
    if revision == head:
        return SchemaState(SchemaStatus.CURRENT, revision, head)
    known = {script.revision for script in script_directory().walk_revisions()}
    if revision in known:
        return SchemaState(SchemaStatus.BEHIND, revision, head)
    return SchemaState(SchemaStatus.NEWER, revision, head)


def refuse_unusable(engine: Engine, state: SchemaState) -> None:
    """Raises DatabaseError for a database DPO Desk must not change."""
    where = describe(engine.url)
    if state.status is SchemaStatus.FOREIGN:
        raise DatabaseError(
            _(
                "{location} is not a DPO Desk database: it holds other tables. It was left "
                "untouched; choose a DPO Desk database or a new file."
            ).format(location=where)
        )
    if state.status is SchemaStatus.NEWER:
        raise DatabaseError(
            _(
                "{location} was made by a newer version of DPO Desk (schema {revision}; this "
                "version knows up to {head}). It was left untouched: please update DPO Desk."
            ).format(location=where, revision=state.revision, head=state.head)
        )


#: pg_advisory_xact_lock key held while migrating, so two clients starting at once on one
#: server do not both run the migrations ("DPOD" in ASCII).
MIGRATION_LOCK_KEY = 0x44504F44


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Runs the migrations up to ``revision`` in one transaction.

    On SQLite, foreign keys are switched off for the run (batch mode recreates tables, which would
    otherwise cascade), and checked afterwards before the transaction is committed. On
    PostgreSQL an advisory lock makes a second client wait, then find nothing left to do.
    """
    config = alembic_config()
    try:
        with engine.connect() as connection:
            is_sqlite = connection.dialect.name == "sqlite"
            if is_sqlite:
                # On the driver's connection: outside any transaction, where the pragma works.
                set_foreign_keys(connection, on=False)
            try:
                with connection.begin():
                    if not is_sqlite:
                        connection.execute(
                            text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
                        )
                    config.attributes["connection"] = connection
                    command.upgrade(config, revision)
                    if is_sqlite:
                        problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                        if problems:
                            raise DatabaseError(
                                _("The upgrade left broken references: {problems}").format(
                                    problems=problems[:5]
                                )
                            )
            finally:
                if is_sqlite:
                    set_foreign_keys(connection, on=True)
    except DBAPIError as error:
        path = sqlite_path(engine.url)
        if path is not None:
            raise locked_or_broken(path, error) from error
        raise unreachable(engine, error) from error


def set_foreign_keys(connection: Connection, *, on: bool) -> None:
    """Switches SQLite's foreign-key enforcement for this connection (only works between
    transactions, hence the driver's own connection, which SQLAlchemy does not wrap in BEGIN)."""
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")


def backup_name(location: str, revision: str | None) -> str:
    """The name of the automatic backup taken before an upgrade from ``revision``."""
    from dpo_desk.domain.timefmt import utc_now

    stem = Path(location).stem if "://" not in location else "server"
    return f"{stem}-{utc_now():%Y%m%dT%H%M%SZ}-before-upgrade-from-{revision}.sqlite"
