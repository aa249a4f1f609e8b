"""The register as its exports show it: each activity with its catalogue links resolved, and the
columns (in the UK ICO controller template's order, adapted to the EU and Croatia) that the xlsx
and the PDF share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter

from dpo_desk.domain.activity import (
    DPIA_LABELS,
    ENISA_LABELS,
    LAWFUL_BASIS_LABELS,
    MEASURE_KIND_LABELS,
    ROLE_LABELS,
    SPECIAL_CONDITION_LABELS,
    STATUS_LABELS,
    Activity,
    ActivitySummary,
    CatalogueEntry,
    CatalogueKind,
    LawfulBasis,
    RegisterKind,
    RetentionRule,
    SortKey,
    describe_retention,
    rights_available,
)
from dpo_desk.domain.columns import Column
from dpo_desk.domain.timefmt import format_day
from dpo_desk.i18n import N_, _, current_language
from dpo_desk.services.transfer_columns import safeguard_line, transfer_line
from dpo_desk.services.transfers import TransferRow


class _Memo:
    """The texts that many cells of one register repeat, in one language, each worked out the
    first time a cell asks: a transfer's lines (some 40 activities name each), a retention
    rule's text, a set of lawful bases and its rights, a day, the labels."""

    def __init__(self) -> None:
        self.transfer_lines: dict[int, tuple[TransferRow, str, str]] = {}
        self.rules: dict[tuple[RetentionRule, bool], str] = {}
        self.bases: dict[tuple[LawfulBasis, ...], tuple[str, str]] = {}
        self.days: dict[date | None, str] = {}
        self.yes, self.no = _("Yes"), _("No")
        self.roles = {key: _(label) for key, label in ROLE_LABELS.items()}
        self.dpia = {key: _(label) for key, label in DPIA_LABELS.items()}
        self.statuses = {key: _(label) for key, label in STATUS_LABELS.items()}
        self.conditions = {key: _(label) for key, label in SPECIAL_CONDITION_LABELS.items()}

    def transfers(self, transfer: TransferRow) -> tuple[str, str]:
        """The transfer's line in the transfers column and in the safeguards column."""
        # By identity (hashing a transfer row would hash its 40 activities); the row is kept
        # with its lines, so no other object can take its id while the memo lives.
        found = self.transfer_lines.get(id(transfer))
        if found is None:
            found = self.transfer_lines[id(transfer)] = (
                transfer,
                transfer_line(transfer),
                safeguard_line(transfer),
            )
        return found[1], found[2]

    def retention(self, rule: RetentionRule, with_citation: bool = True) -> str:
        key = (rule, with_citation)
        text = self.rules.get(key)
        if text is None:
            text = self.rules[key] = describe_retention(rule, with_citation=with_citation)
        return text

    def lawful_bases(self, bases: tuple[LawfulBasis, ...]) -> tuple[str, str]:
        """The bases' labels and the rights that follow from them."""
        texts = self.bases.get(bases)
        if texts is None:
            texts = self.bases[bases] = (
                "; ".join(_(LAWFUL_BASIS_LABELS[b]) for b in bases),
                "; ".join(_(x) for x in rights_available(bases)),
            )
        return texts

    def day(self, day: date | None) -> str:
        text = self.days.get(day)
        if text is None:
            text = self.days[day] = format_day(day)
        return text


class RegisterTexts:
    """What the rows of one register share: a memo of the texts their cells repeat, one per
    language (rows may be built in one language and written in another: a letter is written
    in the data subject's). Made by register_rows for its rows, so it lives as long as they
    do and no export reuses another's."""

    def __init__(self) -> None:
        self._language = ""
        self._memo: _Memo | None = None
        self._memos: dict[str, _Memo] = {}

    def memo(self) -> _Memo:
        """The memo of the language in use now."""
        language = current_language()
        memo = self._memo
        if memo is None or language != self._language:
            memo = self._memos.get(language)
            if memo is None:
                memo = self._memos[language] = _Memo()
            self._memo, self._language = memo, language
        return memo


