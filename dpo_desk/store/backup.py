"""Online backups into a single SQLite file, for both SQLite and PostgreSQL databases.

SQLite uses its own backup API (consistent while others write). A PostgreSQL database is copied
table by table, inside one repeatable-read transaction, into an SQLite file at the same schema
revision: the copy opens in DPO Desk like any other database, and no pg_dump is needed.
"""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, create_engine, insert, select, text

from dpo_desk.domain.errors import DatabaseError
from dpo_desk.i18n import _
from dpo_desk.services.progress import CancelToken, ProgressReporter
from dpo_desk.store.engine import sqlite_path
from dpo_desk.store.migrate import upgrade

_BATCH = 500


def _part(destination: Path) -> Path:
    return destination.with_name(destination.name + ".part")


def backup_database(
    engine: Engine, destination: Path, progress: ProgressReporter, cancel: CancelToken
) -> Path:
    """Writes a consistent copy of the database to ``destination`` (via a .part file and a rename)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    part = _part(destination)
    part.unlink(missing_ok=True)
    try:
        if sqlite_path(engine.url) is not None:
            _backup_sqlite(engine, part, progress, cancel)
        else:
            _copy_server(engine, part, progress, cancel)
        part.replace(destination)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return destination


def _backup_sqlite(
    engine: Engine, part: Path, progress: ProgressReporter, cancel: CancelToken
) -> None:
    def step(status: int, remaining: int, total: int) -> None:
        progress(total - remaining, total, "pages")
        cancel.raise_if_cancelled()

    raw = engine.raw_connection()
    try:
        target = sqlite3.connect(part)
        try:
            raw.driver_connection.backup(target, pages=256, progress=step)  # type: ignore[union-attr]
        finally:
            target.close()
    except sqlite3.Error as error:
        raise DatabaseError(_("The backup failed: {reason}").format(reason=error)) from error
    finally:
        raw.close()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def _copy_server(
    engine: Engine, part: Path, progress: ProgressReporter, cancel: CancelToken
) -> None:
    target = create_engine(f"sqlite+pysqlite:///{part}")
    try:
        with engine.connect() as source:
            source = source.execution_options(isolation_level="REPEATABLE READ")
            with source.begin():
                revision = source.execute(text("SELECT version_num FROM alembic_version")).scalar()
                if revision is None:
                    raise DatabaseError(_("The database has no schema revision to back up."))
                upgrade(target, revision)
                source_meta = MetaData()
                source_meta.reflect(source)
                target_meta = MetaData()
                target_meta.reflect(target)
                tables = [t for t in source_meta.sorted_tables if t.name != "alembic_version"]
                total = len(tables)
                with target.begin() as sink:
                    sink.exec_driver_sql("PRAGMA foreign_keys = OFF")
                    for done, table in enumerate(tables):
                        # Also between tables: a database whose tables are empty still stops.
                        cancel.raise_if_cancelled()
                        progress(done, total, table.name)
                        sink_table = target_meta.tables[table.name]
                        result = source.execute(select(table)).mappings()
                        while batch := result.fetchmany(_BATCH):
                            cancel.raise_if_cancelled()
                            sink.execute(
                                insert(sink_table),
                                [
                                    {key: _plain(value) for key, value in row.items()}
                                    for row in batch
                                ],
                            )
                progress(total, total, "done")
    finally:
        target.dispose()
        with contextlib.suppress(OSError):
            for suffix in ("-wal", "-shm"):
                Path(str(part) + suffix).unlink(missing_ok=True)
