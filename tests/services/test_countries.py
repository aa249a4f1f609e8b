"""Country names in the interface's language, sorted as a person expects."""

from __future__ import annotations

import pytest

from dpo_desk.i18n import set_language
from dpo_desk.services.countries import countries, country_name, sort_key


def test_croatia_in_english_and_croatian() -> None:
    assert country_name("HR") == "Croatia"
    set_language("hr")
    assert country_name("HR") == "Hrvatska"
    assert country_name("DE") == "Njemačka"
    set_language("en")
    assert country_name("HR") == "Croatia"


def test_english_uses_the_common_name() -> None:
    assert country_name("BO") == "Bolivia"  # not "Bolivia, Plurinational State of"
    assert country_name("GB") == "United Kingdom"
    assert country_name("de") == "Germany"  # codes are case-insensitive


@pytest.mark.parametrize("code", ["XX", "", "EU", "ZZZ"])
def test_unknown_codes_come_back_as_given(code: str) -> None:
    assert country_name(code) == code


@pytest.mark.parametrize("language", ["en", "hr"])
def test_countries_are_complete_unique_and_sorted(language: str) -> None:
    set_language(language)
    pairs = countries()
    codes = [code for code, _name in pairs]
    assert len(pairs) >= 249
    assert len(codes) == len(set(codes))
    assert all(len(code) == 2 and code.isupper() for code in codes)
    keys = [sort_key(name, language) for _code, name in pairs]
    assert keys == sorted(keys)
    assert dict(pairs)["HR"] == ("Croatia" if language == "en" else "Hrvatska")


def test_croatian_sorting_follows_the_croatian_alphabet() -> None:
    set_language("hr")
    names = [name for _code, name in countries()]
    # c < č < ć < d and s < š < t, as in a Croatian dictionary; other accents fold (ç with c).
    order = ["Cipar", "Crna Gora", "Curaçao", "Čad", "Češka", "Čile", "Danska"]
    assert [names.index(name) for name in order] == sorted(names.index(name) for name in order)
    assert names.index("Sveti Toma i Princip") < names.index("Španjolska") < names.index("Tajland")
    assert names.index("Švicarska") < names.index("Tajland")
    assert names.index("Zimbabve") == len(names) - 1


def test_english_sorting_folds_accents() -> None:
    names = [name for _code, name in countries()]
    assert names.index("Afghanistan") < names.index("Åland Islands") < names.index("Albania")
    assert names.index("Cuba") < names.index("Curaçao") < names.index("Cyprus")
    assert names.index("Côte d'Ivoire") < names.index("Croatia")


def test_sort_key_is_independent_of_case() -> None:
    assert sort_key("ČAD", "hr") == sort_key("Čad", "hr")
    assert sort_key("Čad", "en") == sort_key("Cad", "en")
    assert sort_key("Čad", "hr") > sort_key("Czechia", "hr")
