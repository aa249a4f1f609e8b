"""Exporting a register (the audit log) to xlsx and PDF: content, fonts, language, atomic output."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from dpo_desk.app import build_services
from dpo_desk.domain.errors import TaskCancelledError
from dpo_desk.i18n import _, has_catalog, set_language
from dpo_desk.paths import Paths
from dpo_desk.reports.exports import FORMATS, REGISTERS, export_register
from dpo_desk.services.audit import AUDIT_COLUMNS
from dpo_desk.services.bundle import Services
from dpo_desk.services.progress import CancelToken, ignore_progress
from dpo_desk.services.sample import SAMPLE_PROFILE
from dpo_desk.store.database import SqlDatabase
from tests.reports.pdf_check import (
    pdf_text,
    pdf_title,
    unembedded_fonts_pdffonts,
    unembedded_fonts_pypdf,
)
from tests.support import compile_croatian_catalog

CONTROLLER = "Đurđević č ć d.o.o."


@pytest.fixture
def services(tmp_path: Path, paths: Paths) -> Iterator[Services]:
    """SQLite only: the exports do not depend on the database engine."""
    database = SqlDatabase.open(tmp_path / "exports.sqlite", paths.backup_dir)
    try:
        yield build_services(database)
    finally:
        database.close()


@pytest.fixture
def filled(services: Services) -> Services:
    """A profile with č ć đ in the controller's name, an update, and an attachment: 3 events."""
    saved, _ = services.organisation.save(replace(SAMPLE_PROFILE, controller_name=CONTROLLER))
    services.organisation.save(replace(saved, phone="+385 1 555 0199"))
    services.attachments.add("zahtjev.pdf", b"%PDF-1.4\n")
    return services


def sheet_rows(path: Path) -> list[tuple[Any, ...]]:
    workbook = load_workbook(path)
    assert len(workbook.sheetnames) == 1
    return [tuple(row) for row in workbook.active.iter_rows(values_only=True)]


def text(value: Any) -> str:
    return "" if value is None else str(value)


def export(services: Services, output_format: str, destination: Path) -> Path:
    return export_register(
        services, "audit", output_format, destination, ignore_progress, CancelToken()
    )


def test_registers_and_formats_offered() -> None:
    assert "audit" in REGISTERS
    assert FORMATS == ("xlsx", "pdf")


def test_audit_to_xlsx_has_header_block_columns_and_one_row_per_event(
    filled: Services, tmp_path: Path
) -> None:
    destination = tmp_path / "audit.xlsx"
    assert export(filled, "xlsx", destination) == destination
    rows = sheet_rows(destination)
    workbook = load_workbook(destination)
    assert workbook.sheetnames == ["Audit log"]

    assert rows[0][0] == "Audit log"
    labels = [text(row[0]) for row in rows[1:5]]
    assert labels == ["Controller", "Data protection officer", "Supervisory authority", "Generated"]
    controller = text(rows[1][1])
    assert controller.startswith(CONTROLLER + ", Savska Opatovina 36, 10000 Zagreb, Croatia")
    assert "OIB 39821269208" in controller
    assert "+385 1 555 0199" in controller  # the profile as it is now
    assert text(rows[2][1]).startswith("Ana Horvat, dpo@leapbit.example")
    assert rows[3][1] == "Agencija za zaštitu osobnih podataka (AZOP)"
    assert all(value is None for value in rows[5])  # a blank line before the table

    header = [text(value) for value in rows[6]]
    assert header == [
        "When (Zagreb time)",
        "User",
        "Database user",
        "Action",
        "Record",
        "What changed",
    ]
    events = filled.audit.recent()
    data = rows[7:]
    assert len(events) == 3
    assert len(data) == len(events)
    for row, event in zip(data, events, strict=True):
        assert [text(value) for value in row] == [column.text(event) for column in AUDIT_COLUMNS]
    assert [text(row[3]) for row in data] == ["created", "changed", "created"]
    assert [text(row[4]) for row in data] == [
        "Attachment #1",
        "Organisation profile #1",
        "Organisation profile #1",
    ]
    assert text(data[1][5]) == "Telephone: +385 1 555 0100 → +385 1 555 0199"
    assert f"Controller name: — → {CONTROLLER}" in text(data[2][5])


