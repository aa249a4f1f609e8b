"""One open database: checked, backed up and upgraded on opening, then handing out units of work."""

from __future__ import annotations

import getpass
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from dpo_desk.domain.errors import DatabaseError
from dpo_desk.i18n import _
from dpo_desk.services.progress import CancelToken, ProgressReporter, ignore_progress
from dpo_desk.store.audit import DB_USER, OS_USER, AuditedSession
from dpo_desk.store.backup import backup_database
from dpo_desk.store.engine import (
    DEFAULT_BUSY_TIMEOUT_MS,
    SQLITE_BEGIN,
    check_not_locked,
    check_sqlite_file,
    database_url,
    describe,
    make_engine,
    sqlite_path,
)
from dpo_desk.store.migrate import (
    SchemaState,
    SchemaStatus,
    backup_name,
    refuse_unusable,
    schema_state,
    unreachable,
    upgrade,
)
from dpo_desk.store.unit_of_work import SqlUnitOfWork


def os_user() -> str:
    """The operating-system account acting, as the audit log records it."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


class SqlDatabase:
    """An open DPO Desk database (implements the services' DatabaseMaintenance port)."""

    def __init__(self, engine: Engine, state: SchemaState, upgrade_backup: Path | None) -> None:
        self.engine = engine
        self.schema_before_opening = state
        self._upgrade_backup = upgrade_backup
        self._db_user = self._current_db_user()
        self._sessions: sessionmaker[Session] = sessionmaker(
            bind=engine.execution_options(**{SQLITE_BEGIN: "IMMEDIATE"}),
            class_=AuditedSession,
            expire_on_commit=False,
            info={OS_USER: os_user(), DB_USER: self._db_user},
        )

    @classmethod
    def open(
        cls,
        location: str | Path,
        backup_dir: Path,
        *,
        create: bool = True,
        migrate: bool = True,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    ) -> SqlDatabase:
        """Opens the database at ``location``, creating or upgrading it as needed.

        Refuses (DatabaseError, with the reason) a foreign, newer, read-only, locked or
        unreachable database before writing anything to it. Before upgrading a database that
        holds data, writes a backup into ``backup_dir``. With ``migrate=False`` an older schema
        is left as it is (for a backup of it as found); its units of work must not be used.
        """
        url = database_url(location)
        path = sqlite_path(url)
        if path is not None:
            check_sqlite_file(path)
            if not create and not path.exists():
                raise DatabaseError(_("{path} does not exist.").format(path=path))
            check_not_locked(path, busy_timeout_ms)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise DatabaseError(
                    _("Cannot create the folder for {path}: {reason}").format(
                        path=path, reason=error.strerror
                    )
                ) from error
        engine = make_engine(url, busy_timeout_ms)
        try:
            state = schema_state(engine)
            refuse_unusable(engine, state)
            backup: Path | None = None
            if state.status is SchemaStatus.EMPTY and not create:
                raise DatabaseError(
                    _("{location} holds no DPO Desk data.").format(location=describe(url))
                )
            if state.status is SchemaStatus.BEHIND:
                backup = backup_database(
                    engine,
                    backup_dir / backup_name(describe(url), state.revision),
                    ignore_progress,
                    CancelToken(),
                )
            if state.status is SchemaStatus.BEHIND and not migrate:
                return cls(engine, state, None)
            if state.status is not SchemaStatus.CURRENT:
                upgrade(engine)
            return cls(engine, state, backup)
        except BaseException:
            engine.dispose()
            raise

    @staticmethod
    def inspect(location: str | Path) -> SchemaState:
        """The schema state of an existing database, read without changing anything."""
        url = database_url(location)
        path = sqlite_path(url)
        if path is not None:
            check_sqlite_file(path, for_writing=False)
            if not path.exists():
                raise DatabaseError(_("{path} does not exist.").format(path=path))
        engine = make_engine(url)
        try:
            return schema_state(engine)
        finally:
            engine.dispose()

    def _current_db_user(self) -> str | None:
        if self.engine.dialect.name != "postgresql":
            return None
        try:
            with self.engine.connect() as connection:
                return connection.execute(text("SELECT current_user")).scalar()
        except DBAPIError as error:
            raise unreachable(self.engine, error) from error

    def unit_of_work(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._sessions, self.location)

    @property
    def location(self) -> str:
        return describe(self.engine.url)

    @property
    def upgrade_backup(self) -> Path | None:
        """The backup taken before this opening upgraded the schema, if it did."""
        return self._upgrade_backup

    @property
    def is_server(self) -> bool:
        return sqlite_path(self.engine.url) is None

    def backup(self, destination: Path, progress: ProgressReporter, cancel: CancelToken) -> Path:
        """Refuses to write over the open database itself (or its journal files)."""
        path = sqlite_path(self.engine.url)
        if path is not None and _same_file_or_companion(destination, path):
            raise DatabaseError(
                _("{path} is the open database itself: choose another file for the backup.").format(
                    path=destination
                )
            )
        return backup_database(self.engine, destination, progress, cancel)

    def close(self) -> None:
        self.engine.dispose()


def _same_file_or_companion(candidate: Path, database: Path) -> bool:
    target = candidate.expanduser().resolve()
    base = database.resolve()
    return target in {base, Path(f"{base}-wal"), Path(f"{base}-shm"), Path(f"{base}-journal")}
