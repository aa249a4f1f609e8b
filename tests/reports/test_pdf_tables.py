"""Tables across pages: a row moves whole to the next page unless no page can hold it, and
then it continues; either way the export never fails for the length of a text."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from dpo_desk.reports.fonts import FONT, register_fonts
from dpo_desk.reports.pdf import build_landscape_pdf, page_table
from tests.reports.pdf_check import pdf_text


def _table_pdf(path: Path, lines: int, rows_before: int = 3) -> Path:
    register_fonts()
    style = ParagraphStyle("body", fontName=FONT, fontSize=8, leading=10)
    data = [[Paragraph("Header", style), Paragraph("Text", style)]]
    data += [[Paragraph(f"row {n}", style), Paragraph("short", style)] for n in range(rows_before)]
    tall = "<br/>".join(f"Redak{number:03d}" for number in range(lines))
    data.append([Paragraph("tall", style), Paragraph(tall, style)])
    data.append([Paragraph("after", style), Paragraph("the end", style)])
    build_landscape_pdf(path, "Test", [page_table(data, colWidths=[200, 500], repeatRows=1)])
    return path


# A page holds about 49 lines of 10 points under the header: walk across that boundary, and
# across the height left below a few rows on the first page.
@pytest.mark.parametrize(
    "lines", [10, 30, 40, 44, 45, 46, 47, 48, 49, 50, 51, 52, 60, 97, 98, 99, 150]
)
def test_every_row_height_lays_out_and_keeps_its_text(tmp_path: Path, lines: int) -> None:
    path = _table_pdf(tmp_path / f"table-{lines}.pdf", lines)
    text = pdf_text(path)
    for number in range(lines):
        assert f"Redak{number:03d}" in text
    assert "the end" in text


def test_a_row_that_fits_a_page_is_not_cut(tmp_path: Path) -> None:
    """Forty lines do not fit below the first rows, but fit a fresh page: they move whole."""
    path = _table_pdf(tmp_path / "whole.pdf", 40, rows_before=30)
    pages = [page.extract_text() for page in PdfReader(path).pages]
    holding = [i for i, text in enumerate(pages) if "Redak" in text]
    assert len(holding) == 1, holding
    # The header appears once per page, never twice on one page.
    assert all(text.count("Header") == 1 for text in pages)


@pytest.mark.parametrize("lines", [44, 45, 46, 47, 48])
@pytest.mark.parametrize("rows_before", [44, 45, 46, 47])
def test_a_row_near_a_page_tall_at_the_top_of_a_page_is_cut_not_refused(
    tmp_path: Path, lines: int, rows_before: int
) -> None:
    """A row a few points short of a page, pushed to the top of a fresh page under the
    repeated header: reportlab refuses to cut a first row there; it runs on without the header,
    and the rows after it have the header again (an audit entry of a new incident did this)."""
    path = _table_pdf(tmp_path / f"top-{rows_before}-{lines}.pdf", lines, rows_before)
    pages = [page.extract_text() for page in PdfReader(path).pages]
    text = "".join(pages)
    for number in range(lines):
        assert f"Redak{number:03d}" in text
    assert "the end" in text
    assert "Header" in next(page for page in pages if "the end" in page)
