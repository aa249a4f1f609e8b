"""Command line: no sub-command opens the window; sub-commands do headless work for administrators.

Exit status is 0 only on success, 1 when the work failed (the reason is printed), 2 for a usage
error. Every sub-command takes --database (a file path or an SQLAlchemy URL) and --data-dir.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from dpo_desk import __version__
from dpo_desk.domain.letters import REQUEST_LETTERS
from dpo_desk.domain.request import Right
from dpo_desk.i18n import LANGUAGES, N_, _, ngettext, set_language
from dpo_desk.services.bundle import Services


def _early_language(argv: Sequence[str]) -> str | None:
    """--lang is read before the parser is built, so that --help speaks the chosen language."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _common_options(defaults: bool) -> argparse.ArgumentParser:
    """Options accepted before and after the sub-command (after it, they win)."""
    parser = argparse.ArgumentParser(add_help=False)
    suppress = None if defaults else argparse.SUPPRESS
    parser.add_argument(
        "--database",
        metavar="URL",
        default=suppress,
        help=_(
            "the database: a file path (SQLite) or a URL such as "
            "postgresql+psycopg://user@host/dpo (default: dpo-desk.sqlite in the data folder)"
        ),
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        type=Path,
        default=suppress,
        help=_("the folder for the database, the sample and backups"),
    )
    parser.add_argument(
        "--lang",
        choices=[*LANGUAGES, "system"],
        default=suppress,
        help=_("the language of messages and documents (default: the system's)"),
    )
    return parser


#: argparse's own texts that a user sees, so --help and usage errors speak the chosen language.
#: argparse looks them up through its module-level ``_`` at the moment it prints them.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("options"),
    N_("positional arguments"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
)


def _translate_argparse() -> None:
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


