"""The registers ``dpo-desk export`` and the window can write, by name, to xlsx or PDF.

Each register issue adds its entry to REGISTERS; the command line's choices come from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dpo_desk.domain.columns import Column
from dpo_desk.domain.timefmt import utc_now
from dpo_desk.i18n import N_, _
from dpo_desk.reports.header import header_lines
from dpo_desk.reports.tables import write_pdf, write_xlsx
from dpo_desk.services.audit import AUDIT_COLUMNS
from dpo_desk.services.bundle import Services
from dpo_desk.services.progress import CancelToken, ProgressReporter

FORMATS = ("xlsx", "pdf")


@dataclass(frozen=True)
class RegisterExport:
    title: str  # N_()-marked
    columns: tuple[Column[Any], ...]
    rows: Callable[[Services], list[Any]]


REGISTERS: dict[str, RegisterExport] = {
    "audit": RegisterExport(
        N_("Audit log"), AUDIT_COLUMNS, lambda services: services.audit.recent()
    ),
}


def export_register(
    services: Services,
    register: str,
    output_format: str,
    destination: Path,
    progress: ProgressReporter,
    cancel: CancelToken,
) -> Path:
    """Writes ``register`` to ``destination`` in the current language; returns the path."""
    spec = REGISTERS[register]
    if output_format not in FORMATS:
        raise ValueError(f"unknown format {output_format!r}")
    rows = spec.rows(services)
    header = header_lines(services.organisation.profile(), utc_now())
    writer = write_xlsx if output_format == "xlsx" else write_pdf
    return writer(destination, _(spec.title), header, spec.columns, rows, progress, cancel)
