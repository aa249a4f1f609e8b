"""User settings, declared once with type and default, kept in an INI file through QSettings.

Organisation data is not here: it lives in the database and travels with it. The file sits in the
configuration folder of dpo_desk.paths, which tests redirect to a temporary folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T", str, bool, int, QByteArray)


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    default: T


#: "system" follows the operating system; otherwise "hr" or "en".
LANGUAGE = Setting("interface/language", "system")
#: The main window's geometry, as Qt saves it.
WINDOW_GEOMETRY = Setting("window/geometry", QByteArray())
#: The database the window opened last (a path or a URL); empty: the user's own default file.
LAST_DATABASE = Setting("database/last", "")
#: The page shown last, by its key.
LAST_PAGE = Setting("window/page", "")


class Settings:
    def __init__(self, file: Path) -> None:
        file.parent.mkdir(parents=True, exist_ok=True)
        self._settings = QSettings(str(file), QSettings.Format.IniFormat)

    def get(self, setting: Setting[T]) -> T:
        """The stored value converted to the declared type; the default when absent or broken."""
        value: Any = self._settings.value(setting.key, setting.default)
        default = setting.default
        result: Any
        if isinstance(default, bool):
            result = value in (True, "true", "1", 1)
        elif isinstance(default, int):
            try:
                result = int(value)
            except (TypeError, ValueError):
                result = default
        elif isinstance(default, QByteArray):
            result = value if isinstance(value, QByteArray) else default
        else:
            result = str(value) if value is not None else default
        return cast(T, result)

    def set(self, setting: Setting[T], value: T) -> None:
        self._settings.setValue(setting.key, value)

    def sync(self) -> None:
        self._settings.sync()
