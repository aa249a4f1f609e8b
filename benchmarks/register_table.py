"""Benchmark: the register table with 5,000 activities — query, filter, sort, and the Qt model.

Issue 3 asks that a register of 5,000 activities "opens, filters and sorts without a visible
stall". Each table action is one database query for the summary rows (columns, not ORM objects)
followed by a model reset; this prints the time of each, next to raw sqlite3 selecting the same
columns, so a regression in either shows. A stall is visible from about 100 ms.

    .venv/bin/python benchmarks/register_table.py [--count 5000]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.export_activities import fill
from dpo_desk.app import build_services
from dpo_desk.domain.activity import (
    ActivityFilter,
    ActivitySummary,
    LawfulBasis,
    RegisterKind,
    SortKey,
)
from dpo_desk.store.database import SqlDatabase


def best_of(action: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=5000)
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    from dpo_desk.services.register_columns import SUMMARY_COLUMNS
    from dpo_desk.ui.table_model import ColumnTableModel

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "register.sqlite"
        database = SqlDatabase.open(str(path), Path(folder) / "backups")
        fill(database, args.count)
        services = build_services(database)
        model: ColumnTableModel[ActivitySummary] = ColumnTableModel(SUMMARY_COLUMNS)
        cases = {
            "open (all, by name)": ActivityFilter(),
            "sort by next review, descending": ActivityFilter(
                sort=SortKey.NEXT_REVIEW, descending=True
            ),
            "search one word": ActivityFilter(search="customer"),
            "processor register": ActivityFilter(register=RegisterKind.PROCESSOR),
            "lawful basis (f)": ActivityFilter(lawful_basis=LawfulBasis.LEGITIMATE_INTERESTS),
            "special data only": ActivityFilter(special_only=True),
        }
        print(f"{args.count} activities; best of 5; milliseconds")
        print(f"{'action':34} {'query':>8} {'+ model':>8} {'rows':>6}")
        for label, flt in cases.items():
            rows = services.activities.summaries(flt)
            query = best_of(lambda f=flt: services.activities.summaries(f))  # type: ignore[misc]
            both = best_of(lambda f=flt: model.set_rows(services.activities.summaries(f)))  # type: ignore[misc]
            print(f"{label:34} {query * 1000:8.1f} {both * 1000:8.1f} {len(rows):6d}")
        raw = sqlite3.connect(path)
        raw_time = best_of(
            lambda: raw.execute(
                "SELECT id, register, name, status, role, owner, lawful_bases, next_review_on,"
                " updated_at FROM activity ORDER BY lower(name), id"
            ).fetchall()
        )
        raw.close()
        print(f"{'raw sqlite3, same columns, by name':34} {raw_time * 1000:8.1f}")
        database.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
