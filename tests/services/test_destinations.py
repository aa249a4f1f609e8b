"""The reference table of destinations: the shipped file (EEA, adequacy decisions, names in both
languages), parse_reference's refusals, and the user's audited changes to an entry."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pycountry
import pytest

from dpo_desk.app import shipped_destinations
from dpo_desk.domain.changes import Register
from dpo_desk.domain.errors import ConcurrentEditError, DpoDeskError, ValidationError
from dpo_desk.domain.transfer import Adequacy, AdequacyScope, Destination, ReferenceTable
from dpo_desk.i18n import set_language
from dpo_desk.paths import reference_file
from dpo_desk.services.bundle import Services
from dpo_desk.services.countries import sort_key
from dpo_desk.services.destinations import destination_name, load_reference, parse_reference

EEA = {
    # The 27 member states of the EU (Greece as ISO 3166 has it: GR, not EL) ...
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
    "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
    # ... and Iceland, Liechtenstein and Norway.
    "IS", "LI", "NO",
}  # fmt: skip

#: The adequacy decisions DOMAIN.md lists.
ADEQUATE = {
    "AD", "AR", "BR", "CA", "FO", "GG", "IL", "IM", "JP", "JE", "NZ", "KR", "CH", "GB", "UY",
    "US", "IO-EPO",
}  # fmt: skip


@pytest.fixture
def table() -> ReferenceTable:
    return shipped_destinations()


def entry(table: ReferenceTable, code: str) -> Destination:
    destination = table.get(code)
    assert destination is not None, code
    return destination


def decision(destination: Destination | None) -> Adequacy:
    assert destination is not None
    assert destination.adequacy is not None, destination.code
    return destination.adequacy


# --- the shipped table -------------------------------------------------------------------------


def test_the_shipped_table_is_what_load_reference_reads() -> None:
    assert load_reference(reference_file("destinations.json")) == shipped_destinations()


def test_the_eea_is_the_27_member_states_and_iceland_liechtenstein_norway(
    table: ReferenceTable,
) -> None:
    assert len(EEA) == 30
    assert {code for code, d in table.destinations.items() if d.eea} == EEA
    assert "EL" not in table.destinations
    for code in EEA:
        assert entry(table, code).adequacy is None, code
    for code in ("CH", "GB", "US", "RS", "TR", "FO"):
        assert not entry(table, code).eea, code


def test_every_adequacy_decision_of_the_domain_is_in_the_table(table: ReferenceTable) -> None:
    with_adequacy = {code for code, d in table.destinations.items() if d.adequacy is not None}
    assert with_adequacy == ADEQUATE
    for code in ADEQUATE:
        adequacy = decision(table.get(code))
        assert "Decision" in adequacy.reference, code
        assert adequacy.adopted_on is not None, code
        assert adequacy.adopted_on <= table.checked_on, code
        assert adequacy.scope_en.strip(), code
        assert adequacy.scope_hr.strip(), code
        assert adequacy.scope_en != adequacy.scope_hr, code
        assert adequacy.source.startswith("http"), code
        assert adequacy.withdrawn_on is None, code
        assert adequacy.in_force(table.checked_on), code


def test_partial_decisions_and_their_dates(table: ReferenceTable) -> None:
    assert decision(table.get("US")).scope is AdequacyScope.PARTIAL
    assert decision(table.get("CA")).scope is AdequacyScope.PARTIAL
    assert "Data Privacy Framework" in decision(table.get("US")).scope_en
    assert "PIPEDA" in decision(table.get("CA")).scope_en
    assert decision(table.get("CH")).scope is AdequacyScope.FULL
    assert decision(table.get("BR")).reference.endswith("2026/179")
    assert decision(table.get("BR")).adopted_on == date(2026, 1, 26)
    assert decision(table.get("IO-EPO")).adopted_on == date(2025, 7, 15)
    assert decision(table.get("US")).adopted_on == date(2023, 7, 10)
    gb = decision(table.get("GB"))
    assert gb.expires_on == date(2031, 12, 27)
    assert gb.in_force(date(2031, 12, 27))
    assert not gb.in_force(date(2031, 12, 28))


def test_every_iso_3166_country_is_a_destination(table: ReferenceTable) -> None:
    countries = {str(country.alpha_2) for country in pycountry.countries}
    assert len(countries) >= 249
    assert countries <= set(table.destinations)
    assert set(table.destinations) - countries == {"IO-EPO"}
    for code, destination in table.destinations.items():
        assert destination.code == code


def test_the_european_patent_organisation_is_named_in_both_languages(
    table: ReferenceTable,
) -> None:
    epo = entry(table, "IO-EPO")
    assert epo.is_organisation
    assert not epo.eea
    assert destination_name(epo) == "European Patent Organisation"
    set_language("hr")
    assert destination_name(epo) == "Europska patentna organizacija"


def test_destination_names_in_english_and_croatian(table: ReferenceTable) -> None:
    assert destination_name(entry(table, "DE")) == "Germany"
    assert destination_name(entry(table, "US")) == "United States"
    assert destination_name(None, "XX") == "XX"
    set_language("hr")
    assert destination_name(entry(table, "DE")) == "Njemačka"
    assert destination_name(entry(table, "US")) == "Sjedinjene Države"
    assert destination_name(entry(table, "GR")) == "Grčka"
    assert destination_name(entry(table, "HR")) == "Hrvatska"


def test_an_organisation_without_a_croatian_name_keeps_its_english_one() -> None:
    bare = Destination("IO-X", name_en="Example Organisation")
    set_language("hr")
    assert destination_name(bare) == "Example Organisation"
    assert destination_name(Destination("IO-Y")) == "IO-Y"


def test_the_table_names_its_sources_and_when_it_was_checked(table: ReferenceTable) -> None:
    assert table.checked_on == date(2026, 11, 22)
    assert len(table.sources) >= 17
    for title, url in table.sources:
        assert title.strip()
        assert url.startswith(("http://", "https://")), title
    urls = " ".join(url for _title, url in table.sources)
    assert "efta.int" in urls
    assert "2023/1795" in " ".join(title for title, _url in table.sources)


# --- parse_reference and load_reference refuse bad input -----------------------------------------


def minimal(**adequacy: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "checked_on": "2026-11-22",
        "sources": [{"title": "EFTA", "url": "https://www.efta.int/eea"}],
        "eea": {"members": ["DE", "HR"]},
        "adequacy": [],
    }
    if adequacy:
        data["adequacy"] = [
            {"code": "CH", "reference": "Decision 2000/518/EC", "adopted_on": "2000-07-26"}
            | adequacy
        ]
    return data


def test_a_minimal_table_parses() -> None:
    table = parse_reference(minimal(code="ch", scope="partial", expires_on="2030-01-01"))
    assert table.checked_on == date(2026, 11, 22)
    assert table.sources == (("EFTA", "https://www.efta.int/eea"),)
    assert entry(table, "DE").eea and entry(table, "HR").eea
    assert not entry(table, "AT").eea
    swiss = decision(table.get("CH"))
    assert swiss.scope is AdequacyScope.PARTIAL
    assert swiss.expires_on == date(2030, 1, 1)
    assert swiss.reference == "Decision 2000/518/EC"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (minimal() | {"checked_on": None}, "checked_on: missing"),
        (minimal() | {"checked_on": "22.11.2026."}, "checked_on: '22.11.2026.' is not a date"),
        (
            minimal() | {"eea": {"members": ["DE", "XX", "EL"]}},
            "eea.members: unknown country codes EL, XX",
        ),
        (minimal(code="ZZ"), "adequacy[1]: unknown country code 'ZZ'"),
        (
            minimal(adopted_on="2026-13-01"),
            "adequacy[1].adopted_on: '2026-13-01' is not a date (YYYY-MM-DD)",
        ),
        (minimal(withdrawn_on="soon"), "adequacy[1].withdrawn_on: 'soon' is not a date"),
        (minimal(scope="some"), "adequacy[1]: scope must be full or partial, not 'some'"),
        (
            minimal(code="IO-XYZ", name_hr="Neka organizacija"),
            "adequacy[1]: an international organisation needs name_en",
        ),
    ],
    ids=[
        "no-checked-on",
        "bad-checked-on",
        "unknown-eea",
        "unknown-adequacy",
        "bad-date",
        "bad-withdrawal",
        "bad-scope",
        "organisation-without-name",
    ],
)
def test_parse_reference_names_the_problem(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError) as refusal:
        parse_reference(data)
    assert message in str(refusal.value)


def test_the_second_entry_is_named_by_its_position() -> None:
    data = minimal(code="CH")
    data["adequacy"].append({"code": "JP", "adopted_on": "2019-01-23", "scope": "half"})
    with pytest.raises(ValueError, match=r"adequacy\[2\]: scope must be full or partial"):
        parse_reference(data)


def test_load_reference_names_a_file_that_is_not_json(tmp_path: Path) -> None:
    damaged = tmp_path / "destinations.json"
    damaged.write_text("{ not json", encoding="utf-8")
    with pytest.raises(DpoDeskError) as refusal:
        load_reference(damaged)
    text = str(refusal.value)
    assert "The reference table of countries" in text
    assert str(damaged) in text


def test_load_reference_names_the_file_and_the_problem(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps(minimal(scope="total")), encoding="utf-8")
    with pytest.raises(DpoDeskError) as refusal:
        load_reference(wrong)
    assert str(wrong) in str(refusal.value)
    assert "scope must be full or partial, not 'total'" in str(refusal.value)
    listed = tmp_path / "list.json"
    listed.write_text("[]", encoding="utf-8")
    with pytest.raises(DpoDeskError, match=r"list\.json"):
        load_reference(listed)
    missing = tmp_path / "missing.json"
    with pytest.raises(DpoDeskError, match=r"missing\.json"):
        load_reference(missing)


# --- DestinationService: the user's changes -------------------------------------------------------

WITHDRAWN = date(2026, 12, 1)
REASON = "Withdrawn by Commission Implementing Decision (EU) 2026/999 of 1 December 2026"


def withdraw(services: Services, code: str, on: date = WITHDRAWN) -> Destination:
    current = services.destinations.get(code)
    assert current is not None and current.adequacy is not None
    return replace(current, adequacy=replace(current.adequacy, withdrawn_on=on))


def test_the_service_starts_with_the_shipped_table(services: Services) -> None:
    assert services.destinations.table() == shipped_destinations()
    assert services.destinations.get("jp") == shipped_destinations().get("JP")
    assert services.destinations.get("XX") is None


def test_destinations_are_sorted_by_name_in_the_interface_language(services: Services) -> None:
    listed = services.destinations.destinations()
    assert len(listed) == len(shipped_destinations().destinations)
    names = [destination_name(d) for d in listed]
    assert names == sorted(names, key=sort_key)
    set_language("hr")
    croatian = [destination_name(d) for d in services.destinations.destinations()]
    assert croatian == sorted(croatian, key=lambda name: sort_key(name, "hr"))
    assert croatian != names


def test_a_withdrawal_ends_the_decision_and_is_audited(services: Services) -> None:
    saved, changes = services.destinations.save_change(withdraw(services, "JP"), f"  {REASON} ")
    assert changes.touches(Register.DESTINATIONS)
    assert changes.touches(Register.TRANSFERS)
    assert saved.local_change is not None
    assert saved.local_change.reason == REASON
    assert saved.local_change.version == 1

    japan = services.destinations.get("JP")
    assert japan is not None and japan.adequacy is not None
    assert japan.adequacy.withdrawn_on == WITHDRAWN
    assert japan.adequacy_in_force(WITHDRAWN) is None
    assert japan.adequacy_in_force(date(2026, 11, 30)) is not None
    assert japan.local_change is not None and japan.local_change.reason == REASON
    # The rest of the entry is the shipped one; the shipped table itself is untouched.
    shipped = services.destinations.shipped("JP")
    assert shipped is not None and shipped.adequacy is not None
    assert shipped.adequacy.withdrawn_on is None
    assert replace(japan.adequacy, withdrawn_on=None) == shipped.adequacy
    assert services.destinations.get("KR") == services.destinations.shipped("KR")

    events = [e for e in services.audit.recent() if e.entity == "destination_change"]
    assert len(events) == 1
    (event,) = events
    assert event.action == "create"
    assert event.changes["code"] == (None, "JP")
    assert event.changes["withdrawn_on"] == (None, "2026-12-01")
    assert event.changes["reason"] == (None, REASON)


def test_an_organisation_keeps_its_names_after_a_change(services: Services) -> None:
    services.destinations.save_change(withdraw(services, "IO-EPO"), REASON)
    epo = services.destinations.get("IO-EPO")
    assert epo is not None
    assert epo.name_en == "European Patent Organisation"
    assert epo.name_hr == "Europska patentna organizacija"
    assert epo.adequacy_in_force(WITHDRAWN) is None


def test_a_new_decision_can_be_recorded(services: Services) -> None:
    serbia = services.destinations.get("RS")
    assert serbia is not None and serbia.adequacy is None
    decided = replace(
        serbia,
        adequacy=Adequacy(
            reference=" Implementing Decision (EU) 2027/1 ",
            adopted_on=date(2027, 1, 15),
            scope_en=" All of it ",
        ),
    )
    services.destinations.save_change(decided, "Adopted on 15 January 2027")
    now = services.destinations.get("RS")
    assert now is not None
    adequacy = decision(now)
    assert adequacy.reference == "Implementing Decision (EU) 2027/1"
    assert adequacy.scope_en == "All of it"
    assert now.adequacy_in_force(date(2027, 1, 14)) is None
    assert now.adequacy_in_force(date(2027, 1, 15)) == adequacy


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_a_change_needs_a_reason(services: Services, reason: str) -> None:
    with pytest.raises(ValidationError) as refusal:
        services.destinations.save_change(withdraw(services, "JP"), reason)
    (error,) = refusal.value.errors
    assert error.field == "reason"
    assert error.label == "Reason for the change"
    assert "is required" in error.message
    assert services.destinations.get("JP") == services.destinations.shipped("JP")
    assert [e for e in services.audit.recent() if e.entity == "destination_change"] == []


def test_a_withdrawal_or_expiry_before_adoption_is_refused(services: Services) -> None:
    adopted = decision(services.destinations.get("JP")).adopted_on
    assert adopted == date(2019, 1, 23)
    with pytest.raises(ValidationError) as refusal:
        services.destinations.save_change(withdraw(services, "JP", date(2019, 1, 22)), REASON)
    (error,) = refusal.value.errors
    assert (error.field, error.label) == ("withdrawn_on", "Withdrawn")
    assert error.message == "is before the decision was adopted"
    japan = services.destinations.get("JP")
    assert japan is not None and japan.adequacy is not None
    early = replace(japan, adequacy=replace(japan.adequacy, expires_on=date(2018, 12, 31)))
    with pytest.raises(ValidationError) as refusal:
        services.destinations.save_change(early, REASON)
    assert [e.field for e in refusal.value.errors] == ["expires_on"]
    # Withdrawn on the very day of adoption is allowed.
    services.destinations.save_change(withdraw(services, "JP", adopted), REASON)
    assert decision(services.destinations.get("JP")).withdrawn_on == adopted


def test_a_decision_needs_its_reference_and_a_known_code(services: Services) -> None:
    japan = services.destinations.get("JP")
    assert japan is not None and japan.adequacy is not None
    nameless = replace(japan, adequacy=replace(japan.adequacy, reference="  "))
    with pytest.raises(ValidationError) as refusal:
        services.destinations.save_change(nameless, "")
    assert [e.field for e in refusal.value.errors] == ["reason", "reference"]
    with pytest.raises(ValidationError) as refusal:
        services.destinations.save_change(Destination("XX"), REASON)
    (error,) = refusal.value.errors
    assert error.field == "code"
    assert "“XX” is not a country code DPO Desk knows" in error.message


def test_revert_restores_the_shipped_entry(services: Services) -> None:
    services.destinations.save_change(withdraw(services, "JP"), REASON)
    changed = services.destinations.get("JP")
    assert changed is not None and changed != services.destinations.shipped("JP")
    changes = services.destinations.revert(changed)
    assert changes.touches(Register.DESTINATIONS)
    assert services.destinations.get("JP") == services.destinations.shipped("JP")
    assert services.destinations.table() == shipped_destinations()
    actions = [e.action for e in services.audit.recent() if e.entity == "destination_change"]
    assert actions == ["delete", "create"]
    # Reverting an unchanged entry changes nothing.
    unchanged = services.destinations.get("JP")
    assert unchanged is not None
    assert not services.destinations.revert(unchanged).touches(Register.DESTINATIONS)


def test_a_change_can_be_changed_again(services: Services) -> None:
    first, _ = services.destinations.save_change(withdraw(services, "JP"), REASON)
    current = services.destinations.get("JP")
    assert current is not None and current.adequacy is not None
    second, _ = services.destinations.save_change(
        replace(current, adequacy=replace(current.adequacy, withdrawn_on=date(2027, 1, 1))),
        "Corrected: withdrawn from 1 January 2027",
    )
    assert second.local_change is not None and second.local_change.version == 2
    assert decision(services.destinations.get("JP")).withdrawn_on == date(2027, 1, 1)
    assert first.local_change is not None and first.local_change.version == 1


def test_a_stale_change_is_refused(services: Services) -> None:
    # Two people open the shipped entry; the first one's change lands.
    alice = withdraw(services, "JP")
    bob = withdraw(services, "JP", date(2027, 6, 1))
    services.destinations.save_change(alice, REASON)
    with pytest.raises(ConcurrentEditError, match="JP"):
        services.destinations.save_change(bob, "Bob's reason")
    assert decision(services.destinations.get("JP")).withdrawn_on == WITHDRAWN
    # Editing a change someone has changed since.
    stale = services.destinations.get("JP")
    assert stale is not None and stale.adequacy is not None
    services.destinations.save_change(
        replace(stale, adequacy=replace(stale.adequacy, withdrawn_on=date(2027, 2, 1))), REASON
    )
    with pytest.raises(ConcurrentEditError):
        services.destinations.save_change(stale, REASON)
    with pytest.raises(ConcurrentEditError):
        services.destinations.revert(stale)
    assert decision(services.destinations.get("JP")).withdrawn_on == date(2027, 2, 1)


def test_a_change_older_than_the_shipped_table_is_marked_superseded(services: Services) -> None:
    """A change made here before the shipped table was checked again may be out of date: the
    Countries page asks the DPO to compare (the change is never dropped silently)."""
    services.destinations.save_change(withdraw(services, "JP"), REASON)
    japan = services.destinations.get("JP")
    assert japan is not None and japan.local_change is not None
    assert not japan.local_change.superseded  # made today, the table was checked before
    made = japan.local_change.changed_at.date()
    later = replace(services.destinations.reference, checked_on=made.replace(year=made.year + 1))
    services.destinations.reference = later
    again = services.destinations.get("JP")
    assert again is not None and again.local_change is not None
    assert again.local_change.superseded
    assert again.adequacy is not None and again.adequacy.withdrawn_on == WITHDRAWN


def test_the_shipped_table_is_old_a_year_after_its_check(services: Services) -> None:
    checked = services.destinations.reference.checked_on
    assert not services.destinations.is_table_old(checked.replace(year=checked.year + 1))
    late = checked.replace(year=checked.year + 1).toordinal() + 1
    assert services.destinations.is_table_old(date.fromordinal(late))
