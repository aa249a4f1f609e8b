"""Hatch build hook: compile the gettext catalogs into the wheel, so .mo files are never committed."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CustomBuildHook(BuildHookInterface):  # type: ignore[misc]
    """Compiles resources/locale/*/LC_MESSAGES/*.po with Babel and adds the .mo files."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        root = Path(self.root)
        out = Path(tempfile.mkdtemp(prefix="dpo-desk-mo-"))
        for po_path in sorted((root / "resources" / "locale").glob("*/LC_MESSAGES/*.po")):
            relative = po_path.relative_to(root / "resources").with_suffix(".mo")
            target = out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with target.open("wb") as mo_file:
                write_mo(mo_file, catalog)
            build_data["force_include"][str(target)] = f"dpo_desk/_resources/{relative.as_posix()}"
