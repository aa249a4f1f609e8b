"""Form pieces the dialogs and pages share: labelled combo boxes, short text boxes, optional
dates, check lists of linked records, and read-only register tables."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dpo_desk.domain.activity import CatalogueEntry
from dpo_desk.i18n import _


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
