"""Benchmark: the register export's ratio to raw openpyxl as CPU instructions, not seconds.

export_activities.py times (a) DPO Desk's export of the register against (b) openpyxl in
write-only mode writing the same cells. On a shared machine the seconds swing by tens of per
cent from one minute to the next, which is as large as what is measured. Counting the
instructions each executes (valgrind's callgrind, inside ``operator.call`` only: after the
database is filled and a warm-up run; string hashing seeded alike) gives nearly the same
figure on every run. It leaves out what
costs time without instructions, waiting on memory above all, so it complements the timing
rather than replacing it.

Runs (a) and (b) side by side, each in its own process under valgrind (some 50 times slower:
about 12 minutes for 5,000 activities on two cores), and prints both counts and their ratio.
Needs valgrind (Debian: apt-get install valgrind).

    .venv/bin/python benchmarks/export_instructions.py [--count 5000]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "export_activities.py"
COLLECTED = re.compile(r"Collected\s*:\s*([\d,]+)")


def instructions(which: str, count: int, folder: Path) -> int:
    """Instructions executed by one run of ``which`` ("ours" or "raw")."""
    result = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={folder / f'callgrind.{which}'}",
            "--toggle-collect=_operator_call*",
            sys.executable,
            str(SCRIPT),
            "--one",
            which,
            "--count",
            str(count),
        ],
        capture_output=True,
        text=True,
        # Python's string hashes are salted per process; fixed, both counts repeat exactly.
        env={**os.environ, "PYTHONHASHSEED": "0"},
        check=False,
    )
    found = COLLECTED.search(result.stderr)
    if result.returncode != 0 or found is None:
        raise SystemExit(f"valgrind run of {which} failed:\n{result.stdout}\n{result.stderr}")
    count = int(found.group(1).replace(",", ""))
    if count == 0:
        raise SystemExit(
            "callgrind counted nothing: this Python has no symbol _operator_call (a build "
            "without symbols?), so the measured call cannot be told apart"
        )
    return count


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=5000, help="activities (default 5000)")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    with (
        tempfile.TemporaryDirectory(prefix="dpo-desk-callgrind-") as folder,
        ThreadPoolExecutor(2) as pool,
    ):
        ours, raw = pool.map(
            lambda which: instructions(which, args.count, Path(folder)), ("ours", "raw")
        )
    print(f"(a) DPO Desk export (read, compute, style, write): {ours:,} instructions")
    print(f"(b) openpyxl write-only, same cells, plain:        {raw:,} instructions")
    ratio = ours / raw
    print(f"ratio a/b: {ratio:.3f} (target <= 1.30: {'met' if ratio <= 1.3 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
