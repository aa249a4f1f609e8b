"""Writing a letter from a request: choose the letter and its language, write its own text and
a free paragraph, see it as it will print, then keep it with the request (or save a copy)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dpo_desk.domain.changes import Changes
from dpo_desk.domain.errors import DpoDeskError, ValidationError
from dpo_desk.domain.letters import (
    LETTER_LABELS,
    REQUEST_LETTERS,
    Letter,
    LetterSection,
    LetterType,
    body,
    placeholders,
)
from dpo_desk.domain.request import Request
from dpo_desk.domain.timefmt import office_today
from dpo_desk.i18n import LANGUAGE_NAMES, _
from dpo_desk.reports.letter_pdf import letter_pdf_bytes
from dpo_desk.services.attachments import read_file
from dpo_desk.services.bundle import Services
from dpo_desk.services.letters import OWN_TEXT_LABELS, LetterTexts
from dpo_desk.services.portability import Dataset, read_dataset
from dpo_desk.ui.forms import combo, text_edit
from dpo_desk.ui.widgets import error_banner


def letter_html(letter: Letter) -> str:
    """The letter as the preview shows it: the same texts the PDF prints, escaped."""
    parts = [
        "<p><b>"
        + escape(letter.sender_lines[0])
        + "</b><br/>"
        + "<br/>".join(escape(line) for line in letter.sender_lines[1:])
        + "</p>",
        "<table width='100%'><tr><td>"
        + "<br/>".join(escape(line) for line in letter.recipient_lines)
        + "</td><td align='right'>"
        + escape(letter.dated)
        + "<br/>"
        + escape(letter.reference)
        + "</td></tr></table>",
        f"<p><b>{escape(letter.subject)}</b></p>",
        f"<p>{escape(letter.salutation)}</p>",
    ]
    for block in body(letter):
        if isinstance(block, LetterSection):
            parts.append(f"<p><b>{escape(block.heading)}</b></p><ul>")
            parts += [
                f"<li><b>{escape(label)}:</b> {escape(text)}</li>" for label, text in block.items
            ]
            parts.append("</ul>")
        else:
            parts.append("<p>" + escape(block).replace("\n", "<br/>") + "</p>")
    parts.append(f"<p>{escape(letter.closing)}</p>")
    parts.append("<p>" + "<br/>".join(escape(line) for line in letter.signature_lines) + "</p>")
    return "\n".join(parts)


class LetterPreview(QTextBrowser):
    """A letter as it will print. Edits restart a short wait (``edited``) so a letter is
    composed again once typing pauses, not on every keystroke; a letter that cannot be
    composed clears the preview and lists why in the dialog's error banner."""

    def __init__(self, name: str, refresh: Callable[[], object]) -> None:
        super().__init__()
        self.setObjectName(name)
        self.wait = QTimer(self)
        self.wait.setSingleShot(True)
        self.wait.setInterval(300)
        self.wait.timeout.connect(refresh)

    def edited(self) -> None:
        self.wait.start()

    def show_letter(self, compose: Callable[[], Letter], errors: QLabel) -> Letter | None:
        try:
            letter = compose()
        except ValidationError as error:
            errors.setText("\n".join(f"• {e}" for e in error.errors))
            errors.show()
            self.setHtml("")
            return None
        errors.hide()
        self.setHtml(letter_html(letter))
        return letter


