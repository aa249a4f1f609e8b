"""Importing the register from Excel: our own export (round trip) and the ICO template layout;
a preview first, every problem by sheet, row and column, nothing written unless all is well."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from dpo_desk.__main__ import main
from dpo_desk.app import build_services
from dpo_desk.domain.activity import (
    CatalogueKind,
    LawfulBasis,
    RegisterKind,
    RetentionUnit,
    normalise_activity,
)
from dpo_desk.domain.errors import ValidationError
from dpo_desk.domain.transfer import RecipientRole, TransferTool
from dpo_desk.paths import Paths
from dpo_desk.reports.exports import export_register
from dpo_desk.reports.spreadsheet import read_sheets
from dpo_desk.services.activity_import import is_known_header, parse_tool
from dpo_desk.services.bundle import Services
from dpo_desk.services.progress import CancelToken, ignore_progress
from dpo_desk.services.sample import fill_sample
from dpo_desk.store.database import SqlDatabase


@pytest.fixture
def sample(tmp_path: Path, paths: Paths) -> Iterator[tuple[SqlDatabase, Services]]:
    database = SqlDatabase.open(str(tmp_path / "sample.sqlite"), paths.backup_dir)
    fill_sample(database.unit_of_work, ignore_progress, CancelToken())
    yield database, build_services(database)
    database.close()


def _export(services: Services, destination: Path) -> Path:
    return export_register(
        services, "activities", "xlsx", destination, ignore_progress, CancelToken()
    )


def _comparable(services: Services) -> dict[str, object]:
    return {
        a.name: replace(normalise_activity(a), created_at=None, updated_at=None, version=None)
        for a in services.activities.all()
    }


@pytest.mark.parametrize("language", ["en", "hr"])
def test_our_own_export_reads_back_exactly(
    sample: tuple[SqlDatabase, Services], tmp_path: Path, language: str
) -> None:
    from dpo_desk.i18n import set_language

    _database, services = sample
    set_language(language)
    workbook = _export(services, tmp_path / "register.xlsx")
    set_language("en")
    plan = services.importer.plan(read_sheets(workbook, is_known_header))
    assert plan.problems == ()
    assert (plan.creates, plan.updates) == (0, 11)
    assert plan.new_entries == ()
    before = _comparable(services)
    for item in plan.items:
        read = replace(
            normalise_activity(item.activity), created_at=None, updated_at=None, version=None
        )
        assert read == before[item.activity.name]
    transfers, recipients = services.transfers.all(), services.recipients.all()
    services.importer.apply(plan)
    assert _comparable(services) == before
    # The transfers column names the registers' transfers: reading it back adds nothing.
    assert services.transfers.all() == transfers
    assert services.recipients.all() == recipients


def test_a_file_with_errors_names_sheet_row_and_column_and_writes_nothing(
    sample: tuple[SqlDatabase, Services], tmp_path: Path
) -> None:
    _database, services = sample
    path = _export(services, tmp_path / "register.xlsx")
    book = load_workbook(path)
    sheet = book.worksheets[0]
    header_row = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "Processing activity")
    headers = [cell.value for cell in sheet[header_row]]
    first = header_row + 1
    sheet.cell(first, headers.index("Purposes of the processing") + 1, "")
    sheet.cell(first + 1, headers.index("Next review") + 1, "sometime next year")
    sheet.cell(
        first + 2,
        headers.index("Third countries or international organisations") + 1,
        "Atlantis: Someone",
    )
    sheet.cell(first + 3, 1, "Brand new activity")
    book.save(path)
    before = _comparable(services)
    plan = services.importer.plan(read_sheets(path, is_known_header))
    texts = [str(problem) for problem in plan.problems]
    sheet_name = sheet.title
    assert any(
        t.startswith(f"{sheet_name}, row {first}, Purposes of the processing:")
        and "is required" in t
        for t in texts
    ), texts
    assert any(
        t.startswith(f"{sheet_name}, row {first + 1}, Next review: is not a date") for t in texts
    )
    assert any(f"row {first + 2}" in t and "Atlantis" in t for t in texts)
    assert plan.creates == 1
    with pytest.raises(ValidationError):
        services.importer.apply(plan)
    assert _comparable(services) == before


def test_a_file_that_is_not_a_spreadsheet_is_refused_by_name(tmp_path: Path) -> None:
    bogus = tmp_path / "register.xlsx"
    bogus.write_text("name;purposes\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"register\.xlsx: is not an Excel workbook"):
        read_sheets(bogus, is_known_header)


def test_a_spreadsheet_laid_out_like_the_ico_template_creates_activities(
    sample: tuple[SqlDatabase, Services], tmp_path: Path
) -> None:
    _database, services = sample
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Controller"
    sheet.append(["Record of processing activities"])
    sheet.append([])
    sheet.append(
        [
            "Business function",
            "Purpose of processing",
            "Name and contact details of joint controller (if applicable)",
            "Categories of individuals",
            "Categories of personal data",
            "Categories of recipients",
            "Names of third countries or international organisations that personal data are transferred to (if applicable)",
            "Safeguards for exceptional transfers of personal data to third countries or international organisations (if applicable)",
            "Retention schedule (if possible)",
            "General description of technical and organisational security measures (if possible)",
            "Article 6 lawful basis for processing personal data",
            "Processing activity",
        ]
    )
    sheet.append(
        [
            "HR",
            "Payroll and employment records",
            "",
            "Employees; Former employees",
            "Identity data; Bank account numbers",
            "Tax administration",
            "",
            "",
            "Bank account numbers: 6 years after the end of employment",
            "Encryption at rest",
            "Article 6(1)(c) – legal obligation",
            "Obračun plaća",
        ]
    )
    path = tmp_path / "ico.xlsx"
    book.save(path)
    plan = services.importer.plan(read_sheets(path, is_known_header))
    assert plan.problems == ()
    assert (plan.creates, plan.updates) == (1, 0)
    new = {name for _kind, name in plan.new_entries}
    assert new == {"Employees", "Former employees", "Bank account numbers", "Tax administration"}
    services.importer.apply(plan)
    (created,) = [a for a in services.activities.all() if a.name == "Obračun plaća"]
    assert created.register is RegisterKind.CONTROLLER
    assert created.lawful_bases == (LawfulBasis.LEGAL_OBLIGATION,)
    (rule,) = created.retention
    assert (rule.period, rule.unit, rule.trigger) == (
        6,
        RetentionUnit.YEARS,
        "after the end of employment",
    )
    names = {e.id: e.name for e in services.catalogue.entries()}
    assert names[rule.data_category_id] == "Bank account numbers"
    kinds = {e.name: e.kind for e in services.catalogue.entries()}
    assert kinds["Employees"] is CatalogueKind.SUBJECT_CATEGORIES


def _ico_with_transfers(tmp_path: Path, transfers: str, safeguards: str) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        [
            "Processing activity",
            "Purpose of processing",
            "Categories of personal data",
            "Names of third countries or international organisations that personal data are transferred to (if applicable)",
            "Safeguards for exceptional transfers of personal data to third countries or international organisations (if applicable)",
        ]
    )
    sheet.append(["Obračun plaća", "Payroll", "Identity data", transfers, safeguards])
    path = tmp_path / "transfers.xlsx"
    book.save(path)
    return path


def test_the_transfers_column_fills_the_transfers_register(
    sample: tuple[SqlDatabase, Services], tmp_path: Path
) -> None:
    _database, services = sample
    path = _ico_with_transfers(
        tmp_path,
        "United States: Payroll SaaS Inc.\nSerbia: Računovodstvo Beograd",
        "United States: SCC 2021/914, module 2\nSerbia: Art. 49(1)(b) contract",
    )
    plan = services.importer.plan(read_sheets(path, is_known_header))
    assert plan.problems == ()
    (item,) = plan.items
    assert [(t.country_code, t.recipient, t.tool, t.scc_module) for t in item.transfers] == [
        ("US", "Payroll SaaS Inc.", TransferTool.SCC, 2),
        ("RS", "Računovodstvo Beograd", None, None),
    ]
    before = len(services.transfers.all())
    services.importer.apply(plan)
    (activity,) = [a for a in services.activities.all() if a.name == "Obračun plaća"]
    new = [t for t in services.transfers.all() if activity.id in t.activity_ids]
    assert len(services.transfers.all()) == before + 2
    by_code = {t.country_code: t for t in new}
    assert (by_code["US"].tool, by_code["US"].scc_module) == (TransferTool.SCC, 2)
    # No tool is guessed from words it does not know: the text is kept for the DPO to read.
    assert by_code["RS"].tool is None
    assert by_code["RS"].notes == "Art. 49(1)(b) contract"
    recipients = {r.name: r for r in services.recipients.all()}
    assert recipients["Payroll SaaS Inc."].role is RecipientRole.THIRD_PARTY
    assert recipients["Payroll SaaS Inc."].activity_ids == (activity.id,)
    # Imported twice, nothing is doubled.
    services.importer.apply(services.importer.plan(read_sheets(path, is_known_header)))
    assert len(services.transfers.all()) == before + 2


def test_a_tool_named_without_what_it_needs_is_kept_as_words(
    sample: tuple[SqlDatabase, Services], tmp_path: Path
) -> None:
    """An Art. 49 derogation without its ground would be an invalid transfer: it is stored
    without a tool (the register warns) and with the text, and not doubled on a second import."""
    _database, services = sample
    path = _ico_with_transfers(
        tmp_path, "Serbia: Računovodstvo Beograd", "Serbia: Derogation (Art. 49)"
    )
    before = len(services.transfers.all())
    for _round in range(2):
        services.importer.apply(services.importer.plan(read_sheets(path, is_known_header)))
    assert len(services.transfers.all()) == before + 1
    (transfer,) = [t for t in services.transfers.all() if t.country_code == "RS" and not t.tool]
    assert transfer.notes == "Derogation (Art. 49)"


def test_a_transfer_inside_the_eea_or_to_an_unknown_country_is_a_problem(
    sample: tuple[SqlDatabase, Services], tmp_path: Path
) -> None:
    _database, services = sample
    path = _ico_with_transfers(tmp_path, "Germany: Berlin office\nAtlantis: Someone", "")
    plan = services.importer.plan(read_sheets(path, is_known_header))
    texts = [str(problem) for problem in plan.problems]
    assert any("Germany is inside the EEA" in t for t in texts), texts
    assert any("“Atlantis” is not a country DPO Desk knows" in t for t in texts), texts


@pytest.mark.parametrize(
    ("text", "tool", "module"),
    [
        (
            "Standard contractual clauses 2021/914 (Art. 46(2)(c)); Module 3: processor to processor",
            TransferTool.SCC,
            3,
        ),
        ("SCCs, modul 4", TransferTool.SCC, 4),
        (
            "Adequacy decision (Art. 45); Commission Implementing Decision (EU) 2019/419",
            TransferTool.ADEQUACY,
            None,
        ),
        ("BCR of the group", TransferTool.BCR, None),
        (
            "Derogation (Art. 49); Art. 49(1)(b) contract with the data subject",
            TransferTool.DEROGATION,
            None,
        ),
        ("a contract, we think", None, None),
        ("", None, None),
    ],
)
def test_parse_tool_reads_what_the_export_writes(
    text: str, tool: TransferTool | None, module: int | None
) -> None:
    assert parse_tool(text) == (tool, module)


def test_the_command_line_previews_and_writes_only_without_dry_run(
    sample: tuple[SqlDatabase, Services], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database, services = sample
    path = _export(services, tmp_path / "register.xlsx")
    book = load_workbook(path)
    sheet = book.worksheets[0]
    header_row = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "Processing activity")
    sheet.cell(header_row + 1, 2, "Customer care")  # the business function of the first activity
    book.save(path)
    location = database.location
    database.close()
    assert main(["--database", location, "import", "activities", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "0 to create, 11 to update." in out and "Dry run: nothing was written." in out
    reopened = SqlDatabase.open(location, tmp_path / "b")
    try:
        owners = {a.owner for a in build_services(reopened).activities.all()}
        assert "Customer care" not in owners
    finally:
        reopened.close()
    assert main(["--database", location, "import", "activities", str(path)]) == 0
    assert "Imported." in capsys.readouterr().out
    reopened = SqlDatabase.open(location, tmp_path / "b")
    try:
        owners = {a.owner for a in build_services(reopened).activities.all()}
        assert "Customer care" in owners
    finally:
        reopened.close()


def test_free_text_with_line_breaks_and_semicolons_still_reads_back(
    sample: tuple[SqlDatabase, Services], tmp_path: Path
) -> None:
    """The safeguards cell holds one line per transfer: a TIA's measures written over several
    lines, or with a semicolon, must not become extra transfers on reading it back."""
    _database, services = sample
    (support,) = [t for t in services.transfers.all() if t.country_code == "RS"]
    services.transfers.save(replace(support, tia_measures="Line one\nLine two;three"))
    before = services.transfers.all()
    workbook = _export(services, tmp_path / "register.xlsx")
    plan = services.importer.plan(read_sheets(workbook, is_known_header))
    assert plan.problems == ()
    services.importer.apply(plan)
    assert services.transfers.all() == before
