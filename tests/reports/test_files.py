"""Output files: written whole or not at all; spreadsheet cells never run as formulas."""

from __future__ import annotations

from pathlib import Path

import pytest

from dpo_desk.reports.files import atomic_output, neutralise_formula


def test_atomic_output_writes_a_part_file_then_renames_it(tmp_path: Path) -> None:
    destination = tmp_path / "deep" / "folder" / "register.xlsx"
    with atomic_output(destination) as part:
        assert part == destination.with_name("register.xlsx.part")
        assert part.parent.is_dir()  # missing folders are created
        part.write_bytes(b"complete")
        assert not destination.exists()  # nothing under the real name until it is whole
    assert destination.read_bytes() == b"complete"
    assert not part.exists()


def test_a_failure_leaves_the_previous_file_and_no_part(tmp_path: Path) -> None:
    destination = tmp_path / "register.pdf"
    destination.write_bytes(b"last week's export")
    with pytest.raises(RuntimeError), atomic_output(destination) as part:
        part.write_bytes(b"half a fi")
        raise RuntimeError("disk full")
    assert destination.read_bytes() == b"last week's export"
    assert list(tmp_path.iterdir()) == [destination]


def test_a_stale_part_from_a_crash_is_replaced(tmp_path: Path) -> None:
    destination = tmp_path / "register.pdf"
    stale = tmp_path / "register.pdf.part"
    stale.write_bytes(b"left over from a crash")
    with atomic_output(destination) as part:
        assert not part.exists()
        part.write_bytes(b"new")
    assert destination.read_bytes() == b"new"
    assert not stale.exists()


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example","klik")',
        "+385 1 4609 000",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_formula_starts_are_neutralised(text: str) -> None:
    assert neutralise_formula(text) == "'" + text


@pytest.mark.parametrize("text", ["", "Ana Horvat", "385 1", "'already quoted", " =1", "a=b", "—"])
def test_other_text_is_left_alone(text: str) -> None:
    assert neutralise_formula(text) == text


def test_a_folder_as_destination_is_refused_under_its_own_name(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError) as refusal, atomic_output(tmp_path):
        raise AssertionError("must not be reached")
    assert refusal.value.filename == str(tmp_path)
    assert not list(tmp_path.parent.glob("*.part"))
