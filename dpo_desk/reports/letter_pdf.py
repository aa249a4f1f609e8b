"""A letter to a data subject as PDF: the organisation's letterhead, the recipient's address
where a DIN 5008 window envelope shows it, the date in the letter's language, the reference and
"page X of Y" on every page, fonts embedded and every text escaped for reportlab's markup."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from dpo_desk.domain.letters import Letter, LetterSection
from dpo_desk.domain.letters import body as letter_body
from dpo_desk.i18n import _, in_language
from dpo_desk.reports.files import atomic_output
from dpo_desk.reports.fonts import FONT, FONT_BOLD, font_runs, register_fonts

#: DIN 5008 form B window: 20 mm from the left, 45 mm from the top, 85 x 45 mm.
_WINDOW_LEFT_MM = 20
_WINDOW_TOP_MM = 45
_WINDOW_WIDTH_MM = 85
#: The body starts below the window on the first page.
_FIRST_BODY_TOP_MM = 100
_LEFT_MM = 25
_RIGHT_MM = 20
_BOTTOM_MM = 22


def _markup(text: str) -> str:
    """User text as reportlab markup: < > & escaped, line breaks kept, and what DejaVu cannot
    draw (Chinese, emoji) set in a fallback font."""
    return "".join(
        escape(chunk) if font == FONT else f'<font face="{font}">{escape(chunk)}</font>'
        for font, chunk in font_runs(text)
    ).replace("\n", "<br/>")


def _fit(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` in lines no wider than ``width``: at spaces, and within a word longer than a
    line (a street name run together must not leave the envelope's window)."""
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    for line in simpleSplit(text, font, size, width) or [""]:
        current = ""
        for character in line:
            if current and stringWidth(current + character, font, size) > width:
                lines.append(current)
                current = ""
            current += character
        lines.append(current)
    return lines


