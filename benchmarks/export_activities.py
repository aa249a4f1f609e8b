"""Benchmark: the Excel export of a register of 5,000 processing activities against raw openpyxl.

Measures (a) DPO Desk's ``activities`` xlsx export (``dpo_desk.reports.exports.export_register``:
reading every activity with its links from SQLite, resolving the catalogue, computing every
cell's text from the column specs, and writing the styled, formula-safe workbook with the
controller and processor registers, the retention schedule, the recipients and transfers
registers and the catalogues), and (b) openpyxl in write-only mode writing the same cells (the
same texts, taken from the same column specs beforehand, so only the writing is timed).

(a) and (b) run in pairs, the order within each pair alternating (ab, ba, ab, ...), each run
from a collected heap. Each pair gives a ratio; the script prints them in the order run, the
best times and their ratio, and the median of the pairs' ratios, which is the verdict: a shared
machine's speed drifts by tens of per cent within a minute, and a pair shares its minute.

Target (issue 3, "Scale and speed"): (a) takes at most 1.3 times (b).

    .venv/bin/python benchmarks/export_activities.py [--count 5000] [--repeat 5] [--verify]
"""

from __future__ import annotations

import argparse
import gc
import operator
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert

from dpo_desk.app import build_services
from dpo_desk.domain.activity import (
    CATALOGUE_LABELS,
    REGISTER_LABELS,
    ActivityStatus,
    CatalogueKind,
    DpiaStatus,
    EnisaDataType,
    LawfulBasis,
    MeasureKind,
    RegisterKind,
    RetentionFate,
    RetentionUnit,
    Role,
    SpecialCondition,
)
from dpo_desk.domain.timefmt import office_today
from dpo_desk.domain.transfer import TransferTool
from dpo_desk.i18n import _, set_language
from dpo_desk.reports.exports import SHEET_NAMES, export_register
from dpo_desk.reports.files import neutralise_formula
from dpo_desk.reports.header import header_lines
from dpo_desk.services.bundle import Services
from dpo_desk.services.progress import CancelToken, ignore_progress
from dpo_desk.services.register_columns import (
    CATALOGUE_COLUMNS,
    CONTROLLER_COLUMNS,
    PROCESSOR_COLUMNS,
    RETENTION_COLUMNS,
    register_rows,
    retention_lines,
)
from dpo_desk.services.sample import SAMPLE_PROFILE
from dpo_desk.services.transfer_columns import RECIPIENT_COLUMNS, TRANSFER_COLUMNS
from dpo_desk.store.database import SqlDatabase
from dpo_desk.store.records import (
    ActivityLinkRecord,
    ActivityRecord,
    CatalogueEntryRecord,
    RecipientRecord,
    RetentionRuleRecord,
    TransferActivityRecord,
    TransferDataCategoryRecord,
    TransferRecord,
)

WORDS = (
    "obrada",
    "podataka",
    "ugovor",
    "korisnik",
    "račun",
    "zaposlenik",
    "plaća",
    "evidencija",
    "sigurnost",
    "pristup",
    "kupac",
    "narudžba",
    "isporuka",
    "reklamacija",
    "marketing",
    "privola",
    "newsletter",
    "analitika",
    "kolačić",
    "uređaj",
    "lokacija",
    "poziv",
    "snimka",
    "korisnička",
    "služba",
    "prijevara",
    "revizija",
    "porez",
    "računovodstvo",
    "arhiva",
    "natječaj",
    "nagradna",
    "igra",
    "partner",
    "sponzor",
    "grupa",
    "društvo",
    "prijenos",
    "oblak",
    "pohrana",
    "customer",
    "account",
    "order",
    "payment",
    "invoice",
    "delivery",
    "complaint",
    "consent",
    "analytics",
    "device",
    "location",
    "recording",
    "fraud",
    "audit",
    "archive",
    "survey",
    "competition",
    "partner",
    "sponsor",
    "transfer",
    "hosting",
    "backup",
    "monitoring",
    "support",
    "training",
    "recruitment",
    "candidate",
    "supplier",
    "contract",
    "čuvanje",
    "brisanje",
    "šifriranje",
    "žalba",
    "đak",
    "ćelija",
    "Čakovec",
    "Šibenik",
    "Đakovo",
    "Ćiro",
    "Žminj",
)
COUNTRIES = ("US", "GB", "CH", "JP", "RS", "BA", "IN", "CA", "AU", "SG")
#: The tools of the transfers the register holds, each with what it needs to be valid.
TOOLS: tuple[dict[str, Any], ...] = (
    {"tool": TransferTool.ADEQUACY.value},
    {"tool": TransferTool.SCC.value, "scc_module": 2},
    {"tool": TransferTool.SCC.value, "scc_module": 1},
    {"tool": TransferTool.BCR.value},
    {"tool": TransferTool.DEROGATION.value, "derogation": "b"},
)