@dataclass(frozen=True, slots=True)
class RegisterRow:
    """An activity and the catalogue it links into, for texts that name the entries. Slotted
    like the activity: an export holds one per activity."""

    activity: Activity
    catalogue: dict[int, CatalogueEntry]
    #: The activity's transfers from the transfers register (Art. 30(1)(e), 30(2)(c)).
    transfers: tuple[TransferRow, ...] = field(default=())
    #: Shared by the rows of one register (register_rows); a row made alone has its own.
    texts: RegisterTexts = field(default_factory=RegisterTexts, compare=False, repr=False)

    def names(self, ids: Sequence[int]) -> str:
        catalogue = self.catalogue
        return "; ".join([catalogue[i].name for i in ids if i in catalogue])

    def retention_text(self, rule: RetentionRule, memo: _Memo | None = None) -> str:
        category = self.catalogue.get(rule.data_category_id) if rule.data_category_id else None
        prefix = f"{category.name}: " if category else ""
        return prefix + (memo or self.texts.memo()).retention(rule)


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def _transfers(row: RegisterRow) -> str:
    memo = row.texts.memo()
    return "\n".join([memo.transfers(transfer)[0] for transfer in row.transfers])


def _safeguards(row: RegisterRow) -> str:
    memo = row.texts.memo()
    return "\n".join([memo.transfers(transfer)[1] for transfer in row.transfers])


def _lawful_bases(row: RegisterRow) -> str:
    return row.texts.memo().lawful_bases(row.activity.lawful_bases)[0]


def _rights(row: RegisterRow) -> str:
    return row.texts.memo().lawful_bases(row.activity.lawful_bases)[1]


def _role(row: RegisterRow) -> str:
    return row.texts.memo().roles[row.activity.role]


def _special(row: RegisterRow) -> str:
    condition = row.activity.special_condition
    return row.texts.memo().conditions[condition] if condition else ""


def _automated(row: RegisterRow) -> str:
    a = row.activity
    memo = row.texts.memo()
    return f"{memo.yes}: {a.automated_logic}" if a.automated_decisions else memo.no


def _measures(row: RegisterRow) -> str:
    names = row.names(row.activity.measure_ids)
    description = row.activity.measures_description
    return "\n".join(part for part in (names, description) if part)


def _retention(row: RegisterRow) -> str:
    memo = row.texts.memo()
    return "\n".join([row.retention_text(rule, memo) for rule in row.activity.retention])


def _dpia(row: RegisterRow) -> str:
    return row.texts.memo().dpia[row.activity.dpia_status]


def _status(row: RegisterRow) -> str:
    return row.texts.memo().statuses[row.activity.status]


def _reviewed(row: RegisterRow) -> str:
    return row.texts.memo().day(row.activity.last_reviewed_on)


def _next_review(row: RegisterRow) -> str:
    return row.texts.memo().day(row.activity.next_review_on)


