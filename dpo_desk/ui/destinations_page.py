"""Countries and adequacy decisions: the shipped reference table, where it came from, and the
DPO's own corrections when the Commission adopts, renews or withdraws a decision."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from dpo_desk.domain.changes import Changes, Register
from dpo_desk.domain.columns import Column
from dpo_desk.domain.errors import ConcurrentEditError, DpoDeskError, ValidationError
from dpo_desk.domain.timefmt import format_day, format_instant, office_today
from dpo_desk.domain.transfer import Adequacy, AdequacyScope, Destination
from dpo_desk.i18n import N_, _, current_language, ngettext
from dpo_desk.services.bundle import Services
from dpo_desk.services.destinations import destination_name
from dpo_desk.ui.forms import combo, date_edit, date_value, register_table, text_edit
from dpo_desk.ui.table_model import ColumnTableModel
from dpo_desk.ui.widgets import ERROR_STYLE, LazyPage, error_banner, page_title

SCOPE_LABELS = {AdequacyScope.FULL: N_("Full"), AdequacyScope.PARTIAL: N_("Partial")}


def _status(destination: Destination) -> str:
    if destination.eea:
        return _("EEA")
    adequacy = destination.adequacy
    if adequacy is None:
        return _("Third country")
    if adequacy.in_force(office_today()):
        return _("In force")
    return _("Not in force")


DESTINATION_COLUMNS: tuple[Column[Destination], ...] = (
    Column("name", N_("Destination"), lambda d: destination_name(d), 28),
    Column("code", N_("Code"), lambda d: d.code, 8),
    Column("status", N_("Status"), _status, 16),
    Column("reference", N_("Decision"), lambda d: d.adequacy.reference if d.adequacy else "", 28),
    Column(
        "adopted",
        N_("Adopted"),
        lambda d: format_day(d.adequacy.adopted_on) if d.adequacy else "",
        10,
    ),
    Column(
        "scope",
        N_("Scope"),
        lambda d: d.adequacy.scope_text(current_language()) if d.adequacy else "",
        40,
    ),
    Column(
        "expires",
        N_("Expires"),
        lambda d: format_day(d.adequacy.expires_on) if d.adequacy else "",
        10,
    ),
    Column(
        "changed",
        N_("Changed here"),
        lambda d: (
            _("{date}: {reason}").format(
                date=format_instant(d.local_change.changed_at), reason=d.local_change.reason
            )
            + (
                "\n"
                + _(
                    "The shipped table was checked after this change: compare them, and "
                    "restore the shipped entry if it is current."
                )
                if d.local_change.superseded
                else ""
            )
            if d.local_change
            else ("" if d.verified else _("Not verified against the primary text"))
        ),
        24,
    ),
)


class DestinationDialog(QDialog):
    """Corrects one destination's entry: EEA membership, or its adequacy decision."""

    def __init__(
        self, services: Services, destination: Destination, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._destination = destination
        self.changes = Changes()
        self.setWindowTitle(destination_name(destination))
        self.resize(720, 640)
        layout = QVBoxLayout(self)
        self.errors = error_banner()
        layout.addWidget(self.errors)
        shipped = services.destinations.shipped(destination.code)
        if destination.note:
            note = QLabel(destination.note)
            note.setWordWrap(True)
            layout.addWidget(note)
        form = QFormLayout()
        self.eea = QCheckBox(_("Member of the EEA (no transfer tool needed)"))
        self.eea.setChecked(destination.eea)
        form.addRow("", self.eea)
        layout.addLayout(form)

        adequacy = destination.adequacy or Adequacy()
        self.has_adequacy = QGroupBox(_("Adequacy decision (Art. 45)"))
        self.has_adequacy.setCheckable(True)
        self.has_adequacy.setChecked(destination.adequacy is not None)
        decision = QFormLayout(self.has_adequacy)
        self.reference = QLineEdit(adequacy.reference)
        self.adopted_on = date_edit(adequacy.adopted_on)
        self.scope = combo(SCOPE_LABELS, adequacy.scope)
        self.scope_en = text_edit(adequacy.scope_en, 2)
        self.scope_hr = text_edit(adequacy.scope_hr, 2)
        self.review_on = date_edit(adequacy.review_on)
        self.expires_on = date_edit(adequacy.expires_on)
        self.withdrawn_on = date_edit(adequacy.withdrawn_on)
        self.source = QLineEdit(adequacy.source)
        decision.addRow(_("Decision"), self.reference)
        decision.addRow(_("Adopted"), self.adopted_on)
        decision.addRow(_("Scope"), self.scope)
        decision.addRow(_("Scope (English)"), self.scope_en)
        decision.addRow(_("Scope (Croatian)"), self.scope_hr)
        decision.addRow(_("Next review"), self.review_on)
        decision.addRow(_("Expires"), self.expires_on)
        decision.addRow(_("Withdrawn"), self.withdrawn_on)
        decision.addRow(_("Source"), self.source)
        layout.addWidget(self.has_adequacy)

        reason_form = QFormLayout()
        self.reason = text_edit(
            destination.local_change.reason if destination.local_change else "", 2
        )
        self.reason.setPlaceholderText(
            _("What the Commission decided and when, e.g. “Decision (EU) 2026/… of …”")
        )
        reason_form.addRow(_("Reason for the change"), self.reason)
        layout.addLayout(reason_form)
        self._fields = {
            "reason": self.reason,
            "reference": self.reference,
            "expires_on": self.expires_on,
            "withdrawn_on": self.withdrawn_on,
        }

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.revert_button = buttons.addButton(
            _("Restore the shipped entry"), QDialogButtonBox.ButtonRole.ResetRole
        )
        self.revert_button.setEnabled(destination.local_change is not None and shipped is not None)
        self.revert_button.clicked.connect(self.revert)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def destination_from_form(self) -> Destination:
        adequacy = (
            Adequacy(
                reference=self.reference.text(),
                adopted_on=date_value(self.adopted_on),
                scope=AdequacyScope(self.scope.currentData()),
                scope_en=self.scope_en.toPlainText(),
                scope_hr=self.scope_hr.toPlainText(),
                review_on=date_value(self.review_on),
                expires_on=date_value(self.expires_on),
                withdrawn_on=date_value(self.withdrawn_on),
                source=self.source.text(),
            )
            if self.has_adequacy.isChecked()
            else None
        )
        return replace(self._destination, eea=self.eea.isChecked(), adequacy=adequacy)

    def save(self) -> bool:
        try:
            _saved, self.changes = self._services.destinations.save_change(
                self.destination_from_form(), self.reason.toPlainText()
            )
        except ValidationError as error:
            for widget in self._fields.values():
                widget.setStyleSheet("")
            self.errors.setText(
                _("Not saved. Please correct:") + "\n" + "\n".join(f"• {e}" for e in error.errors)
            )
            self.errors.show()
            for item in error.errors:
                field = self._fields.get(item.field)
                if field is not None:
                    field.setStyleSheet(ERROR_STYLE)
            return False
        except (ConcurrentEditError, DpoDeskError) as error:
            QMessageBox.warning(self, _("Not saved"), str(error))
            return False
        self.accept()
        return True

    @override
    def reject(self) -> None:
        reason = self._destination.local_change.reason if self._destination.local_change else ""
        edited = (
            self.destination_from_form() != self._destination
            or self.reason.toPlainText().strip() != reason
        )
        if edited:
            answer = QMessageBox.question(
                self,
                _("Discard changes?"),
                _("The form has unsaved changes. Close without saving?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()

    def revert(self) -> None:
        try:
            self.changes = self._services.destinations.revert(self._destination)
        except DpoDeskError as error:
            QMessageBox.warning(self, _("Not restored"), str(error))
            return
        self.accept()


class DestinationsPage(LazyPage):
    """Every country and international organisation; those with adequacy decisions first in
    mind: a filter shows only them, or only the ones changed here."""

    key = "destinations"
    changed = Signal(object)  # Changes

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(_("Countries and adequacy decisions")))
        reference = services.destinations.reference
        sources = "; ".join(f'<a href="{url}">{title}</a>' for title, url in reference.sources[:3])
        more = len(reference.sources) - 3
        listed = _("Sources: {sources}").format(sources=sources)
        if more > 0:
            listed += " " + ngettext("and {count} more", "and {count} more", more).format(
                count=more
            )
        if services.destinations.is_table_old(office_today()):
            listed += (
                "<br><b>"
                + _(
                    "The table was checked more than a year ago: compare it with the Commission's "
                    "list of adequacy decisions."
                )
                + "</b>"
            )
        about = QLabel(
            _("Checked against its sources: {date}").format(date=format_day(reference.checked_on))
            + " "
            + _(
                "If the Commission adopts, renews or withdraws a decision after that date, edit "
                "the entry here: the change is kept in this database and in the audit log."
            )
            + "<br>"
            + listed
        )
        about.setWordWrap(True)
        # Every source, not only the first three, one per line when the pointer rests on it.
        about.setToolTip("\n".join(f"{title}: {url}" for title, url in reference.sources))
        about.setOpenExternalLinks(True)
        layout.addWidget(about)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._apply_filter)
        self.decisions_only = QCheckBox(_("Only adequacy decisions and changed entries"))
        self.decisions_only.setChecked(True)
        self.decisions_only.toggled.connect(self._apply_filter)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.decisions_only)
        layout.addLayout(filters)
        self.model: ColumnTableModel[Destination] = ColumnTableModel(
            DESTINATION_COLUMNS,
            flagged=lambda d: d.local_change is not None or not d.verified,
        )
        self.table = register_table(self.model, fit_rows=True)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, self.edit_selected)
        QShortcut(QKeySequence(Qt.Key.Key_Enter), self.table, self.edit_selected)
        header = self.table.horizontalHeader()
        # The scope is the long text: it takes the room the short columns leave.
        for index, spec in enumerate(DESTINATION_COLUMNS):
            if spec.key in {"code", "status", "adopted", "expires"}:
                header.setSectionResizeMode(index, QHeaderView.ResizeMode.ResizeToContents)
            elif spec.key != "scope":
                header.setSectionResizeMode(index, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(index, spec.width * 6)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.edit_button = QPushButton(_("Edit…"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.edit_button.setEnabled(False)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_args: self.edit_button.setEnabled(self.selected() is not None)
        )
        buttons.addWidget(self.edit_button)
        buttons.addStretch()
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        self.reload()

    def reload(self) -> None:
        self._all = self._services.destinations.destinations()
        self._apply_filter()

    def _apply_filter(self) -> None:
        words = self.search.text().casefold().split()
        shown = [
            d
            for d in self._all
            if (not self.decisions_only.isChecked() or d.adequacy or d.local_change)
            and all(word in f"{destination_name(d)} {d.code}".casefold() for word in words)
        ]
        self.model.set_rows(shown)

    def refresh(self, changes: Changes) -> None:
        if changes.touches(Register.DESTINATIONS):
            self.reload_when_shown()

    def selected(self) -> Destination | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def edit_selected(self) -> DestinationDialog | None:
        destination = self.selected()
        if destination is None:
            return None
        dialog = DestinationDialog(self._services, destination, self)

        def saved() -> None:
            self.changed.emit(dialog.changes)
            self.reload()

        dialog.accepted.connect(saved)
        dialog.open()
        return dialog
