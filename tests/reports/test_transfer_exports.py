"""The registers of recipients and of transfers exported to Excel and PDF, read back: every
recipient and transfer with its tool, safeguards and warnings, in English and Croatian."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dpo_desk.app import build_services
from dpo_desk.domain.timefmt import office_today
from dpo_desk.domain.transfer import Derogation, Recipient, RecipientRole, Transfer, TransferTool
from dpo_desk.i18n import set_language
from dpo_desk.paths import Paths
from dpo_desk.reports.exports import export_register
from dpo_desk.services.bundle import Services
from dpo_desk.services.progress import CancelToken, ignore_progress
from dpo_desk.services.sample import fill_sample
from dpo_desk.store.database import SqlDatabase
from tests.reports.pdf_check import pdf_text, unembedded_fonts_pypdf

CROATIAN_NAME = "Računovodstvo Đakovo i Čačić d.o.o."


@pytest.fixture
def sample(tmp_path: Path, paths: Paths) -> Iterator[Services]:
    database = SqlDatabase.open(tmp_path / "sample.sqlite", paths.backup_dir)
    try:
        fill_sample(database.unit_of_work, ignore_progress, CancelToken())
        services = build_services(database)
        # A recipient whose name needs the Croatian letters, on a derogation transfer.
        activity_id = services.activities.all()[0].id or 0
        recipient, _changes = services.recipients.save(
            Recipient(
                name=CROATIAN_NAME,
                role=RecipientRole.THIRD_PARTY,
                country_code="BA",
                activity_ids=(activity_id,),
            )
        )
        services.transfers.save(
            Transfer(
                recipient_id=recipient.id,
                country_code="BA",
                activity_ids=(activity_id,),
                tool=TransferTool.DEROGATION,
                derogation=Derogation.CONTRACT_WITH_SUBJECT,
                derogation_assessment="Plaćanje računa klijentu u Sarajevu",
            )
        )
        yield services
    finally:
        set_language("en")
        database.close()


def _export(services: Services, register: str, fmt: str, destination: Path) -> Path:
    return export_register(services, register, fmt, destination, ignore_progress, CancelToken())


def _cells(path: Path) -> list[list[str]]:
    sheet = load_workbook(path).worksheets[0]
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def test_the_transfers_workbook_holds_every_transfer_with_its_tool(
    sample: Services, tmp_path: Path
) -> None:
    rows = sample.transfers.rows(office_today())
    cells = _cells(_export(sample, "transfers", "xlsx", tmp_path / "transfers.xlsx"))
    header = next(i for i, row in enumerate(cells) if row[:2] == ["Recipient", "Destination"])
    data = cells[header + 1 :]
    assert len(data) == len(rows) == 5
    by_recipient = {row[0]: row for row in data}
    for row in rows:
        assert row.recipient is not None
        line = by_recipient[row.recipient.name]
        text = " ".join(line)
        for activity in row.activities:
            assert activity in text
        for category in row.data_categories:
            assert category in text
        for warning in row.warnings:
            assert warning.message in text
        if row.transfer.tia_measures:
            assert row.transfer.tia_measures in text
        if row.transfer.scc_module:
            assert f"Module {row.transfer.scc_module}" in text
    assert "Plaćanje računa klijentu u Sarajevu" in " ".join(by_recipient[CROATIAN_NAME])
    assert by_recipient[CROATIAN_NAME][1] == "Bosnia and Herzegovina"
    support = by_recipient["Customer support centre (illustrative)"]
    assert support[2] == "SCC"
    assert "No adequacy decision" in support


def test_the_recipients_workbook_holds_every_recipient(sample: Services, tmp_path: Path) -> None:
    cells = _cells(_export(sample, "recipients", "xlsx", tmp_path / "recipients.xlsx"))
    names = {row[0] for row in cells}
    for recipient in sample.recipients.all():
        assert recipient.name in names
    cloud = next(row for row in cells if row[0] == "Cloud hosting provider (illustrative)")
    assert "Processor (Art. 28)" in cloud
    assert any(cell.startswith("Certified (checked 15.09.2026.)") for cell in cloud)
    assert any(cell.startswith("Signed 01.02.2026.") for cell in cloud)


@pytest.mark.parametrize("language", ["en", "hr"])
def test_both_registers_as_pdf_in_either_language(
    sample: Services, tmp_path: Path, language: str
) -> None:
    set_language(language)
    for register in ("recipients", "transfers"):
        pdf = _export(sample, register, "pdf", tmp_path / f"{register}-{language}.pdf")
        # Compared without white space: a word longer than its column is broken across lines.
        text = "".join(pdf_text(pdf).split())
        assert "".join(CROATIAN_NAME.split()) in text
        with_transfers = {t.recipient_id for t in sample.transfers.all()}
        for recipient in sample.recipients.all():
            if register == "recipients" or recipient.id in with_transfers:
                assert "".join(recipient.name.split()) in text, (register, recipient.name)
        assert unembedded_fonts_pypdf(pdf) == []
    transfers = " ".join(pdf_text(tmp_path / f"transfers-{language}.pdf").split())
    title = "Evidencija prijenosa u treće zemlje" if language == "hr" else "Register of transfers"
    assert title in transfers
    country = "Bosna i Hercegovina" if language == "hr" else "Bosnia and Herzegovina"
    assert country in transfers
    tool = "standardne ugovorne klauzule" if language == "hr" else "Standard contractual clauses"
    assert tool.casefold() in transfers.casefold()


def test_the_register_of_activities_names_each_activitys_transfers(
    sample: Services, tmp_path: Path
) -> None:
    """Art. 30(1)(e): the authority's copy of the register names the transfers, from the
    transfers register."""
    book = load_workbook(_export(sample, "activities", "xlsx", tmp_path / "register.xlsx"))
    assert "Transfers" in book.sheetnames and "Recipients" in book.sheetnames
    rows = [list(r) for r in book["Controller register"].iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(rows) if row[0] == "Processing activity")
    column = rows[header].index("Third countries or international organisations")
    tools = rows[header].index("Transfer tools and safeguards")
    by_name = {row[0]: row for row in rows[header + 1 :]}
    service = by_name["Customer service"]
    assert "Serbia: Customer support centre (illustrative)" in service[column]
    assert "India: Ticketing platform (illustrative)" in service[column]
    assert "Module 2: controller to processor" in service[tools]
    assert by_name["Marketing communications and newsletters"][column] is None


def test_a_transfer_without_a_tool_says_what_the_register_knows(
    sample: Services, tmp_path: Path
) -> None:
    """A transfer moved from an activity's old transfer list (migration 0004) has its safeguard
    in words and no tool: the authority's copy shows the words, and the adequacy decision where
    one covers the transfer, instead of claiming nothing is known."""
    (cloud,) = [t for t in sample.transfers.all() if t.country_code == "US"]
    (support,) = [t for t in sample.transfers.all() if t.country_code == "RS"]
    sample.transfers.save(replace(cloud, tool=None))
    sample.transfers.save(
        replace(support, tool=None, scc_module=None, notes="SCC 2021/914, modul 2; TIA-2026-01")
    )
    book = load_workbook(_export(sample, "activities", "xlsx", tmp_path / "register.xlsx"))
    rows = [list(r) for r in book["Controller register"].iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(rows) if row[0] == "Processing activity")
    tools = rows[header].index("Transfer tools and safeguards")
    by_name = {row[0]: row for row in rows[header + 1 :]}
    assert (
        "United States: Adequacy decision Commission Implementing Decision (EU) 2023/1795 "
        "(no tool recorded)"
    ) in by_name["Pixelus ID account"][tools]
    assert (
        "Serbia: No transfer tool recorded; as recorded: SCC 2021/914, modul 2; TIA-2026-01"
    ) in by_name["Customer service"][tools]
