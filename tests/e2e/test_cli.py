"""The command line, in-process through main() and as a real process: success, help and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from dpo_desk import __version__
from dpo_desk.i18n import _, set_language
from dpo_desk.services.sample import SAMPLE_PROFILE, is_sample
from dpo_desk.store.engine import SQLITE_HEADER
from tests.e2e.support import Runner, open_services
from tests.reports.pdf_check import pdf_text, unembedded_fonts_pypdf


def translated(language: str, message: str) -> str:
    """``message`` in ``language``, from the catalog the program itself uses."""
    set_language(language)
    try:
        return _(message)
    finally:
        set_language("en")


# --- version and help -----------------------------------------------------------------------


def test_version_in_process(cli: Runner) -> None:
    result = cli("--version")
    assert result.code == 0
    assert result.out.strip() == f"DPO Desk {__version__}"


def test_version_as_a_process(process: Runner) -> None:
    result = process("--version")
    assert result.code == 0, result.err
    assert result.out.strip() == f"DPO Desk {__version__}"
    assert result.err == ""


HELP_LEVELS = [
    ([], "usage: dpo-desk "),
    (["sample"], "usage: dpo-desk sample "),
    (["sample", "create"], "usage: dpo-desk sample create "),
    (["db"], "usage: dpo-desk db "),
    (["db", "upgrade"], "usage: dpo-desk db upgrade "),
    (["db", "status"], "usage: dpo-desk db status "),
    (["backup"], "usage: dpo-desk backup "),
    (["backup", "create"], "usage: dpo-desk backup create "),
    (["export"], "usage: dpo-desk export "),
]


@pytest.mark.parametrize("language", ["en", "hr"])
@pytest.mark.parametrize(("words", "usage"), HELP_LEVELS, ids=lambda v: " ".join(v) or "top")
def test_help_at_every_level(cli: Runner, words: list[str], usage: str, language: str) -> None:
    result = cli("--lang", language, *words, "--help")
    assert result.code == 0, result.err
    assert result.err == ""
    # argparse translates "usage:" through its own catalog; the command path follows it.
    assert usage.removeprefix("usage: ") in result.out.splitlines()[0]
    assert "--database" in result.out
    assert "--data-dir" in result.out


def test_top_level_help_lists_the_commands(cli: Runner) -> None:
    result = cli("--help")
    for command in ("sample", "db", "backup", "export"):
        assert command in result.out
    assert "--version" in result.out


def test_export_help_offers_registers_and_formats(cli: Runner) -> None:
    out = cli("export", "--help").out
    assert "audit" in out
    assert "xlsx" in out and "pdf" in out


def test_help_as_a_process(process: Runner) -> None:
    result = process("export", "--help")
    assert result.code == 0, result.err
    assert result.out.startswith("usage: dpo-desk export")


# --- sample ---------------------------------------------------------------------------------


def test_sample_create_writes_the_leapbit_database(cli: Runner, tmp_path: Path) -> None:
    path = tmp_path / "nested" / "leapbit.sqlite"
    result = cli("sample", "create", path)
    assert result.code == 0, result.err
    assert str(path) in result.out
    assert path.read_bytes()[:16] == SQLITE_HEADER
    assert not path.with_name("leapbit.sqlite.part").exists()
    database, services = open_services(path, tmp_path)
    try:
        assert is_sample(database.unit_of_work)
        assert services.is_sample
        profile = services.organisation.profile()
        assert profile is not None
        assert profile.controller_name == SAMPLE_PROFILE.controller_name
        assert profile.oib == "39821269208"
        assert profile.address.street == "Savska Opatovina 36"
    finally:
        database.close()


def test_sample_create_refuses_an_existing_file_without_force(cli: Runner, tmp_path: Path) -> None:
    path = tmp_path / "mine.sqlite"
    path.write_bytes(b"my own precious data")
    result = cli("sample", "create", path)
    assert result.code == 1
    assert "exists" in result.err and "--force" in result.err
    assert result.err.startswith("dpo-desk: ")
    assert path.read_bytes() == b"my own precious data"


def test_sample_create_with_force_replaces_the_file(cli: Runner, tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    path.write_bytes(b"stale")
    result = cli("sample", "create", path, "--force")
    assert result.code == 0, result.err
    database, services = open_services(path, tmp_path)
    try:
        assert services.is_sample
    finally:
        database.close()


def test_sample_create_as_a_process(process: Runner, tmp_path: Path) -> None:
    result = process("sample", "create", "relative.sqlite")
    assert result.code == 0, result.err
    assert (tmp_path / "relative.sqlite").read_bytes()[:16] == SQLITE_HEADER


# --- db -------------------------------------------------------------------------------------


def test_db_upgrade_creates_then_reports_up_to_date(cli: Runner, tmp_path: Path) -> None:
    path = tmp_path / "own.sqlite"
    refused = cli("--database", path, "db", "upgrade")
    assert refused.clean_failure and "does not exist" in refused.err
    assert not path.exists()
    first = cli("--database", path, "db", "upgrade", "--create")
    assert first.code == 0, first.err
    assert "created the DPO Desk schema" in first.out
    second = cli("db", "upgrade", "--database", path)  # options after the command work too
    assert second.code == 0, second.err
    assert "is up to date" in second.out
    status = cli("--database", path, "db", "status")
    assert status.code == 0, status.err
    line = status.out.strip()
    assert line.startswith(f"{path}: up to date, schema ")
    revision = line.split("schema ")[1].split(" ")[0]
    assert line.endswith(f"(this version: {revision})")


def test_db_status_of_the_sample(cli: Runner, sample: Path) -> None:
    result = cli("--database", sample, "db", "status")
    assert result.code == 0, result.err
    assert ": up to date, schema " in result.out


def test_db_status_of_a_missing_file_creates_nothing(cli: Runner, tmp_path: Path) -> None:
    missing = tmp_path / "missing.sqlite"
    result = cli("--database", missing, "db", "status")
    assert result.code == 1
    assert "does not exist" in result.err
    assert not missing.exists()


# --- backup ---------------------------------------------------------------------------------


def test_backup_create_writes_a_database_that_opens(
    cli: Runner, sample: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "backups" / "copy.sqlite"
    result = cli("--database", sample, "backup", "create", backup)
    assert result.code == 0, result.err
    assert str(backup) in result.out
    database, services = open_services(backup, tmp_path)
    try:
        profile = services.organisation.profile()
        assert profile is not None and profile.oib == "39821269208"
        assert services.is_sample
    finally:
        database.close()


# --- export ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "hr"])
def test_export_xlsx(cli: Runner, sample: Path, tmp_path: Path, language: str) -> None:
    output = tmp_path / f"audit-{language}.xlsx"
    result = cli(
        "--database",
        sample,
        "export",
        "audit",
        "--format",
        "xlsx",
        "--output",
        output,
        "--lang",
        language,
    )
    assert result.code == 0, result.err
    assert str(output) in result.out
    sheet = load_workbook(output).active
    assert sheet["A1"].value == translated(language, "Audit log")
    assert sheet["A2"].value == translated(language, "Controller")
    assert sheet["B2"].value.startswith("Leapbit d.o.o. (Pixelus), Savska Opatovina 36")
    assert ("Hrvatska" if language == "hr" else "Croatia") in sheet["B2"].value
    assert sheet["A7"].value == translated(language, "When (Zagreb time)")
    assert sheet.max_row >= 8  # the sample's own creation is in the audit log


@pytest.mark.parametrize("language", ["en", "hr"])
def test_export_pdf(cli: Runner, sample: Path, tmp_path: Path, language: str) -> None:
    output = tmp_path / f"audit-{language}.pdf"
    result = cli(
        "export",
        "audit",
        "--database",
        sample,
        "--format",
        "pdf",
        "--output",
        output,
        "--lang",
        language,
    )
    assert result.code == 0, result.err
    content = pdf_text(output)
    assert translated(language, "Audit log") in content
    assert "Leapbit d.o.o. (Pixelus)" in content
    assert unembedded_fonts_pypdf(output) == []


def test_export_as_a_process_in_croatian(
    process: Runner, cli: Runner, sample: Path, tmp_path: Path
) -> None:
    output = tmp_path / "zapisnik.pdf"
    result = process(
        "--database",
        sample,
        "--lang",
        "hr",
        "export",
        "audit",
        "--format",
        "pdf",
        "--output",
        output,
    )
    assert result.code == 0, result.err
    assert translated("hr", "Audit log") in pdf_text(output)
    assert not output.with_name("zapisnik.pdf.part").exists()


def test_export_of_the_default_database_without_a_profile(
    cli: Runner, data_dir: Path, tmp_path: Path
) -> None:
    assert cli("db", "upgrade", "--create").code == 0  # the user's own database in --data-dir
    assert (data_dir / "dpo-desk.sqlite").exists()
    output = tmp_path / "empty.xlsx"
    result = cli("export", "audit", "--format", "xlsx", "--output", output)
    assert result.code == 0, result.err
    sheet = load_workbook(output).active
    assert sheet["B2"].value == "(the organisation profile has not been filled in)"


@pytest.mark.parametrize(
    "command",
    [
        ["export", "audit", "--format", "xlsx", "--output", "out.xlsx"],
        ["backup", "create", "b.sqlite"],
    ],
    ids=["export", "backup"],
)
def test_a_mistyped_database_is_refused_not_created(
    cli: Runner, tmp_path: Path, data_dir: Path, command: list[str]
) -> None:
    typo = tmp_path / "registar.sqllite"
    result = cli("--database", typo, *command)
    assert result.code == 1
    assert f"{typo} does not exist" in result.err
    assert not typo.exists()
    # Without --database, the user's own database is read, and not created either.
    default = cli(*command)
    assert default.code == 1
    assert "does not exist" in default.err
    assert not (data_dir / "dpo-desk.sqlite").exists()


def test_an_empty_file_is_not_taken_for_a_register(cli: Runner, tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    result = cli("--database", empty, "export", "audit", "--format", "pdf", "--output", "x.pdf")
    assert result.code == 1
    assert "holds no DPO Desk data" in result.err
    assert empty.stat().st_size == 0


# --- refusals: a message on stderr, a non-zero status, no traceback -------------------------


def test_a_file_that_is_not_a_database_is_refused_untouched(
    process: Runner, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Sastanak s upravom u ponedjeljak.\n")
    result = process(
        "--database", notes, "export", "audit", "--format", "xlsx", "--output", tmp_path / "x.xlsx"
    )
    assert result.clean_failure, result
    assert result.code == 1
    assert "is not a DPO Desk database" in result.err
    assert str(notes) in result.err
    assert notes.read_text() == "Sastanak s upravom u ponedjeljak.\n"
    assert not (tmp_path / "x.xlsx").exists()


def test_an_unreachable_server_is_reported(process: Runner, tmp_path: Path) -> None:
    url = "postgresql+psycopg://x@127.0.0.1:1/db"
    result = process(
        "--database",
        url,
        "export",
        "audit",
        "--format",
        "pdf",
        "--output",
        tmp_path / "x.pdf",
        timeout=60,
    )
    assert result.clean_failure, result
    assert result.code == 1
    assert "Cannot reach the database" in result.err
    assert "127.0.0.1" in result.err
    status = process("--database", url, "db", "status", timeout=60)
    assert status.clean_failure, status


def test_a_password_in_the_url_is_not_printed(process: Runner) -> None:
    result = process(
        "--database",
        "postgresql+psycopg://ana:tajna-lozinka@127.0.0.1:1/db",
        "db",
        "status",
        timeout=60,
    )
    assert result.clean_failure, result
    assert "tajna-lozinka" not in result.err + result.out


def test_an_unknown_register_is_a_usage_error(
    process: Runner, sample: Path, tmp_path: Path
) -> None:
    result = process(
        "--database",
        sample,
        "export",
        "breaches",
        "--format",
        "xlsx",
        "--output",
        tmp_path / "x.xlsx",
    )
    assert result.code == 2
    assert "invalid choice: 'breaches'" in result.err
    assert "Traceback" not in result.err
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["export", "audit", "--output", "x.xlsx"],  # no --format
        ["export", "audit", "--format", "csv", "--output", "x.csv"],
        ["--lang", "de", "db", "status"],
        ["sample"],  # no action
        ["frobnicate"],
    ],
    ids=["no-format", "csv", "german", "no-action", "unknown-command"],
)
def test_usage_errors_exit_2(cli: Runner, args: list[str]) -> None:
    result = cli(*args)
    assert result.code == 2
    assert "usage: dpo-desk" in result.err
    assert "error:" in result.err


@pytest.mark.parametrize("output_format", ["xlsx", "pdf"])
def test_an_output_where_no_folder_can_be_made_is_refused_cleanly(
    process: Runner, sample: Path, tmp_path: Path, output_format: str
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("a file where a folder would have to be")
    output = blocker / "reports" / f"audit.{output_format}"
    result = process(
        "--database", sample, "export", "audit", "--format", output_format, "--output", output
    )
    assert result.clean_failure, result
    assert result.code == 1
    assert result.err.startswith("dpo-desk: ")
    assert "a-file" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert blocker.read_text() == "a file where a folder would have to be"


def test_sample_and_backup_into_an_impossible_place_fail_cleanly(
    process: Runner, sample: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    created = process("sample", "create", blocker / "sub" / "s.sqlite")
    assert created.clean_failure, created
    assert created.code == 1
    backup = process("--database", sample, "backup", "create", blocker / "sub" / "b.sqlite")
    assert backup.clean_failure, backup
    assert backup.code == 1


def _older_database(path: Path) -> None:
    """A DPO Desk database at the first schema revision, holding one audit row."""
    from sqlalchemy import text

    from dpo_desk.store.engine import database_url, make_engine
    from dpo_desk.store.migrate import upgrade

    engine = make_engine(database_url(str(path)))
    upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO audit_event (occurred_at, os_user, action, entity, entity_id, changes)"
                " VALUES ('2026-01-05 10:00:00', 'ana', 'create', 'x', '1', '{}')"
            )
        )
    engine.dispose()


def _revision(path: Path) -> str:
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        connection.close()


def test_backup_of_an_older_database_copies_it_as_it_is(cli: Runner, tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    _older_database(old)
    copy = tmp_path / "copy.sqlite"
    result = cli("--database", old, "backup", "create", copy)
    assert result.code == 0, result.err
    assert _revision(old) == "0001", "a backup must not upgrade the database"
    assert _revision(copy) == "0001"


def test_export_of_an_older_database_asks_for_db_upgrade(cli: Runner, tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    _older_database(old)
    output = tmp_path / "audit.xlsx"
    result = cli("--database", old, "export", "audit", "--format", "xlsx", "--output", output)
    assert result.clean_failure and "db upgrade" in result.err
    assert _revision(old) == "0001" and not output.exists()


def test_backup_refuses_an_existing_file_and_the_database_itself(
    cli: Runner, tmp_path: Path
) -> None:
    own = tmp_path / "own.sqlite"
    assert cli("sample", "create", own).code == 0
    before = own.read_bytes()
    itself = cli("--database", own, "backup", "create", own, "--force")
    assert itself.clean_failure and "open database itself" in itself.err
    assert own.read_bytes() == before
    existing = tmp_path / "existing.sqlite"
    existing.write_bytes(b"keep me")
    refused = cli("--database", own, "backup", "create", existing)
    assert refused.clean_failure and "--force" in refused.err
    assert existing.read_bytes() == b"keep me"
    assert cli("--database", own, "backup", "create", existing, "--force").code == 0
    assert existing.read_bytes().startswith(SQLITE_HEADER)


def test_db_status_reads_a_read_only_file(cli: Runner, tmp_path: Path) -> None:
    own = tmp_path / "own.sqlite"
    assert cli("sample", "create", own).code == 0
    own.chmod(0o444)
    try:
        result = cli("--database", own, "db", "status")
    finally:
        own.chmod(0o644)
    assert result.code == 0, result.err
    assert "up to date" in result.out


def test_help_speaks_croatian_including_argparse_words(cli: Runner) -> None:
    result = cli("--lang", "hr", "db", "--help")
    assert result.code == 0
    assert result.out.startswith("uporaba: dpo-desk db")
    assert "prikaži ovu pomoć i izađi" in result.out
