"""write_xlsx / write_pdf from a column spec: escaping, paging, progress, failures and cancels."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from dpo_desk.domain.columns import Column
from dpo_desk.domain.errors import TaskCancelledError
from dpo_desk.reports.tables import write_pdf, write_xlsx
from dpo_desk.services.progress import CancelToken, ignore_progress
from tests.reports.pdf_check import font_names_pypdf, pdf_text, unembedded_fonts_pypdf

#: openpyxl's write-only sheets stream through a generator; one left open when an export fails is
#: reported by Python as "Exception ignored" on stderr. Such noise fails these tests.
pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")


@dataclass(frozen=True)
class Entry:
    number: int
    note: str


COLUMNS = (
    Column[Entry]("number", "No.", lambda e: str(e.number), 6),
    Column[Entry]("note", "Note", lambda e: e.note, 40),
)
HEADER = [("Controller", "Leapbit d.o.o.")]


def entries(count: int, note: str = "Zahtjev ispitanika čćđšž") -> list[Entry]:
    return [Entry(number, note) for number in range(1, count + 1)]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(tmp_path: Path, start: str) -> None:
    rows = [Entry(1, f"{start}1+1"), Entry(2, "plain")]
    destination = write_xlsx(
        tmp_path / "t.xlsx", "Title", HEADER, COLUMNS, rows, ignore_progress, CancelToken()
    )
    sheet = load_workbook(destination).active
    # Title, one header line, a blank line, the column headers, then the rows.
    assert sheet["A4"].value == "No."
    neutralised = sheet["B5"]
    # XML normalises a carriage return to a line feed on reading; the apostrophe is what matters.
    assert neutralised.value in (f"'{start}1+1", f"'{start}1+1".replace("\r", "\n"))
    assert neutralised.data_type == "s"
    assert sheet["B6"].value == "plain"


def test_pdf_shows_markup_characters_literally(tmp_path: Path) -> None:
    rows = [Entry(1, "Ana <b>Horvat</b> & <i>Co</i> <br/> <unknowntag>")]
    header = [("Controller", "Tvrtka <script> & sinovi")]
    destination = write_pdf(
        tmp_path / "t.pdf", "Title <x>", header, COLUMNS, rows, ignore_progress, CancelToken()
    )
    content = pdf_text(destination)
    assert "Ana <b>Horvat</b> & <i>Co</i> <br/> <unknowntag>" in content
    assert "Tvrtka <script> & sinovi" in content
    assert "Title <x>" in content


def test_pdf_keeps_line_breaks_of_a_cell(tmp_path: Path) -> None:
    rows = [Entry(1, "first line\nsecond line")]
    content = pdf_text(
        write_pdf(tmp_path / "t.pdf", "T", HEADER, COLUMNS, rows, ignore_progress, CancelToken())
    )
    assert "first line\nsecond line" in content


def test_long_pdf_repeats_the_header_and_numbers_pages(tmp_path: Path) -> None:
    destination = write_pdf(
        tmp_path / "long.pdf",
        "Register",
        HEADER,
        COLUMNS,
        entries(400),
        ignore_progress,
        CancelToken(),
    )
    pages = PdfReader(destination).pages
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        page_text = page.extract_text()
        assert f"Page {number}" in page_text
        assert "No." in page_text and "Note" in page_text  # the header row on every page
    content = pdf_text(destination)
    for number in (1, 200, 400):
        assert f"\n{number}\n" in content
    assert unembedded_fonts_pypdf(destination) == []
    fonts = font_names_pypdf(destination)
    assert fonts and all("DejaVuSans" in name for name in fonts), fonts


@pytest.mark.parametrize("writer", [write_xlsx, write_pdf])
def test_progress_goes_from_zero_to_total(tmp_path: Path, writer: object) -> None:
    reports: list[tuple[int, int]] = []
    write = write_xlsx if writer is write_xlsx else write_pdf
    write(
        tmp_path / "p.out",
        "T",
        HEADER,
        COLUMNS,
        entries(450),
        lambda done, total, message: reports.append((done, total)),
        CancelToken(),
    )
    assert reports[0] == (0, 450)
    assert reports[-1] == (450, 450)
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)
    assert len(reports) >= 3  # reported along the way, not only at both ends


@pytest.mark.parametrize("writer", [write_xlsx, write_pdf])
def test_cancel_part_way_leaves_nothing(tmp_path: Path, writer: object) -> None:
    write = write_xlsx if writer is write_xlsx else write_pdf
    cancel = CancelToken()

    def cancel_at_250(done: int, total: int, message: str) -> None:
        if done >= 250:
            cancel.cancel()

    with pytest.raises(TaskCancelledError):
        write(tmp_path / "c.out", "T", HEADER, COLUMNS, entries(600), cancel_at_250, cancel)
    gc.collect()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("writer", [write_xlsx, write_pdf])
def test_an_unwritable_destination_raises_oserror_quietly(tmp_path: Path, writer: object) -> None:
    write = write_xlsx if writer is write_xlsx else write_pdf
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(OSError):
        write(
            blocker / "sub" / "t.out",
            "T",
            HEADER,
            COLUMNS,
            entries(3),
            ignore_progress,
            CancelToken(),
        )
    gc.collect()
    assert sorted(tmp_path.iterdir()) == [blocker]
