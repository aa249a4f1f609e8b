"""The registers of recipients and transfers as their tables and exports show them, and the texts
the register of processing activities borrows for Art. 30(1)(e) and 30(2)(c)."""

from __future__ import annotations

import re

from dpo_desk.domain.columns import Column
from dpo_desk.domain.timefmt import format_day
from dpo_desk.domain.transfer import (
    DEROGATION_LABELS,
    RECIPIENT_ROLE_LABELS,
    SCC_MODULE_LABELS,
    TIA_OUTCOME_LABELS,
    TOOL_LABELS,
    TOOL_SHORT_LABELS,
    AdequacyScope,
    Destination,
    RegisterWarning,
    TiaOutcome,
    Transfer,
    TransferTool,
)
from dpo_desk.i18n import N_, _, current_language
from dpo_desk.services.destinations import destination_name
from dpo_desk.services.transfers import RecipientRow, TransferRow


def adequacy_text(destination: Destination | None, with_scope: bool = True) -> str:
    """ "EEA", or the adequacy decision (with its scope in words, or only a mark that it is
    partial), or "none" for a destination."""
    if destination is None:
        return ""
    if destination.eea:
        return _("EEA: no transfer tool needed")
    adequacy = destination.adequacy
    if adequacy is None:
        return _("No adequacy decision")
    parts = [adequacy.reference]
    if adequacy.adopted_on:
        parts.append(_("adopted {date}").format(date=format_day(adequacy.adopted_on)))
    if adequacy.expires_on:
        parts.append(_("expires {date}").format(date=format_day(adequacy.expires_on)))
    if adequacy.withdrawn_on:
        parts.append(_("withdrawn {date}").format(date=format_day(adequacy.withdrawn_on)))
    text = ", ".join(parts)
    if not with_scope:
        partial = adequacy.scope is AdequacyScope.PARTIAL
        return text + (" " + _("(partial scope)") if partial else "")
    scope = adequacy.scope_text(current_language())
    return f"{text}\n{scope}" if scope else text


def tool_text(row: TransferRow) -> str:
    """The transfer tool in a sentence: what the authority reads under Art. 30(1)(e)."""
    transfer = row.transfer
    tool = transfer.tool
    if tool is None:
        # What the register does know still reaches the authority's copy: the decision that
        # covers the transfer, and the safeguard as recorded in words (e.g. before 0004).
        text = (
            _("Adequacy decision {reference} (no tool recorded)").format(
                reference=row.covering.reference
            )
            if row.covering is not None
            else _("No transfer tool recorded")
        )
        if transfer.notes:
            text += "; " + _("as recorded: {text}").format(text=transfer.notes)
        return text
    parts = [_(TOOL_LABELS[tool])]
    if tool is TransferTool.ADEQUACY:
        if row.destination and row.destination.adequacy:
            parts.append(row.destination.adequacy.reference)
        if row.recipient is not None and row.recipient.dpf_certified:
            parts.append(_("recipient certified under the EU-US Data Privacy Framework"))
    if transfer.scope_checked_on:
        parts.append(
            _("recipient within the decision's scope (checked {date})").format(
                date=format_day(transfer.scope_checked_on)
            )
        )
    if transfer.scc_module in SCC_MODULE_LABELS:
        parts.append(_(SCC_MODULE_LABELS[transfer.scc_module]))
    if transfer.tool_reference:
        parts.append(transfer.tool_reference)
    if transfer.tool_signed_on:
        parts.append(_("signed {date}").format(date=format_day(transfer.tool_signed_on)))
    if transfer.derogation is not None:
        parts.append(_(DEROGATION_LABELS[transfer.derogation]))
    if transfer.derogation_assessment:
        parts.append(_("assessment: {text}").format(text=transfer.derogation_assessment))
    if transfer.authority_informed_on:
        parts.append(
            _("supervisory authority informed {date}").format(
                date=format_day(transfer.authority_informed_on)
            )
        )
    if transfer.subjects_informed_on:
        parts.append(
            _("data subjects informed {date}").format(
                date=format_day(transfer.subjects_informed_on)
            )
        )
    return "; ".join(parts)


def tia_text(transfer: Transfer) -> str:
    """The transfer impact assessment: date, outcome, measures, next review."""
    if transfer.tia_assessed_on is None and transfer.tia_outcome is None:
        return ""
    parts = [_("TIA of {date}").format(date=format_day(transfer.tia_assessed_on))]
    outcome = _(TIA_OUTCOME_LABELS[transfer.tia_outcome]) if transfer.tia_outcome else ""
    if outcome and transfer.tia_measures and transfer.tia_outcome is TiaOutcome.WITH_MEASURES:
        parts.append(f"{outcome}: {transfer.tia_measures}")
    else:
        parts += [outcome] if outcome else []
        if transfer.tia_measures:
            parts.append(_("measures: {text}").format(text=transfer.tia_measures))
    if transfer.tia_review_on:
        parts.append(_("next review {date}").format(date=format_day(transfer.tia_review_on)))
    return "; ".join(parts)


