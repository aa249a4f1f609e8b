"""The registers ``dpo-desk export`` and the window can write, by name, to xlsx or PDF.

Each register issue adds its entry to REGISTERS; the command line's choices come from here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from dpo_desk.domain.activity import CATALOGUE_LABELS, REGISTER_LABELS, CatalogueKind, RegisterKind
from dpo_desk.domain.columns import Column
from dpo_desk.domain.request import RequestFilter, RequestSort
from dpo_desk.domain.timefmt import office_today, utc_now
from dpo_desk.i18n import N_, _
from dpo_desk.reports.complaint_reports import complaint_lines
from dpo_desk.reports.header import header_lines
from dpo_desk.reports.incident_exports import export_incidents
from dpo_desk.reports.register_pdf import write_register_pdf
from dpo_desk.reports.tables import Sheet, write_pdf, write_workbook, write_xlsx
from dpo_desk.services.audit import AUDIT_COLUMNS
from dpo_desk.services.bulk import collector_paused
from dpo_desk.services.bundle import Services
from dpo_desk.services.complaint_columns import COMPLAINT_COLUMNS
from dpo_desk.services.progress import CancelToken, ProgressReporter
from dpo_desk.services.register_columns import (
    CATALOGUE_COLUMNS,
    CONTROLLER_COLUMNS,
    PROCESSOR_COLUMNS,
    RETENTION_COLUMNS,
    RegisterRow,
    register_rows,
    retention_lines,
)
from dpo_desk.services.request_columns import request_columns
from dpo_desk.services.transfer_columns import RECIPIENT_COLUMNS, TRANSFER_COLUMNS

FORMATS = ("xlsx", "pdf")


#: Writes one register in one format: (services, format, destination, progress, cancel) -> path.
Exporter = Callable[[Services, str, Path, ProgressReporter, CancelToken], Path]


#: Each register's columns (Art. 30(1) and 30(2)).
REGISTER_COLUMNS = {
    RegisterKind.CONTROLLER: CONTROLLER_COLUMNS,
    RegisterKind.PROCESSOR: PROCESSOR_COLUMNS,
}

SHEET_NAMES = {
    RegisterKind.CONTROLLER: N_("Controller register"),
    RegisterKind.PROCESSOR: N_("Processor register"),
}


def _header(services: Services) -> list[tuple[str, str]]:
    return header_lines(services.organisation.profile(), utc_now())


def _table(
    title: str, columns: tuple[Column[Any], ...], rows: Callable[[Services], list[Any]]
) -> Exporter:
    """A register that is one table, in either format."""

    def export(
        services: Services,
        fmt: str,
        destination: Path,
        progress: ProgressReporter,
        cancel: CancelToken,
    ) -> Path:
        writer = write_xlsx if fmt == "xlsx" else write_pdf
        return writer(
            destination, _(title), _header(services), columns, rows(services), progress, cancel
        )

    return export


def _rows(services: Services, register: RegisterKind | None = None) -> list[RegisterRow]:
    """The activities with their catalogue entries and their transfers (Art. 30(1)(e))."""
    with collector_paused():
        activities = services.activities.all(register)
        catalogue = services.catalogue.entries()
        transfers = services.transfers.rows_for(activities, catalogue, office_today())
        return register_rows(activities, catalogue, transfers)


def _record_sheets(services: Services, header: list[tuple[str, str]]) -> list[Sheet[Any]]:
    """The whole Art. 30 record as sheets: the controller and processor registers, the
    retention schedule, the recipients, the transfers and the catalogues. Read once (5,000
    activities with their links), then split."""
    with collector_paused():
        catalogue = services.catalogue.entries()
        activities = services.activities.all()
        today = office_today()
        transfers = services.transfers.rows_for(activities, catalogue, today)
        every = register_rows(activities, catalogue, transfers)
        sheets: list[Sheet[Any]] = [
            Sheet(
                _(REGISTER_LABELS[kind]),
                header,
                REGISTER_COLUMNS[kind],
                [row for row in every if row.activity.register is kind],
                _(SHEET_NAMES[kind]),
            )
            for kind in (RegisterKind.CONTROLLER, RegisterKind.PROCESSOR)
        ]
        sheets += [
            Sheet(_("Retention schedule"), header, RETENTION_COLUMNS, retention_lines(every)),
            Sheet(
                _("Recipients"),
                header,
                RECIPIENT_COLUMNS,
                services.recipients.rows_for(
                    activities, today, [row.transfer for row in transfers]
                ),
            ),
            Sheet(_("Transfers"), header, TRANSFER_COLUMNS, transfers),
        ]
    for kind in CatalogueKind:
        sheets.append(
            Sheet(
                _(CATALOGUE_LABELS[kind]),
                header,
                CATALOGUE_COLUMNS,
                [entry for entry in catalogue if entry.kind is kind],
            )
        )
    return sheets


def _activities(register: RegisterKind) -> Exporter:
    """A register of processing activities. Its workbook holds the whole Art. 30 record: the
    controller register, the processor register, the retention schedule and the catalogues."""

    def export(
        services: Services,
        fmt: str,
        destination: Path,
        progress: ProgressReporter,
        cancel: CancelToken,
    ) -> Path:
        header = _header(services)
        columns = REGISTER_COLUMNS[register]
        title = _(REGISTER_LABELS[register])
        if fmt == "pdf" or register is RegisterKind.PROCESSOR:
            rows = _rows(services, register)
            if fmt == "pdf":
                return write_register_pdf(
                    destination, title, header, columns, rows, progress, cancel
                )
            sheets: list[Sheet[Any]] = [
                Sheet(title, header, columns, rows, _(SHEET_NAMES[register]))
            ]
        else:
            sheets = _record_sheets(services, header)
        return write_workbook(destination, sheets, progress, cancel)

    return export


def _requests(
    services: Services, fmt: str, destination: Path, progress: ProgressReporter, cancel: CancelToken
) -> Path:
    """The requests log in the order they were received; the days left count from the day
    the file is written."""
    return _table(
        N_("Log of data-subject requests"),
        request_columns(office_today()),
        lambda s: s.requests.summaries(RequestFilter(sort=RequestSort.RECEIVED)),
    )(services, fmt, destination, progress, cancel)


REGISTERS: dict[str, Exporter] = {
    "activities": _activities(RegisterKind.CONTROLLER),
    "processor-activities": _activities(RegisterKind.PROCESSOR),
    "retention": _table(
        N_("Retention schedule"), RETENTION_COLUMNS, lambda s: retention_lines(_rows(s))
    ),
    "recipients": _table(
        N_("Register of recipients"),
        RECIPIENT_COLUMNS,
        lambda services: services.recipients.rows(office_today()),
    ),
    "transfers": _table(
        N_("Register of transfers to third countries"),
        TRANSFER_COLUMNS,
        lambda services: services.transfers.rows(office_today()),
    ),
    "requests": _requests,
    "incidents": export_incidents,
    "complaints": _table(N_("Register of complaints"), COMPLAINT_COLUMNS, complaint_lines),
    "audit": _table(N_("Audit log"), AUDIT_COLUMNS, lambda services: services.audit.recent()),
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
    if output_format not in FORMATS:
        raise ValueError(f"unknown format {output_format!r}")
    return REGISTERS[register](services, output_format, destination, progress, cancel)