def build_parser() -> argparse.ArgumentParser:
    from dpo_desk.reports.exports import FORMATS, REGISTERS

    common = _common_options(defaults=False)
    parser = argparse.ArgumentParser(
        prog="dpo-desk",
        description=_(
            "DPO Desk keeps the registers of a Data Protection Officer. Without a command it "
            "opens the window."
        ),
        parents=[_common_options(defaults=True)],
    )
    parser.add_argument("--version", action="version", version=f"DPO Desk {__version__}")
    parser.add_argument(
        "--sample",
        action="store_true",
        help=_("open the sample organisation (created in the data folder when missing)"),
    )
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"))

    sample = commands.add_parser("sample", help=_("the sample organisation"), parents=[common])
    sample_commands = sample.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    create = sample_commands.add_parser(
        "create", help=_("write the sample organisation as a new SQLite file"), parents=[common]
    )
    create.add_argument("path", type=Path, help=_("the new file"))
    create.add_argument("--force", action="store_true", help=_("replace the file if it exists"))

    db = commands.add_parser("db", help=_("the database schema"), parents=[common])
    db_commands = db.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    db_upgrade = db_commands.add_parser(
        "upgrade",
        help=_("upgrade the database to this version's schema (a backup is taken first)"),
        parents=[common],
    )
    db_upgrade.add_argument(
        "--create",
        action="store_true",
        help=_("create the DPO Desk schema when the database is new or empty"),
    )
    db_commands.add_parser("status", help=_("show the schema revision"), parents=[common])

    backup = commands.add_parser("backup", help=_("backups"), parents=[common])
    backup_commands = backup.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    backup_create = backup_commands.add_parser(
        "create",
        help=_("write a consistent copy of the database to an SQLite file"),
        parents=[common],
    )
    backup_create.add_argument("file", type=Path, help=_("the backup file to write"))
    backup_create.add_argument(
        "--force", action="store_true", help=_("replace the file if it exists")
    )

    importing = commands.add_parser(
        "import", help=_("read a register from an Excel file"), parents=[common]
    )
    importing.add_argument(
        "register",
        choices=["activities", "email"],
        help=_("activities from a spreadsheet, or a request received by e-mail"),
    )
    importing.add_argument(
        "file",
        type=Path,
        help=_("the .xlsx file (DPO Desk's export or the ICO template), or the .eml/.msg message"),
    )
    importing.add_argument(
        "--received",
        type=_day,
        help=_("e-mail: the day it was received, when not the day the message was sent"),
    )
    importing.add_argument(
        "--right",
        action="append",
        default=[],
        choices=[right.value for right in Right],
        help=_("e-mail: a right the request exercises (repeatable; else guessed from the text)"),
    )
    importing.add_argument(
        "--dry-run",
        action="store_true",
        help=_("only show what would be created or updated, and every problem"),
    )

    deadline = commands.add_parser(
        "deadline",
        help=_("the due date of a request received on a day, with the rules applied"),
        parents=[common],
    )
    deadline.add_argument(
        "received", type=_day, help=_("the day the request was received (YYYY-MM-DD)")
    )
    deadline.add_argument(
        "--extended",
        action="store_true",
        help=_("the period extended to three months from receipt (Art. 12(3))"),
    )
    deadline.add_argument(
        "--pause",
        nargs=2,
        type=_day,
        action="append",
        default=[],
        metavar=("START", "END"),
        help=_("a pause while waiting for the requester, from START to END (repeatable)"),
    )

    letter = commands.add_parser(
        "letter",
        help=_("write a letter to the data subject of a request as PDF and keep it with it"),
        parents=[common],
    )
    letter.add_argument("reference", help=_("the request's reference, e.g. DSR-2026-0042"))
    letter.add_argument(
        "--type",
        required=True,
        dest="letter_type",
        choices=[kind.value for kind in REQUEST_LETTERS],
        help=_("the letter to write"),
    )
    letter.add_argument("--output", required=True, type=Path, help=_("the PDF file to write"))
    letter.add_argument(
        "--text",
        default="",
        help=_(
            "the letter's own text: what is asked for (identity-request), the reasons "
            "(refusal) or the actions taken (confirmation)"
        ),
    )
    letter.add_argument("--free", default="", help=_("a paragraph of your own"))
    letter.add_argument(
        "--dataset",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help=_(
            "portability: a CSV or JSON file of the data (repeatable); the package is written "
            "beside the letter as a .zip"
        ),
    )
    letter.add_argument(
        "--letter-lang",
        choices=LANGUAGES,
        help=_("the letter's language (default: the request's)"),
    )

    notification = commands.add_parser(
        "notification",
        help=_(
            "prepare a breach's notification to AZOP or its letter to the data subjects as "
            "PDF, and keep it with the incident as a dated version"
        ),
        parents=[common],
    )
    notification.add_argument("reference", help=_("the incident's reference, e.g. INC-2026-0007"))
    notification.add_argument(
        "--to",
        required=True,
        dest="addressee",
        choices=["authority", "subjects"],
        help=_("authority: AZOP (Art. 33); subjects: the data subjects (Art. 34)"),
    )
    notification.add_argument("--output", required=True, type=Path, help=_("the PDF file to write"))
    notification.add_argument(
        "--phase",
        choices=["initial", "follow_up", "final"],
        help=_("the phase of a notification to AZOP (default: initial, then follow_up)"),
    )
    notification.add_argument(
        "--advice",
        default=None,
        help=_("subjects: the advice on protecting themselves (default: suggested from the data)"),
    )
    notification.add_argument("--free", default="", help=_("a paragraph of your own"))
    notification.add_argument(
        "--sent",
        action="store_true",
        help=_("also record it as sent now (AZOP notified, or the data subjects told today)"),
    )

    report = commands.add_parser("report", help=_("reports"), parents=[common])
    report_commands = report.add_subparsers(dest="kind", metavar=_("REPORT"), required=True)
    annual = report_commands.add_parser(
        "annual",
        help=_("the data protection officer's annual report for a year, as PDF"),
        parents=[common],
    )
    annual.add_argument("year", type=int, help=_("the year, e.g. 2026"))
    annual.add_argument("--output", required=True, type=Path, help=_("the PDF file to write"))

    export = commands.add_parser(
        "export", help=_("write a register to an Excel or PDF file"), parents=[common]
    )
    export.add_argument(
        "register",
        choices=sorted([*REGISTERS, "complaint-log"]),
        help=_("the register to export"),
    )
    export.add_argument(
        "--format",
        required=True,
        choices=FORMATS,
        dest="output_format",
        help=_("xlsx for Excel, pdf for the authority"),
    )
    export.add_argument("--output", required=True, type=Path, help=_("the file to write"))
    export.add_argument(
        "--from",
        dest="start",
        type=_day,
        help=_("complaint-log: the first day of the period (YYYY-MM-DD)"),
    )
    export.add_argument(
        "--to",
        dest="end",
        type=_day,
        help=_("complaint-log: the last day of the period (YYYY-MM-DD)"),
    )
    return parser


