"""The headless request commands: ``import email`` records a request from an .eml or .msg file
and prints its reference, refusing what is not an e-mail or has no usable date, and
``export requests`` writes the requests log."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from dpo_desk.domain.request import Channel, Direction, Right
from tests.e2e.support import Runner, open_services

CORPUS = Path(__file__).parent.parent / "data" / "email"


def test_an_e_mail_becomes_a_request_with_the_message_kept(
    cli: Runner, sample: Path, tmp_path: Path
) -> None:
    message = CORPUS / "05-pdf-and-jpeg.eml"
    result = cli("import", "email", message, "--database", sample)
    assert result.code == 0, result.err
    reference = result.out.strip()
    assert reference.startswith("DSR-2026-")
    _database, services = open_services(sample, tmp_path)
    try:
        request = services.requests.find(reference)
        assert request is not None
        assert request.subject.name == "Marko Babić"
        assert request.subject.email == "marko.babic@example.hr"
        assert request.channel is Channel.EMAIL
        assert request.received_on is not None and request.received_on.isoformat() == "2026-03-12"
        assert Right.RECTIFICATION in request.rights  # "ispravak", guessed from the text
        (received,) = request.correspondence
        assert received.direction is Direction.IN
        names = [services.attachments.get(i).file_name for i in received.document_ids]
        assert names == ["05-pdf-and-jpeg.eml", "potvrda o prebivalištu.pdf", "slika računa.jpg"]
        original = services.attachments.content(received.document_ids[0])
        assert original == message.read_bytes()  # the evidence, byte for byte
    finally:
        services.close()


def test_a_message_without_a_date_needs_the_day_it_was_received(
    cli: Runner, sample: Path, tmp_path: Path
) -> None:
    message = CORPUS / "08-no-date.eml"
    refused = cli("import", "email", message, "--database", sample)
    assert refused.code == 1 and "--received" in refused.err
    accepted = cli("import", "email", message, "--received", "2026-11-19", "--database", sample)
    assert accepted.code == 0, accepted.err
    _database, services = open_services(sample, tmp_path)
    try:
        request = services.requests.find(accepted.out.strip())
        assert request is not None and request.received_on is not None
        assert request.received_on.isoformat() == "2026-11-19"
        assert request.rights == (Right.RESTRICTION,)
    finally:
        services.close()


def test_what_is_not_an_e_mail_or_is_dated_in_the_future_writes_nothing(
    cli: Runner, sample: Path, tmp_path: Path
) -> None:
    _database, services = open_services(sample, tmp_path)
    before = services.requests.count()
    services.close()
    garbage = cli("import", "email", CORPUS / "12-not-an-email.eml", "--database", sample)
    assert garbage.code == 1 and "12-not-an-email.eml" in garbage.err
    future = cli(
        "import",
        "email",
        CORPUS / "02-croatian-qp-windows-1250-lf.eml",
        "--received",
        "2099-01-01",
        "--database",
        sample,
    )
    assert future.code == 1 and "is in the future" in future.err
    missing = cli("import", "email", tmp_path / "nema.eml", "--database", sample)
    assert missing.code == 1 and "nema.eml" in missing.err
    _database, services = open_services(sample, tmp_path)
    try:
        assert services.requests.count() == before
    finally:
        services.close()


def test_export_of_the_requests_log(cli: Runner, sample: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "zahtjevi.xlsx"
    result = cli(
        "export", "requests", "--format", "xlsx", "--output", workbook, "--database", sample
    )
    assert result.code == 0, result.err
    sheet = load_workbook(workbook).active
    assert sheet is not None
    references = [
        row[0] for row in sheet.iter_rows(values_only=True) if str(row[0]).startswith("DSR-")
    ]
    # The log in the order the requests were received.
    assert len(references) >= 30 and len(set(references)) == len(references)
    pdf = tmp_path / "zahtjevi.pdf"
    result = cli(
        "--lang",
        "hr",
        "export",
        "requests",
        "--format",
        "pdf",
        "--output",
        pdf,
        "--database",
        sample,
    )
    assert result.code == 0, result.err
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "DSR-2026-0001" in text


def test_the_letter_command_writes_the_letter_and_keeps_it(
    cli: Runner, sample: Path, tmp_path: Path
) -> None:
    output = tmp_path / "potvrda.pdf"
    result = cli(
        "letter",
        "DSR-2026-0004",
        "--type",
        "acknowledgement",
        "--output",
        output,
        "--database",
        sample,
    )
    assert result.code == 0, result.err
    text = " ".join(PdfReader(output).pages[0].extract_text().split())
    assert "DSR-2026-0004" in text and "potvrda primitka" in text  # the request's language
    _database, services = open_services(sample, tmp_path)
    try:
        request = services.requests.find("DSR-2026-0004")
        assert request is not None
        kept = request.correspondence[-1]
        assert kept.summary.startswith("Vaš zahtjev DSR-2026-0004")
        assert services.attachments.content(kept.document_ids[0]) == output.read_bytes()
    finally:
        services.close()
    refused = cli(
        "letter",
        "DSR-2026-0004",
        "--type",
        "refusal",
        "--output",
        tmp_path / "x.pdf",
        "--database",
        sample,
    )
    assert refused.code == 1 and "is required for this letter" in refused.err
    assert not (tmp_path / "x.pdf").exists()
    missing = cli(
        "letter",
        "DSR-1999-0001",
        "--type",
        "acknowledgement",
        "--output",
        tmp_path / "y.pdf",
        "--database",
        sample,
    )
    assert missing.code == 1 and "DSR-1999-0001" in missing.err


def test_the_portability_letter_writes_its_package_beside_it(
    cli: Runner, sample: Path, tmp_path: Path
) -> None:
    import zipfile

    data = tmp_path / "account.csv"
    data.write_text("email,name\nluka@example.hr,Luka Marić\n", encoding="utf-8")
    output = tmp_path / "prenosivost.pdf"
    result = cli(
        "letter",
        "DSR-2026-0004",
        "--type",
        "portability",
        "--dataset",
        data,
        "--output",
        output,
        "--database",
        sample,
    )
    assert result.code == 0, result.err
    with zipfile.ZipFile(tmp_path / "DSR-2026-0004-portability.zip") as archive:
        assert sorted(archive.namelist()) == [
            "data/account.csv",
            "data/account.json",
            "manifest.json",
        ]
    text = " ".join(PdfReader(output).pages[0].extract_text().split())
    assert "DSR-2026-0004-portability.zip" in text
    without = cli(
        "letter",
        "DSR-2026-0004",
        "--type",
        "portability",
        "--output",
        tmp_path / "x.pdf",
        "--database",
        sample,
    )
    assert without.code == 1 and "attach at least one file" in without.err
