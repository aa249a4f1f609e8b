"""The register as its exports show it: each activity with its catalogue links resolved, and the
columns (in the UK ICO controller template's order, adapted to the EU and Croatia) that the xlsx
and the PDF share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

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
    RegisterKind,
    RetentionRule,
    SortKey,
    describe_retention,
    rights_available,
)
from dpo_desk.domain.columns import Column
from dpo_desk.domain.timefmt import format_day
from dpo_desk.i18n import N_, _
from dpo_desk.services.transfer_columns import safeguard_line, transfer_line
from dpo_desk.services.transfers import TransferRow


@dataclass(frozen=True)
class RegisterRow:
    """An activity and the catalogue it links into, for texts that name the entries."""

    activity: Activity
    catalogue: dict[int, CatalogueEntry]
    #: The activity's transfers from the transfers register (Art. 30(1)(e), 30(2)(c)).
    transfers: tuple[TransferRow, ...] = field(default=())

    def names(self, ids: Sequence[int]) -> str:
        return "; ".join(self.catalogue[i].name for i in ids if i in self.catalogue)

    def retention_text(self, rule: RetentionRule) -> str:
        category = self.catalogue.get(rule.data_category_id) if rule.data_category_id else None
        prefix = f"{category.name}: " if category else ""
        return prefix + describe_retention(rule)


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def _transfers(row: RegisterRow) -> str:
    return "\n".join(transfer_line(transfer) for transfer in row.transfers)


def _safeguards(row: RegisterRow) -> str:
    return "\n".join(safeguard_line(transfer) for transfer in row.transfers)


def _lawful_bases(row: RegisterRow) -> str:
    return "; ".join(_(LAWFUL_BASIS_LABELS[b]) for b in row.activity.lawful_bases)


def _special(row: RegisterRow) -> str:
    condition = row.activity.special_condition
    return _(SPECIAL_CONDITION_LABELS[condition]) if condition else ""


def _automated(row: RegisterRow) -> str:
    a = row.activity
    return f"{_('Yes')}: {a.automated_logic}" if a.automated_decisions else _("No")


def _measures(row: RegisterRow) -> str:
    names = row.names(row.activity.measure_ids)
    description = row.activity.measures_description
    return "\n".join(part for part in (names, description) if part)


#: Controller register (Art. 30(1)), ICO template order; Art. 30 letters in the comments.
CONTROLLER_COLUMNS: tuple[Column[RegisterRow], ...] = (
    Column("name", N_("Processing activity"), lambda r: r.activity.name, 24),
    Column("owner", N_("Business function"), lambda r: r.activity.owner, 14),
    Column("purposes", N_("Purposes of the processing"), lambda r: r.activity.purposes, 40),  # (b)
    Column("role", N_("Role"), lambda r: _(ROLE_LABELS[r.activity.role]), 12),
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
    Column(
        "retention",
        N_("Retention schedule"),
        lambda r: "\n".join(r.retention_text(x) for x in r.activity.retention),
        34,
    ),  # (f)
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
    Column(
        "rights",
        N_("Rights available to data subjects"),
        lambda r: "; ".join(_(x) for x in rights_available(r.activity.lawful_bases)),
        30,
    ),
    Column("automated", N_("Automated decisions and profiling (Art. 22)"), _automated, 18),
    Column("source", N_("Source of the data"), lambda r: r.activity.source, 22),
    Column("systems", N_("Systems used"), lambda r: r.activity.systems, 18),
    Column("location", N_("Location of the data"), lambda r: r.activity.location, 18),
    Column("dpia", N_("DPIA"), lambda r: _(DPIA_LABELS[r.activity.dpia_status]), 14),
    Column("dpia_reference", N_("DPIA reference"), lambda r: r.activity.dpia_reference, 16),
    Column("status", N_("Status"), lambda r: _(STATUS_LABELS[r.activity.status]), 10),
    Column("reviewed", N_("Last reviewed"), lambda r: format_day(r.activity.last_reviewed_on), 12),
    Column("next_review", N_("Next review"), lambda r: format_day(r.activity.next_review_on), 12),
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
    Column("role", N_("Role"), lambda r: _(ROLE_LABELS[r.activity.role]), 12),
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
    Column("status", N_("Status"), lambda r: _(STATUS_LABELS[r.activity.status]), 10),
    Column("reviewed", N_("Last reviewed"), lambda r: format_day(r.activity.last_reviewed_on), 12),
    Column("next_review", N_("Next review"), lambda r: format_day(r.activity.next_review_on), 12),
)


@dataclass(frozen=True)
class RetentionLine:
    """One line of the retention schedule: a rule of one activity."""

    row: RegisterRow
    rule: RetentionRule


RETENTION_COLUMNS: tuple[Column[RetentionLine], ...] = (
    Column(
        "category",
        N_("Category of personal data"),
        lambda x: (
            x.row.catalogue[x.rule.data_category_id].name
            if x.rule.data_category_id in x.row.catalogue
            else _("All data of the activity")
        ),
        26,
    ),
    Column("activity", N_("Processing activity"), lambda x: x.row.activity.name, 26),
    Column("period", N_("Period"), lambda x: describe_retention(x.rule, with_citation=False), 40),
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
    by_id = {entry.id: entry for entry in catalogue if entry.id is not None}
    by_activity: dict[int, list[TransferRow]] = {}
    for transfer in transfers:
        for activity_id in transfer.transfer.activity_ids:
            by_activity.setdefault(activity_id, []).append(transfer)
    return [
        RegisterRow(activity, by_id, tuple(by_activity.get(activity.id or 0, ())))
        for activity in activities
    ]


def retention_lines(rows: Sequence[RegisterRow]) -> list[RetentionLine]:
    """Every retention rule across the register, by category name then activity."""
    lines = [RetentionLine(row, rule) for row in rows for rule in row.activity.retention]
    return sorted(
        lines,
        key=lambda line: (
            RETENTION_COLUMNS[0].text(line).casefold(),
            line.row.activity.name.casefold(),
        ),
    )


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
