"""Where DPO Desk keeps data, configuration and backups, and where its bundled files live."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "DPO Desk"
APP_SLUG = "dpo-desk"

#: Environment overrides: tests and administrators redirect every user folder with these.
DATA_DIR_ENV = "DPO_DESK_DATA_DIR"
CONFIG_DIR_ENV = "DPO_DESK_CONFIG_DIR"

_PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled(installed_name: str, source_name: str) -> Path:
    """A folder shipped with the program, wherever this copy of it was installed.

    A PyInstaller bundle unpacks it next to the executable, a wheel carries it inside the package
    (see pyproject's force-include), and a source checkout has it at the top of the repository.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root) / source_name
    installed = _PACKAGE_DIR / installed_name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / source_name


def resources_dir() -> Path:
    """Fonts, reference data, translations and icons."""
    return _bundled("_resources", "resources")


def migrations_dir() -> Path:
    """The Alembic environment (env.py and versions/)."""
    return _bundled("_db", "db")


def locale_dir() -> Path:
    return resources_dir() / "locale"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def letters_dir() -> Path:
    """The letter templates shipped with DPO Desk, one folder per language."""
    return resources_dir() / "letters"


def reference_file(name: str) -> Path:
    """A file of shipped reference data, such as the destinations and adequacy decisions."""
    return resources_dir() / "reference" / name


@dataclass(frozen=True)
class Paths:
    """The user's folders for one run of DPO Desk."""

    data_dir: Path
    config_dir: Path

    @classmethod
    def from_environment(cls, data_dir: Path | str | None = None) -> Paths:
        """Folders from, in order: the argument (--data-dir), the environment, the platform."""
        data = (
            Path(data_dir)
            if data_dir is not None
            else Path(os.environ[DATA_DIR_ENV])
            if os.environ.get(DATA_DIR_ENV)
            else platformdirs.user_data_path(APP_SLUG, appauthor=False)
        )
        config = (
            Path(os.environ[CONFIG_DIR_ENV])
            if os.environ.get(CONFIG_DIR_ENV)
            else platformdirs.user_config_path(APP_SLUG, appauthor=False)
        )
        return cls(data_dir=data.expanduser(), config_dir=config.expanduser())

    @property
    def default_database(self) -> Path:
        """The user's own register, an embedded SQLite file."""
        return self.data_dir / "dpo-desk.sqlite"

    @property
    def sample_database(self) -> Path:
        """The sample organisation: a separate file, never mixed into the user's own data."""
        return self.data_dir / "sample-organisation.sqlite"

    @property
    def backup_dir(self) -> Path:
        """Where the automatic backup before a schema upgrade goes."""
        return self.data_dir / "backups"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.ini"
