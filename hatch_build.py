"""Hatch build hook: resources/ and db/ into the wheel, with the gettext catalogs compiled.

The wheel carries them inside the package (dpo_desk/_resources, dpo_desk/_db), where
dpo_desk.paths looks first. .mo files are compiled here and never committed; files only the
repository needs (README screenshots, the .pot template, caches) stay out.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

#: (source folder, folder inside the wheel)
BUNDLED = (("resources", "dpo_desk/_resources"), ("db", "dpo_desk/_db"))
#: Left out of the wheel: repository-only material and anything generated locally.
SKIPPED_PARTS = {"screenshots", "__pycache__"}
SKIPPED_SUFFIXES = {".pot", ".mo", ".pyc", ".part"}


class CustomBuildHook(BuildHookInterface):  # type: ignore[misc]
    """Adds resources/ and db/, and compiles resources/locale/*/LC_MESSAGES/*.po with Babel."""

    _compiled: Path | None = None

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        root = Path(self.root)
        for source, target_folder in BUNDLED:
            for path in sorted((root / source).rglob("*")):
                relative = path.relative_to(root / source)
                if (
                    path.is_file()
                    and not SKIPPED_PARTS.intersection(relative.parts)
                    and path.suffix not in SKIPPED_SUFFIXES
                ):
                    build_data["force_include"][str(path)] = (
                        f"{target_folder}/{relative.as_posix()}"
                    )
        out = Path(tempfile.mkdtemp(prefix="dpo-desk-mo-"))
        self._compiled = out
        for po_path in sorted((root / "resources" / "locale").glob("*/LC_MESSAGES/*.po")):
            relative = po_path.relative_to(root / "resources").with_suffix(".mo")
            target = out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with target.open("wb") as mo_file:
                write_mo(mo_file, catalog)
            build_data["force_include"][str(target)] = f"dpo_desk/_resources/{relative.as_posix()}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        """The wheel is written: the compiled catalogs in the temporary folder are not needed."""
        if self._compiled is not None:
            shutil.rmtree(self._compiled, ignore_errors=True)
            self._compiled = None
