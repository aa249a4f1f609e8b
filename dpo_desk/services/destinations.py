"""The reference table of destinations (EEA membership and adequacy decisions), as shipped in
resources/reference/destinations.json and as the user corrected it.

The file names its sources and the date it was checked. When the Commission adopts, renews or
withdraws a decision after that date, the DPO records the change here (with a reason; the audit
log keeps who and when) instead of waiting for a new release.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pycountry

from dpo_desk.domain.changes import Changes, Register
from dpo_desk.domain.errors import DpoDeskError, FieldError, ValidationError
from dpo_desk.domain.transfer import (
    ORGANISATION_PREFIX,
    Adequacy,
    AdequacyScope,
    Destination,
    ReferenceTable,
)
from dpo_desk.i18n import N_, _, current_language
from dpo_desk.services.countries import country_name, sort_key
from dpo_desk.services.ports import UnitOfWorkFactory


def _date(value: Any, where: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise ValueError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from error


def parse_reference(data: Mapping[str, Any]) -> ReferenceTable:
    """The table from the file's JSON: every ISO 3166 country (named by pycountry), the EEA
    marked, each adequacy decision attached to its destination. ValueError names what is
    wrong."""
    checked_on = _date(data.get("checked_on"), "checked_on")
    if checked_on is None:
        raise ValueError("checked_on: missing")
    eea = set(data.get("eea", {}).get("members", []))
    unknown = sorted(code for code in eea if pycountry.countries.get(alpha_2=code) is None)
    if unknown:
        raise ValueError(f"eea.members: unknown country codes {', '.join(unknown)}")
    destinations: dict[str, Destination] = {
        str(country.alpha_2): Destination(code=str(country.alpha_2), eea=country.alpha_2 in eea)
        for country in pycountry.countries
    }
    for number, entry in enumerate(data.get("adequacy", []), start=1):
        where = f"adequacy[{number}]"
        code = str(entry.get("code", "")).upper()
        organisation = code.startswith(ORGANISATION_PREFIX)
        if not organisation and code not in destinations:
            raise ValueError(f"{where}: unknown country code {code!r}")
        scope = entry.get("scope", "full")
        if scope not in {item.value for item in AdequacyScope}:
            raise ValueError(f"{where}: scope must be full or partial, not {scope!r}")
        adequacy = Adequacy(
            reference=entry.get("reference") or "",
            adopted_on=_date(entry.get("adopted_on"), f"{where}.adopted_on"),
            scope=AdequacyScope(scope),
            scope_en=entry.get("scope_en") or "",
            scope_hr=entry.get("scope_hr") or "",
            review_on=_date(entry.get("review_on"), f"{where}.review_on"),
            expires_on=_date(entry.get("expires_on"), f"{where}.expires_on"),
            withdrawn_on=_date(entry.get("withdrawn_on"), f"{where}.withdrawn_on"),
            source=entry.get("source") or "",
        )
        destinations[code] = Destination(
            code=code,
            eea=False,
            adequacy=adequacy,
            name_en=entry.get("name_en") or "" if organisation else "",
            name_hr=entry.get("name_hr") or "" if organisation else "",
            verified=bool(entry.get("verified", True)),
            note=entry.get("note") or "",
        )
        if organisation and not destinations[code].name_en:
            raise ValueError(f"{where}: an international organisation needs name_en")
    sources = tuple(
        (str(source.get("title", "")), str(source.get("url", "")))
        for source in data.get("sources", [])
    )
    return ReferenceTable(checked_on=checked_on, sources=sources, destinations=destinations)


def load_reference(path: Path) -> ReferenceTable:
    """Reads the shipped table; a damaged file is a DpoDeskError naming it and the problem."""
    try:
        return parse_reference(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, AttributeError, TypeError) as error:
        raise DpoDeskError(
            _("The reference table of countries {file} cannot be read: {reason}").format(
                file=path, reason=error
            )
        ) from error


def destination_name(destination: Destination | None, code: str = "") -> str:
    """A country's name (pycountry, in the current language) or an organisation's own name."""
    if destination is None:
        return code
    if destination.is_organisation:
        hr = current_language() == "hr" and destination.name_hr
        return hr or destination.name_en or destination.code
    return country_name(destination.code)


_FIELDS = {  # labels of the fields a change can be refused for
    "reason": N_("Reason for the change"),
    "reference": N_("Decision"),
    "expires_on": N_("Expires"),
    "withdrawn_on": N_("Withdrawn"),
}


class DestinationService:
    """The shipped reference table with the user's changes applied."""

    def __init__(self, unit_of_work: UnitOfWorkFactory, reference: ReferenceTable) -> None:
        self._unit_of_work = unit_of_work
        self.reference = reference

    def table(self) -> ReferenceTable:
        with self._unit_of_work() as uow:
            changes = uow.destinations.changes()
        merged = dict(self.reference.destinations)
        for changed in changes:
            shipped = merged.get(changed.code)
            if shipped is None:
                continue  # a code the shipped table no longer has
            change = changed.local_change
            superseded = change is not None and change.changed_at.date() < self.reference.checked_on
            merged[changed.code] = replace(
                changed,
                name_en=shipped.name_en,
                name_hr=shipped.name_hr,
                verified=True,
                local_change=replace(change, superseded=superseded) if change else None,
            )
        return replace(self.reference, destinations=merged)

    def destinations(self) -> list[Destination]:
        """Every destination, by name in the current language."""
        language = current_language()
        return sorted(
            self.table().destinations.values(),
            key=lambda destination: sort_key(destination_name(destination), language),
        )

    def get(self, code: str) -> Destination | None:
        return self.table().get(code)

    def shipped(self, code: str) -> Destination | None:
        return self.reference.get(code)

    def is_table_old(self, today: date) -> bool:
        """Whether the shipped table was last checked more than a year before ``today``: the
        Commission may have decided since, and the DPO should look at its list."""
        return (today - self.reference.checked_on).days > 365

    def save_change(self, destination: Destination, reason: str) -> tuple[Destination, Changes]:
        """Records the user's version of a destination's entry. ``reason`` is required (what
        the Commission decided, and when), so the change explains itself in the audit log."""
        reason = reason.strip()
        destination = replace(destination, code=destination.code.strip().upper())
        adequacy = destination.adequacy
        errors: list[FieldError] = []

        def error(key: str, message: str) -> None:
            errors.append(FieldError(key, _(_FIELDS[key]), message))

        if self.reference.get(destination.code) is None:
            raise ValidationError(
                [
                    FieldError(
                        "code",
                        _("Destination"),
                        _("“{code}” is not a country code DPO Desk knows").format(
                            code=destination.code
                        ),
                    )
                ]
            )
        if not reason:
            error("reason", _("is required: say what was decided, by whom and when"))
        if adequacy is not None:
            if not adequacy.reference.strip():
                error("reference", _("is required"))
            for key, value in (
                ("expires_on", adequacy.expires_on),
                ("withdrawn_on", adequacy.withdrawn_on),
            ):
                if value is not None and adequacy.adopted_on and value < adequacy.adopted_on:
                    error(key, _("is before the decision was adopted"))
        if errors:
            raise ValidationError(errors)
        if adequacy is not None:
            adequacy = replace(
                adequacy,
                reference=adequacy.reference.strip(),
                scope_en=adequacy.scope_en.strip(),
                scope_hr=adequacy.scope_hr.strip(),
                source=adequacy.source.strip(),
            )
        with self._unit_of_work() as uow:
            saved = uow.destinations.save_change(replace(destination, adequacy=adequacy), reason)
            uow.commit()
        return saved, Changes.of(Register.DESTINATIONS, Register.TRANSFERS)

    def revert(self, destination: Destination) -> Changes:
        """Drops the user's change: the shipped entry applies again."""
        if destination.local_change is None:
            return Changes()
        with self._unit_of_work() as uow:
            uow.destinations.revert(
                destination.code.strip().upper(), destination.local_change.version
            )
            uow.commit()
        return Changes.of(Register.DESTINATIONS, Register.TRANSFERS)