def _day(text: str) -> date:
    """A date as YYYY-MM-DD or dd.mm.yyyy., for the command line (argparse names the option)."""
    from dpo_desk.domain.timefmt import parse_date

    try:
        day = parse_date(text)
    except ValueError:
        day = None
    if day is None:
        raise argparse.ArgumentTypeError(
            _("“{text}” is not a date (expected YYYY-MM-DD)").format(text=text)
        )
    return day


#: What ``db status`` says of each schema state (dpo_desk.store.migrate.SchemaStatus values).
SCHEMA_STATUS_LABELS = {
    "empty": N_("empty (no DPO Desk data yet)"),
    "current": N_("up to date"),
    "behind": N_("made by an older DPO Desk; 'db upgrade' upgrades it after a backup"),
    "newer": N_("made by a newer DPO Desk; please update DPO Desk"),
    "foreign": N_("not a DPO Desk database"),
}


def _print(message: str) -> None:
    print(message, flush=True)


def _fail(message: str) -> int:
    print(_("dpo-desk: {message}").format(message=message), file=sys.stderr, flush=True)
    return 1


def _print_deadline(args: argparse.Namespace) -> int:
    """The due date on the first line (YYYY-MM-DD, or "paused"), then the trail. Needs no
    database: the rules and Croatia's holidays are all it counts with."""
    from dpo_desk.domain.deadlines import Pause, compute_deadline, validate_pauses
    from dpo_desk.domain.timefmt import office_today
    from dpo_desk.services.holidays import CROATIA

    received: date = args.received
    today = office_today()
    if received > today:
        return _fail(_("The received date {date} is in the future.").format(date=received))
    pauses = [Pause(start, end) for start, end in args.pause]
    problems = validate_pauses(received, pauses, today)
    if problems:
        return _fail("\n".join(problems))
    deadline = compute_deadline(received, CROATIA, extended=args.extended, pauses=pauses)
    _print(deadline.due.isoformat() if deadline.due else "paused")
    for step in deadline.steps:
        _print(f"  {step.day.isoformat()}  {step.text}")
    return 0


def run_command(args: argparse.Namespace) -> int:
    from dpo_desk.app import AppWorkspace, build_services
    from dpo_desk.domain.errors import DpoDeskError
    from dpo_desk.paths import Paths
    from dpo_desk.services.progress import CancelToken, ignore_progress

    if args.command == "deadline":
        return _print_deadline(args)
    paths = Paths.from_environment(args.data_dir)
    workspace = AppWorkspace(paths)
    location = args.database or workspace.default_location()
    try:
        if args.command == "sample":
            target: Path = args.path
            if target.exists() and not args.force:
                return _fail(_("{path} exists; add --force to replace it.").format(path=target))
            written = workspace.create_sample(target, ignore_progress, CancelToken())
            _print(_("Sample organisation written to {path}").format(path=written))
            return 0
        if args.command == "db" and args.action == "status":
            from dpo_desk.store.database import SqlDatabase

            state = SqlDatabase.inspect(location)
            _print(
                _("{location}: {status}, schema {revision} (this version: {head})").format(
                    location=location,
                    status=_(SCHEMA_STATUS_LABELS[state.status.value]),
                    revision=state.revision or "-",
                    head=state.head,
                )
            )
            return 0
        if args.command == "db":
            # A mistyped path or the server's default database must not silently get a schema.
            database = workspace.open_database(location, create=args.create)
            try:
                before = database.schema_before_opening
                if before.revision is None:
                    _print(
                        _("{location}: created the DPO Desk schema {head}.").format(
                            location=database.location, head=before.head
                        )
                    )
                elif before.revision == before.head:
                    _print(
                        _("{location} is up to date (schema {head}).").format(
                            location=database.location, head=before.head
                        )
                    )
                else:
                    _print(
                        _("{location}: upgraded from {old} to {head}").format(
                            location=database.location, old=before.revision or "-", head=before.head
                        )
                    )
                if database.upgrade_backup is not None:
                    _print(_("Backup before upgrade: {path}").format(path=database.upgrade_backup))
            finally:
                database.close()
            return 0
        # Backup and export read an existing register: a mistyped --database must be refused,
        # not answered with a new, empty database created under the wrong name; and an older
        # schema is not upgraded behind the administrator's back.
        database = workspace.open_database(location, create=False, migrate=False)
        if args.command == "backup":
            try:
                backup_file: Path = args.file
                if backup_file.exists() and not args.force:
                    return _fail(
                        _("{path} exists; add --force to replace it.").format(path=backup_file)
                    )
                written = database.backup(backup_file, ignore_progress, CancelToken())
                _print(_("Backup written to {path}").format(path=written))
                return 0
            finally:
                database.close()
        state = database.schema_before_opening
        if state.revision != state.head:
            database.close()
            return _fail(
                _(
                    "{location} has the schema of an older DPO Desk ({revision}); run "
                    "'dpo-desk db upgrade' first (it takes a backup)."
                ).format(location=database.location, revision=state.revision)
            )
        services = build_services(database)
        try:
            if args.command == "letter":
                return _letter(services, args)
            if args.command == "notification":
                return _notification(services, args)
            if args.command == "report":
                return _annual_report(services, args)
            if args.command == "import" and args.register == "email":
                return _import_email(services, args.file, args.received, args.right, args.dry_run)
            if args.command == "import":
                return _import(services, args.file, args.dry_run)
            if args.command == "export" and args.register == "complaint-log":
                return _complaint_log(services, args)
            if args.command == "export":
                from dpo_desk.reports.exports import export_register

                written = export_register(
                    services,
                    args.register,
                    args.output_format,
                    args.output,
                    ignore_progress,
                    CancelToken(),
                )
                _print(_("Written: {path}").format(path=written))
                return 0
        finally:
            services.close()
    except DpoDeskError as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(
            _("{path}: {reason}").format(path=error.filename or "", reason=error.strerror or error)
        )
    raise AssertionError(f"unhandled command {args.command!r}")


