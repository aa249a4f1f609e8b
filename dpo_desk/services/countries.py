"""Country names in the current language, from pycountry's ISO 3166 data and gettext catalogs."""

from __future__ import annotations

import gettext
import unicodedata
from functools import cache

import pycountry

from dpo_desk.i18n import current_language


@cache
def _catalog(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def country_name(code: str) -> str:
    """ "HR" -> "Hrvatska" or "Croatia", as the interface speaks; unknown codes come back as given."""
    country = pycountry.countries.get(alpha_2=code.upper()) if code else None
    if country is None:
        return code
    if current_language() == "en":
        return str(getattr(country, "common_name", None) or country.name)
    return _catalog(current_language()).gettext(str(country.name))


def countries() -> list[tuple[str, str]]:
    """(code, name) for every country, sorted by name in the current language."""
    pairs = [
        (str(country.alpha_2), country_name(str(country.alpha_2)))
        for country in pycountry.countries
    ]
    language = current_language()
    return sorted(pairs, key=lambda pair: sort_key(pair[1], language))


#: Letters of the Croatian alphabet that follow their base letter (c < č < ć, d < đ, s < š,
#: z < ž): "\uffff" sorts after every letter, so "Čad" comes after "Curaçao", not before "Cipar".
_CROATIAN_LETTERS = str.maketrans(
    {"č": "c\uffff1", "ć": "c\uffff2", "đ": "d\uffff", "š": "s\uffff", "ž": "z\uffff"}
)


def sort_key(name: str, language: str = "en") -> str:
    """The key a person of ``language`` sorts by, independent of the machine's C library locale.

    Other accents are folded (Å with A, ç with c); in Croatian č ć đ š ž are letters of their own,
    as in every Croatian dictionary and index.
    """
    text = unicodedata.normalize("NFC", name).casefold()
    if language == "hr":
        text = text.translate(_CROATIAN_LETTERS)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def country_code_of(text: str) -> str | None:
    """The ISO code of a country named in English or Croatian (or given as its code)."""
    wanted = text.strip().casefold()
    if not wanted:
        return None
    if len(wanted) == 2 and pycountry.countries.get(alpha_2=wanted.upper()) is not None:
        return wanted.upper()
    hr = _catalog("hr")
    for country in pycountry.countries:
        names = {
            str(country.name),
            str(getattr(country, "common_name", "") or ""),
            str(getattr(country, "official_name", "") or ""),
        }
        names.add(hr.gettext(str(country.name)))
        if wanted in {name.casefold() for name in names if name}:
            return str(country.alpha_2)
    return None