def test_xlsx_cells_are_formatted_for_reading(filled: Services, tmp_path: Path) -> None:
    destination = export(filled, "xlsx", tmp_path / "audit.xlsx")
    sheet = load_workbook(destination).active
    assert sheet["A1"].font.b
    assert sheet["A7"].font.b  # the column headers
    assert sheet["F8"].alignment.wrap_text  # multi-line "what changed"
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDEF"}
    assert widths["F"] == max(widths.values())


def test_audit_to_pdf_has_title_controller_with_croatian_letters_and_events(
    filled: Services, tmp_path: Path
) -> None:
    destination = tmp_path / "audit.pdf"
    assert export(filled, "pdf", destination) == destination
    assert destination.read_bytes().startswith(b"%PDF-")
    content = pdf_text(destination)
    assert content.count("Audit log") >= 2  # the heading and the footer
    assert pdf_title(destination) == "Audit log"
    assert CONTROLLER in content
    assert "Controller:" in content
    assert "Page 1" in content
    assert "Organisation profile" in content and "#1" in content  # the cell may wrap
    assert "Attachment #1" in content
    assert "Telephone: +385 1 555 0100 → +385 1 555 0199" in content


def test_every_font_in_the_pdf_is_embedded(filled: Services, tmp_path: Path) -> None:
    destination = export(filled, "pdf", tmp_path / "audit.pdf")
    assert unembedded_fonts_pypdf(destination) == []
    by_poppler = unembedded_fonts_pdffonts(destination)
    if by_poppler is not None:  # poppler-utils is installed by ./test
        assert by_poppler == []


def test_an_empty_register_without_a_profile_still_exports(
    services: Services, tmp_path: Path
) -> None:
    xlsx = export(services, "xlsx", tmp_path / "empty.xlsx")
    rows = sheet_rows(xlsx)
    assert rows[1][:2] == ("Controller", "(the organisation profile has not been filled in)")
    assert text(rows[-1][0]) == "When (Zagreb time)"  # the column headers, then no rows
    pdf = export(services, "pdf", tmp_path / "empty.pdf")
    content = pdf_text(pdf)
    assert "(the organisation profile has not been filled in)" in content
    assert "No entries." in content
    assert unembedded_fonts_pypdf(pdf) == []  # the empty cells too