def _import(services: Services, file: Path, dry_run: bool) -> int:
    """Prints the preview; writes only without --dry-run and only when there is no problem."""
    from dpo_desk.reports.spreadsheet import read_sheets
    from dpo_desk.services.activity_import import is_known_header

    plan = services.importer.plan(read_sheets(file, is_known_header))
    _print(
        _("{file}: {creates} to create, {updates} to update.").format(
            file=file, creates=plan.creates, updates=plan.updates
        )
    )
    for _kind, name in plan.new_entries:
        _print(_("New catalogue entry: {name}").format(name=name))
    for problem in plan.problems:
        print(str(problem), file=sys.stderr)
    if plan.problems:
        return _fail(
            ngettext(
                "{count} problem: nothing was written.",
                "{count} problems: nothing was written.",
                len(plan.problems),
            ).format(count=len(plan.problems))
        )
    if dry_run:
        _print(_("Dry run: nothing was written."))
        return 0
    services.importer.apply(plan)
    _print(_("Imported."))
    return 0


def _letter(services: Services, args: argparse.Namespace) -> int:
    """Writes the letter the window would, and records it in the request's correspondence."""
    from dpo_desk.domain.letters import LetterType
    from dpo_desk.domain.timefmt import office_today
    from dpo_desk.reports.files import atomic_output
    from dpo_desk.reports.letter_pdf import letter_pdf_bytes
    from dpo_desk.services.attachments import read_file
    from dpo_desk.services.letters import LetterTexts
    from dpo_desk.services.portability import package_name, read_dataset

    request = services.requests.find(args.reference)
    if request is None:
        return _fail(_("There is no request {reference}.").format(reference=args.reference))
    kind = LetterType(args.letter_type)
    if args.dataset and kind is not LetterType.PORTABILITY:
        return _fail(_("--dataset belongs to the portability letter only."))
    today = office_today()
    datasets = tuple(read_dataset(path.name, read_file(path)) for path in args.dataset)
    # --letter-lang, else the command's --lang when given, else the request's language.
    language = args.letter_lang or (args.lang if args.lang in ("hr", "en") else None)
    letter = services.letters.compose(
        request,
        kind,
        today,
        LetterTexts(text=args.text, free_text=args.free, datasets=datasets),
        language,
    )
    pdf = letter_pdf_bytes(letter)
    package = services.letters.package(request, datasets) if datasets else b""
    # Kept first: a letter written to disk but not recorded would be one sent without trace.
    services.letters.record(request, letter, pdf, today, package=package)
    with atomic_output(args.output) as part:
        part.write_bytes(pdf)
    if package:
        beside = args.output.parent / package_name(request)
        with atomic_output(beside) as part:
            part.write_bytes(package)
        _print(_("Written: {path}").format(path=beside))
    _print(_("Written: {path}").format(path=args.output))
    return 0


