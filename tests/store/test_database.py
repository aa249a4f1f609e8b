"""Opening a database: every bad file is refused with a message naming it, and left as it was.

"As it was" means the same bytes, the same modification time and mode, and nothing new beside it
(no -wal, -shm or -journal file, no backup).
"""

from __future__ import annotations

import socket
import sqlite3
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dpo_desk.domain.errors import DatabaseError
from dpo_desk.paths import Paths
from dpo_desk.store.database import SqlDatabase
from dpo_desk.store.migrate import SchemaStatus, head_revision
from tests.store.support import snapshot


def _dpo_database(path: Path, backup_dir: Path) -> Path:
    SqlDatabase.open(path, backup_dir).close()
    return path


def _refused(path: Path, paths: Paths) -> DatabaseError:
    """Opens ``path`` expecting a refusal that leaves the file exactly as it was."""
    before = snapshot(path)
    with pytest.raises(DatabaseError) as refusal:
        SqlDatabase.open(path, paths.backup_dir)
    assert snapshot(path) == before
    assert not paths.backup_dir.exists()
    assert str(path) in str(refusal.value)
    return refusal.value


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[list[Path]]:
    """Paths the test makes read-only; given back their write permission afterwards."""
    made: list[Path] = []
    yield made
    for path in made:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)


def test_a_text_file_is_refused(tmp_path: Path, paths: Paths) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("Sastanak s upravom, 12. 3. 2026.\n", encoding="utf-8")

    error = _refused(path, paths)

    assert "not an SQLite file" in str(error)


def test_a_damaged_sqlite_file_is_refused(tmp_path: Path, paths: Paths) -> None:
    path = tmp_path / "damaged.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)

    error = _refused(path, paths)

    assert "damaged" in str(error)


@pytest.mark.parametrize("journal_mode", ["delete", "wal"])
def test_someone_elses_sqlite_file_is_refused(
    tmp_path: Path, paths: Paths, journal_mode: str
) -> None:
    path = tmp_path / "crm.sqlite"
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA journal_mode = {journal_mode}")
    connection.execute("CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT)")
    connection.execute("INSERT INTO customer (name) VALUES ('Ivan')")
    connection.commit()
    connection.close()

    error = _refused(path, paths)

    assert "not a DPO Desk database" in str(error)


def test_a_database_from_a_newer_dpo_desk_is_refused(tmp_path: Path, paths: Paths) -> None:
    path = _dpo_database(tmp_path / "newer.sqlite", tmp_path / "unused-backups")
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()

    error = _refused(path, paths)

    assert "newer version of DPO Desk" in str(error)
    assert "9999" in str(error) and head_revision() in str(error)
    assert SqlDatabase.inspect(path).status is SchemaStatus.NEWER


def test_a_read_only_file_is_refused(tmp_path: Path, paths: Paths, read_only: list[Path]) -> None:
    """Even for root, whom the permissions let write: a file nobody may write to stays so."""
    path = _dpo_database(tmp_path / "archived.sqlite", tmp_path / "unused-backups")
    path.chmod(0o444)
    read_only.append(path)

    error = _refused(path, paths)

    assert "read-only" in str(error)


def test_a_file_in_a_read_only_folder_is_refused(
    tmp_path: Path, paths: Paths, read_only: list[Path]
) -> None:
    folder = tmp_path / "cd-rom"
    folder.mkdir()
    path = _dpo_database(folder / "register.sqlite", tmp_path / "unused-backups")
    folder.chmod(0o555)
    read_only.append(folder)

    error = _refused(path, paths)

    assert "read-only" in str(error)


def test_no_new_database_is_made_in_a_read_only_folder(
    tmp_path: Path, paths: Paths, read_only: list[Path]
) -> None:
    folder = tmp_path / "cd-rom"
    folder.mkdir()
    folder.chmod(0o555)
    read_only.append(folder)
    path = folder / "new.sqlite"

    with pytest.raises(DatabaseError, match="read-only") as refusal:
        SqlDatabase.open(path, paths.backup_dir)

    assert str(path) in str(refusal.value)
    assert list(folder.iterdir()) == []


def test_a_file_locked_by_another_program_is_refused_quickly(tmp_path: Path, paths: Paths) -> None:
    path = _dpo_database(tmp_path / "busy.sqlite", tmp_path / "unused-backups")
    before = snapshot(path)
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        started = time.monotonic()
        with pytest.raises(DatabaseError, match="locked by another program") as refusal:
            SqlDatabase.open(path, paths.backup_dir, busy_timeout_ms=200)
        elapsed = time.monotonic() - started
        holder.execute("ROLLBACK")
    finally:
        holder.close()

    assert str(path) in str(refusal.value)
    assert elapsed < 2
    assert snapshot(path) == before
    assert not paths.backup_dir.exists()


def test_a_folder_is_refused(tmp_path: Path, paths: Paths) -> None:
    folder = tmp_path / "register.sqlite"
    folder.mkdir()

    with pytest.raises(DatabaseError, match="is a folder") as refusal:
        SqlDatabase.open(folder, paths.backup_dir)

    assert str(folder) in str(refusal.value)
    assert list(folder.iterdir()) == []


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_an_unreachable_server_is_reported_quickly(paths: Paths) -> None:
    url = f"postgresql+psycopg://dpo:tajna@127.0.0.1:{_closed_port()}/dpo_desk"
    started = time.monotonic()

    with pytest.raises(DatabaseError, match="Cannot reach the database") as refusal:
        SqlDatabase.open(url, paths.backup_dir)

    assert time.monotonic() - started < 3
    message = str(refusal.value)
    assert "127.0.0.1" in message and "dpo_desk" in message
    assert "tajna" not in message  # the password is never shown
    assert not paths.backup_dir.exists()


def test_a_path_that_does_not_exist_yet_becomes_a_new_database(
    tmp_path: Path, paths: Paths
) -> None:
    path = tmp_path / "new" / "folder" / "register.sqlite"

    database = SqlDatabase.open(path, paths.backup_dir)
    try:
        assert database.schema_before_opening.status is SchemaStatus.EMPTY
        assert database.location == str(path)
        assert not database.is_server
    finally:
        database.close()

    assert path.read_bytes().startswith(b"SQLite format 3\x00")
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (head_revision(),)
        ]
    finally:
        connection.close()
    assert not paths.backup_dir.exists()


def test_an_empty_file_becomes_a_new_database(tmp_path: Path, paths: Paths) -> None:
    path = tmp_path / "touched.sqlite"
    path.touch()

    SqlDatabase.open(path, paths.backup_dir).close()

    assert SqlDatabase.inspect(path).status is SchemaStatus.CURRENT


def test_a_missing_file_is_not_created_when_only_opening(tmp_path: Path, paths: Paths) -> None:
    path = tmp_path / "typo.sqlite"

    with pytest.raises(DatabaseError, match="does not exist") as refusal:
        SqlDatabase.open(path, paths.backup_dir, create=False)

    assert str(path) in str(refusal.value)
    assert not path.exists()


def test_inspect_reads_without_changing_anything(tmp_path: Path, paths: Paths) -> None:
    path = _dpo_database(tmp_path / "register.sqlite", tmp_path / "unused-backups")
    before = snapshot(path)

    state = SqlDatabase.inspect(path)

    assert state.status is SchemaStatus.CURRENT and state.revision == head_revision()
    assert snapshot(path) == before