@pytest.mark.parametrize(
    "value",
    ['=HYPERLINK("http://evil.example","klik")', "+385 1 555", "-1+1", "@SUM(A1)"],
)
def test_formula_like_values_are_neutralised_in_xlsx(
    value: str, tmp_path: Path, paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The operating-system user name is written into every audit row: make it a formula too.
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(variable, value)
    database = SqlDatabase.open(tmp_path / "formula.sqlite", paths.backup_dir)
    try:
        services = build_services(database)
        services.organisation.save(replace(SAMPLE_PROFILE, controller_name=value))
        destination = export(services, "xlsx", tmp_path / "formula.xlsx")
    finally:
        database.close()
    sheet = load_workbook(destination).active
    controller = sheet["B2"]
    assert controller.value.startswith("'" + value)
    assert controller.data_type == "s"
    (event_row,) = list(sheet.iter_rows(min_row=8))
    user = event_row[1]
    assert user.value == "'" + value
    assert user.data_type == "s"
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@")), cell.coordinate


@pytest.mark.parametrize("output_format", FORMATS)
def test_a_cancelled_export_leaves_neither_file_nor_part(
    filled: Services, tmp_path: Path, output_format: str
) -> None:
    destination = tmp_path / f"audit.{output_format}"
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(TaskCancelledError):
        export_register(filled, "audit", output_format, destination, ignore_progress, cancel)
    assert not destination.exists()
    assert not destination.with_name(destination.name + ".part").exists()
    assert list(tmp_path.glob("audit.*")) == []


@pytest.mark.parametrize("output_format", FORMATS)
def test_a_cancelled_export_keeps_the_previous_file(
    filled: Services, tmp_path: Path, output_format: str
) -> None:
    destination = tmp_path / f"audit.{output_format}"
    destination.write_bytes(b"the export of last week")
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(TaskCancelledError):
        export_register(filled, "audit", output_format, destination, ignore_progress, cancel)
    assert destination.read_bytes() == b"the export of last week"
    assert not destination.with_name(destination.name + ".part").exists()


def test_unknown_format_is_refused_before_writing(filled: Services, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="csv"):
        export(filled, "csv", tmp_path / "audit.csv")
    assert list(tmp_path.glob("audit.*")) == []


def test_croatian_export_speaks_the_active_language(filled: Services, tmp_path: Path) -> None:
    set_language("hr")
    title = _("Audit log")
    headers = [_(column.header) for column in AUDIT_COLUMNS]
    if has_catalog("hr"):
        assert title != "Audit log", "the Croatian catalog lacks the audit log's title"
    rows = sheet_rows(export(filled, "xlsx", tmp_path / "zapisnik.xlsx"))
    assert rows[0][0] == title
    assert [text(value) for value in rows[6]] == headers
    assert text(rows[1][0]) == _("Controller")
    assert "10000 Zagreb, Hrvatska" in text(rows[1][1])  # country names from pycountry's catalog
    pdf = export(filled, "pdf", tmp_path / "zapisnik.pdf")
    assert pdf_title(pdf) == title
    assert title in pdf_text(pdf)


def test_a_translated_catalog_reaches_every_part_of_the_export(
    filled: Services, tmp_path: Path
) -> None:
    translations = {
        "Audit log": "Zapisnik promjena",
        "Controller": "Voditelj obrade",
        "When (Zagreb time)": "Vrijeme (zagrebačko)",
        "What changed": "Što je promijenjeno",
        "changed": "promijenjeno",
        "Page {number}": "Stranica {number}",
    }
    set_language("hr", compile_croatian_catalog(tmp_path / "locale", translations))
    rows = sheet_rows(export(filled, "xlsx", tmp_path / "zapisnik.xlsx"))
    assert rows[0][0] == "Zapisnik promjena"
    assert rows[1][0] == "Voditelj obrade"
    assert rows[6][0] == "Vrijeme (zagrebačko)"
    assert rows[6][5] == "Što je promijenjeno"
    assert rows[8][3] == "promijenjeno"
    pdf = export(filled, "pdf", tmp_path / "zapisnik.pdf")
    content = " ".join(pdf_text(pdf).split())  # narrow columns wrap their headers
    assert pdf_title(pdf) == "Zapisnik promjena"
    assert "Voditelj obrade:" in content
    assert "Stranica 1" in content
    assert "Vrijeme (zagrebačko)" in content


@pytest.mark.parametrize(
    ("register", "fmt"),
    [("activities", "xlsx"), ("activities", "pdf"), ("processor-activities", "xlsx")],
)
def test_the_register_is_read_with_the_collector_paused_and_written_with_it_on(
    filled: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, register: str, fmt: str
) -> None:
    """The bulk read builds thousands of objects in no cycle (services/bulk.py); the writing
    (openpyxl, reportlab) runs with the collector as it was."""
    seen: dict[str, bool] = {}
    read = filled.activities.all

    def all_activities(*args: Any) -> Any:
        seen["reading"] = gc.isenabled()
        return read(*args)

    def progress(done: int, total: int, message: str) -> None:
        seen["writing"] = gc.isenabled()

    monkeypatch.setattr(filled.activities, "all", all_activities)
    gc.enable()
    export_register(filled, register, fmt, tmp_path / f"out.{fmt}", progress, CancelToken())
    assert seen == {"reading": False, "writing": True}
    assert gc.isenabled()
