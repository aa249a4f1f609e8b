"""The headless complaint commands: ``export complaints`` writes the register, ``export
complaint-log`` the log for a period (PDF and Excel), and refuses without the period."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from tests.e2e.support import Runner


def test_the_register_and_the_log_for_a_period(cli: Runner, sample: Path, tmp_path: Path) -> None:
    register = tmp_path / "complaints.xlsx"
    result = cli(
        "--lang",
        "en",
        "export",
        "complaints",
        "--format",
        "xlsx",
        "--output",
        register,
        "--database",
        sample,
    )
    assert result.code == 0, result.err
    sheet = load_workbook(register).active
    assert sheet is not None
    references = [r[0] for r in sheet.iter_rows(values_only=True) if str(r[0]).startswith("CMP-")]
    assert len(references) == 6
    log = tmp_path / "log.pdf"
    result = cli(
        "--lang",
        "en",
        "export",
        "complaint-log",
        "--format",
        "pdf",
        "--from",
        "2020-01-01",
        "--to",
        "2099-12-31",
        "--output",
        log,
        "--database",
        sample,
    )
    assert result.code == 0, result.err
    text = " ".join("".join(p.extract_text() for p in PdfReader(log).pages).split())
    assert "6 complaints received from 01.01.2020. to 31.12.2099.; 2 before AZOP." in text
    workbook = tmp_path / "log.xlsx"
    result = cli(
        "export",
        "complaint-log",
        "--format",
        "xlsx",
        "--from",
        "2020-01-01",
        "--to",
        "2099-12-31",
        "--output",
        workbook,
        "--database",
        sample,
    )
    assert result.code == 0, result.err
    assert len(load_workbook(workbook).sheetnames) == 2


def test_the_log_needs_its_period(cli: Runner, sample: Path, tmp_path: Path) -> None:
    output = tmp_path / "log.pdf"
    refused = cli(
        "--lang",
        "en",
        "export",
        "complaint-log",
        "--format",
        "pdf",
        "--output",
        output,
        "--database",
        sample,
    )
    assert refused.code == 1 and "--from DATE --to DATE" in refused.err
    backwards = cli(
        "--lang",
        "en",
        "export",
        "complaint-log",
        "--format",
        "pdf",
        "--from",
        "2026-12-31",
        "--to",
        "2026-01-01",
        "--output",
        output,
        "--database",
        sample,
    )
    assert backwards.code == 1 and "ends before it starts" in backwards.err
    assert not output.exists()