def _draw(canvas: Any, x: float, y: float, text: str, font: str, size: float) -> None:
    """Draws ``text`` from ``x``, with fallbacks where DejaVu lacks a character."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for face, chunk in font_runs(text, font):
        canvas.setFont(face, size)
        canvas.drawString(x, y, chunk)
        x += float(stringWidth(chunk, face, size))


def letter_pdf_bytes(letter: Letter) -> bytes:
    """The letter as PDF bytes (what is stored with the request, unchanged)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        KeepTogether,
        NextPageTemplate,
        PageTemplate,
        Paragraph,
        Spacer,
    )

    register_fonts()
    width, height = A4
    body = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=14.5, spaceAfter=8)
    subject = ParagraphStyle("subject", parent=body, fontName=FONT_BOLD, spaceAfter=12)
    signature = ParagraphStyle("signature", parent=body, spaceAfter=0)
    heading = ParagraphStyle(
        "heading", parent=body, fontName=FONT_BOLD, spaceBefore=6, spaceAfter=4, keepWithNext=1
    )
    item = ParagraphStyle(
        "item", parent=body, fontSize=9.5, leading=13, leftIndent=10, spaceAfter=3
    )

    with in_language(letter.language):
        reference_label = _("Our reference")
        page_label = _("Page {page} of {pages}")
        date_line = letter.dated

    class _NumberedCanvas(Canvas):  # type: ignore[misc]
        """Draws "page X of Y" once the number of pages is known (after the last page)."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Not Helvetica: it would be named, unembedded, in the PDF.
            kwargs["initialFontName"] = FONT
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(FONT, 8)
                self.setFillGray(0.35)
                text = f"{reference_label}: {letter.reference}    " + page_label.format(
                    page=self._pageNumber, pages=len(self._pages)
                )
                self.drawRightString(width - _RIGHT_MM * mm, 12 * mm, text)
                super().showPage()
            super().save()

    def first_page(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        top = height - 15 * mm
        _draw(canvas, _LEFT_MM * mm, top, letter.sender_lines[0], FONT_BOLD, 12)
        if letter.logo:
            _draw_logo(canvas, letter.logo, width - _RIGHT_MM * mm, height - 10 * mm)
        for number, line in enumerate(letter.sender_lines[1:], start=1):
            _draw(canvas, _LEFT_MM * mm, top - number * 11, line, FONT, 8.5)
        # The window: the sender in one small line, then the recipient's address.
        window_top = height - _WINDOW_TOP_MM * mm
        canvas.setFillGray(0.3)
        _draw(
            canvas,
            _WINDOW_LEFT_MM * mm + 5 * mm,
            window_top - 8,
            ", ".join(letter.sender_lines[:3])[:90],
            FONT,
            6.5,
        )
        canvas.setFillGray(0)
        canvas.setFont(FONT, 10.5)
        # Wrapped to the window (a long name or street must not run under the date), at
        # most six lines: what a window shows.
        lines = [
            part
            for line in letter.recipient_lines
            for part in _fit(line, FONT, 10.5, (_WINDOW_WIDTH_MM - 10) * mm)
        ][:6]
        for number, line in enumerate(lines):
            _draw(
                canvas,
                _WINDOW_LEFT_MM * mm + 5 * mm,
                window_top - 26 - number * 13,
                line,
                FONT,
                10.5,
            )
        # Date and reference at the right, level with the window.
        right = width - _RIGHT_MM * mm
        canvas.setFont(FONT, 10)
        canvas.drawRightString(right, window_top - 26, date_line)
        canvas.drawRightString(right, window_top - 40, f"{reference_label}: {letter.reference}")
        canvas.restoreState()

    def later_page(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8.5)
        canvas.setFillGray(0.35)
        canvas.drawString(_LEFT_MM * mm, height - 12 * mm, letter.sender_lines[0])
        canvas.drawRightString(
            width - _RIGHT_MM * mm, height - 12 * mm, f"{reference_label}: {letter.reference}"
        )
        canvas.restoreState()

    frame_width = width - (_LEFT_MM + _RIGHT_MM) * mm
    first = Frame(
        _LEFT_MM * mm,
        _BOTTOM_MM * mm,
        frame_width,
        height - (_FIRST_BODY_TOP_MM + _BOTTOM_MM) * mm,
        leftPadding=0,
        rightPadding=0,
        id="first",
    )
    later = Frame(
        _LEFT_MM * mm,
        _BOTTOM_MM * mm,
        frame_width,
        height - (20 + _BOTTOM_MM) * mm,
        leftPadding=0,
        rightPadding=0,
        id="later",
    )
    buffer = BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=A4,
        title=letter.subject,
        author=letter.sender_lines[0],
        pageTemplates=[
            PageTemplate("first", [first], onPage=first_page),
            PageTemplate("later", [later], onPage=later_page),
        ],
    )
    story: list[Any] = [
        NextPageTemplate("later"),
        Paragraph(_markup(letter.subject), subject),
        Paragraph(_markup(letter.salutation), body),
    ]
    for block in letter_body(letter):
        if isinstance(block, LetterSection):
            story.append(Paragraph(_markup(block.heading), heading))
            story += [
                Paragraph(f"<b>{_markup(label)}:</b> {_markup(text)}", item)
                for label, text in block.items
            ]
        else:
            story.append(Paragraph(_markup(block), body))
    story.append(
        KeepTogether(
            [
                Spacer(1, 4),
                Paragraph(_markup(letter.closing), body),
                Spacer(1, 18),
                *(Paragraph(_markup(line), signature) for line in letter.signature_lines if line),
            ]
        )
    )
    document.build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


def _draw_logo(canvas: Any, logo: bytes, right: float, top: float) -> None:
    """The logo at the top right, within 45 x 18 mm, its proportions kept; an image reportlab
    cannot read is left out rather than failing the letter."""
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader

    try:
        image = ImageReader(BytesIO(logo))
        width, height = image.getSize()
        scale = min(45 * mm / width, 18 * mm / height)
        canvas.drawImage(
            image,
            right - width * scale,
            top - height * scale,
            width * scale,
            height * scale,
            mask="auto",
        )
    except Exception:  # any image it cannot read or decode: the letter goes without it
        return


def write_letter_pdf(letter: Letter, destination: Path) -> Path:
    """Writes the letter to ``destination`` (through a temporary file, renamed when whole)."""
    content = letter_pdf_bytes(letter)
    with atomic_output(destination) as part:
        part.write_bytes(content)
    return destination
