"""Translations: one gettext catalog (domain ``dpo_desk``) serves the window, letters and exports.

``N_()`` marks text where it is defined, ``_()`` translates where it is shown, ``ngettext()``
chooses the plural form. The language can change while the program runs, so translated text is
looked up at the moment it is shown, never stored.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "dpo_desk"
#: The languages DPO Desk ships, in the order the language menu shows them.
LANGUAGES: tuple[str, ...] = ("hr", "en")
#: The name of each language in that language.
LANGUAGE_NAMES: dict[str, str] = {"hr": "Hrvatski", "en": "English"}

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def N_(message: str) -> str:
    """Marks a string for extraction without translating it yet."""
    return message


def _(message: str) -> str:
    """Translates a message into the current language."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translates a message with a count, choosing the language's plural form."""
    return _translations.ngettext(singular, plural, n)


def current_language() -> str:
    """The language code in use: "hr" or "en"."""
    return _language


def system_language() -> str:
    """The language the operating system asks for, when DPO Desk has it; English otherwise."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        for candidate in value.split(":"):
            code = candidate.split("_")[0].split(".")[0].lower()
            if code in LANGUAGES:
                return code
            if code and code not in ("c", "posix"):
                return "en"
    return "en"


def set_language(language: str | None, locale_dir: Path | None = None) -> str:
    """Switches every later ``_()`` to ``language`` (None or "system": follow the system).

    Returns the language now in use. A missing catalog falls back to the English source text.
    """
    global _translations, _language
    if language in (None, "", "system"):
        language = system_language()
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    if locale_dir is None:
        from dpo_desk.paths import locale_dir as default_locale_dir

        locale_dir = default_locale_dir()
    _translations = gettext.translation(DOMAIN, locale_dir, [language], fallback=True)
    _language = language
    return language


def has_catalog(language: str, locale_dir: Path | None = None) -> bool:
    """Whether the compiled catalog for ``language`` is present (a build check, not a fallback)."""
    if locale_dir is None:
        from dpo_desk.paths import locale_dir as default_locale_dir

        locale_dir = default_locale_dir()
    return (locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()


def translations_of(message: str) -> set[str]:
    """``message`` in every shipped language (the source text included): for reading back files
    that DPO Desk wrote in either language."""
    from dpo_desk.paths import locale_dir

    found = {message}
    for language in LANGUAGES:
        catalog = gettext.translation(DOMAIN, locale_dir(), [language], fallback=True)
        found.add(catalog.gettext(message))
    return found


def plural_translations_of(singular: str, plural: str) -> set[str]:
    """Every plural form of a message in every shipped language (Croatian has three)."""
    from dpo_desk.paths import locale_dir

    found = {singular, plural}
    for language in LANGUAGES:
        catalog = gettext.translation(DOMAIN, locale_dir(), [language], fallback=True)
        found |= {catalog.ngettext(singular, plural, n) for n in (1, 2, 5)}
    return found


@contextmanager
def in_language(language: str) -> Iterator[None]:
    """Translates into ``language`` inside the block and restores the language after: a letter
    is written in the data subject's language whatever the window speaks (used in the GUI
    thread only; the catalog is one per process)."""
    before = _language
    set_language(language)
    try:
        yield
    finally:
        set_language(before)
