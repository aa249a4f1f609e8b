"""Progress and cancellation for long work, without Qt: the window adapts these to its dialogs."""

from __future__ import annotations

import threading
from typing import Protocol

from dpo_desk.domain.errors import TaskCancelledError


class ProgressReporter(Protocol):
    """Told how far a task has come: ``done`` of ``total`` steps, and what it is doing now."""

    def __call__(self, done: int, total: int, message: str) -> None: ...


def ignore_progress(done: int, total: int, message: str) -> None:
    """A reporter for callers with nobody to tell (tests, scripts)."""


class CancelToken:
    """Set by whoever started the task; checked by the task between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        """Stops the task here; the task's own clean-up (transaction, .part file) then runs."""
        if self._event.is_set():
            raise TaskCancelledError()