def _text(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return (" ".join(words) + ".").capitalize()


def _catalogue_rows(now: datetime) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    sizes = {
        CatalogueKind.DATA_CATEGORIES: 40,
        CatalogueKind.SUBJECT_CATEGORIES: 15,
        CatalogueKind.RECIPIENT_CATEGORIES: 20,
        CatalogueKind.SECURITY_MEASURES: 25,
    }
    enisa = list(EnisaDataType)
    for kind, size in sizes.items():
        for number in range(1, size + 1):
            data = kind is CatalogueKind.DATA_CATEGORIES
            rows.append(
                {
                    "kind": kind.value,
                    "name": f"{_(CATALOGUE_LABELS[kind])} {number:02d} (čćđ šž)",
                    "description": f"Opis kategorije {number}: podaci koje odjel vodi",
                    "special": data and number % 10 == 0,
                    "enisa_type": enisa[number % 4].value if data else None,
                    "measure_kind": (
                        list(MeasureKind)[number % 2].value
                        if kind is CatalogueKind.SECURITY_MEASURES
                        else None
                    ),
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            )
    return rows


def fill(database: SqlDatabase, count: int, seed: int = 30) -> None:
    """Writes the organisation, a catalogue and ``count`` activities with several links each:
    the profile through its repository, the register by Core inserts in one transaction."""
    with database.unit_of_work() as uow:
        uow.organisation.save(SAMPLE_PROFILE)
        uow.commit()
    rng = random.Random(seed)
    now = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
    with database.engine.begin() as connection:
        connection.execute(insert(CatalogueEntryRecord), _catalogue_rows(now))
        entries = connection.execute(
            CatalogueEntryRecord.__table__.select().with_only_columns(
                CatalogueEntryRecord.id, CatalogueEntryRecord.kind
            )
        ).all()
        by_kind: dict[str, list[int]] = {}
        for entry_id, kind in entries:
            by_kind.setdefault(kind, []).append(entry_id)

        activities: list[dict[str, Any]] = []
        for number in range(1, count + 1):
            processor = number % 10 == 0
            bases = rng.sample(list(LawfulBasis), rng.randint(1, 2))
            automated = number % 7 == 0
            activities.append(
                {
                    "register": (
                        RegisterKind.PROCESSOR if processor else RegisterKind.CONTROLLER
                    ).value,
                    "name": f"Aktivnost {number:05d}: {_text(rng, 2, 5)}",
                    "purposes": _text(rng, 20, 45),
                    "role": (Role.PROCESSOR if processor else Role.CONTROLLER).value,
                    "lawful_bases": "".join(sorted(b.value for b in bases)),
                    "special_condition": SpecialCondition.EMPLOYMENT.value
                    if number % 10 == 3
                    else None,
                    "legitimate_interest": _text(rng, 8, 20)
                    if LawfulBasis.LEGITIMATE_INTERESTS in bases
                    else "",
                    "balancing_test": f"LIA-2026-{number:05d}"
                    if LawfulBasis.LEGITIMATE_INTERESTS in bases
                    else "",
                    "measures_description": _text(rng, 10, 25),
                    "source": _text(rng, 3, 8),
                    "automated_decisions": automated,
                    "automated_logic": _text(rng, 8, 15) if automated else "",
                    "systems": _text(rng, 2, 5),
                    "location": rng.choice(
                        ("EU data centre (Frankfurt)", "Zagreb, vlastiti poslužitelji")
                    ),
                    "dpia_status": rng.choice(list(DpiaStatus)).value,
                    "dpia_reference": f"DPIA-2026-{number:05d}",
                    "owner": rng.choice(
                        ("Financije", "Ljudski potencijali", "Marketing", "IT", "Prodaja")
                    ),
                    "status": rng.choice((ActivityStatus.ACTIVE, ActivityStatus.DRAFT)).value,
                    "joint_controllers": "Grupa d.d." if number % 9 == 0 else "",
                    "controller_name": f"Klijent {number} d.o.o." if processor else "",
                    "controller_contact": "dpo@klijent.example, Ilica 1, Zagreb"
                    if processor
                    else "",
                    "processing_categories": _text(rng, 6, 14) if processor else "",
                    "last_reviewed_on": date(2026, 1, 1) + timedelta(days=number % 300),
                    "next_review_on": date(2027, 1, 1) + timedelta(days=number % 365),
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        connection.execute(insert(ActivityRecord), activities)
        ids = [
            row[0]
            for row in connection.execute(
                ActivityRecord.__table__.select().with_only_columns(ActivityRecord.id)
            )
        ]

        links: list[dict[str, Any]] = []
        rules: list[dict[str, Any]] = []
        transfers: list[dict[str, Any]] = []
        categories: list[dict[str, Any]] = []
        for activity_id in ids:
            data = rng.sample(by_kind[CatalogueKind.DATA_CATEGORIES.value], rng.randint(3, 6))
            chosen = (
                data
                + rng.sample(by_kind[CatalogueKind.SUBJECT_CATEGORIES.value], rng.randint(1, 3))
                + rng.sample(by_kind[CatalogueKind.RECIPIENT_CATEGORIES.value], rng.randint(1, 4))
                + rng.sample(by_kind[CatalogueKind.SECURITY_MEASURES.value], rng.randint(3, 6))
            )
            links.extend({"activity_id": activity_id, "entry_id": e} for e in chosen)
            for position in range(rng.randint(1, 3)):
                with_period = rng.random() < 0.7
                rules.append(
                    {
                        "activity_id": activity_id,
                        "position": position,
                        "data_category_id": data[position % len(data)] if position else None,
                        "period": rng.randint(1, 11) if with_period else None,
                        "unit": rng.choice(list(RetentionUnit)).value if with_period else None,
                        "trigger": "nakon prestanka ugovora" if with_period else "",
                        "criterion": "" if with_period else "Dok korisnik ne zatvori račun",
                        "fate": rng.choice(list(RetentionFate)).value,
                        "citation": "Zakon o računovodstvu, čl. 10." if position == 1 else "",
                    }
                )
        connection.execute(insert(ActivityLinkRecord), links)
        connection.execute(insert(RetentionRuleRecord), rules)
        # The transfers register: a recipient and a transfer per 25 activities, each transfer
        # linked to about 40 activities (some 8,000 links, as a large group's register has).
        data = by_kind[CatalogueKind.DATA_CATEGORIES.value]
        for number in range(max(count // 25, 1)):
            code = COUNTRIES[number % len(COUNTRIES)]
            recipient_id = connection.execute(
                insert(RecipientRecord).returning(RecipientRecord.id),
                {
                    "name": f"Primatelj {number:04d}: {_text(rng, 1, 3)}",
                    "role": "processor",
                    "country_code": code,
                    "agreement_signed_on": date(2026, 1, 1),
                    "agreement_review_on": date(2027, 1, 1),
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                },
            ).scalar_one()
            transfer_id = connection.execute(
                insert(TransferRecord).returning(TransferRecord.id),
                {
                    "recipient_id": recipient_id,
                    "country_code": code,
                    "description": _text(rng, 4, 10),
                    "derogation_assessment": "",
                    "tia_measures": "",
                    "tool_reference": "",
                    "notes": "",
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                    **TOOLS[number % len(TOOLS)],
                },
            ).scalar_one()
            chosen = rng.sample(ids, min(40, len(ids)))
            transfers.extend({"transfer_id": transfer_id, "activity_id": a} for a in chosen)
            categories.extend(
                {"transfer_id": transfer_id, "entry_id": e} for e in rng.sample(data, 3)
            )
        connection.execute(insert(TransferActivityRecord), transfers)
        connection.execute(insert(TransferDataCategoryRecord), categories)


SheetCells = tuple[str, list[list[str | None]]]


def same_cells(services: Services) -> list[SheetCells]:
    """Every sheet's cells as the export writes them (same column specs, same neutralising),
    computed before (b)'s clock starts."""
    header = header_lines(services.organisation.profile(), datetime.now(UTC))
    catalogue = services.catalogue.entries()
    activities = services.activities.all()
    today = office_today()
    transfers = services.transfers.rows_for(activities, catalogue, today)
    rows = register_rows(activities, catalogue, transfers)
    controller = [r for r in rows if r.activity.register is RegisterKind.CONTROLLER]
    processor = [r for r in rows if r.activity.register is RegisterKind.PROCESSOR]
    specs: list[tuple[str, str, Sequence[Any], Sequence[Any]]] = [
        (
            _(SHEET_NAMES[RegisterKind.CONTROLLER]),
            _(REGISTER_LABELS[RegisterKind.CONTROLLER]),
            CONTROLLER_COLUMNS,
            controller,
        ),
        (
            _(SHEET_NAMES[RegisterKind.PROCESSOR]),
            _(REGISTER_LABELS[RegisterKind.PROCESSOR]),
            PROCESSOR_COLUMNS,
            processor,
        ),
        (
            _("Retention schedule"),
            _("Retention schedule"),
            RETENTION_COLUMNS,
            retention_lines(rows),
        ),
        (
            _("Recipients"),
            _("Recipients"),
            RECIPIENT_COLUMNS,
            services.recipients.rows_for(activities, today),
        ),
        (_("Transfers"), _("Transfers"), TRANSFER_COLUMNS, transfers),
    ]
    for kind in CatalogueKind:
        entries = [e for e in catalogue if e.kind is kind]
        specs.append(
            (_(CATALOGUE_LABELS[kind]), _(CATALOGUE_LABELS[kind]), CATALOGUE_COLUMNS, entries)
        )
    sheets: list[SheetCells] = []
    for name, title, columns, records in specs:
        cells: list[list[str | None]] = [[title]]
        cells.extend([label, value] for label, value in header)
        cells.append([])
        cells.append([_(column.header) for column in columns])
        # An empty text is no cell, in both files.
        cells.extend(
            [neutralise_formula(c.text(record)) or None for c in columns] for record in records
        )
        sheets.append((name[:31], cells))
    return sheets


def write_raw(sheets: list[SheetCells], destination: Path) -> None:
    """(b): openpyxl's write-only mode, plain values, no styles."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for name, cells in sheets:
        sheet = workbook.create_sheet(name)
        for row in cells:
            sheet.append(row)
    workbook.save(destination)


def write_styled(sheets: list[SheetCells], destination: Path) -> None:
    """(c), for reference: the same cells with the same styles the export gives them (bold
    title and headers, wrapped top-aligned data), the way openpyxl's documentation writes
    styled cells in write-only mode (a WriteOnlyCell per styled value)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    bold, big = Font(bold=True), Font(bold=True, size=14)
    wrap = Alignment(wrap_text=True, vertical="top")
    workbook = Workbook(write_only=True)
    for name, cells in sheets:
        sheet = workbook.create_sheet(name)
        heading = cells.index([]) + 1
        for number, row in enumerate(cells):
            styled: list[Any] = []
            for index, value in enumerate(row):
                if value is None:
                    styled.append(None)
                    continue
                cell = WriteOnlyCell(sheet, value=value)
                if number == 0:
                    cell.font = big
                elif number == heading or (number < heading and index == 0):
                    cell.font = bold
                elif number > heading:
                    cell.alignment = wrap
                styled.append(cell)
            sheet.append(styled)
    workbook.save(destination)


def timed(action: Callable[[], object]) -> float:
    """Seconds ``action`` takes, started from a collected heap (what the last run left is
    not the next one's garbage to walk)."""
    gc.collect()
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def verify(ours: Path, raw: Path) -> None:
    """Both files hold the same texts (the export adds only styles and column widths)."""
    from openpyxl import load_workbook

    first, second = load_workbook(ours, read_only=True), load_workbook(raw, read_only=True)
    assert first.sheetnames == second.sheetnames, (first.sheetnames, second.sheetnames)
    for name in first.sheetnames:
        a = [tuple(row) for row in first[name].iter_rows(values_only=True)]
        b = [tuple(row) for row in second[name].iter_rows(values_only=True)]
        # "Generated" is the minute each was made: compare everything else.
        a = [row for row in a if row[:1] != (_("Generated"),)]
        b = [row for row in b if row[:1] != (_("Generated"),)]
        assert a == b, f"sheet {name!r} differs"
    first.close()
    second.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=5000, help="activities (default 5000)")
    parser.add_argument(
        "--repeat", type=int, default=5, help="pairs of runs; the median ratio counts"
    )
    parser.add_argument("--language", choices=("hr", "en"), default="hr")
    parser.add_argument(
        "--verify", action="store_true", help="check both files hold the same cells"
    )
    parser.add_argument(
        "--one",
        choices=("ours", "raw"),
        help="run (a) or (b) once after a warm-up, inside operator.call, for an instruction "
        "count (benchmarks/export_instructions.py); no timing",
    )
    args = parser.parse_args(argv)
    set_language(args.language)

    with tempfile.TemporaryDirectory(prefix="dpo-desk-bench-") as folder:
        work = Path(folder)
        database = SqlDatabase.open(work / "bench.sqlite", work / "backups")
        try:
            started = time.perf_counter()
            fill(database, args.count)
            print(f"{args.count} activities written in {time.perf_counter() - started:.1f} s")
            services = build_services(database)
            ours, raw = work / "dpo-desk.xlsx", work / "raw.xlsx"

            def export() -> None:
                export_register(
                    services, "activities", "xlsx", ours, ignore_progress, CancelToken()
                )

            cells = same_cells(services)
            if args.one:
                action = export if args.one == "ours" else lambda: write_raw(cells, raw)
                action()  # imports, translations, SQLite's page cache: not what is counted
                gc.collect()
                # The only call of operator.call in the process: callgrind counts inside it.
                operator.call(action)
                print(f"ran {args.one} once")
                return 0
            print(
                f"{sum(v is not None for _n, rows in cells for r in rows for v in r):,} cells "
                f"in {len(cells)} sheets"
            )
            # In pairs, so that a change in the machine's speed falls on both alike; which runs
            # first alternates, so that running first or second favours neither.
            ours_times: list[float] = []
            raw_times: list[float] = []
            for pair in range(args.repeat):
                if pair % 2:
                    raw_times.append(timed(lambda: write_raw(cells, raw)))
                    ours_times.append(timed(export))
                else:
                    ours_times.append(timed(export))
                    raw_times.append(timed(lambda: write_raw(cells, raw)))
            a, b = min(ours_times), min(raw_times)
            ratios = [x / y for x, y in zip(ours_times, raw_times, strict=True)]
            c = min(
                timed(lambda: write_styled(cells, work / "styled.xlsx")) for _ in range(args.repeat)
            )
            if args.verify:
                verify(ours, raw)
                verify(ours, work / "styled.xlsx")
                print("verified: the workbooks hold the same cells")
        finally:
            database.close()

    ratio = statistics.median(ratios)
    print(f"(a) DPO Desk export (read, compute, style, write): {a:.2f} s (best of {args.repeat})")
    print(f"(b) openpyxl write-only, same cells, plain:        {b:.2f} s")
    print(f"(c) openpyxl write-only, same cells, same styles:  {c:.2f} s")
    print(f"ratio a/b, pair by pair: {', '.join(f'{r:.2f}' for r in ratios)}")
    print(f"ratio a/b, best against best: {a / b:.2f}")
    print(
        f"ratio a/b, median: {ratio:.2f} (target <= 1.30: {'met' if ratio <= 1.3 else 'NOT met'})"
    )
    print(f"ratio a/c: {a / c:.2f} (for reference)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
