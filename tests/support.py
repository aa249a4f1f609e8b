"""Helpers shared by tests of several layers."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo


def compile_croatian_catalog(folder: Path, messages: dict[str, str]) -> Path:
    """A tiny compiled hr catalog in ``folder``, so a test controls the translations it checks."""
    catalog = Catalog(locale="hr", domain="dpo_desk")
    for source, translation in messages.items():
        catalog.add(source, translation)
    target = folder / "hr" / "LC_MESSAGES" / "dpo_desk.mo"
    target.parent.mkdir(parents=True)
    with target.open("wb") as file:
        write_mo(file, catalog)
    return folder
