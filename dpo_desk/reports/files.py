"""Writing output files so that a crash or a cancel never leaves half a file under the real name."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dpo_desk.i18n import _


@contextmanager
def atomic_output(destination: Path) -> Iterator[Path]:
    """Yields ``destination.part`` to write to; renames it over ``destination`` only on success.

    A missing folder is created (scripts write into dated folders); a folder given as the
    destination is refused under its own name, not the temporary file's."""
    if destination.is_dir():
        raise IsADirectoryError(errno.EISDIR, _("is a folder, not a file"), str(destination))
    destination.parent.mkdir(parents=True, exist_ok=True)
    part = destination.with_name(destination.name + ".part")
    part.unlink(missing_ok=True)
    try:
        yield part
        part.replace(destination)
    finally:
        part.unlink(missing_ok=True)


#: Characters that make a spreadsheet cell a formula (or a DDE command) in Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text: str) -> str:
    """Prefixes an apostrophe to text a spreadsheet would run as a formula (OWASP CSV injection)."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text
