"""The headless breach commands: ``notification`` writes the notification to AZOP (Croatian by
default) or the letter to the data subjects and keeps it as a dated version; ``export
incidents`` writes the Art. 33(5) register to Excel and PDF."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from dpo_desk.domain.incident import Addressee, Phase
from tests.e2e.support import Runner, open_services

#: The sample's incidents by title: their references follow the year they were detected, and
#: the sample is dated back from today, so a test never spells a reference out.
LOST_FORMS = "Competition entry forms lost in the post"
RANSOMWARE = "Ransomware at the ticketing platform"
PHISHING = "Phishing e-mail to the finance team"
EXPORT = "Suspicious export of the customer list"
STOLEN_LAPTOP = "Laptop stolen from an employee's car"
TAKEOVER = "Account takeover by credential stuffing"


def _reference(sample: Path, tmp_path: Path, title: str) -> str:
    _database, services = open_services(sample, tmp_path)
    try:
        (found,) = [i.reference for i in services.incidents.all() if i.title == title]
        assert found is not None
        return found
    finally:
        services.close()


def _text(path: Path) -> str:
    return " ".join("".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_the_notification_to_azop_is_written_and_kept(
    cli: Runner, sample: Path, tmp_path: Path
) -> None:
    output = tmp_path / "azop.pdf"
    # The lost entry forms: aware 42 hours ago, not notified yet.
    reference = _reference(sample, tmp_path, LOST_FORMS)
    result = cli(
        "notification",
        reference,
        "--to",
        "authority",
        "--output",
        output,
        "--sent",
        "--database",
        sample,
    )
    assert result.code == 0, result.err
    text = _text(output)
    assert reference in text
    assert LOST_FORMS in text
    assert "Agencija za zaštitu osobnih podataka" in text
    assert "članak 33." in text or "člankom 33." in text  # Croatian by default
    assert "Obaviješteno:" in text and "Pripremljeno" not in text  # printed as sent
    _database, services = open_services(sample, tmp_path)
    try:
        incident = services.incidents.find(reference)
        assert incident is not None and incident.notified_at is not None
        (version,) = incident.notifications
        assert (version.addressee, version.phase, version.language) == (
            Addressee.AUTHORITY,
            Phase.INITIAL,
            "hr",
        )
        assert services.attachments.content(version.attachment_id or 0) == output.read_bytes()
    finally:
        services.close()


def test_the_letter_to_the_data_subjects_in_english(
    cli: Runner, sample: Path, tmp_path: Path
) -> None:
    output = tmp_path / "subjects.pdf"
    result = cli(
        "--lang",
        "en",
        "notification",
        _reference(sample, tmp_path, RANSOMWARE),
        "--to",
        "subjects",
        "--output",
        output,
        "--database",
        sample,
    )
    assert result.code == 0, result.err
    text = _text(output)
    assert "What you can do to protect yourself" in text
    assert "never ask you for your password" in text


def test_what_cannot_be_notified_is_refused_and_nothing_written(
    cli: Runner, sample: Path, tmp_path: Path
) -> None:
    output = tmp_path / "x.pdf"
    missing = cli(
        "notification",
        "INC-2026-0999",
        "--to",
        "authority",
        "--output",
        output,
        "--database",
        sample,
    )
    assert missing.code == 1 and "INC-2026-0999" in missing.err
    # The phishing e-mail was found not to be a breach.
    refused = cli(
        "--lang",
        "en",
        "notification",
        _reference(sample, tmp_path, PHISHING),
        "--to",
        "authority",
        "--output",
        output,
        "--database",
        sample,
    )
    assert refused.code == 1 and "not to be a breach" in refused.err
    # The suspicious export has no awareness recorded yet.
    unaware = cli(
        "--lang",
        "en",
        "notification",
        _reference(sample, tmp_path, EXPORT),
        "--to",
        "authority",
        "--output",
        output,
        "--database",
        sample,
    )
    assert unaware.code == 1 and "Became aware at" in unaware.err
    assert not output.exists()


def test_export_of_the_breach_register(cli: Runner, sample: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "povrede.xlsx"
    result = cli(
        "--lang",
        "en",
        "export",
        "incidents",
        "--format",
        "xlsx",
        "--output",
        workbook,
        "--database",
        sample,
    )
    assert result.code == 0, result.err
    sheet = load_workbook(workbook).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    header = next(row for row in rows if row[0] == "Reference")
    for column in (
        "What happened",
        "Effects (likely consequences)",
        "Remedial action taken",
        "Reasoning of the decision",
        "Why it is or is not a breach",
        "Reasons for the delay",
    ):
        assert column in header, column
    records = [row for row in rows if str(row[0]).startswith("INC-")]
    # Every incident, notified or not, oldest first.
    assert len(records) == 8
    by_reference = {row[0]: dict(zip(header, row, strict=False)) for row in records}
    late = by_reference[_reference(sample, tmp_path, RANSOMWARE)]
    assert "78 hours" in str(late["Reasons for the delay"])
    assert "80 h 00 min after awareness" in str(late["AZOP notified at"])
    kept_internal = by_reference[_reference(sample, tmp_path, STOLEN_LAPTOP)]
    assert "Full-disk encryption" in str(kept_internal["Reasoning of the decision"])
    pdf = tmp_path / "povrede.pdf"
    result = cli(
        "--lang",
        "hr",
        "export",
        "incidents",
        "--format",
        "pdf",
        "--output",
        pdf,
        "--database",
        sample,
    )
    assert result.code == 0, result.err
    text = _text(pdf)
    assert _reference(sample, tmp_path, TAKEOVER) in text
    assert _reference(sample, tmp_path, LOST_FORMS) in text
    assert "Full-disk encryption" in text


def test_a_notification_that_cannot_be_written_records_nothing(
    cli: Runner, sample: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    reference = _reference(sample, tmp_path, LOST_FORMS)
    result = cli(
        "--lang",
        "en",
        "notification",
        reference,
        "--to",
        "authority",
        "--output",
        folder,
        "--sent",
        "--database",
        sample,
    )
    assert result.code == 1 and "a-folder" in result.err
    _database, services = open_services(sample, tmp_path)
    try:
        incident = services.incidents.find(reference)
        assert incident is not None
        assert incident.notified_at is None and incident.notifications == ()
    finally:
        services.close()
