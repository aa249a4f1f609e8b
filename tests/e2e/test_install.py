"""A real install: ``pip install .`` into a brand-new virtual environment, then use it from outside.

This is what a user or the installer build gets: the wheel must carry the fonts, the migrations
and the compiled translations inside the package, and work without the source tree.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dpo_desk import __version__
from dpo_desk.i18n import _, set_language
from tests.reports.pdf_check import pdf_text, unembedded_fonts_pypdf

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]

#: What the installed program must find inside its own package.
CHECK_INSTALLED = """
import json, sys
from pathlib import Path
import dpo_desk, dpo_desk.paths as paths
from dpo_desk.i18n import has_catalog
resources = paths.resources_dir()
print(json.dumps({
    "package": str(Path(dpo_desk.__file__).resolve().parent),
    "resources": str(resources.resolve()),
    "migrations": str(paths.migrations_dir().resolve()),
    "fonts": sorted(p.name for p in paths.fonts_dir().glob("*.ttf")),
    "versions": sorted(p.name for p in (paths.migrations_dir() / "versions").glob("*.py")),
    "alembic_env": (paths.migrations_dir() / "env.py").is_file(),
    "catalogs": sorted(
        str(p.relative_to(resources)) for p in (resources / "locale").glob("*/LC_MESSAGES/*.mo")
    ),
    "has_hr": has_catalog("hr"),
    "sys_path": sys.path,
}))
"""


def _run(command: list[str | Path], cwd: Path, env: dict[str, str], timeout: float = 240) -> str:
    completed = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert completed.returncode == 0, (
        f"{' '.join(map(str, command))} failed ({completed.returncode}):\n"
        f"{completed.stdout}\n{completed.stderr}"
    )
    return completed.stdout


def test_pip_install_into_a_new_virtual_environment(tmp_path: Path) -> None:
    outside = tmp_path / "somewhere-else"  # a cwd from which the source tree is not importable
    outside.mkdir()
    venv = tmp_path / "venv"
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")
    }
    env |= {
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PIP_NO_INPUT": "1",
        "QT_QPA_PLATFORM": "offscreen",
        "DPO_DESK_DATA_DIR": str(tmp_path / "data"),
        "DPO_DESK_CONFIG_DIR": str(tmp_path / "config"),
    }

    started = time.monotonic()
    _run([sys.executable, "-m", "venv", venv], outside, env)
    created = time.monotonic()
    _run(
        [python, "-m", "pip", "install", "-q", "-c", REPO / "constraints.txt", REPO],
        outside,
        env,
    )
    installed = time.monotonic()

    dpo_desk = bin_dir / "dpo-desk"
    assert _run([dpo_desk, "--version"], outside, env).strip() == f"DPO Desk {__version__}"

    sample = outside / "sample.sqlite"
    _run([dpo_desk, "sample", "create", sample], outside, env)
    assert sample.read_bytes()[:16] == b"SQLite format 3\x00"

    pdf = outside / "zapisnik.pdf"
    _run(
        [
            dpo_desk,
            "--database",
            sample,
            "export",
            "audit",
            "--format",
            "pdf",
            "--output",
            pdf,
            "--lang",
            "hr",
        ],
        outside,
        env,
    )
    xlsx = outside / "audit.xlsx"
    _run(
        [
            dpo_desk,
            "--database",
            sample,
            "export",
            "audit",
            "--format",
            "xlsx",
            "--output",
            xlsx,
            "--lang",
            "en",
        ],
        outside,
        env,
    )
    used = time.monotonic()

    facts = json.loads(_run([python, "-c", CHECK_INSTALLED], outside, env))
    package = Path(facts["package"])
    assert "site-packages" in package.parts
    assert package.is_relative_to(venv.resolve())
    assert not package.is_relative_to(REPO)
    assert str(REPO) not in facts["sys_path"]
    resources = Path(facts["resources"])
    assert resources == package / "_resources", "resources must come from inside the package"
    assert Path(facts["migrations"]) == package / "_db"
    assert {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"} <= set(facts["fonts"])
    assert facts["alembic_env"]
    expected_versions = sorted(p.name for p in (REPO / "db" / "versions").glob("*.py"))
    assert facts["versions"] == expected_versions
    expected_catalogs = sorted(
        str(p.relative_to(REPO / "resources").with_suffix(".mo"))
        for p in (REPO / "resources" / "locale").glob("*/LC_MESSAGES/*.po")
    )
    assert "locale/hr/LC_MESSAGES/dpo_desk.mo" in facts["catalogs"]
    assert facts["catalogs"] == expected_catalogs
    assert facts["has_hr"]

    # The documents the installed program wrote are complete and in the language asked for.
    set_language("hr")
    croatian_title = _("Audit log")
    set_language("en")
    assert croatian_title in pdf_text(pdf)
    assert "Leapbit d.o.o. (Pixelus)" in pdf_text(pdf)
    assert unembedded_fonts_pypdf(pdf) == []
    assert load_workbook(xlsx).active["A1"].value == "Audit log"

    timings = (
        f"venv {created - started:.1f} s, pip install {installed - created:.1f} s, "
        f"use {used - installed:.1f} s, total {time.monotonic() - started:.1f} s"
    )
    print(f"\ninstall test: {timings}")
    assert installed - started < 150, f"installing took too long: {timings}"
