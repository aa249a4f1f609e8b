"""The task runner: results in the GUI thread, progress dialog after a delay, a Cancel that cancels."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from dpo_desk.services.progress import CancelToken, ProgressReporter
from dpo_desk.ui.tasks import PROGRESS_DELAY_MS, TaskRunner


def test_work_runs_off_the_gui_thread_and_the_result_comes_back_on_it(
    qtbot: QtBot, qapp: QApplication
) -> None:
    runner = TaskRunner()
    seen: dict[str, object] = {}

    def work(progress: ProgressReporter, cancel: CancelToken) -> int:
        seen["worker_thread"] = threading.current_thread() is threading.main_thread()
        progress(1, 2, "half")
        return 42

    def done(result: object) -> None:
        seen["result"] = result
        seen["gui_thread"] = QThread.currentThread() is qapp.thread()

    runner.start("Test", work, done, lambda error: seen.setdefault("error", error))
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=5000)
    assert seen == {"worker_thread": False, "result": 42, "gui_thread": True}


def test_a_failure_is_reported_not_raised(qtbot: QtBot) -> None:
    runner = TaskRunner()
    errors: list[BaseException] = []

    def work(progress: ProgressReporter, cancel: CancelToken) -> None:
        raise ValueError("broken input")

    runner.start("Test", work, lambda result: None, errors.append)
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=5000)
    assert len(errors) == 1 and str(errors[0]) == "broken input"


def test_the_dialog_appears_only_for_long_work_and_cancel_stops_it(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    runner = TaskRunner()
    steps: list[int] = []
    outcome: list[str] = []

    def work(progress: ProgressReporter, cancel: CancelToken) -> None:
        for step in range(200):
            cancel.raise_if_cancelled()
            steps.append(step)
            progress(step, 200, "step")
            time.sleep(0.02)

    handle = runner.start(
        "Long work",
        work,
        lambda result: outcome.append("done"),
        lambda error: outcome.append(f"failed {error}"),
        lambda: outcome.append("cancelled"),
        parent=parent,
    )
    qtbot.wait(PROGRESS_DELAY_MS // 3)
    assert handle.dialog is None  # quick tasks never flash a dialog
    qtbot.waitUntil(lambda: handle.dialog is not None and handle.dialog.isVisible(), timeout=3000)
    assert handle.dialog is not None
    cancel_button = handle.dialog.findChild(QPushButton)
    assert cancel_button is not None and cancel_button.text() == "Cancel"
    qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=5000)
    assert outcome == ["cancelled"]
    assert len(steps) < 200
