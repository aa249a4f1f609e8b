"""The Croatian catalog covers every string in the code, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from dpo_desk.i18n import _, has_catalog, set_language

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def _code_messages() -> set[str]:
    found: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT / "dpo_desk"), keywords=KEYWORDS, comment_tags=()
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def _catalog(language: str) -> dict[str, str]:
    with (ROOT / "resources" / "locale" / language / "LC_MESSAGES" / "dpo_desk.po").open(
        "rb"
    ) as file:
        catalog = read_po(file)
    result: dict[str, str] = {}
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        value = message.string[0] if isinstance(message.string, (tuple, list)) else message.string
        result[str(key)] = str(value or "")
    return result


def test_every_string_in_the_code_has_a_croatian_translation() -> None:
    croatian = _catalog("hr")
    missing = sorted(message for message in _code_messages() if not croatian.get(message))
    assert not missing, "untranslated (run pybabel extract/update, then translate):\n" + "\n".join(
        missing
    )


def test_placeholders_and_accelerators_survive_translation() -> None:
    placeholder = re.compile(r"\{[a-z_]+\}")
    for source, translated in _catalog("hr").items():
        if not translated:
            continue
        assert sorted(placeholder.findall(source)) == sorted(placeholder.findall(translated)), (
            source
        )
        assert source.count("&") == translated.count("&"), source


def test_compiled_catalog_switches_the_language() -> None:
    assert has_catalog("hr")
    set_language("hr")
    assert _("Organisation profile") == "Profil organizacije"
    set_language("en")
    assert _("Organisation profile") == "Organisation profile"
