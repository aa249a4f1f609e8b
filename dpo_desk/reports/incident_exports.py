"""The register of breaches (Art. 33(5)) to Excel and PDF: every incident, notified or not,
with its facts, effects, remedial action and the reasoning behind each decision."""

from __future__ import annotations

from pathlib import Path

from dpo_desk.domain.timefmt import utc_now
from dpo_desk.i18n import N_, _
from dpo_desk.reports.header import header_lines
from dpo_desk.reports.register_pdf import RecordLayout, write_record_pdf
from dpo_desk.reports.tables import write_xlsx
from dpo_desk.services.bundle import Services
from dpo_desk.services.incident_columns import BREACH_REGISTER_COLUMNS, BREACH_SUMMARY_KEYS
from dpo_desk.services.progress import CancelToken, ProgressReporter

TITLE = N_("Register of personal-data breaches and incidents (Art. 33(5))")


def export_incidents(
    services: Services, fmt: str, destination: Path, progress: ProgressReporter, cancel: CancelToken
) -> Path:
    """Oldest first, as a register is kept; in the current language."""
    header = header_lines(services.organisation.profile(), utc_now())
    records = services.incidents.register()
    if fmt == "xlsx":
        return write_xlsx(
            destination, _(TITLE), header, BREACH_REGISTER_COLUMNS, records, progress, cancel
        )
    return write_record_pdf(
        destination,
        _(TITLE),
        header,
        BREACH_REGISTER_COLUMNS,
        records,
        progress,
        cancel,
        RecordLayout(
            BREACH_SUMMARY_KEYS,
            lambda record: f"{record.incident.reference}: {record.incident.title}",
            "title",
            _("Incidents: {count}"),
        ),
    )