def warnings_text(warnings: tuple[RegisterWarning, ...]) -> str:
    return "\n".join(warning.message for warning in warnings)


def transfer_destination(row: TransferRow) -> str:
    return destination_name(row.destination, row.transfer.country_code)


def transfer_line(row: TransferRow) -> str:
    """ "United States: Cloud Host Inc." for the register of activities."""
    recipient = row.recipient.name if row.recipient else ""
    return f"{transfer_destination(row)}: {recipient}".rstrip(": ")


def _one_line(text: str) -> str:
    """Free text made one line whose separators are all "; ": the register's cell holds one
    line per transfer, and the import pairs them with the transfers column line by line."""
    return re.sub(r";(?! )", "; ", " ".join(text.split()))


def safeguard_line(row: TransferRow) -> str:
    """ "United States: SCC ...; TIA of ..." for the register of activities."""
    tia = tia_text(row.transfer)
    text = tool_text(row) + (f"; {tia}" if tia else "")
    return _one_line(f"{transfer_destination(row)}: {text}")


TRANSFER_COLUMNS: tuple[Column[TransferRow], ...] = (
    Column(
        "recipient",
        N_("Recipient"),
        lambda r: r.recipient.name if r.recipient else "",
        22,
    ),
    Column("destination", N_("Destination"), transfer_destination, 22),
    Column(
        "tool",
        N_("Transfer tool"),
        lambda r: _(TOOL_SHORT_LABELS[r.transfer.tool]) if r.transfer.tool else "",
        24,
    ),
    Column("tool_details", N_("Tool and safeguards"), tool_text, 32),
    Column("tia", N_("Transfer impact assessment"), lambda r: tia_text(r.transfer), 28),
    Column("activities", N_("Processing activities"), lambda r: "; ".join(r.activities), 24),
    Column(
        "data_categories",
        N_("Categories of personal data"),
        lambda r: "; ".join(r.data_categories),
        26,
    ),
    Column("description", N_("What is transferred and why"), lambda r: r.transfer.description, 24),
    Column(
        "adequacy",
        N_("Adequacy of the destination"),
        lambda r: adequacy_text(r.destination, with_scope=False),
        24,
    ),
    Column("warnings", N_("Warnings"), lambda r: warnings_text(r.warnings), 30),
)


def _agreement(row: RecipientRow) -> str:
    recipient = row.recipient
    if not recipient.is_processor:
        return ""
    if recipient.agreement_signed_on is None:
        return _("Not recorded")
    text = _("Signed {date}").format(date=format_day(recipient.agreement_signed_on))
    if recipient.agreement_review_on:
        text += "; " + _("review {date}").format(date=format_day(recipient.agreement_review_on))
    return text


def _dpf(row: RecipientRow) -> str:
    recipient = row.recipient
    if recipient.country_code != "US":
        return ""
    if not recipient.dpf_certified:
        return _("Not certified")
    checked = format_day(recipient.dpf_checked_on)
    return _("Certified (checked {date})").format(date=checked) if checked else _("Certified")


RECIPIENT_COLUMNS: tuple[Column[RecipientRow], ...] = (
    Column("name", N_("Recipient"), lambda r: r.recipient.name, 24),
    Column("role", N_("Role"), lambda r: _(RECIPIENT_ROLE_LABELS[r.recipient.role]), 16),
    Column(
        "country",
        N_("Country"),
        lambda r: destination_name(r.destination, r.recipient.country_code),
        14,
    ),
    Column("description", N_("What they do"), lambda r: r.recipient.description, 22),
    Column("contact", N_("Contact"), lambda r: r.recipient.contact, 22),
    Column("dpo_contact", N_("DPO contact"), lambda r: r.recipient.dpo_contact, 18),
    Column("activities", N_("Processing activities"), lambda r: "; ".join(r.activities), 26),
    Column("agreement", N_("Processing agreement (Art. 28)"), _agreement, 18),
    Column("processor", N_("Engaged by processor"), lambda r: r.processor, 16),
    Column("sub_processors", N_("Sub-processors"), lambda r: "; ".join(r.sub_processors), 18),
    Column("dpf", N_("EU-US Data Privacy Framework"), _dpf, 14),
    Column("warnings", N_("Warnings"), lambda r: warnings_text(r.warnings), 26),
)