#: Controller register (Art. 30(1)), ICO template order; Art. 30 letters in the comments.
CONTROLLER_COLUMNS: tuple[Column[RegisterRow], ...] = (
    Column("name", N_("Processing activity"), lambda r: r.activity.name, 24),
    Column("owner", N_("Business function"), lambda r: r.activity.owner, 14),
    Column("purposes", N_("Purposes of the processing"), lambda r: r.activity.purposes, 40),  # (b)
    Column("role", N_("Role"), _role, 12),
    Column("joint", N_("Joint controllers"), lambda r: r.activity.joint_controllers, 16),  # (a)
    Column(
        "subjects",
        N_("Categories of data subjects"),
        lambda r: r.names(r.activity.subject_category_ids),
        24,
    ),  # (c)
    Column(
        "data",
        N_("Categories of personal data"),
        lambda r: r.names(r.activity.data_category_ids),
        30,
    ),  # (c)
    Column(
        "recipients",
        N_("Categories of recipients"),
        lambda r: r.names(r.activity.recipient_category_ids),
        26,
    ),  # (d)
    Column(
        "transfers", N_("Third countries or international organisations"), _transfers, 22
    ),  # (e)
    Column("safeguards", N_("Transfer tools and safeguards"), _safeguards, 30),  # (e)
    Column("retention", N_("Retention schedule"), _retention, 34),  # (f)
    Column("measures", N_("Technical and organisational security measures"), _measures, 34),  # (g)
    Column("lawful_basis", N_("Lawful basis (Art. 6(1))"), _lawful_bases, 22),
    Column(
        "legitimate_interest",
        N_("Legitimate interests"),
        lambda r: r.activity.legitimate_interest,
        26,
    ),
    Column("balancing_test", N_("Balancing test"), lambda r: r.activity.balancing_test, 14),
    Column("special", N_("Special categories: Art. 9(2) condition"), _special, 20),
    Column("rights", N_("Rights available to data subjects"), _rights, 30),
    Column("automated", N_("Automated decisions and profiling (Art. 22)"), _automated, 18),
    Column("source", N_("Source of the data"), lambda r: r.activity.source, 22),
    Column("systems", N_("Systems used"), lambda r: r.activity.systems, 18),
    Column("location", N_("Location of the data"), lambda r: r.activity.location, 18),
    Column("dpia", N_("DPIA"), _dpia, 14),
    Column("dpia_reference", N_("DPIA reference"), lambda r: r.activity.dpia_reference, 16),
    Column("status", N_("Status"), _status, 10),
    Column("reviewed", N_("Last reviewed"), _reviewed, 12),
    Column("next_review", N_("Next review"), _next_review, 12),
)

#: Processor register (Art. 30(2)).
PROCESSOR_COLUMNS: tuple[Column[RegisterRow], ...] = (
    Column("name", N_("Processing activity"), lambda r: r.activity.name, 24),
    Column("controller", N_("Controller served"), lambda r: r.activity.controller_name, 22),  # (a)
    Column(
        "controller_contact",
        N_("Controller's contact details"),
        lambda r: r.activity.controller_contact,
        24,
    ),  # (a)
    Column(
        "categories", N_("Categories of processing"), lambda r: r.activity.processing_categories, 34
    ),  # (b)
    Column("role", N_("Role"), _role, 12),
    Column("owner", N_("Business function"), lambda r: r.activity.owner, 14),
    Column(
        "subjects",
        N_("Categories of data subjects"),
        lambda r: r.names(r.activity.subject_category_ids),
        24,
    ),
    Column(
        "data",
        N_("Categories of personal data"),
        lambda r: r.names(r.activity.data_category_ids),
        30,
    ),
    Column(
        "transfers", N_("Third countries or international organisations"), _transfers, 22
    ),  # (c)
    Column("safeguards", N_("Transfer tools and safeguards"), _safeguards, 30),  # (c)
    Column("measures", N_("Technical and organisational security measures"), _measures, 34),  # (d)
    Column("systems", N_("Systems used"), lambda r: r.activity.systems, 18),
    Column("location", N_("Location of the data"), lambda r: r.activity.location, 18),
    Column("status", N_("Status"), _status, 10),
    Column("reviewed", N_("Last reviewed"), _reviewed, 12),
    Column("next_review", N_("Next review"), _next_review, 12),
)


@dataclass(frozen=True, slots=True)
class RetentionLine:
    """One line of the retention schedule: a rule of one activity."""

    row: RegisterRow
    rule: RetentionRule


def _retained_category(line: RetentionLine) -> str:
    catalogue = line.row.catalogue
    category = line.rule.data_category_id
    return catalogue[category].name if category in catalogue else _("All data of the activity")


RETENTION_COLUMNS: tuple[Column[RetentionLine], ...] = (
    Column("category", N_("Category of personal data"), _retained_category, 26),
    Column("activity", N_("Processing activity"), lambda x: x.row.activity.name, 26),
    Column(
        "period",
        N_("Period"),
        lambda x: x.row.texts.memo().retention(x.rule, with_citation=False),
        40,
    ),
    Column("citation", N_("Legal basis of the period"), lambda x: x.rule.citation, 22),
)

