"""benchmarks/incidents_page.py as a real process, on a small database: it builds the database,
times every operation of the incidents page against raw sqlite3, prints the table and exits 0."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dpo_desk.app import build_services
from dpo_desk.domain.incident import IncidentFilter, normalise_incident, validate_incident
from dpo_desk.domain.timefmt import utc_now
from dpo_desk.store.database import SqlDatabase

pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "incidents_page.py"
OPERATIONS = (
    "first paint (newest detected first)",
    "sort by severity, descending",
    'filter: search "ransomware"',
    "filter: 72-hour clock running",
    "filter: cause = hacking",
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


def _rows_found(table: list[str], label: str) -> int:
    row = next(line for line in table if line.startswith(label))
    return int(row.split()[-1].replace(",", ""))


def test_the_benchmark_times_every_operation_and_reuses_its_database(tmp_path: Path) -> None:
    database = tmp_path / "incidents.sqlite"
    first = _run(tmp_path, "--incidents", "2000", "--repeat", "1", "--reuse", str(database))
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Traceback" not in first.stderr
    out = first.stdout
    assert "2,000 incidents written in" in out
    assert "DPO Desk" in out and "raw sqlite3" in out and "ratio" in out
    table = out.splitlines()
    for label in OPERATIONS:
        row = next((line for line in table if line.startswith(label)), None)
        assert row is not None, f"no row for {label!r} in:\n{out}"
        # DPO Desk median (min), raw median (min), ratio, in store, rows: all numbers.
        figures = row[len(label) :].replace("(", " ").replace(")", " ").split()
        assert len(figures) == 7, row
        assert all(f.replace(".", "", 1).replace(",", "").isdigit() for f in figures), row
    assert "target: each under 100 ms" in out
    assert "peak RSS:" in out
    # Raw sqlite3 sent the SQL DPO Desk sends and read the same rows.
    assert not [line for line in table if line.startswith("!")], out
    # ... and the filters found some: the rows carry what the store searches and filters by.
    for label in OPERATIONS[2:5]:
        assert 0 < _rows_found(table, label) < 2000, out
    _assert_as_the_app_saves(database, tmp_path / "backups")

    again = _run(tmp_path, "--incidents", "2000", "--reuse", str(database), "--repeat", "1")
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"reusing {database}" in again.stdout
    assert "incidents written in" not in again.stdout


def _assert_as_the_app_saves(database: Path, backups: Path) -> None:
    """Every incident written is one the incident form would accept, with the figures the
    service works out (the 72-hour clock, its deadline) and ``search_text`` as the repository
    writes it (lower-cased by Python)."""
    connection = sqlite3.connect(database)
    try:
        texts = connection.execute(
            "SELECT reference, title, description, reported_by, search_text FROM incident"
        ).fetchall()
    finally:
        connection.close()
    assert len(texts) == 2000
    for *searched, found in texts:
        assert found == "\x1f".join(searched).lower()

    opened = SqlDatabase.open(database, backups)
    try:
        services = build_services(opened)
        incidents = services.incidents.all()
        stored = {row.id: row for row in services.incidents.summaries(IncidentFilter())}
    finally:
        opened.close()
    now = utc_now()
    for incident in incidents:
        assert validate_incident(normalise_incident(incident), now) == [], incident.reference
        assert incident.id is not None
        assert stored[incident.id].clock_running == incident.clock_running
    running = [i for i in incidents if i.clock_running]
    assert running and len(running) < len(incidents) // 10
    assert {i.cause for i in incidents} == {row.cause for row in stored.values()}
    assert len({i.cause for i in incidents}) == 8
    assert any(i.title.startswith("Ransomware") for i in incidents)
