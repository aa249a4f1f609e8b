"""Opening a database: a file path or any SQLAlchemy URL, with SQLite pragmas and clear refusals.

Every check that can refuse a file runs before anything writes to it: a foreign, newer, read-only
or locked file is left exactly as it was.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from dpo_desk.domain.errors import DatabaseError
from dpo_desk.i18n import _

SQLITE_HEADER = b"SQLite format 3\x00"
#: How long a write waits for another program's lock before giving up, in milliseconds.
DEFAULT_BUSY_TIMEOUT_MS = 5000


def database_url(location: str | Path) -> URL:
    """A URL for ``location``: a URL as given, or a plain path as an SQLite file."""
    text = str(location).strip()
    if not text:
        raise DatabaseError(_("No database was given."))
    if "://" in text:
        try:
            url = make_url(text)
        except (ArgumentError, ValueError) as error:  # ValueError: a port that is not a number
            raise DatabaseError(
                _("{location} is not a database URL: {reason}").format(location=text, reason=error)
            ) from error
        if url.get_backend_name() == "postgresql" and url.get_driver_name() in ("", "psycopg2"):
            url = url.set(drivername="postgresql+psycopg")
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise DatabaseError(
                _("DPO Desk works with SQLite files and PostgreSQL servers, not {backend}.").format(
                    backend=url.get_backend_name()
                )
            )
        return url
    path = Path(text).expanduser().resolve()
    return URL.create("sqlite+pysqlite", database=str(path))


def sqlite_path(url: URL) -> Path | None:
    """The file of an SQLite URL, or None for another database or an in-memory one."""
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database)


def describe(url: URL) -> str:
    """The location as the user may see it: the file path, or the URL without its password."""
    path = sqlite_path(url)
    return str(path) if path is not None else url.render_as_string(hide_password=True)


def is_read_only(path: Path) -> bool:
    """Whether ``path`` may not be written: by this account's permissions, or by its mode bits.

    The administrator (root) may write any file, so ``os.access`` says yes even to a file marked
    read-only. A file or folder that nobody may write to was made read-only on purpose (an archived
    register, a copy from a CD), and DPO Desk honours that for every account.
    """
    if not os.access(path, os.W_OK):
        return True
    return not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def check_sqlite_file(path: Path, *, for_writing: bool = True) -> None:
    """Refuses, without touching it, a file DPO Desk could not use as its database (or, with
    ``for_writing=False``, could not even read)."""
    if path.is_dir():
        raise DatabaseError(_("{path} is a folder, not a database file.").format(path=path))
    if not path.exists():
        parent = path.parent
        if parent.exists() and is_read_only(parent):
            raise DatabaseError(
                _("Cannot create the database {path}: the folder is read-only.").format(path=path)
            )
        return
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseError(
            _("Cannot read {path}: {reason}").format(path=path, reason=error.strerror)
        ) from error
    if header and header != SQLITE_HEADER:
        raise DatabaseError(
            _("{path} is not a DPO Desk database (it is not an SQLite file at all).").format(
                path=path
            )
        )
    if not for_writing:
        return
    if is_read_only(path):
        raise DatabaseError(
            _(
                "{path} is read-only. DPO Desk needs to write to its database: copy the file to a "
                "folder of yours, or ask for write permission."
            ).format(path=path)
        )
    if is_read_only(path.parent):
        raise DatabaseError(
            _(
                "The folder of {path} is read-only; SQLite needs to write its journal beside the "
                "database. Move the file to a folder you can write to."
            ).format(path=path)
        )


def check_not_locked(path: Path, busy_timeout_ms: int) -> None:
    """Refuses a file another program holds locked, before DPO Desk changes anything in it."""
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        connection = sqlite3.connect(
            f"file:{path}?mode=rw", uri=True, timeout=busy_timeout_ms / 1000
        )
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
        finally:
            connection.close()
    except sqlite3.OperationalError as error:
        raise locked_or_broken(path, error) from error
    except sqlite3.DatabaseError as error:
        raise DatabaseError(
            _("{path} is damaged or not an SQLite database: {reason}").format(
                path=path, reason=error
            )
        ) from error


def locked_or_broken(path: Path, error: Exception) -> DatabaseError:
    if "locked" in str(error) or "busy" in str(error):
        return DatabaseError(
            _(
                "{path} is locked by another program (another DPO Desk window, a backup or a "
                "database tool). Close it and try again."
            ).format(path=path)
        )
    return DatabaseError(_("Cannot open {path}: {reason}").format(path=path, reason=error))


#: Execution option: how a transaction on this connection begins on SQLite ("DEFERRED" or
#: "IMMEDIATE"). Units of work begin IMMEDIATE: they read and then write, and a deferred
#: transaction whose snapshot another writer moved on fails at once ("database is locked")
#: instead of waiting its turn.
SQLITE_BEGIN = "dpo_desk_sqlite_begin"


def _sqlite_begin(connection: Any) -> None:
    mode = connection.get_execution_options().get(SQLITE_BEGIN, "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def _unicode_lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def _sqlite_pragmas(busy_timeout_ms: int) -> Any:
    def on_connect(dbapi_connection: Any, connection_record: Any) -> None:
        # SQLAlchemy, not the driver, begins transactions (see _sqlite_begin).
        dbapi_connection.isolation_level = None
        # SQLite's own lower() folds ASCII only: a search for "šifre" must find "Šifre".
        dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    return on_connect


def make_engine(url: URL, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> Engine:
    """An engine for ``url``. SQLite gets foreign keys, WAL and a busy timeout on every connection;
    PostgreSQL a short connect timeout so an unreachable server is reported, not waited for."""
    try:
        if url.get_backend_name() == "sqlite":
            engine = create_engine(url)
            event.listen(engine, "connect", _sqlite_pragmas(busy_timeout_ms))
            event.listen(engine, "begin", _sqlite_begin)
            return engine
        return create_engine(
            url,
            pool_pre_ping=True,
            connect_args={"connect_timeout": 5, "application_name": "DPO Desk"},
        )
    except (NoSuchModuleError, ImportError) as error:
        raise DatabaseError(
            _("No driver for {url}: {reason}").format(url=describe(url), reason=error)
        ) from error
