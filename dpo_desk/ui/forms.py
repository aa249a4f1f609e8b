"""Form pieces the dialogs and pages share: labelled combo boxes, short text boxes, optional
dates, check lists of linked records, read-only register tables, and the form dialog that
saves through a service and marks the fields it refuses."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from dpo_desk.domain.activity import CatalogueEntry
from dpo_desk.domain.attachment import NewAttachment, human_size, prepare_attachment
from dpo_desk.domain.changes import Changes
from dpo_desk.domain.errors import (
    ConcurrentEditError,
    DpoDeskError,
    RecordNotFoundError,
    ValidationError,
)
from dpo_desk.i18n import N_, _
from dpo_desk.services.attachments import read_file
from dpo_desk.ui.widgets import ERROR_STYLE, error_banner


def combo(labels: Mapping[Any, str], current: object, allow_none: bool = False) -> QComboBox:
    combo = QComboBox()
    if allow_none:
        combo.addItem("—", None)
    for value, label in labels.items():
        combo.addItem(_(label), value)
    index = combo.findData(current)
    combo.setCurrentIndex(max(index, 0))
    return combo


def text_edit(value: str, lines: int = 3) -> QPlainTextEdit:
    edit = QPlainTextEdit(value)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(18 * lines + 12)
    return edit


def date_edit(value: date | None) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd.MM.yyyy.")
    edit.setSpecialValueText("—")
    edit.setMinimumDate(QDate(2000, 1, 1))
    edit.setDate(QDate(value.year, value.month, value.day) if value else edit.minimumDate())
    return edit


def date_value(edit: QDateEdit) -> date | None:
    if edit.date() == edit.minimumDate():
        return None
    qdate = edit.date()
    return date(qdate.year(), qdate.month(), qdate.day())


class Checklist(QListWidget):
    """Records to link, each with a check box: (id, label, tooltip); the checked ids are chosen."""

    def __init__(self, items: Iterable[tuple[int | None, str, str]], chosen: Iterable[int]) -> None:
        super().__init__()
        wanted = set(chosen)
        for item_id, label, tooltip in items:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, item_id)
            item.setToolTip(tooltip)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if item_id in wanted else Qt.CheckState.Unchecked
            )
            self.addItem(item)

    def chosen(self) -> tuple[int, ...]:
        return tuple(
            int(self.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        )


def catalogue_checklist(entries: list[CatalogueEntry], chosen: tuple[int, ...]) -> Checklist:
    """The entries of one catalogue; special categories are marked."""
    return Checklist(
        (
            (
                entry.id,
                entry.name + (" ⚠ " + _("special category") if entry.special else ""),
                entry.description,
            )
            for entry in entries
        ),
        chosen,
    )


def register_table(model: QAbstractTableModel, fit_rows: bool = False) -> QTableView:
    """A read-only table of a register: whole rows selected, one at a time, text wrapped.
    ``fit_rows``: rows follow their wrapped text as columns change width (for registers of
    hundreds of rows; it measures every row on each resize)."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    table.setWordWrap(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    if fit_rows:
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def form_tab() -> tuple[QWidget, QFormLayout]:
    """A tab whose form keeps its rows at the top instead of spreading them over the height."""
    tab = QWidget()
    outer = QVBoxLayout(tab)
    form = QFormLayout()
    outer.addLayout(form)
    outer.addStretch()
    return tab, form


class FormDialog(QDialog):
    """A form that saves through a service call (``_write``), marks the refused fields, shows
    the tab of the first one, and asks before discarding unsaved edits (``_is_edited``).
    Subclasses add their widgets to ``layout_``, name them in ``_fields`` by the FieldError
    keys, and call ``_finish_layout`` last."""

    #: The question Cancel asks when the form holds unsaved edits.
    discard_question = N_("The form has unsaved changes. Close without saving?")

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.changes = Changes()
        #: Whether a save found the record changed or deleted by someone else.
        self.stale = False
        self._fields: dict[str, QWidget] = {}
        self.layout_ = QVBoxLayout(self)
        self.errors = error_banner()
        self.layout_.addWidget(self.errors)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def _finish_layout(self) -> None:
        self.layout_.addWidget(self.buttons)

    def _write(self) -> Changes:
        raise NotImplementedError

    def _is_edited(self) -> bool:
        raise NotImplementedError

    def save(self) -> bool:
        try:
            self.changes = self._write()
        except ValidationError as error:
            self._show_errors(error)
            return False
        except (ConcurrentEditError, RecordNotFoundError) as error:
            self.stale = True  # the page reloads when the form closes
            QMessageBox.warning(self, _("Changed by someone else"), str(error))
            return False
        except DpoDeskError as error:
            QMessageBox.critical(self, _("Cannot save"), str(error))
            return False
        self.accept()
        return True

    def _show_errors(self, error: ValidationError) -> None:
        for widget in self._fields.values():
            widget.setStyleSheet("")
        self.errors.setText(
            _("Not saved. Please correct:") + "\n" + "\n".join(f"• {e}" for e in error.errors)
        )
        self.errors.show()
        focused = False
        for item in error.errors:
            field = self._fields.get(item.field)
            if field is None:
                continue
            field.setStyleSheet(ERROR_STYLE)
            if not focused:
                tabs = self.findChild(QTabWidget)
                if tabs is not None:
                    for index in range(tabs.count()):
                        page = tabs.widget(index)
                        if page is not None and page.isAncestorOf(field):
                            tabs.setCurrentIndex(index)
                field.setFocus()
                focused = True

    @override
    def reject(self) -> None:
        if self._is_edited():
            answer = QMessageBox.question(
                self,
                _("Discard changes?"),
                _(self.discard_question),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()


class AttachedFiles(QWidget):
    """Files chosen to attach to an entry: each read and checked at once (a file that cannot
    be read, or is too large, is named in ``error`` and nothing of that choice is kept), then
    listed with its size."""

    def __init__(self, error: QLabel, height: int = 64) -> None:
        super().__init__()
        self._error = error
        self.documents: list[NewAttachment] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.files = QListWidget()
        self.files.setFixedHeight(height)
        add = QPushButton(_("Attach files…"))
        add.clicked.connect(self.choose)
        layout.addWidget(self.files)
        layout.addWidget(add)

    def choose(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self, _("Attach files"))
        self.attach([Path(name) for name in names])

    def attach(self, paths: list[Path]) -> bool:
        try:
            documents = [prepare_attachment(path.name, read_file(path)) for path in paths]
        except ValidationError as error:
            self._error.setText("\n".join(str(e) for e in error.errors))
            self._error.show()
            return False
        for document in documents:
            self.documents.append(document)
            self.files.addItem(f"{document.file_name} ({human_size(document.size)})")
        return True
