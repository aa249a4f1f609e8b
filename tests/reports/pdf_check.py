"""Reading PDFs back in tests: their text (pypdf) and whether every font is embedded."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from pypdf import PdfReader


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def pdf_title(path: Path) -> str | None:
    metadata = PdfReader(path).metadata
    return None if metadata is None else metadata.title


def _fonts_of(resources: Any, seen: set[int]) -> list[Any]:
    fonts: list[Any] = []
    if resources is None:
        return fonts
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        fonts.append(font.get_object())
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if id(xobject) not in seen and "/Resources" in xobject:
            seen.add(id(xobject))
            fonts.extend(_fonts_of(xobject["/Resources"], seen))
    return fonts


def _is_embedded(font: Any) -> bool:
    if font.get("/Subtype") == "/Type0":
        return all(_is_embedded(d.get_object()) for d in font["/DescendantFonts"])
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False  # a standard 14 font: drawn from the reader's own fonts, not the file
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def unembedded_fonts_pypdf(path: Path) -> list[str]:
    """The BaseFont of every font used on any page that the file does not carry."""
    missing: list[str] = []
    seen: set[int] = set()
    for page in PdfReader(path).pages:
        for font in _fonts_of(page.get("/Resources"), seen):
            if not _is_embedded(font):
                missing.append(str(font.get("/BaseFont")))
    return sorted(set(missing))


def font_names_pypdf(path: Path) -> set[str]:
    seen: set[int] = set()
    return {
        str(font.get("/BaseFont"))
        for page in PdfReader(path).pages
        for font in _fonts_of(page.get("/Resources"), seen)
    }


def unembedded_fonts_pdffonts(path: Path) -> list[str] | None:
    """The same, as poppler's pdffonts sees it; None when pdffonts is not installed."""
    pdffonts = shutil.which("pdffonts")
    if pdffonts is None:
        return None
    output = subprocess.run(
        [pdffonts, str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    # Columns are fixed-width; the dashed second line gives their extents.
    header, dashes, *rows = output
    spans: list[tuple[int, int]] = []
    start = 0
    for part in dashes.split(" "):
        spans.append((start, start + len(part)))
        start += len(part) + 1
    names = [header[a:b].strip() for a, b in spans]
    emb = names.index("emb")
    missing = []
    for row in rows:
        cells = [row[a:b].strip() for a, b in spans]
        if cells[emb] != "yes":
            missing.append(cells[0])
    assert rows, "pdffonts listed no fonts at all"
    return missing
