"""Composition root: paths -> database (checked, backed up, migrated) -> services -> window or CLI.

The one module that knows both the store and the window; everything else sees only services.
"""

from __future__ import annotations

import argparse
import contextlib
from functools import cache
from pathlib import Path

from dpo_desk.domain.transfer import ReferenceTable
from dpo_desk.paths import Paths, letters_dir, reference_file
from dpo_desk.services.activities import ActivityService, CatalogueService
from dpo_desk.services.activity_import import ActivityImportService
from dpo_desk.services.annual_report import AnnualReportService
from dpo_desk.services.attachments import AttachmentService
from dpo_desk.services.audit import AuditService
from dpo_desk.services.breach_letters import BreachLetterService
from dpo_desk.services.bundle import Services
from dpo_desk.services.complaints import ComplaintService
from dpo_desk.services.destinations import DestinationService, load_reference
from dpo_desk.services.holidays import CROATIA
from dpo_desk.services.incidents import IncidentService
from dpo_desk.services.letters import LetterService, LetterTemplates
from dpo_desk.services.organisation import OrganisationService
from dpo_desk.services.progress import CancelToken, ProgressReporter
from dpo_desk.services.register_columns import register_rows
from dpo_desk.services.requests import RequestService
from dpo_desk.services.sample import fill_sample, is_sample
from dpo_desk.services.transfers import RecipientService, TransferService
from dpo_desk.store.database import SqlDatabase
from dpo_desk.store.engine import DEFAULT_BUSY_TIMEOUT_MS


@cache
def shipped_destinations() -> ReferenceTable:
    """The reference table of destinations shipped in resources/ (read once per run)."""
    return load_reference(reference_file("destinations.json"))


def build_services(database: SqlDatabase) -> Services:
    factory = database.unit_of_work
    destinations = DestinationService(factory, shipped_destinations())
    requests = RequestService(factory, CROATIA)
    organisation = OrganisationService(factory)
    activities = ActivityService(factory)
    catalogue = CatalogueService(factory)
    transfers = TransferService(factory, destinations)
    attachments = AttachmentService(factory)
    incidents = IncidentService(factory)
    templates = LetterTemplates(factory, letters_dir())
    return Services(
        organisation=organisation,
        activities=activities,
        catalogue=catalogue,
        destinations=destinations,
        recipients=RecipientService(factory, destinations),
        transfers=transfers,
        requests=requests,
        incidents=incidents,
        breach_letters=BreachLetterService(
            factory, incidents, organisation.profile, templates, attachments.content
        ),
        complaints=ComplaintService(factory),
        annual=AnnualReportService(factory, CROATIA),
        letters=LetterService(
            requests,
            organisation.profile,
            templates,
            lambda ids, today: register_rows(
                [activities.get(i) for i in ids],
                catalogue.entries(),
                transfers.rows_of_activities(ids, today),
            ),
            attachments.content,
        ),
        importer=ActivityImportService(factory, destinations),
        attachments=attachments,
        audit=AuditService(factory),
        maintenance=database,
        is_sample=is_sample(factory),
    )


class AppWorkspace:
    """Opens databases for the window and the command line (the services' Workspace port)."""

    def __init__(self, paths: Paths, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> None:
        self.paths = paths
        self._busy_timeout_ms = busy_timeout_ms

    @property
    def sample_path(self) -> Path:
        return self.paths.sample_database

    def default_location(self) -> str:
        return str(self.paths.default_database)

    def open_database(
        self, location: str, *, create: bool = True, migrate: bool = True
    ) -> SqlDatabase:
        return SqlDatabase.open(
            location,
            self.paths.backup_dir,
            create=create,
            migrate=migrate,
            busy_timeout_ms=self._busy_timeout_ms,
        )

    def open(self, location: str) -> Services:
        return build_services(self.open_database(location))

    def create_sample(
        self, destination: Path, progress: ProgressReporter, cancel: CancelToken
    ) -> Path:
        """Builds the sample in ``destination.part`` and renames it only when complete."""
        destination = destination.expanduser().resolve()
        part = destination.with_name(destination.name + ".part")
        _remove_sqlite(part)
        try:
            progress(0, 3, "schema")
            database = self.open_database(str(part))
            try:
                cancel.raise_if_cancelled()
                fill_sample(database.unit_of_work, progress, cancel)
            finally:
                database.close()
            cancel.raise_if_cancelled()
            _remove_sqlite(destination, companions_only=True)
            part.replace(destination)
        finally:
            _remove_sqlite(part)
        return destination


def _remove_sqlite(path: Path, *, companions_only: bool = False) -> None:
    """Removes an SQLite file with its WAL and shared-memory companions (or only those)."""
    companions = [Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")]
    for candidate in companions if companions_only else [path, *companions]:
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def run_gui(args: argparse.Namespace) -> int:
    """Opens the window on ``--database``, ``--sample`` or the user's own database."""
    from dpo_desk.ui.application import run_application

    paths = Paths.from_environment(args.data_dir)
    workspace = AppWorkspace(paths)
    return run_application(
        workspace,
        paths,
        database=args.database,
        open_sample=args.sample,
        language=args.lang,
    )
