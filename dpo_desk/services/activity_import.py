"""Importing activities from a spreadsheet: DPO Desk's own export (round trip) or one laid out
like the UK ICO controller template. Nothing is written until the whole file is without problems
and the user confirms; then everything is written in one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from typing import Any

from dpo_desk.domain.activity import (
    ACTIVITY_FIELD_LABELS,
    DPIA_LABELS,
    FATE_TEXTS,
    ROLE_LABELS,
    STATUS_LABELS,
    Activity,
    CatalogueEntry,
    CatalogueKind,
    LawfulBasis,
    RegisterKind,
    RetentionFate,
    RetentionRule,
    RetentionUnit,
    SpecialCondition,
    normalise_activity,
    validate_activity,
)
from dpo_desk.domain.changes import Changes, Register
from dpo_desk.domain.errors import FieldError, ValidationError
from dpo_desk.domain.timefmt import parse_date
from dpo_desk.domain.transfer import (
    TOOL_LABELS,
    TOOL_SHORT_LABELS,
    Recipient,
    RecipientRole,
    ReferenceTable,
    Transfer,
    TransferTool,
    normalise_transfer,
    validate_transfer,
)
from dpo_desk.i18n import _, plural_translations_of, translations_of
from dpo_desk.services.countries import country_code_of
from dpo_desk.services.destinations import DestinationService
from dpo_desk.services.ports import UnitOfWork, UnitOfWorkFactory
from dpo_desk.services.register_columns import CONTROLLER_COLUMNS, PROCESSOR_COLUMNS
from dpo_desk.services.tabular import SheetRows


def _normal(text: str) -> str:
    text = re.sub(r"\((if applicable|if possible)\)", "", text.casefold())
    return " ".join(re.sub(r"[^\w()]+", " ", text).split())


#: The UK ICO controller template's headings (2018 xlsx), mapped to our column keys.
ICO_HEADERS = {
    "business function": "owner",
    "purpose of processing": "purposes",
    "name and contact details of joint controller": "joint",
    "categories of individuals": "subjects",
    "categories of personal data": "data",
    "categories of recipients": "recipients",
    "names of third countries or international organisations that personal data are transferred to": "transfers",
    "safeguards for exceptional transfers of personal data to third countries or international organisations": "safeguards",
    "retention schedule": "retention",
    "general description of technical and organisational security measures": "measures",
    "article 6 lawful basis for processing personal data": "lawful_basis",
    "legitimate interests for the processing": "legitimate_interest",
    "article 9 basis for processing special category data": "special",
    "source of the personal data": "source",
    "location of personal data": "location",
    "processing activity": "name",
    "name of processing activity": "name",
}


@cache
def _header_keys() -> dict[str, str]:
    """Every known heading (ours in both languages, and the ICO template's) -> column key."""
    keys = dict(ICO_HEADERS)
    for column in (*CONTROLLER_COLUMNS, *PROCESSOR_COLUMNS):
        for text in translations_of(column.header):
            keys[_normal(text)] = column.key
    return keys


def is_known_header(text: str) -> bool:
    return _normal(text) in _header_keys()


def _labels(mapping: Mapping[Any, str]) -> dict[str, Any]:
    """Every translation of each label, folded, to its value."""
    found: dict[str, object] = {}
    for value, label in mapping.items():
        for text in translations_of(label):
            found[text.casefold()] = value
    return found


_BASIS_WORDS = {
    "consent": "a", "privola": "a", "contract": "b", "ugovor": "b",
    "legal obligation": "c", "pravna obveza": "c", "vital interests": "d",
    "ključni interesi": "d", "public task": "e", "javni interes": "e",
    "legitimate interests": "f", "legitimni interes": "f",
}  # fmt: skip


def parse_lawful_bases(text: str) -> tuple[LawfulBasis, ...]:
    """ "Art. 6(1)(b) contract; 6(1)(f)" or "čl. 6. st. 1. t. (b) ugovor" or "Contract"."""
    letters = set(re.findall(r"\(([a-f])\)", text))
    folded = text.casefold()
    letters |= {letter for word, letter in _BASIS_WORDS.items() if word in folded}
    return tuple(LawfulBasis(letter) for letter in sorted(letters))


def parse_special(text: str) -> SpecialCondition | None:
    found = re.search(r"9\D{1,12}2\D{1,12}\(?([a-j])\)", text) or re.search(r"\(([a-j])\)", text)
    return SpecialCondition(found.group(1)) if found and text.strip() else None


def _unit(word: str) -> RetentionUnit | None:
    """ "years", "godine", "mjeseci"…: a unit in any form of either language."""
    for unit, singular, plural in (
        (RetentionUnit.DAYS, "{count} day", "{count} days"),
        (RetentionUnit.MONTHS, "{count} month", "{count} months"),
        (RetentionUnit.YEARS, "{count} year", "{count} years"),
    ):
        forms = plural_translations_of(singular, plural)
        if word.casefold() in {form.replace("{count}", "").strip().casefold() for form in forms}:
            return unit
    return None


def parse_retention(text: str) -> RetentionRule:
    """Reads back what describe_retention wrote; anything else becomes the criterion."""
    rest = text.strip()
    citation = ""
    found = re.search(r"\(([^()]*)\)\s*$", rest)
    if found and ";" in rest[: found.start()]:
        citation, rest = found.group(1).strip(), rest[: found.start()].strip()
    fate = RetentionFate.DELETE
    for value, phrase in FATE_TEXTS.items():
        for spelled in translations_of(phrase):
            if rest.casefold().endswith("; " + spelled.casefold()):
                fate, rest = value, rest[: -len(spelled) - 2].strip()
    period = re.match(r"^(\d+)\s+(\w+)\s*(.*)$", rest)
    if period and _unit(period.group(2)) is not None:
        return RetentionRule(
            period=int(period.group(1)),
            unit=_unit(period.group(2)),
            trigger=period.group(3).strip(),
            fate=fate,
            citation=citation,
        )
    return RetentionRule(criterion=rest, fate=fate, citation=citation)


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", text) if part.strip()]


@dataclass
class _Row:
    """One spreadsheet row being read: its cells by column key, and where to report problems."""

    sheet: SheetRows
    columns: dict[str, int]
    number: int
    texts: tuple[str, ...]
    problems: list[ImportProblem]

    def cell(self, key: str) -> str:
        index = self.columns.get(key)
        return self.texts[index] if index is not None and index < len(self.texts) else ""

    def problem(self, key: str, message: str) -> None:
        index = self.columns.get(key)
        header = self.sheet.headers[index] if index is not None else key
        self.problems.append(ImportProblem(self.sheet.name, self.number, header, message))


@dataclass(frozen=True)
class ImportProblem:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("{sheet}, row {row}, {column}: {message}").format(
            sheet=self.sheet, row=self.row, column=self.column, message=self.message
        )


@dataclass(frozen=True)
class ImportedTransfer:
    """A line of the transfers column: it becomes (or joins) a transfer of the transfers
    register, to a recipient found by name and country or created."""

    country_code: str
    recipient: str
    tool: TransferTool | None
    scc_module: int | None
    safeguard: str  # the cell's text, kept in the transfer's notes when no tool is recognised


@dataclass(frozen=True)
class ImportItem:
    """One activity the import will create or update, with names still to resolve."""

    sheet: str
    row: int
    activity: Activity
    links: dict[CatalogueKind, tuple[str, ...]] = field(default_factory=dict)
    retention_categories: tuple[str | None, ...] = ()
    transfers: tuple[ImportedTransfer, ...] = ()

    @property
    def is_update(self) -> bool:
        return self.activity.id is not None


@dataclass(frozen=True)
class ImportPlan:
    items: tuple[ImportItem, ...]
    problems: tuple[ImportProblem, ...]
    new_entries: tuple[tuple[CatalogueKind, str], ...]

    @property
    def creates(self) -> int:
        return sum(1 for item in self.items if not item.is_update)

    @property
    def updates(self) -> int:
        return sum(1 for item in self.items if item.is_update)


_LINK_KEYS = {
    "subjects": CatalogueKind.SUBJECT_CATEGORIES,
    "data": CatalogueKind.DATA_CATEGORIES,
    "recipients": CatalogueKind.RECIPIENT_CATEGORIES,
    "measures": CatalogueKind.SECURITY_MEASURES,
}


def parse_tool(text: str) -> tuple[TransferTool | None, int | None]:
    """The transfer tool a safeguard text names (its label in either language, as the export
    writes it, or a common abbreviation), and the SCC module; (None, None) when none is named."""
    folded = text.casefold()
    module = re.search(r"(?:module|modul)\s*([1-4])", folded)
    for labels in (TOOL_LABELS, TOOL_SHORT_LABELS):
        for tool, label in labels.items():
            if any(folded.startswith(name.casefold()) for name in translations_of(label)):
                return tool, int(module.group(1)) if module and tool is TransferTool.SCC else None
    if "2021/914" in folded or re.search(r"\bscc", folded):
        return TransferTool.SCC, int(module.group(1)) if module else None
    if re.search(r"\bbcr", folded):
        return TransferTool.BCR, None
    return None, None


class _TransferRecorder:
    """Adds activities to the transfers their lines name, creating the recipients and transfers
    the registers do not have yet (an import run twice adds nothing the second time). The
    registers are read once per import, not once per activity."""

    def __init__(self, uow: UnitOfWork, table: ReferenceTable) -> None:
        self._uow = uow
        self._table = table
        self._recipients = {(r.name.casefold(), r.country_code): r for r in uow.recipients.all()}
        self._transfers = uow.transfers.all()

    def _recipient(self, line: ImportedTransfer, activity_id: int) -> Recipient:
        key = (line.recipient.casefold(), line.country_code)
        recipient = self._recipients.get(key)
        if recipient is None:
            recipient = self._uow.recipients.save(
                Recipient(
                    name=line.recipient,
                    role=RecipientRole.THIRD_PARTY,
                    country_code=line.country_code,
                    activity_ids=(activity_id,),
                    notes=_("Created by a spreadsheet import: check its role."),
                )
            )
        elif activity_id not in recipient.activity_ids:
            recipient = self._uow.recipients.save(
                replace(recipient, activity_ids=(*recipient.activity_ids, activity_id))
            )
        self._recipients[key] = recipient
        return recipient

    def record(self, activity_id: int, lines: Sequence[ImportedTransfer]) -> None:
        for line in lines:
            recipient = self._recipient(line, activity_id)
            candidate = normalise_transfer(
                Transfer(
                    recipient_id=recipient.id,
                    country_code=line.country_code,
                    activity_ids=(activity_id,),
                    tool=line.tool,
                    scc_module=line.scc_module,
                    notes=line.safeguard,  # the whole cell: dates, references, the TIA
                )
            )
            if validate_transfer(candidate, self._table.get(line.country_code)):
                # The tool named lacks what the register needs (an SCC module, an Art. 49
                # ground): kept as words for the DPO to complete, not stored half-valid.
                candidate = replace(candidate, tool=None, scc_module=None)
            # The same transfer: same recipient, destination and tool; without a tool, the
            # same words too (two differently worded lines are two transfers to look at).
            same = next(
                (
                    t
                    for t in self._transfers
                    if t.recipient_id == recipient.id
                    and t.country_code == candidate.country_code
                    and t.tool == candidate.tool
                    and (candidate.tool is not None or t.notes == candidate.notes)
                ),
                None,
            )
            if same is None:
                self._transfers.append(self._uow.transfers.save(candidate))
            elif activity_id not in same.activity_ids:
                saved = self._uow.transfers.save(
                    replace(same, activity_ids=(*same.activity_ids, activity_id))
                )
                self._transfers[self._transfers.index(same)] = saved


class ActivityImportService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, destinations: DestinationService) -> None:
        self._unit_of_work = unit_of_work
        self._destinations = destinations

    def plan(self, sheets: Sequence[SheetRows]) -> ImportPlan:
        """What the import would do, and every problem by sheet, row and column."""
        keys = _header_keys()
        with self._unit_of_work() as uow:
            catalogue = uow.catalogue.entries()
            existing = {(a.register, a.name.casefold()): a for a in uow.activities.all()}
        table = self._destinations.table()
        by_name = {(e.kind, e.name.casefold()): e for e in catalogue}
        special_ids = {e.id for e in catalogue if e.special and e.id is not None}
        items: list[ImportItem] = []
        problems: list[ImportProblem] = []
        new_entries: dict[tuple[CatalogueKind, str], str] = {}
        seen: set[tuple[RegisterKind, str]] = set()
        for sheet in sheets:
            columns = {
                keys[_normal(h)]: i for i, h in enumerate(sheet.headers) if _normal(h) in keys
            }
            if "name" not in columns:
                problems.append(
                    ImportProblem(
                        sheet.name,
                        sheet.header_row,
                        "",
                        _("no column names the processing activity"),
                    )
                )
                continue
            register = (
                RegisterKind.PROCESSOR if "controller" in columns else RegisterKind.CONTROLLER
            )
            for number, texts in sheet.rows:
                row = _Row(sheet, columns, number, texts, problems)
                cell, problem = row.cell, row.problem
                name = cell("name")
                if not name:
                    problem("name", _("is empty: every row needs the name of the activity"))
                    continue
                if (register, name.casefold()) in seen:
                    problem("name", _("“{name}” appears twice in the file").format(name=name))
                    continue
                seen.add((register, name.casefold()))
                links: dict[CatalogueKind, tuple[str, ...]] = {}
                ids: dict[CatalogueKind, tuple[int, ...]] = {}
                description = ""
                for key, kind in _LINK_KEYS.items():
                    names = tuple(_split(cell(key)))
                    if kind is CatalogueKind.SECURITY_MEASURES and names:
                        known_measures = [n for n in names if (kind, n.casefold()) in by_name]
                        # A free-text description (the ICO template's column) stays text.
                        if not known_measures and len(names) == 1 and len(names[0]) > 80:
                            description, names = names[0], ()
                    ids[kind] = tuple(
                        by_name[(kind, n.casefold())].id  # type: ignore[misc]
                        for n in names
                        if (kind, n.casefold()) in by_name
                    )
                    unknown = tuple(n for n in names if (kind, n.casefold()) not in by_name)
                    links[kind] = unknown
                    for n in unknown:
                        new_entries.setdefault((kind, n.casefold()), n)
                rules: list[RetentionRule] = []
                categories: list[str | None] = []
                for line in _split(cell("retention").replace("; ", "\x00")):
                    line = line.replace("\x00", "; ")
                    category, _sep, rest = line.partition(": ") if ": " in line else ("", "", line)
                    rule = parse_retention(rest)
                    known = by_name.get((CatalogueKind.DATA_CATEGORIES, category.casefold()))
                    if category and known is None:
                        new_entries.setdefault(
                            (CatalogueKind.DATA_CATEGORIES, category.casefold()), category
                        )
                    rules.append(replace(rule, data_category_id=known.id if known else None))
                    categories.append(category if category and known is None else None)
                transfers: list[ImportedTransfer] = []
                safeguards = _split(cell("safeguards").replace("; ", "\x00"))
                for position, line in enumerate(_split(cell("transfers"))):
                    country_text, _sep, recipient = line.partition(": ")
                    code = country_code_of(country_text)
                    destination = table.get(code) if code else None
                    if code is None or destination is None:
                        problem(
                            "transfers",
                            _("“{country}” is not a country DPO Desk knows").format(
                                country=country_text
                            ),
                        )
                        continue
                    if destination.eea:
                        problem(
                            "transfers",
                            _("{country} is inside the EEA: not a transfer under Chapter V").format(
                                country=country_text
                            ),
                        )
                        continue
                    safeguard = (
                        safeguards[position].replace("\x00", "; ")
                        if position < len(safeguards)
                        else ""
                    )
                    safeguard_text = safeguard.partition(": ")[2].strip() or safeguard.strip()
                    if len(recipient.strip()) > 255:
                        problem(
                            "transfers",
                            _("the recipient's name is longer than 255 characters: {name}…").format(
                                name=recipient.strip()[:40]
                            ),
                        )
                        continue
                    tool, module = parse_tool(safeguard_text)
                    transfers.append(
                        ImportedTransfer(
                            code,
                            recipient.strip()
                            or _("Recipient ({country})").format(country=country_text.strip()),
                            tool,
                            module,
                            safeguard_text,
                        )
                    )
                dates: dict[str, date | None] = {}
                for key in ("reviewed", "next_review"):
                    try:
                        dates[key] = parse_date(cell(key))
                    except ValueError:
                        problem(key, _("is not a date (expected dd.mm.yyyy.)"))
                        dates[key] = None
                automated = cell("automated")
                automated_yes = any(
                    automated.casefold().startswith(y.casefold()) for y in translations_of("Yes")
                )
                role = _labels(ROLE_LABELS).get(cell("role").casefold())
                status = _labels(STATUS_LABELS).get(cell("status").casefold())
                dpia = _labels(DPIA_LABELS).get(cell("dpia").casefold())
                previous = existing.get((register, name.casefold()))
                activity = Activity(
                    register=register,
                    name=name,
                    purposes=cell("purposes"),
                    role=role
                    if role is not None
                    else (previous.role if previous else Activity(register=register).role),
                    lawful_bases=parse_lawful_bases(cell("lawful_basis")),
                    special_condition=parse_special(cell("special")),
                    legitimate_interest=cell("legitimate_interest"),
                    balancing_test=cell("balancing_test"),
                    subject_category_ids=ids[CatalogueKind.SUBJECT_CATEGORIES],
                    data_category_ids=ids[CatalogueKind.DATA_CATEGORIES],
                    recipient_category_ids=ids[CatalogueKind.RECIPIENT_CATEGORIES],
                    measure_ids=ids[CatalogueKind.SECURITY_MEASURES],
                    measures_description=description,
                    retention=tuple(rules),
                    source=cell("source"),
                    automated_decisions=automated_yes,
                    automated_logic=automated.partition(":")[2].strip() if automated_yes else "",
                    systems=cell("systems"),
                    location=cell("location"),
                    dpia_status=dpia
                    if dpia is not None
                    else (previous.dpia_status if previous else Activity().dpia_status),
                    dpia_reference=cell("dpia_reference"),
                    owner=cell("owner"),
                    status=status
                    if status is not None
                    else (previous.status if previous else Activity().status),
                    joint_controllers=cell("joint"),
                    controller_name=cell("controller"),
                    controller_contact=cell("controller_contact"),
                    processing_categories=cell("categories"),
                    last_reviewed_on=dates["reviewed"],
                    next_review_on=dates["next_review"],
                    id=previous.id if previous else None,
                    version=previous.version if previous else None,
                )
                # New catalogue entries are not special: the rules see only the known ones.
                for error in validate_activity(normalise_activity(activity), special_ids):
                    if error.field == "data_category_ids" and links[CatalogueKind.DATA_CATEGORIES]:
                        continue
                    key = _FIELD_COLUMNS.get(error.field, error.field)
                    # The column's heading names the field already; a numbered rule or transfer
                    # ("Retention 2") keeps its label, which says which line of the cell.
                    numbered = error.label != _(ACTIVITY_FIELD_LABELS.get(error.field, ""))
                    shown = key in columns and not numbered
                    problem(key, error.message if shown else f"{error.label}: {error.message}")
                items.append(
                    ImportItem(
                        sheet.name, number, activity, links, tuple(categories), tuple(transfers)
                    )
                )
        return ImportPlan(
            tuple(items), tuple(problems), tuple((k, n) for (k, _f), n in new_entries.items())
        )

    def apply(self, plan: ImportPlan) -> Changes:
        """Writes the plan in one transaction; refuses a plan that has problems."""
        if plan.problems:
            raise ValidationError(
                [FieldError("file", _("Import"), str(problem)) for problem in plan.problems]
            )
        table = self._destinations.table()
        with self._unit_of_work() as uow:
            transfers = _TransferRecorder(uow, table)
            created: dict[tuple[CatalogueKind, str], int] = {}
            for kind, name in plan.new_entries:
                saved = uow.catalogue.save(CatalogueEntry(kind=kind, name=name))
                assert saved.id is not None
                created[(kind, name.casefold())] = saved.id
            for item in plan.items:
                activity = item.activity
                extra = {
                    kind: tuple(created[(kind, n.casefold())] for n in names)
                    for kind, names in item.links.items()
                }
                retention = tuple(
                    replace(
                        rule,
                        data_category_id=created[
                            (CatalogueKind.DATA_CATEGORIES, category.casefold())
                        ],
                    )
                    if category
                    else rule
                    for rule, category in zip(
                        activity.retention,
                        item.retention_categories or (None,) * len(activity.retention),
                        strict=False,
                    )
                )
                activity_saved = uow.activities.save(
                    normalise_activity(
                        replace(
                            activity,
                            subject_category_ids=activity.subject_category_ids
                            + extra.get(CatalogueKind.SUBJECT_CATEGORIES, ()),
                            data_category_ids=activity.data_category_ids
                            + extra.get(CatalogueKind.DATA_CATEGORIES, ()),
                            recipient_category_ids=activity.recipient_category_ids
                            + extra.get(CatalogueKind.RECIPIENT_CATEGORIES, ()),
                            measure_ids=activity.measure_ids
                            + extra.get(CatalogueKind.SECURITY_MEASURES, ()),
                            retention=retention,
                        )
                    )
                )
                if item.transfers:
                    assert activity_saved.id is not None
                    transfers.record(activity_saved.id, item.transfers)
            uow.commit()
        return Changes.of(
            Register.ACTIVITIES, Register.CATALOGUES, Register.RECIPIENTS, Register.TRANSFERS
        )


#: Validation field keys -> the column key whose header a problem names.
_FIELD_COLUMNS = {
    "name": "name",
    "purposes": "purposes",
    "lawful_bases": "lawful_basis",
    "special_condition": "special",
    "legitimate_interest": "legitimate_interest",
    "data_category_ids": "data",
    "controller_name": "controller",
    "processing_categories": "categories",
    "retention": "retention",
    "transfers": "transfers",
    "automated_logic": "automated",
    "dpia_reference": "dpia_reference",
    "next_review_on": "next_review",
}
