"""Fixtures of the command-line tests: ``dpo-desk`` run in this process or as a real process,
on a data folder of the test's own, and the sample organisation written by the command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dpo_desk.__main__ import main
from tests.e2e.support import Result, Runner


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def cli(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Runner:
    """Runs ``dpo-desk --data-dir DATA ARGS`` in this process, from tmp_path (relative paths)."""
    monkeypatch.chdir(tmp_path)

    def run(*args: str | Path) -> Result:
        try:
            code = main(["--data-dir", str(data_dir), *map(str, args)])
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def process(tmp_path: Path, data_dir: Path) -> Runner:
    """Runs ``python -m dpo_desk --data-dir DATA ARGS`` as a separate process, from tmp_path."""

    def run(*args: str | Path, timeout: float = 120) -> Result:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"}
        completed = subprocess.run(
            [sys.executable, "-m", "dpo_desk", "--data-dir", str(data_dir), *map(str, args)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            timeout=timeout,
            check=False,
        )
        return Result(completed.returncode, completed.stdout, completed.stderr)

    return run


@pytest.fixture
def sample(cli: Runner, tmp_path: Path) -> Path:
    path = tmp_path / "sample.sqlite"
    assert cli("sample", "create", path).code == 0
    return path
