"""One runner for long work: a worker thread, progress after ~600 ms, and a Cancel that cancels.

Workers never touch widgets: progress and results come back through signals, delivered in the
GUI thread. One worker thread, so two background tasks never write at once; the window refuses
to switch databases while one runs (short saves from forms run in the GUI thread).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget
from typing_extensions import override

from dpo_desk.domain.errors import TaskCancelledError
from dpo_desk.i18n import _
from dpo_desk.services.progress import CancelToken, ProgressReporter

#: The work: called in the worker thread with a progress reporter and a cancel token.
Work = Callable[[ProgressReporter, CancelToken], Any]

#: How long a task runs before its progress dialog appears, in milliseconds.
PROGRESS_DELAY_MS = 600


class _Signals(QObject):
    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    ended = Signal()


class _Job(QRunnable):
    def __init__(self, work: Work, signals: _Signals, token: CancelToken) -> None:
        super().__init__()
        self._work = work
        self._signals = signals
        self._token = token
        # Python keeps the job (TaskHandle.job) until it ended; Qt deleting a Python-made
        # runnable behind Python's back crashes at interpreter exit.
        self.setAutoDelete(False)

    @override
    def run(self) -> None:
        def report(done: int, total: int, message: str) -> None:
            self._signals.progress.emit(done, total, message)

        try:
            result = self._work(report, self._token)
        except TaskCancelledError:
            self._signals.cancelled.emit()
        except BaseException as error:  # handed to the GUI thread, shown there
            self._signals.failed.emit(error)
        else:
            if self._token.cancelled:
                self._signals.cancelled.emit()
            else:
                self._signals.succeeded.emit(result)
        finally:
            self._signals.ended.emit()


@dataclass
class TaskHandle:
    """A running task: cancel() asks it to stop at its next check."""

    title: str
    token: CancelToken
    signals: _Signals
    dialog: QProgressDialog | None = None
    done: bool = False
    outcome: str = "running"
    progress: tuple[int, int] = (0, 0)
    job: QRunnable | None = None

    def cancel(self) -> None:
        self.token.cancel()


class TaskRunner(QObject):
    """Runs work off the GUI thread, one task at a time."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._running: list[TaskHandle] = []
        # Ended jobs are kept until the pool is idle: the pool thread still touches a runnable
        # for a moment after its ended signal, and dropping it then would free it under it.
        self._ended_jobs: list[QRunnable] = []

    def start(
        self,
        title: str,
        work: Work,
        on_success: Callable[[Any], object],
        on_failure: Callable[[BaseException], object],
        on_cancel: Callable[[], object] | None = None,
        parent: QWidget | None = None,
    ) -> TaskHandle:
        """Starts ``work``; exactly one of the three callbacks runs, in the GUI thread.

        The progress dialog is created only if the work is still running after
        PROGRESS_DELAY_MS, so quick tasks never flash a dialog.
        """
        if self._pool.activeThreadCount() == 0:
            self._ended_jobs.clear()
        token = CancelToken()
        signals = _Signals()
        handle = TaskHandle(title=title, token=token, signals=signals)

        def show_dialog() -> None:
            if handle.done:
                return
            dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
            dialog.setWindowTitle(title)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(0)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.canceled.connect(token.cancel)
            handle.dialog = dialog
            update_dialog()
            dialog.show()

        def update_dialog() -> None:
            done, total = handle.progress
            if handle.dialog is not None:
                handle.dialog.setMaximum(max(total, 0))
                handle.dialog.setValue(min(done, total) if total else 0)

        def progress(done: int, total: int, message: str) -> None:
            handle.progress = (done, total)
            if not handle.done:
                update_dialog()

        def succeeded(result: Any) -> None:
            handle.outcome = "succeeded"
            on_success(result)

        def failed(error: BaseException) -> None:
            handle.outcome = "failed"
            on_failure(error)

        def cancelled() -> None:
            handle.outcome = "cancelled"
            if on_cancel is not None:
                on_cancel()

        def ended() -> None:
            handle.done = True
            if handle.dialog is not None:
                handle.dialog.canceled.disconnect(token.cancel)
                handle.dialog.hide()
                handle.dialog.deleteLater()
            self._running.remove(handle)
            if handle.job is not None:
                self._ended_jobs.append(handle.job)
                handle.job = None

        signals.progress.connect(progress)
        signals.succeeded.connect(succeeded)
        signals.failed.connect(failed)
        signals.cancelled.connect(cancelled)
        signals.ended.connect(ended)
        self._running.append(handle)
        QTimer.singleShot(PROGRESS_DELAY_MS, self, show_dialog)
        handle.job = _Job(work, signals, token)
        self._pool.start(handle.job)
        return handle

    def is_busy(self) -> bool:
        """Whether a task is still working (its outcome callback counts as finished, so it may
        start what comes next, such as opening the database a task created)."""
        return any(handle.outcome == "running" for handle in self._running)

    def cancel_all(self) -> None:
        for handle in self._running:
            handle.cancel()

    def wait(self, milliseconds: int = 30000) -> bool:
        """Blocks until the worker thread is idle (when the window closes)."""
        return self._pool.waitForDone(milliseconds)
