"""Exporting the register of processing activities (Art. 30) to xlsx and PDF, read back: every
Art. 30(1) field of every activity is in the file, in both languages, with Croatian letters."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from dpo_desk.app import build_services
from dpo_desk.domain.activity import (
    CATALOGUE_LABELS,
    REGISTER_LABELS,
    Activity,
    ActivityStatus,
    CatalogueEntry,
    CatalogueKind,
    DpiaStatus,
    EnisaDataType,
    LawfulBasis,
    MeasureKind,
    RegisterKind,
    RetentionFate,
    RetentionRule,
    RetentionUnit,
    Role,
    SpecialCondition,
    describe_retention,
)
from dpo_desk.domain.contact import Address
from dpo_desk.domain.errors import TaskCancelledError
from dpo_desk.domain.organisation import Person
from dpo_desk.domain.transfer import (
    SCC_MODULE_LABELS,
    TOOL_LABELS,
    Derogation,
    Recipient,
    RecipientRole,
    Transfer,
    TransferTool,
)
from dpo_desk.i18n import _, has_catalog, set_language
from dpo_desk.paths import Paths
from dpo_desk.reports.exports import REGISTERS, SHEET_NAMES, export_register
from dpo_desk.services.bundle import Services
from dpo_desk.services.progress import CancelToken, ignore_progress
from dpo_desk.services.register_columns import (
    CATALOGUE_COLUMNS,
    CONTROLLER_COLUMNS,
    PROCESSOR_COLUMNS,
    RETENTION_COLUMNS,
)
from dpo_desk.services.sample import fill_sample
from dpo_desk.store.database import SqlDatabase
from tests.reports.pdf_check import (
    pdf_text,
    pdf_title,
    unembedded_fonts_pdffonts,
    unembedded_fonts_pypdf,
)
from tests.support import compile_croatian_catalog

CROATIAN = "Evidencija radnog vremena čćđ ČĆĐ šž"
CONTROLLER = "Đurđević i Čačić d.o.o."
#: Country names as the English export writes them, for the codes the tests use.
COUNTRIES = {
    "US": "United States",
    "RS": "Serbia",
    "JP": "Japan",
    "GB": "United Kingdom",
    "IN": "India",
}

#: The controller sheet's header row, in the ICO template's order (English).
ICO_HEADERS = [
    "Processing activity",
    "Business function",
    "Purposes of the processing",
    "Role",
    "Joint controllers",
    "Categories of data subjects",
    "Categories of personal data",
    "Categories of recipients",
    "Third countries or international organisations",
    "Transfer tools and safeguards",
    "Retention schedule",
    "Technical and organisational security measures",
    "Lawful basis (Art. 6(1))",
    "Legitimate interests",
    "Balancing test",
    "Special categories: Art. 9(2) condition",
    "Rights available to data subjects",
    "Automated decisions and profiling (Art. 22)",
    "Source of the data",
    "Systems used",
    "Location of the data",
    "DPIA",
    "DPIA reference",
    "Status",
    "Last reviewed",
    "Next review",
]


@pytest.fixture
def services(tmp_path: Path, paths: Paths) -> Iterator[Services]:
    """SQLite only: the exports do not depend on the database engine."""
    database = SqlDatabase.open(tmp_path / "register.sqlite", paths.backup_dir)
    try:
        yield build_services(database)
    finally:
        database.close()


def _entry_id(services: Services, kind: CatalogueKind, name: str) -> int:
    saved, _changes = services.catalogue.save(CatalogueEntry(kind, name))
    assert saved.id is not None
    return saved.id


@pytest.fixture
def register(tmp_path: Path, paths: Paths) -> Iterator[Services]:
    database = SqlDatabase.open(tmp_path / "register.sqlite", paths.backup_dir)
    try:
        fill_sample(database.unit_of_work, ignore_progress, CancelToken())
        services = build_services(database)
        profile = services.organisation.profile()
        assert profile is not None
        services.organisation.save(
            replace(
                profile,
                controller_name=CONTROLLER,
                representative=Person(
                    name="Vertreter GmbH",
                    email="rep@vertreter.example",
                    phone="+49 30 1234",
                    address=Address(
                        street="Unter den Linden 1",
                        postal_code="10117",
                        city="Berlin",
                        country_code="DE",
                    ),
                ),
            )
        )
        health, _ = services.catalogue.save(
            CatalogueEntry(
                CatalogueKind.DATA_CATEGORIES,
                "Zdravstveni podaci (bolovanja)",
                special=True,
                enisa_type=EnisaDataType.SENSITIVE,
            )
        )
        staff = _entry_id(services, CatalogueKind.SUBJECT_CATEGORIES, "Zaposlenici")
        hzzo = _entry_id(services, CatalogueKind.RECIPIENT_CATEGORIES, "HZZO i Porezna uprava")
        clock, _ = services.catalogue.save(
            CatalogueEntry(
                CatalogueKind.SECURITY_MEASURES,
                "Biometrija isključena",
                measure_kind=MeasureKind.ORGANISATIONAL,
            )
        )
        assert health.id is not None and clock.id is not None
        services.activities.save(
            Activity(
                name=CROATIAN,
                owner="Ljudski potencijali",
                purposes="Evidencija o radnicima (čl. 5. Zakona o radu) i obračun prekovremenog rada",
                role=Role.JOINT_CONTROLLER,
                joint_controllers="Grupa Đakovo d.d.",
                subject_category_ids=(staff,),
                data_category_ids=(health.id,),
                recipient_category_ids=(hzzo,),
                retention=(
                    RetentionRule(
                        data_category_id=health.id,
                        period=6,
                        unit=RetentionUnit.YEARS,
                        trigger="nakon prestanka radnog odnosa",
                        fate=RetentionFate.ANONYMISE,
                        citation="Zakon o radu, čl. 5. st. 4.",
                    ),
                ),
                measure_ids=(clock.id,),
                measures_description="Terminali u zaključanoj prostoriji; pristup samo službi",
                lawful_bases=(LawfulBasis.LEGAL_OBLIGATION, LawfulBasis.LEGITIMATE_INTERESTS),
                legitimate_interest="Točan obračun plaće",
                balancing_test="LIA-2026-09",
                special_condition=SpecialCondition.EMPLOYMENT,
                automated_decisions=True,
                automated_logic="Prekovremeni sati iz evidencije ulazaka",
                source="Terminal za evidenciju",
                systems="Kadrovska aplikacija",
                location="Poslužitelj u Osijeku",
                dpia_status=DpiaStatus.COMPLETED,
                dpia_reference="DPIA-2026-11",
                status=ActivityStatus.ACTIVE,
            )
        )
        ours = next(a for a in services.activities.all() if a.name == CROATIAN)
        assert ours.id is not None
        for name, code, transfer in (
            (
                "Računovodstveni servis Beograd",
                "RS",
                Transfer(
                    tool=TransferTool.DEROGATION,
                    derogation=Derogation.CONTRACT_WITH_SUBJECT,
                    derogation_assessment="Procjena TIA-2026-05",
                ),
            ),
            ("Tokyo office", "JP", Transfer(tool=TransferTool.ADEQUACY)),
        ):
            recipient, _changes = services.recipients.save(
                Recipient(
                    name=name,
                    role=RecipientRole.GROUP_COMPANY,
                    country_code=code,
                    activity_ids=(ours.id,),
                )
            )
            services.transfers.save(
                replace(
                    transfer, recipient_id=recipient.id, country_code=code, activity_ids=(ours.id,)
                )
            )
        yield services
    finally:
        database.close()


def export(services: Services, register: str, output_format: str, destination: Path) -> Path:
    return export_register(
        services, register, output_format, destination, ignore_progress, CancelToken()
    )


def text(value: Any) -> str:
    return "" if value is None else str(value)


def flat(content: str) -> str:
    """Whitespace normalised: table cells wrap, and a wrapped line is a space again."""
    return " ".join(content.split())


def sheet(path: Path, name: str) -> list[list[str]]:
    workbook = load_workbook(path)
    return [[text(value) for value in row] for row in workbook[name].iter_rows(values_only=True)]


def header_row(rows: list[list[str]]) -> int:
    """The column header row: after the title, the organisation block and a blank row."""
    blank = next(i for i, row in enumerate(rows) if not any(row))
    return blank + 1


def names_by_id(services: Services) -> dict[int, str]:
    return {entry.id: entry.name for entry in services.catalogue.entries() if entry.id is not None}


def art30_values(services: Services, activity: Activity) -> dict[str, list[str]]:
    """Every Art. 30(1) value of the activity, by the column it belongs in, worked out from the
    activity and the registers themselves (not from the column specs the export uses)."""
    names = names_by_id(services)
    recipients = {r.id: r.name for r in services.recipients.all()}
    transfers = [t for t in services.transfers.all() if activity.id in t.activity_ids]
    tools: list[str] = []
    for transfer in transfers:
        assert transfer.tool is not None
        tools.append(_(TOOL_LABELS[transfer.tool]))
        if transfer.scc_module:
            tools.append(_(SCC_MODULE_LABELS[transfer.scc_module]))
        tools += [text for text in (transfer.derogation_assessment, transfer.tia_measures) if text]
    return {
        "Processing activity": [activity.name],
        "Purposes of the processing": [activity.purposes],  # (b)
        "Joint controllers": [activity.joint_controllers] if activity.joint_controllers else [],
        "Categories of data subjects": [names[i] for i in activity.subject_category_ids],  # (c)
        "Categories of personal data": [names[i] for i in activity.data_category_ids],  # (c)
        "Categories of recipients": [names[i] for i in activity.recipient_category_ids],  # (d)
        "Third countries or international organisations": [  # (e)
            COUNTRIES[t.country_code] for t in transfers
        ]
        + [recipients[t.recipient_id] for t in transfers],
        "Transfer tools and safeguards": tools,  # (e)
        "Retention schedule": [describe_retention(rule) for rule in activity.retention]  # (f)
        + [names[rule.data_category_id] for rule in activity.retention if rule.data_category_id],
        "Technical and organisational security measures": [  # (g)
            names[i] for i in activity.measure_ids
        ]
        + ([activity.measures_description] if activity.measures_description else []),
    }


# --- xlsx ---------------------------------------------------------------------------------------


def test_the_workbook_holds_every_register_sheet(register: Services, tmp_path: Path) -> None:
    destination = export(register, "activities", "xlsx", tmp_path / "register.xlsx")
    assert load_workbook(destination).sheetnames == [
        "Controller register",
        "Processor register",
        "Retention schedule",
        "Recipients",
        "Transfers",
        "Categories of personal data",
        "Categories of data subjects",
        "Categories of recipients",
        "Security measures",
    ]


def test_each_sheet_opens_with_the_organisation_block(register: Services, tmp_path: Path) -> None:
    destination = export(register, "activities", "xlsx", tmp_path / "register.xlsx")
    for name in load_workbook(destination).sheetnames:
        rows = sheet(destination, name)
        assert rows[0][0], name  # the title
        block = {row[0]: row[1] for row in rows[1 : header_row(rows) - 1]}
        assert list(block) == [
            "Controller",
            "Data protection officer",
            "EU representative",
            "Supervisory authority",
            "Generated",
        ], name
        assert block["Controller"].startswith(CONTROLLER + ", Savska Opatovina 36")
        assert "OIB 39821269208" in block["Controller"]
        assert block["Data protection officer"].startswith("Ana Horvat, dpo@leapbit.example")
        assert block["EU representative"].startswith("Vertreter GmbH, rep@vertreter.example")
        assert block["Supervisory authority"] == "Agencija za zaštitu osobnih podataka (AZOP)"
    rows = sheet(destination, "Controller register")
    assert rows[0][0] == "Controller register (Art. 30(1))"
    assert load_workbook(destination)["Controller register"]["A1"].font.b


def test_the_controller_sheet_has_the_ico_columns_and_every_art_30_1_field(
    register: Services, tmp_path: Path
) -> None:
    destination = export(register, "activities", "xlsx", tmp_path / "register.xlsx")
    rows = sheet(destination, "Controller register")
    top = header_row(rows)
    assert rows[top] == ICO_HEADERS
    assert [_(column.header) for column in CONTROLLER_COLUMNS] == ICO_HEADERS
    data = rows[top + 1 :]
    activities = register.activities.all(RegisterKind.CONTROLLER)
    assert len(activities) == 11  # ten from the sample, and ours
    assert [row[0] for row in data] == [activity.name for activity in activities]
    assert CROATIAN in [row[0] for row in data]

    column = {header: index for index, header in enumerate(ICO_HEADERS)}
    for activity, row in zip(activities, data, strict=True):
        assert row[column["Purposes of the processing"]] == activity.purposes
        for header, values in art30_values(register, activity).items():
            cell = row[column[header]]
            for value in values:
                assert value in cell, (activity.name, header, value)
        assert row[column["Business function"]] == activity.owner
        assert row[column["Source of the data"]] == activity.source
        assert row[column["Systems used"]] == activity.systems
        assert row[column["Status"]] == "Active"
        for basis in activity.lawful_bases:
            assert f"Art. 6(1)({basis.value})" in row[column["Lawful basis (Art. 6(1))"]]

    ours = data[[row[0] for row in data].index(CROATIAN)]
    assert ours[column["Role"]] == "Joint controller (Art. 26)"
    # By recipient name: the transfers register's order.
    assert ours[column["Third countries or international organisations"]].split("\n") == [
        "Serbia: Računovodstveni servis Beograd",
        "Japan: Tokyo office",
    ]
    assert ours[column["Transfer tools and safeguards"]].split("\n") == [
        "Serbia: Derogation (Art. 49); Art. 49(1)(b) contract with the data subject; "
        "assessment: Procjena TIA-2026-05",
        "Japan: Adequacy decision (Art. 45); Commission Implementing Decision (EU) 2019/419",
    ]
    assert ours[column["Retention schedule"]] == (
        "Zdravstveni podaci (bolovanja): 6 years nakon prestanka radnog odnosa; then anonymise "
        "(Zakon o radu, čl. 5. st. 4.)"
    )
    assert ours[column["Technical and organisational security measures"]] == (
        "Biometrija isključena\nTerminali u zaključanoj prostoriji; pristup samo službi"
    )
    assert ours[column["Special categories: Art. 9(2) condition"]] == (
        "Art. 9(2)(b) employment and social security law"
    )
    assert ours[column["Automated decisions and profiling (Art. 22)"]] == (
        "Yes: Prekovremeni sati iz evidencije ulazaka"
    )
    assert ours[column["DPIA"]] == "Completed"
    assert ours[column["DPIA reference"]] == "DPIA-2026-11"
    assert ours[column["Legitimate interests"]] == "Točan obračun plaće"
    assert ours[column["Balancing test"]] == "LIA-2026-09"
    assert ours[column["Rights available to data subjects"]] == (
        "access (Art. 15); rectification (Art. 16); erasure (Art. 17); restriction (Art. 18); "
        "objection (Art. 21)"
    )
    voice = data[[row[0] for row in data].index("Customer service")]
    assert (
        "Voice recordings: 1 month after the call; then delete"
        in voice[column["Retention schedule"]]
    )
    account = data[[row[0] for row in data].index("Pixelus ID account")]
    assert account[column["Last reviewed"]] == "15.09.2026."
    assert account[column["Next review"]] == "15.09.2027."


def test_long_cells_wrap_and_columns_are_sized(register: Services, tmp_path: Path) -> None:
    destination = export(register, "activities", "xlsx", tmp_path / "register.xlsx")
    worksheet = load_workbook(destination)["Controller register"]
    top = header_row(sheet(destination, "Controller register")) + 1  # 1-based in openpyxl
    assert all(cell.font.b for cell in worksheet[top])
    data = worksheet.cell(top + 1, 3).alignment
    assert data.wrap_text and data.vertical == "top"  # the default style, see _wrap_by_default
    assert worksheet.column_dimensions["C"].width > worksheet.column_dimensions["D"].width


def test_the_processor_sheet_holds_the_art_30_2_register(
    register: Services, tmp_path: Path
) -> None:
    destination = export(register, "activities", "xlsx", tmp_path / "register.xlsx")
    rows = sheet(destination, "Processor register")
    assert rows[0][0] == "Processor register (Art. 30(2))"
    top = header_row(rows)
    assert rows[top] == [_(column.header) for column in PROCESSOR_COLUMNS]
    assert rows[top][:4] == [
        "Processing activity",
        "Controller served",
        "Controller's contact details",
        "Categories of processing",
    ]
    (activity,) = register.activities.all(RegisterKind.PROCESSOR)
    (row,) = rows[top + 1 :]
    assert row[:5] == [
        activity.name,
        "Stellapixel Ltd (Vivaebook)",
        "Group data protection contact, Stellapixel Ltd",
        "Storage, back-up and technical operation of user accounts on the Pixelus platform",
        "Processor (Art. 28)",
    ]
    joined = "\n".join(row)
    names = names_by_id(register)
    for i in activity.data_category_ids + activity.subject_category_ids + activity.measure_ids:
        assert names[i] in joined
    assert "United States: Cloud hosting provider (illustrative)" in joined
    assert "EU-US Data Privacy Framework" in joined


def test_the_retention_sheet_has_every_rule_of_every_activity(
    register: Services, tmp_path: Path
) -> None:
    destination = export(register, "activities", "xlsx", tmp_path / "register.xlsx")
    rows = sheet(destination, "Retention schedule")
    top = header_row(rows)
    assert rows[top] == [
        "Category of personal data",
        "Processing activity",
        "Period",
        "Legal basis of the period",
    ]
    names = names_by_id(register)
    expected = sorted(
        (
            names[rule.data_category_id] if rule.data_category_id else "All data of the activity",
            activity.name,
            describe_retention(rule, with_citation=False),
            rule.citation,
        )
        for activity in register.activities.all()
        for rule in activity.retention
    )
    lines = [tuple(row) for row in rows[top + 1 :]]
    assert sorted(lines) == expected
    assert len(lines) == 12
    assert [line[0].casefold() for line in lines] == sorted(line[0].casefold() for line in lines)
    assert (
        "Voice recordings",
        "Customer service",
        "1 month after the call; then delete",
        "",
    ) in lines


def test_the_catalogue_sheets_list_every_entry(register: Services, tmp_path: Path) -> None:
    destination = export(register, "activities", "xlsx", tmp_path / "register.xlsx")
    for kind in CatalogueKind:
        rows = sheet(destination, _(CATALOGUE_LABELS[kind]))
        top = header_row(rows)
        assert rows[top] == [_(column.header) for column in CATALOGUE_COLUMNS]
        entries = register.catalogue.entries(kind)
        assert [row[0] for row in rows[top + 1 :]] == [entry.name for entry in entries]
        assert [row[1] for row in rows[top + 1 :]] == [entry.description for entry in entries]
    data = sheet(destination, "Categories of personal data")
    by_name = {row[0]: row for row in data}
    assert by_name["Zdravstveni podaci (bolovanja)"][2:4] == ["Yes", "Sensitive (4)"]
    assert by_name["Payment data"][2:4] == ["No", "Financial (3)"]
    measures = {row[0]: row for row in sheet(destination, "Security measures")}
    assert measures["Biometrija isključena"][4] == "Organisational"
    assert measures["Encryption at rest"][4] == "Technical"


def test_a_special_category_without_an_enisa_type_is_still_marked_special(
    register: Services, tmp_path: Path
) -> None:
    register.catalogue.save(
        CatalogueEntry(CatalogueKind.DATA_CATEGORIES, "Biometric", special=True)
    )
    destination = export(register, "activities", "xlsx", tmp_path / "register.xlsx")
    by_name = {row[0]: row for row in sheet(destination, "Categories of personal data")}
    assert by_name["Biometric"][2:4] == ["Yes", ""]
    subjects = {row[0]: row for row in sheet(destination, "Categories of data subjects")}
    assert subjects["Zaposlenici"][2] == ""  # not a data category: no special flag at all


FORMULAS = ['=HYPERLINK("http://evil.example","klik")', "+385 1 555", "-1+1", "@SUM(A1)"]


def test_formula_like_texts_are_neutralised_in_every_sheet(
    register: Services, tmp_path: Path
) -> None:
    entry = _entry_id(register, CatalogueKind.DATA_CATEGORIES, "=cmd|'/c calc'!A1")
    measure = _entry_id(register, CatalogueKind.SECURITY_MEASURES, "-2+3")
    register.activities.save(
        Activity(
            name=FORMULAS[0],
            purposes=FORMULAS[1],
            owner=FORMULAS[2],
            systems=FORMULAS[3],
            data_category_ids=(entry,),
            measure_ids=(measure,),
            retention=(RetentionRule(data_category_id=entry, criterion="@once"),),
        )
    )
    register.activities.save(
        Activity(
            register=RegisterKind.PROCESSOR,
            name="+processor",
            controller_name="=1+1",
            processing_categories="-x",
        )
    )
    destination = export(register, "activities", "xlsx", tmp_path / "formula.xlsx")
    workbook = load_workbook(destination)
    seen: set[str] = set()
    for worksheet in workbook:
        for row in worksheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (worksheet.title, cell.coordinate)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), (
                        worksheet.title,
                        cell.coordinate,
                        cell.value,
                    )
                    seen.add(cell.value)
    for value in [*FORMULAS, "=cmd|'/c calc'!A1", "+processor", "=1+1", "-x", "-2+3"]:
        assert "'" + value in seen, value


# --- PDF ----------------------------------------------------------------------------------------


def test_the_pdf_has_every_activity_with_every_art_30_1_field(
    register: Services, tmp_path: Path
) -> None:
    destination = export(register, "activities", "pdf", tmp_path / "register.pdf")
    assert destination.read_bytes().startswith(b"%PDF-")
    assert pdf_title(destination) == "Controller register (Art. 30(1))"
    content = flat(pdf_text(destination))
    assert content.startswith("Controller register (Art. 30(1))")
    assert f"Controller: {CONTROLLER}" in content
    assert "Data protection officer: Ana Horvat" in content
    assert "EU representative: Vertreter GmbH" in content
    assert "Processing activities: 11" in content
    assert "Page 1" in content and "Summary" in content

    activities = register.activities.all(RegisterKind.CONTROLLER)
    headings = [f"{number}. {a.name}" for number, a in enumerate(activities, start=1)]
    starts: list[int] = []
    position = content.index("Summary")
    for heading in headings:
        position = content.index(heading, position)
        starts.append(position)
    sections = [
        content[start:end] for start, end in zip(starts, [*starts[1:], len(content)], strict=True)
    ]
    for activity, section in zip(activities, sections, strict=True):
        # Every Art. 30(1) value in the activity's own pages, not just anywhere in the file.
        for header, values in art30_values(register, activity).items():
            assert flat(_(header)) in section or header == "Processing activity", header
            for value in values:
                assert flat(value) in section, (activity.name, header, value)
        for label in (
            "Business function",
            "Lawful basis (Art. 6(1))",
            "Rights available to data subjects",
        ):
            assert label in section
    ours = sections[[a.name for a in activities].index(CROATIAN)]
    assert "Joint controller (Art. 26)" in ours
    assert "Art. 9(2)(b) employment and social security law" in ours
    assert "Serbia: Derogation (Art. 49); Art. 49(1)(b) contract with the data subject" in ours
    # The processor register is its own document.
    assert "Hosting of Vivaebook user accounts" not in content


def test_croatian_letters_survive_in_the_pdf_and_every_font_is_embedded(
    register: Services, tmp_path: Path
) -> None:
    destination = export(register, "activities", "pdf", tmp_path / "register.pdf")
    content = flat(pdf_text(destination))
    assert CROATIAN in content
    assert CONTROLLER in content
    for letter in "čćđČĆĐšž":
        assert letter in content
    assert "Zakon o radu, čl. 5. st. 4." in content
    assert unembedded_fonts_pypdf(destination) == []
    by_poppler = unembedded_fonts_pdffonts(destination)
    if by_poppler is not None:
        assert by_poppler == []


def test_a_text_longer_than_a_page_continues_on_the_next(
    register: Services, tmp_path: Path
) -> None:
    (activity,) = [a for a in register.activities.all() if a.name == "Customer service"]
    long = " ".join(f"Svrha{number:04d}" for number in range(2500))
    register.activities.save(replace(activity, purposes=long))
    destination = export(register, "activities", "pdf", tmp_path / "long.pdf")
    content = flat(pdf_text(destination))
    assert "Svrha0000" in content and "Svrha2499" in content


def test_the_processor_register_in_both_formats(register: Services, tmp_path: Path) -> None:
    (activity,) = register.activities.all(RegisterKind.PROCESSOR)
    xlsx = export(register, "processor-activities", "xlsx", tmp_path / "processor.xlsx")
    assert load_workbook(xlsx).sheetnames == ["Processor register"]
    rows = sheet(xlsx, "Processor register")
    assert rows[0][0] == "Processor register (Art. 30(2))"
    assert [row[0] for row in rows[header_row(rows) + 1 :]] == [activity.name]

    pdf = export(register, "processor-activities", "pdf", tmp_path / "processor.pdf")
    content = flat(pdf_text(pdf))
    assert pdf_title(pdf) == "Processor register (Art. 30(2))"
    assert f"1. {activity.name}" in content
    for value in (
        activity.controller_name,
        activity.controller_contact,
        activity.processing_categories,
        "United States: Cloud hosting provider (illustrative)",
        "Processor (Art. 28)",
    ):
        assert flat(value) in content, value
    assert "Processing activities: 1" in content
    assert CROATIAN not in content
    assert unembedded_fonts_pypdf(pdf) == []


def test_the_retention_schedule_in_both_formats(register: Services, tmp_path: Path) -> None:
    xlsx = export(register, "retention", "xlsx", tmp_path / "retention.xlsx")
    assert load_workbook(xlsx).sheetnames == ["Retention schedule"]
    rows = sheet(xlsx, "Retention schedule")
    assert rows[0][0] == "Retention schedule"
    lines = rows[header_row(rows) + 1 :]
    assert len(lines) == 12
    assert [
        "Voice recordings",
        "Customer service",
        "1 month after the call; then delete",
        "",
    ] in lines

    pdf = export(register, "retention", "pdf", tmp_path / "retention.pdf")
    content = flat(pdf_text(pdf))
    assert pdf_title(pdf) == "Retention schedule"
    for line in lines:
        for value in line:
            assert flat(value) in content, value
    assert "Zdravstveni podaci (bolovanja)" in content
    assert unembedded_fonts_pypdf(pdf) == []


def test_an_empty_register_exports_in_both_formats(services: Services, tmp_path: Path) -> None:
    for name in ("activities", "processor-activities", "retention"):
        xlsx = export(services, name, "xlsx", tmp_path / f"{name}.xlsx")
        first = load_workbook(xlsx).sheetnames[0]
        rows = sheet(xlsx, first)
        assert rows[-1] == rows[header_row(rows)]  # the column headers, then no rows
        content = flat(pdf_text(export(services, name, "pdf", tmp_path / f"{name}.pdf")))
        assert "No entries." in content
        assert "(the organisation profile has not been filled in)" in content


# --- languages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["hr", "en"])
def test_the_export_speaks_the_chosen_language(
    register: Services, tmp_path: Path, language: str
) -> None:
    set_language(language)
    title = _(REGISTER_LABELS[RegisterKind.CONTROLLER])
    if language == "hr" and has_catalog("hr") and title == "Controller register (Art. 30(1))":
        pytest.xfail("the Croatian catalog does not translate the register yet")
    xlsx = export(register, "activities", "xlsx", tmp_path / f"evidencija-{language}.xlsx")
    workbook = load_workbook(xlsx)
    assert workbook.sheetnames[:3] == [
        _(SHEET_NAMES[RegisterKind.CONTROLLER])[:31],
        _(SHEET_NAMES[RegisterKind.PROCESSOR])[:31],
        _("Retention schedule")[:31],
    ]
    rows = sheet(xlsx, workbook.sheetnames[0])
    assert rows[0][0] == title
    assert rows[1][0] == _("Controller")
    assert rows[header_row(rows)] == [_(column.header) for column in CONTROLLER_COLUMNS]
    retention = sheet(xlsx, workbook.sheetnames[2])
    assert retention[header_row(retention)] == [_(c.header) for c in RETENTION_COLUMNS]

    pdf = export(register, "activities", "pdf", tmp_path / f"evidencija-{language}.pdf")
    assert pdf_title(pdf) == title
    content = flat(pdf_text(pdf))
    assert flat(_("Purposes of the processing")) in content
    assert _("Page {number}").format(number=1) in content
    assert CROATIAN in content


def test_a_translated_catalog_reaches_every_part_of_the_register_export(
    register: Services, tmp_path: Path
) -> None:
    translations = {
        "Controller register (Art. 30(1))": "Evidencija aktivnosti voditelja (čl. 30. st. 1.)",
        "Controller register": "Evidencija voditelja",
        "Processor register": "Evidencija izvršitelja",
        "Retention schedule": "Rokovi čuvanja",
        "Controller": "Voditelj obrade",
        "Purposes of the processing": "Svrhe obrade",
        "Categories of personal data": "Kategorije osobnih podataka",
        "Joint controller (Art. 26)": "Zajednički voditelj (čl. 26.)",
        "Active": "Aktivna",
        "then anonymise": "zatim anonimizirati",
        "Anonymise": "Anonimizirati",
        "Page {number}": "Stranica {number}",
        "Processing activities: {count}": "Aktivnosti obrade: {count}",
        "Recipients": "Primatelji",
        "Transfers": "Prijenosi",
    }
    set_language("hr", compile_croatian_catalog(tmp_path / "locale", translations))
    xlsx = export(register, "activities", "xlsx", tmp_path / "evidencija.xlsx")
    workbook = load_workbook(xlsx)
    assert workbook.sheetnames[:6] == [
        "Evidencija voditelja",
        "Evidencija izvršitelja",
        "Rokovi čuvanja",
        "Primatelji",
        "Prijenosi",
        "Kategorije osobnih podataka",
    ]
    rows = sheet(xlsx, "Evidencija voditelja")
    assert rows[0][0] == "Evidencija aktivnosti voditelja (čl. 30. st. 1.)"
    assert rows[1][0] == "Voditelj obrade"
    header = rows[header_row(rows)]
    assert header[2] == "Svrhe obrade"
    assert header[6] == "Kategorije osobnih podataka"
    ours = next(row for row in rows if row[0] == CROATIAN)
    assert ours[3] == "Zajednički voditelj (čl. 26.)"
    assert "; zatim anonimizirati (Zakon o radu" in ours[10]
    assert ours[header.index(_("Status"))] == "Aktivna"

    pdf = export(register, "activities", "pdf", tmp_path / "evidencija.pdf")
    content = flat(pdf_text(pdf))
    assert pdf_title(pdf) == "Evidencija aktivnosti voditelja (čl. 30. st. 1.)"
    assert "Voditelj obrade:" in content
    assert "Aktivnosti obrade: 11" in content
    assert "Stranica 1" in content
    assert "Svrhe obrade" in content
    assert "Zajednički voditelj (čl. 26.)" in content


# --- cancel -------------------------------------------------------------------------------------


@pytest.mark.parametrize("output_format", ["xlsx", "pdf"])
@pytest.mark.parametrize("name", ["activities", "processor-activities", "retention"])
def test_a_cancelled_export_leaves_neither_file_nor_part(
    register: Services, tmp_path: Path, name: str, output_format: str
) -> None:
    assert name in REGISTERS
    folder = tmp_path / "out"
    destination = folder / f"{name}.{output_format}"
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(TaskCancelledError):
        export_register(register, name, output_format, destination, ignore_progress, cancel)
    assert not destination.exists()
    assert not destination.with_name(destination.name + ".part").exists()
    assert not folder.exists() or list(folder.iterdir()) == []


@pytest.mark.parametrize("output_format", ["xlsx", "pdf"])
def test_a_cancel_during_the_export_leaves_nothing_either(
    register: Services, tmp_path: Path, output_format: str
) -> None:
    """Cancelled after the first progress report, once the writing has begun."""
    folder = tmp_path / "out"
    destination = folder / f"register.{output_format}"
    cancel = CancelToken()
    reports: list[int] = []

    def progress(done: int, total: int, message: str) -> None:
        reports.append(done)
        cancel.cancel()

    with pytest.raises(TaskCancelledError):
        export_register(register, "activities", output_format, destination, progress, cancel)
    assert reports
    assert not folder.exists() or list(folder.iterdir()) == []
