"""benchmarks/requests_page.py as a real process, on a small database: it builds the database,
times every operation of the requests page against raw sqlite3, prints the table and exits 0."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "requests_page.py"
OPERATIONS = (
    "first paint (by due date)",
    "sort by data subject, descending",
    'filter: search "ana"',
    "filter: overdue on today",
    "scroll to the middle (row 1,000)",
)


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )


def test_the_benchmark_times_every_operation_and_reuses_its_database(tmp_path: Path) -> None:
    database = tmp_path / "requests.sqlite"
    first = _run(tmp_path, "--requests", "2000", "--reuse", str(database))
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Traceback" not in first.stderr
    out = first.stdout
    assert "2,000 requests written in" in out
    assert "DPO Desk" in out and "raw sqlite3" in out and "ratio" in out
    table = out.splitlines()
    for label in OPERATIONS:
        row = next((line for line in table if line.startswith(label)), None)
        assert row is not None, f"no row for {label!r} in:\n{out}"
        # DPO Desk median (min), raw median (min), ratio: all numbers.
        figures = row[len(label) :].replace("(", " ").replace(")", " ").split()
        assert all(f.replace(".", "", 1).replace(",", "").isdigit() for f in figures if f != "-")
    assert "target: each under 100 ms" in out
    assert "peak RSS:" in out
    # Raw sqlite3 sent the SQL DPO Desk sends and read the same rows.
    assert not [line for line in table if line.startswith("!")], out
    # ... and the search found some: the rows carry the texts the store searches and sorts by.
    search = next(line for line in table if line.startswith(OPERATIONS[2]))
    assert int(search.split()[-1].replace(",", "")) > 0, out
    _assert_searchable(database)

    again = _run(tmp_path, "--requests", "2000", "--reuse", str(database), "--repeat", "1")
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"reusing {database}" in again.stdout
    assert "requests written in" not in again.stdout


def _assert_searchable(database: Path) -> None:
    """search_text and subject_sort as the repository writes them (lower-cased by Python), and
    the requests finished more than 10 years ago anonymised as the purge leaves them."""
    connection = sqlite3.connect(database)
    try:
        rows = connection.execute(
            "SELECT reference, subject_name, subject_email, requester_name, requester_email,"
            " summary, search_text, subject_sort, anonymised_at FROM request"
        ).fetchall()
    finally:
        connection.close()
    assert len(rows) == 2000
    for *texts, found, subject_sort, anonymised_at in rows:
        if anonymised_at is not None:  # found by its reference only
            assert texts[1:] == ["", "", "", "", ""]
            assert (found, subject_sort) == (texts[0].lower(), "")
        else:
            assert found == "\x1f".join(texts).lower()
            assert subject_sort == texts[1].lower() != ""
    assert any(row[-1] is not None for row in rows)
    assert any(row[-1] is None for row in rows)
