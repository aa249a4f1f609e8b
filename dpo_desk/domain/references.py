"""References of the registers' records: "DSR-2026-0042", "INC-2026-0007". Readable, unique
per year, and stable: a record is never renumbered, so a reference quoted in a letter or by
AZOP keeps pointing at the same record."""

from __future__ import annotations

import re


def format_reference(prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year}-{number:04d}"


def parse_reference(prefix: str, text: str) -> tuple[int, int] | None:
    """(year, number) of a reference with that prefix, in any case, or None."""
    found = re.fullmatch(rf"{re.escape(prefix)}-(\d{{4}})-(\d{{4,}})", text.strip().upper())
    return (int(found.group(1)), int(found.group(2))) if found else None
