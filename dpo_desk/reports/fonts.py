"""DejaVu Sans for every PDF: reportlab's built-in fonts cannot draw č ć đ (PLATFORM.md)."""

from __future__ import annotations

from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from dpo_desk.paths import fonts_dir

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"


@cache
def register_fonts() -> str:
    """Registers the bundled DejaVu family once (embedded in every PDF); returns its name."""
    folder = fonts_dir()
    faces = {
        FONT: "DejaVuSans.ttf",
        FONT_BOLD: "DejaVuSans-Bold.ttf",
        "DejaVuSans-Oblique": "DejaVuSans-Oblique.ttf",
        "DejaVuSans-BoldOblique": "DejaVuSans-BoldOblique.ttf",
    }
    for name, file_name in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file_name)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, "DejaVuSans-Oblique")
    addMapping(FONT, 1, 1, "DejaVuSans-BoldOblique")
    # A chart (reportlab.graphics) opens every drawing in its default font, Helvetica, which
    # would then be named in the PDF without being embedded: DejaVu is the default instead.
    from reportlab.graphics import shapes

    shapes.STATE_DEFAULTS["fontName"] = FONT
    return FONT


#: Fonts for what DejaVu Sans cannot draw, in the order they are tried: Chinese, Japanese and
#: Korean (Droid Sans Fallback, Apache 2.0), then symbols and emoji in outline (Symbola, free
#: for any use). Each is embedded, subset, only when a letter uses it.
FALLBACKS = (("DroidSansFallback", "DroidSansFallback.ttf"), ("Symbola", "Symbola.ttf"))


@cache
def _coverage() -> tuple[frozenset[int], tuple[tuple[str, frozenset[int]], ...]]:
    """The code points DejaVu Sans draws, and those of each fallback."""
    register_fonts()
    folder = fonts_dir()
    base = pdfmetrics.getFont(FONT)
    fallbacks = []
    for name, file_name in FALLBACKS:
        font = TTFont(name, str(folder / file_name))
        pdfmetrics.registerFont(font)
        fallbacks.append((name, frozenset(font.face.charToGlyph)))
    return frozenset(base.face.charToGlyph), tuple(fallbacks)


def font_runs(text: str, font: str = FONT) -> list[tuple[str, str]]:
    """``text`` cut into runs of one font each: ``font`` where DejaVu draws the character, a
    fallback where it does not (so "王小明 🙂" prints, not as empty boxes)."""
    covered, fallbacks = _coverage()
    runs: list[tuple[str, str]] = []
    for character in text:
        chosen = font
        code = ord(character)
        if code not in covered and not character.isspace():
            chosen = next((name for name, points in fallbacks if code in points), font)
        if runs and runs[-1][0] == chosen:
            runs[-1] = (chosen, runs[-1][1] + character)
        else:
            runs.append((chosen, character))
    return runs
