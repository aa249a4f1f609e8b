"""Declared settings over QSettings, in the redirected configuration folder."""

from __future__ import annotations

from PySide6.QtCore import QByteArray

from dpo_desk.paths import Paths
from dpo_desk.ui import settings as keys
from dpo_desk.ui.settings import Settings


def test_defaults_then_values_round_trip(paths: Paths) -> None:
    settings = Settings(paths.settings_file)
    assert settings.get(keys.LANGUAGE) == "system"
    assert settings.get(keys.WINDOW_GEOMETRY).isEmpty()
    settings.set(keys.LANGUAGE, "hr")
    settings.set(keys.WINDOW_GEOMETRY, QByteArray(b"\x01\x02"))
    settings.sync()
    again = Settings(paths.settings_file)
    assert again.get(keys.LANGUAGE) == "hr"
    assert bytes(again.get(keys.WINDOW_GEOMETRY).data()) == b"\x01\x02"
    assert paths.settings_file.exists()
    assert str(paths.config_dir).startswith(str(paths.data_dir.parent))