class LetterDialog(QDialog):
    def __init__(self, services: Services, request: Request, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("letterDialog")
        self.setWindowTitle(_("Letter for {reference}").format(reference=request.reference))
        self.resize(980, 720)
        self._services = services
        self._request = request
        self.letter: Letter | None = None
        self.saved: Request | None = None
        #: Where the last e-mail draft was written for the mail program.
        self.draft_path: Path | None = None
        self.changes = Changes()
        layout = QHBoxLayout(self)
        side = QVBoxLayout()
        form = QFormLayout()
        self.kind = combo(
            {kind: LETTER_LABELS[kind] for kind in REQUEST_LETTERS}, LetterType.ACKNOWLEDGEMENT
        )
        self.kind.setObjectName("letterType")
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(request.language), 0))
        self.own_label = QLabel()
        self.own_text = text_edit("", 5)
        self.own_text.setObjectName("ownText")
        self.free_text = text_edit("", 5)
        self.free_text.setObjectName("freeText")
        form.addRow(_("Letter"), self.kind)
        form.addRow(_("Language"), self.language)
        form.addRow(self.own_label, self.own_text)
        form.addRow(_("A paragraph of your own"), self.free_text)
        self.data_row = QWidget()
        data_layout = QVBoxLayout(self.data_row)
        data_layout.setContentsMargins(0, 0, 0, 0)
        self.data_list = QListWidget()
        self.data_list.setObjectName("datasets")
        self.data_list.setFixedHeight(80)
        add_data = QPushButton(_("Add data files (CSV, JSON)…"))
        add_data.clicked.connect(self.choose_data)
        data_layout.addWidget(self.data_list)
        data_layout.addWidget(add_data)
        self.data_label = QLabel(_("Data for the package"))
        form.addRow(self.data_label, self.data_row)
        self._datasets: list[Dataset] = []
        side.addLayout(form)
        self.errors = error_banner()
        side.addWidget(self.errors)
        side.addStretch()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.keep_button = self.buttons.addButton(
            _("Keep with the request"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.email_button = self.buttons.addButton(
            _("Reply by e-mail"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.email_button.setToolTip(
            _("Keep the letter and open an e-mail draft with it attached in your mail program")
        )
        self.email_button.clicked.connect(self.reply_by_email)
        self.copy_button = self.buttons.addButton(
            _("Save a copy as PDF…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.template_button = self.buttons.addButton(
            _("Edit template…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.template_button.clicked.connect(self.edit_template)
        self.keep_button.clicked.connect(self.keep)
        self.copy_button.clicked.connect(self.save_copy)
        self.buttons.rejected.connect(self.reject)
        side.addWidget(self.buttons)
        layout.addLayout(side, 2)
        self.preview = LetterPreview("letterPreview", self.refresh)
        layout.addWidget(self.preview, 3)
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh())
        self.language.currentIndexChanged.connect(lambda _i: self.refresh())
        for edit in (self.own_text, self.free_text):
            edit.textChanged.connect(self.preview.edited)
        self.refresh()

    def current_kind(self) -> LetterType:
        return LetterType(self.kind.currentData())

    def refresh(self) -> Letter | None:
        """Composes the letter again and shows it, or says what stops it."""
        kind = self.current_kind()
        portability = kind is LetterType.PORTABILITY
        self.data_row.setVisible(portability)
        self.data_label.setVisible(portability)
        own = OWN_TEXT_LABELS.get(kind)
        self.own_label.setText(_(own) if own else "")
        self.own_text.setVisible(own is not None)
        self.own_label.setVisible(own is not None)
        self.letter = self.preview.show_letter(
            lambda: self._services.letters.compose(
                self._request,
                kind,
                office_today(),
                LetterTexts(
                    self.own_text.toPlainText(),
                    self.free_text.toPlainText(),
                    tuple(self._datasets) if portability else (),
                ),
                str(self.language.currentData()),
            ),
            self.errors,
        )
        for button in (self.keep_button, self.copy_button):
            button.setEnabled(self.letter is not None)
        self.email_button.setEnabled(self.letter is not None and bool(self._request.contact.email))
        return self.letter

    def keep(self, by_email: bool = False) -> bool:
        """Prints the letter and keeps it with the request (as sent correspondence); by
        e-mail, the draft carrying it is kept too, and opened in the user's mail program."""
        letter = self.refresh()
        if letter is None:
            return False
        try:
            pdf = letter_pdf_bytes(letter)
            package = (
                self._services.letters.package(self._request, tuple(self._datasets))
                if letter.kind is LetterType.PORTABILITY
                else b""
            )
            draft = (
                self._services.letters.email_draft(self._request, letter, pdf, package)
                if by_email
                else b""
            )
            self.saved, self.changes = self._services.letters.record(
                self._request, letter, pdf, office_today(), draft, package
            )
        except DpoDeskError as error:
            QMessageBox.warning(self, _("Letter"), str(error))
            return False
        if draft:
            self.draft_path = self._open_draft(letter, draft)
        self.accept()
        return True

    def edit_template(self) -> TemplateDialog:
        dialog = TemplateDialog(
            self._services, self.current_kind(), str(self.language.currentData()), self
        )
        dialog.finished.connect(lambda _result: self.refresh())
        dialog.open()
        return dialog

    def choose_data(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, _("Data for the portability package"), "", _("Data (*.csv *.json)")
        )
        self.add_data([Path(name) for name in names])

    def add_data(self, paths: list[Path]) -> bool:
        """Reads data files for the package; a file that cannot be read is named, and
        nothing of that choice is added."""
        try:
            datasets = [read_dataset(path.name, read_file(path)) for path in paths]
        except ValidationError as error:
            self.errors.setText("\n".join(f"• {e}" for e in error.errors))
            self.errors.show()
            return False
        for dataset in datasets:
            self._datasets.append(dataset)
            self.data_list.addItem(dataset.label)
        self.refresh()
        return True

    def reply_by_email(self) -> bool:
        return self.keep(by_email=True)

    @staticmethod
    def _open_draft(letter: Letter, draft: bytes) -> Path | None:
        """Writes the draft where the mail program can open it (the database keeps the
        original) and asks the system to open it."""
        import tempfile

        folder = Path(tempfile.gettempdir()) / "dpo-desk-drafts"
        path = folder / f"{letter.reference} {letter.kind.value}.eml"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(draft)
        except OSError:
            return None
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path

    def save_copy(self, destination: Path | None = None) -> Path | None:
        letter = self.refresh()
        if letter is None:
            return None
        if destination is None:
            name, _filter = QFileDialog.getSaveFileName(
                self, _("Save a copy of the letter"), f"{letter.reference}.pdf", "PDF (*.pdf)"
            )
            if not name:
                return None
            destination = Path(name)
        from dpo_desk.reports.letter_pdf import write_letter_pdf

        try:
            return write_letter_pdf(letter, destination)
        except OSError as error:
            QMessageBox.warning(self, _("Letter"), f"{destination}: {error.strerror}")
            return None


class TemplateDialog(QDialog):
    """The organisation's own version of a letter template, kept in its database: checked
    before it is kept (an unknown placeholder is refused by name); the shipped one can be
    restored at any time."""

    def __init__(
        self, services: Services, kind: LetterType, language: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("templateDialog")
        self._templates = services.letters.templates
        self._kind = kind
        self._language = language
        self.setWindowTitle(
            _("Template: {letter} ({language})").format(
                letter=_(LETTER_LABELS[kind]), language=LANGUAGE_NAMES[language]
            )
        )
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        self.origin = QLabel()
        layout.addWidget(self.origin)
        help_text = QLabel(
            _(
                "First line “Subject: …”, optionally “Salutation: …”, then paragraphs separated "
                "by a blank line. Placeholders: {names}"
            ).format(names=", ".join("{" + name + "}" for name in sorted(placeholders(kind))))
        )
        help_text.setWordWrap(True)
        layout.addWidget(help_text)
        self.text = QPlainTextEdit()
        self.text.setObjectName("templateText")
        layout.addWidget(self.text, 1)
        self.errors = error_banner()
        layout.addWidget(self.errors)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.restore_button = buttons.addButton(
            _("Restore the shipped template"), QDialogButtonBox.ButtonRole.ResetRole
        )
        self.restore_button.clicked.connect(self.restore)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._load()

    def _load(self) -> None:
        text, own = self._templates.text(self._kind, self._language)
        self.text.setPlainText(text)
        self.origin.setText(
            _("Your organisation's own version (kept in its database).")
            if own
            else _("The template shipped with DPO Desk.")
        )
        self.restore_button.setEnabled(own)

    def save(self) -> bool:
        try:
            self._templates.save(self._kind, self._language, self.text.toPlainText())
        except ValidationError as error:
            self.errors.setText("\n".join(f"• {e}" for e in error.errors))
            self.errors.show()
            return False
        self.accept()
        return True

    def restore(self) -> None:
        self._templates.restore(self._kind, self._language)
        self.errors.hide()
        self._load()
