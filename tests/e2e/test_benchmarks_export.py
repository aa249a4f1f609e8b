"""benchmarks/export_activities.py as a real process, on a small register: it fills the
database, exports it both ways, checks both workbooks hold the same cells (--verify), and prints
each pair's ratio, their median and the verdict."""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "export_activities.py"


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        timeout=180,
        check=False,
    )


def test_the_benchmark_verifies_the_cells_and_prints_the_median_ratio(tmp_path: Path) -> None:
    result = _run(tmp_path, "--count", "60", "--repeat", "3", "--verify")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "60 activities written" in out
    assert "verified: the workbooks hold the same cells" in out
    runs = re.search(r"ratio a/b, pair by pair: (.+)", out)
    median = re.search(r"ratio a/b, median: ([\d.]+) \(target <= 1\.30: (met|NOT met)\)", out)
    assert runs and median, out
    ratios = [float(x) for x in runs.group(1).split(", ")]
    assert len(ratios) == 3
    assert all(ratio > 0 for ratio in ratios)
    assert float(median.group(1)) == pytest.approx(statistics.median(ratios), abs=0.01)
    assert (median.group(2) == "met") == (float(median.group(1)) <= 1.3)


@pytest.mark.parametrize("which", ["ours", "raw"])
def test_one_run_for_the_instruction_count_runs_once_and_times_nothing(
    tmp_path: Path, which: str
) -> None:
    """What benchmarks/export_instructions.py runs under valgrind, here without it."""
    result = _run(tmp_path, "--count", "20", "--one", which)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == f"ran {which} once"
    assert "ratio" not in result.stdout
