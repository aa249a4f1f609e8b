"""Preparing a breach's notification to AZOP (Art. 33, in phases) or its communication to the
data subjects (Art. 34): see it as it will print, keep each version with the incident, or save
a copy."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dpo_desk.domain.changes import Changes
from dpo_desk.domain.errors import DpoDeskError, ValidationError
from dpo_desk.domain.incident import PHASE_LABELS, Addressee, Incident, Phase
from dpo_desk.domain.letters import Letter
from dpo_desk.domain.timefmt import format_instant, utc_now
from dpo_desk.i18n import LANGUAGE_NAMES, N_, _
from dpo_desk.reports.letter_pdf import letter_pdf_bytes, write_letter_pdf
from dpo_desk.services.breach_letters import LETTER_OF, NotificationTexts
from dpo_desk.services.bundle import Services
from dpo_desk.ui.forms import combo, text_edit
from dpo_desk.ui.letter_dialog import LetterPreview, TemplateDialog
from dpo_desk.ui.widgets import error_banner, open_stored_documents

ADDRESSEE_LABELS = {
    Addressee.AUTHORITY: N_("AZOP: notification (Art. 33)"),
    Addressee.SUBJECTS: N_("Data subjects: communication (Art. 34)"),
}


class NotificationDialog(QDialog):
    def __init__(
        self,
        services: Services,
        incident: Incident,
        parent: QWidget | None,
        addressee: Addressee = Addressee.AUTHORITY,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("notificationDialog")
        self.setWindowTitle(_("Notification of {reference}").format(reference=incident.reference))
        self.resize(1000, 740)
        self._services = services
        self._incident = incident
        self.letter: Letter | None = None
        self.saved: Incident | None = None
        self.changes = Changes()
        #: The advice as last filled in for each language, so a language switch refills it
        #: only where the DPO had not written their own.
        self._default_advice: str = ""
        layout = QHBoxLayout(self)
        side = QVBoxLayout()
        form = QFormLayout()
        self.addressee = combo(ADDRESSEE_LABELS, addressee)
        self.addressee.setObjectName("addressee")
        self.phase = combo(PHASE_LABELS, services.breach_letters.next_phase(incident))
        self.phase.setObjectName("phase")
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        # AZOP works in Croatian: Croatian unless chosen otherwise.
        self.language.setCurrentIndex(max(self.language.findData("hr"), 0))
        self.advice_label = QLabel(_("Advice to the data subjects"))
        self.advice = text_edit("", 5)
        self.advice.setObjectName("advice")
        self.free_text = text_edit("", 4)
        self.free_text.setObjectName("freeText")
        self.mark_sent = QCheckBox()
        self.mark_sent.setObjectName("markSent")
        form.addRow(_("To"), self.addressee)
        form.addRow(_("Phase"), self.phase)
        form.addRow(_("Language"), self.language)
        form.addRow(self.advice_label, self.advice)
        form.addRow(_("A paragraph of your own"), self.free_text)
        form.addRow("", self.mark_sent)
        self.mark_sent.toggled.connect(lambda _checked: self.refresh())
        side.addLayout(form)
        self.errors = error_banner()
        side.addWidget(self.errors)
        side.addWidget(QLabel(_("Versions kept with the incident")))
        self.versions = QListWidget()
        self.versions.setObjectName("versions")
        self.versions.setFixedHeight(110)
        side.addWidget(self.versions)
        open_version = QPushButton(_("Open the selected version"))
        open_version.clicked.connect(self.open_version)
        side.addWidget(open_version)
        side.addStretch()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        # An action, not the dialog's accept button: Enter in a field must not keep a version
        # (or record it as sent).
        self.keep_button = self.buttons.addButton(
            _("Keep this version"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.keep_button.setAutoDefault(False)
        self.keep_button.setToolTip(
            _("Keep the PDF with the incident, dated, as this phase's version (Art. 33(4))")
        )
        self.copy_button = self.buttons.addButton(
            _("Save a copy as PDF…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        template = self.buttons.addButton(
            _("Edit template…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        template.clicked.connect(self.edit_template)
        self.keep_button.clicked.connect(lambda: self.keep())
        self.copy_button.clicked.connect(lambda: self.save_copy())
        self.buttons.rejected.connect(self.reject)
        side.addWidget(self.buttons)
        layout.addLayout(side, 2)
        self.preview = LetterPreview("notificationPreview", self.refresh)
        layout.addWidget(self.preview, 3)
        self.addressee.currentIndexChanged.connect(lambda _i: self._addressee_changed())
        self.language.currentIndexChanged.connect(lambda _i: self._language_changed())
        self.phase.currentIndexChanged.connect(lambda _i: self.refresh())
        for edit in (self.advice, self.free_text):
            edit.textChanged.connect(self.preview.edited)
        self._show_versions()
        self._addressee_changed()

    def current_addressee(self) -> Addressee:
        return Addressee(self.addressee.currentData())

    def _language(self) -> str:
        return str(self.language.currentData())

    def _addressee_changed(self) -> None:
        subjects = self.current_addressee() is Addressee.SUBJECTS
        self.phase.setEnabled(not subjects)
        self.advice.setVisible(subjects)
        self.advice_label.setVisible(subjects)
        if subjects:
            self.mark_sent.setText(_("Record the data subjects as told today"))
            self.mark_sent.setEnabled(self._incident.subjects_told_on is None)
            if not self.advice.toPlainText().strip():
                self._fill_advice()
        else:
            self.mark_sent.setText(_("Record AZOP as notified now"))
            self.mark_sent.setEnabled(self._incident.notified_at is None)
        self.refresh()

    def _fill_advice(self) -> None:
        self._default_advice = self._services.breach_letters.default_advice(
            self._incident, self._language()
        )
        self.advice.setPlainText(self._default_advice)

    def _language_changed(self) -> None:
        if self.advice.toPlainText() == self._default_advice:
            self._fill_advice()
        self.refresh()

    def _show_versions(self) -> None:
        self.versions.clear()
        for version in self._incident.notifications:
            label = _(ADDRESSEE_LABELS[version.addressee]).split(":")[0]
            if version.addressee is Addressee.AUTHORITY:
                label += ", " + _(PHASE_LABELS[version.phase]).lower()
            item = QListWidgetItem(
                f"{format_instant(version.prepared_at)}: {label} ({version.language})"
            )
            item.setData(Qt.ItemDataRole.UserRole, version.attachment_id)
            self.versions.addItem(item)

    def refresh(self) -> Letter | None:
        """Composes the document again and shows it, or says what stops it."""
        self.letter = self.preview.show_letter(
            lambda: self._services.breach_letters.compose(
                self._incident,
                self.current_addressee(),
                utc_now(),
                NotificationTexts(
                    phase=Phase(self.phase.currentData()),
                    advice=self.advice.toPlainText(),
                    free_text=self.free_text.toPlainText(),
                ),
                self._language(),
                mark_sent=self.mark_sent.isChecked(),
            ),
            self.errors,
        )
        for button in (self.keep_button, self.copy_button):
            button.setEnabled(self.letter is not None)
        return self.letter

    def keep(self, confirmed: bool = False) -> bool:
        """Keeps this version; recording it as sent is confirmed first (it cannot be undone
        here: the time stays in the register)."""
        letter = self.refresh()
        if letter is None:
            return False
        if self.mark_sent.isChecked() and not confirmed:
            answer = QMessageBox.question(
                self,
                _("Record as sent?"),
                _("Keep this version and record it as sent now? The time is recorded."),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            self.saved, self.changes = self._services.breach_letters.keep(
                self._incident,
                letter,
                letter_pdf_bytes(letter),
                self.current_addressee(),
                Phase(self.phase.currentData()),
                utc_now(),
                self.mark_sent.isChecked(),
            )
        except ValidationError as error:
            self.errors.setText(
                _("Not kept. Please correct:") + "\n" + "\n".join(f"• {e}" for e in error.errors)
            )
            self.errors.show()
            return False
        except DpoDeskError as error:
            QMessageBox.warning(self, _("Notification"), str(error))
            return False
        self.accept()
        return True

    def open_version(self) -> None:
        item = self.versions.currentItem()
        if item is not None and item.data(Qt.ItemDataRole.UserRole) is not None:
            document = int(item.data(Qt.ItemDataRole.UserRole))
            open_stored_documents(self, self._services, [document])

    def edit_template(self) -> TemplateDialog:
        dialog = TemplateDialog(
            self._services, LETTER_OF[self.current_addressee()], self._language(), self
        )
        dialog.finished.connect(lambda _result: self.refresh())
        dialog.open()
        return dialog

    def save_copy(self, destination: Path | None = None) -> Path | None:
        letter = self.refresh()
        if letter is None:
            return None
        if destination is None:
            name, _filter = QFileDialog.getSaveFileName(
                self,
                _("Save a copy of the notification"),
                f"{letter.reference} {letter.kind.value}.pdf",
                "PDF (*.pdf)",
            )
            if not name:
                return None
            destination = Path(name)
        try:
            return write_letter_pdf(letter, destination)
        except OSError as error:
            QMessageBox.warning(self, _("Notification"), f"{destination}: {error.strerror}")
            return None