def _annual_report(services: Services, args: argparse.Namespace) -> int:
    from dpo_desk.reports.annual_report import write_annual_report

    if not 2000 <= args.year <= 2100:
        return _fail(_("{year} is not a year to report on.").format(year=args.year))
    written = write_annual_report(services, args.year, args.output)
    _print(_("Written: {path}").format(path=written))
    return 0


def _complaint_log(services: Services, args: argparse.Namespace) -> int:
    """The complaint-handling log for the complaints received from --from to --to."""
    from dpo_desk.reports.complaint_reports import write_complaint_log, write_complaint_log_xlsx
    from dpo_desk.services.progress import CancelToken, ignore_progress

    if args.start is None or args.end is None:
        return _fail(_("complaint-log needs the period: --from DATE --to DATE."))
    writer = write_complaint_log_xlsx if args.output_format == "xlsx" else write_complaint_log
    written = writer(services, args.start, args.end, args.output, ignore_progress, CancelToken())
    _print(_("Written: {path}").format(path=written))
    return 0


def _notification(services: Services, args: argparse.Namespace) -> int:
    """Writes the notification the window would, and keeps it with the incident."""
    from dpo_desk.domain.incident import Addressee, Phase
    from dpo_desk.domain.timefmt import utc_now
    from dpo_desk.reports.files import atomic_output
    from dpo_desk.reports.letter_pdf import letter_pdf_bytes
    from dpo_desk.services.breach_letters import NotificationTexts

    incident = services.incidents.find(args.reference)
    if incident is None:
        return _fail(_("There is no incident {reference}.").format(reference=args.reference))
    addressee = Addressee(args.addressee)
    # --lang when it names a language, else Croatian: AZOP works in Croatian.
    language = args.lang if args.lang in ("hr", "en") else "hr"
    phase = Phase(args.phase) if args.phase else services.breach_letters.next_phase(incident)
    advice = args.advice
    if advice is None and addressee is Addressee.SUBJECTS:
        advice = services.breach_letters.default_advice(incident, language)
    now = utc_now()
    letter = services.breach_letters.compose(
        incident,
        addressee,
        now,
        NotificationTexts(phase=phase, advice=advice or "", free_text=args.free),
        language,
        mark_sent=args.sent,
    )
    pdf = letter_pdf_bytes(letter)
    # Written to its temporary file first (a bad --output fails before anything is recorded),
    # then kept, then renamed: a notification on disk but not kept would leave no trace.
    with atomic_output(args.output) as part:
        part.write_bytes(pdf)
        services.breach_letters.keep(incident, letter, pdf, addressee, phase, now, args.sent)
    _print(_("Written: {path}").format(path=args.output))
    return 0


def _import_email(
    services: Services, file: Path, received: date | None, rights: list[str], dry_run: bool
) -> int:
    """Records the request an e-mail carries and prints its reference; the message and its
    attachments are kept as the first entry of its correspondence."""
    from dataclasses import replace

    from dpo_desk.domain.errors import ValidationError
    from dpo_desk.domain.timefmt import office_today
    from dpo_desk.services.email_intake import MessageError, draft_request, read_message_file
    from dpo_desk.services.requests import with_message

    try:
        message = read_message_file(file)
    except MessageError as error:
        return _fail(str(error))
    for problem in message.problems:
        print(problem, file=sys.stderr)
    request = draft_request(message)
    if received is not None:
        request = replace(request, received_on=received)
    if rights:
        request = replace(request, rights=tuple(Right(right) for right in rights))
    if request.received_on is None:
        return _fail(
            _("{file} has no date: give the day it was received with --received.").format(file=file)
        )
    request = with_message(request, message)
    if dry_run:
        problems = services.requests.problems(request, office_today())
        for field_problem in problems:
            print(str(field_problem), file=sys.stderr)
        _print(_("Dry run: nothing was written."))
        return 1 if problems else 0
    try:
        saved, _changes = services.requests.save(request, office_today())
    except ValidationError as error:
        for field_problem in error.errors:
            print(str(field_problem), file=sys.stderr)
        return _fail(_("The request was not recorded."))
    _print(saved.reference)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        set_language(_early_language(arguments))
    except ValueError:
        set_language(None)
    _translate_argparse()
    args = build_parser().parse_args(arguments)
    if args.lang:
        set_language(args.lang)
    if args.command is None:
        from dpo_desk.app import run_gui

        return run_gui(args)
    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())
