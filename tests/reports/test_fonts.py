"""The bundled DejaVu family: registered once, with every Croatian letter."""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics

from dpo_desk.paths import fonts_dir
from dpo_desk.reports.fonts import FONT, FONT_BOLD, register_fonts

CROATIAN = "čćđšžČĆĐŠŽ"


def test_register_fonts_returns_the_family_and_is_idempotent() -> None:
    assert register_fonts() == FONT == "DejaVuSans"
    assert register_fonts() == FONT
    assert FONT in pdfmetrics.getRegisteredFontNames()
    assert FONT_BOLD in pdfmetrics.getRegisteredFontNames()


def test_the_font_files_and_licence_are_bundled() -> None:
    folder = fonts_dir()
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"):
        assert (folder / name).read_bytes()[:4] in (b"\x00\x01\x00\x00", b"true")
    assert (folder / "LICENSE-DejaVu.txt").is_file()


def test_every_croatian_letter_has_a_glyph_in_regular_and_bold() -> None:
    register_fonts()
    for name in (FONT, FONT_BOLD):
        face = pdfmetrics.getFont(name).face
        missing = [char for char in CROATIAN + "—→€„“" if ord(char) not in face.charToGlyph]
        assert missing == [], name