CATALOGUE_COLUMNS: tuple[Column[CatalogueEntry], ...] = (
    Column("name", N_("Name"), lambda e: e.name, 30),
    Column("description", N_("Description"), lambda e: e.description, 50),
    Column(
        "special",
        N_("Special category (Art. 9/10)"),
        lambda e: _yes_no(e.special) if e.kind is CatalogueKind.DATA_CATEGORIES else "",
        14,
    ),
    Column(
        "enisa",
        N_("ENISA data type"),
        lambda e: _(ENISA_LABELS[e.enisa_type]) if e.enisa_type else "",
        16,
    ),
    Column(
        "measure_kind",
        N_("Kind of measure"),
        lambda e: _(MEASURE_KIND_LABELS[e.measure_kind]) if e.measure_kind else "",
        14,
    ),
)


def register_rows(
    activities: Sequence[Activity],
    catalogue: Sequence[CatalogueEntry],
    transfers: Sequence[TransferRow] = (),
) -> list[RegisterRow]:
    """The activities as the register's rows, sharing one RegisterTexts."""
    by_id = {entry.id: entry for entry in catalogue if entry.id is not None}
    by_activity: dict[int, list[TransferRow]] = {}
    for transfer in transfers:
        for activity_id in transfer.transfer.activity_ids:
            by_activity.setdefault(activity_id, []).append(transfer)
    texts = RegisterTexts()
    return [
        RegisterRow(activity, by_id, tuple(by_activity.get(activity.id or 0, ())), texts)
        for activity in activities
    ]


def retention_lines(rows: Sequence[RegisterRow]) -> list[RetentionLine]:
    """Every retention rule across the register, by category name then activity."""
    # Each line's keys are worked out once, not at every comparison: its activity's name, and
    # its category's name, kept per catalogue and category (the rows of one register share
    # their catalogue, register_rows). Two stable sorts, the second key first, give the order
    # of one sort by (category, activity).
    categories: dict[tuple[int, int | None], str] = {}
    keyed: list[tuple[str, str, RetentionLine]] = []
    for row in rows:
        name = row.activity.name.casefold()
        for rule in row.activity.retention:
            line = RetentionLine(row, rule)
            key = (id(row.catalogue), rule.data_category_id)
            category = categories.get(key)
            if category is None:
                category = categories[key] = _retained_category(line).casefold()
            keyed.append((category, name, line))
    keyed.sort(key=itemgetter(1))
    keyed.sort(key=itemgetter(0))
    return [line for _category, _name, line in keyed]


REGISTER_SHORT_LABELS = {
    RegisterKind.CONTROLLER: N_("Controller"),
    RegisterKind.PROCESSOR: N_("Processor"),
}


def _summary_bases(summary: ActivitySummary) -> str:
    return ", ".join(f"6(1)({basis.value})" for basis in summary.lawful_bases)


#: The register table in the window: one row per activity, sorted by the database.
SUMMARY_COLUMNS: tuple[Column[ActivitySummary], ...] = (
    Column("name", N_("Processing activity"), lambda s: s.name, 34, SortKey.NAME.value),
    Column(
        "register",
        N_("Register"),
        lambda s: _(REGISTER_SHORT_LABELS[s.register]),
        12,
        SortKey.REGISTER.value,
    ),
    Column("status", N_("Status"), lambda s: _(STATUS_LABELS[s.status]), 10, SortKey.STATUS.value),
    Column("owner", N_("Business function"), lambda s: s.owner, 16, SortKey.OWNER.value),
    Column("lawful_basis", N_("Lawful basis"), _summary_bases, 14),
    Column("special", N_("Special data"), lambda s: _("Yes") if s.special else "", 8),
    Column(
        "next_review",
        N_("Next review"),
        lambda s: format_day(s.next_review_on),
        12,
        SortKey.NEXT_REVIEW.value,
    ),
)
