"""What the command-line tests share: the result of a run, and opening the database it wrote."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dpo_desk.app import build_services
from dpo_desk.services.bundle import Services
from dpo_desk.store.database import SqlDatabase


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    @property
    def clean_failure(self) -> bool:
        """Failed with a message for a person, not a Python traceback."""
        return (
            self.code != 0
            and self.err.strip() != ""
            and "Traceback" not in self.err
            and "Exception ignored" not in self.err
        )


Runner = Callable[..., Result]


def open_services(path: Path, tmp_path: Path) -> tuple[SqlDatabase, Services]:
    database = SqlDatabase.open(path, tmp_path / "check-backups", create=False)
    return database, build_services(database)
