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
    return sorted(pairs, key=lambda pair: _sort_key(pair[1]))


def _sort_key(name: str) -> str:
    # Accents folded (Č sorts with C): independent of the machine's C library locale.
    return "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    ).casefold()
