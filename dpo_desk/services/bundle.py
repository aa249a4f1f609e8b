"""The services of one open database, handed by the composition root to the window and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from dpo_desk.services.activities import ActivityService, CatalogueService
from dpo_desk.services.activity_import import ActivityImportService
from dpo_desk.services.annual_report import AnnualReportService
from dpo_desk.services.attachments import AttachmentService
from dpo_desk.services.audit import AuditService
from dpo_desk.services.breach_letters import BreachLetterService
from dpo_desk.services.complaints import ComplaintService
from dpo_desk.services.destinations import DestinationService
from dpo_desk.services.incidents import IncidentService
from dpo_desk.services.letters import LetterService
from dpo_desk.services.organisation import OrganisationService
from dpo_desk.services.ports import DatabaseMaintenance
from dpo_desk.services.progress import CancelToken, ProgressReporter
from dpo_desk.services.requests import RequestService
from dpo_desk.services.transfers import RecipientService, TransferService


@dataclass(frozen=True)
class Services:
    organisation: OrganisationService
    activities: ActivityService
    catalogue: CatalogueService
    destinations: DestinationService
    recipients: RecipientService
    transfers: TransferService
    requests: RequestService
    incidents: IncidentService
    breach_letters: BreachLetterService
    complaints: ComplaintService
    annual: AnnualReportService
    letters: LetterService
    importer: ActivityImportService
    attachments: AttachmentService
    audit: AuditService
    maintenance: DatabaseMaintenance
    is_sample: bool

    def close(self) -> None:
        """Releases the database connections."""
        self.maintenance.close()


class Workspace(Protocol):
    """Opening databases, which only the composition root knows how to do."""

    @property
    def sample_path(self) -> Path: ...

    def default_location(self) -> str:
        """The user's own database (not the sample)."""

    def open(self, location: str) -> Services:
        """Opens (creating and upgrading as needed) the database at a path or URL.

        Raises DatabaseError with a message for the user when it cannot."""

    def create_sample(
        self, destination: Path, progress: ProgressReporter, cancel: CancelToken
    ) -> Path:
        """Writes the sample organisation as a new SQLite file (via a .part file and a rename)."""
