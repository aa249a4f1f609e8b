"""Small widgets the pages share: an address editor with a country list, and error marking."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QToolButton,
    QWidget,
)
from typing_extensions import override

from dpo_desk.domain.contact import Address
from dpo_desk.domain.errors import DpoDeskError
from dpo_desk.i18n import _
from dpo_desk.services.bundle import Services
from dpo_desk.services.countries import countries
from dpo_desk.ui.tasks import TaskRunner

#: The style of a field whose value was refused; cleared as soon as the user edits it.
ERROR_STYLE = "border: 1px solid #c0392b; background: #fdecea;"


class CountryComboBox(QComboBox):
    """Every country by name in the interface language; the value is the ISO code."""

    def __init__(self, parent: QWidget | None = None, allow_empty: bool = False) -> None:
        super().__init__(parent)
        if allow_empty:
            self.addItem("—", "")
        for code, name in countries():
            self.addItem(name, code)
        self.setEditable(False)

    def code(self) -> str:
        return str(self.currentData() or "")

    def set_code(self, code: str) -> None:
        index = self.findData(code)
        self.setCurrentIndex(index if index >= 0 else 0)


class AddressFields(QObject):
    """Street, postal code, city and country, laid out as rows of a form."""

    edited = Signal()

    def __init__(
        self, form: QFormLayout, prefix: str, parent: QObject, allow_empty_country: bool = False
    ) -> None:
        super().__init__(parent)
        self.street = QLineEdit()
        self.postal_code = QLineEdit()
        self.postal_code.setMaxLength(12)
        self.city = QLineEdit()
        self.country = CountryComboBox(allow_empty=allow_empty_country)
        self.street.setObjectName(f"{prefix}address.street")
        self.postal_code.setObjectName(f"{prefix}address.postal_code")
        self.city.setObjectName(f"{prefix}address.city")
        self.country.setObjectName(f"{prefix}address.country_code")
        form.addRow(_("Street and number"), self.street)
        form.addRow(_("Postal code"), self.postal_code)
        form.addRow(_("City"), self.city)
        form.addRow(_("Country"), self.country)
        for line in (self.street, self.postal_code, self.city):
            line.textEdited.connect(self.edited)
        self.country.activated.connect(self.edited)

    def address(self) -> Address:
        return Address(
            street=self.street.text(),
            postal_code=self.postal_code.text(),
            city=self.city.text(),
            country_code=self.country.code(),
        )

    def set_address(self, address: Address) -> None:
        self.street.setText(address.street)
        self.postal_code.setText(address.postal_code)
        self.city.setText(address.city)
        self.country.set_code(address.country_code)

    def set_enabled(self, enabled: bool) -> None:
        for widget in (self.street, self.postal_code, self.city, self.country):
            widget.setEnabled(enabled)


class LazyPage(QWidget):
    """A page that reads a whole register: after a change elsewhere it reads again at once only
    when it is on screen, otherwise the next time it is shown (saving an activity in a register
    of thousands must not pay for pages nobody is looking at)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stale = False

    def reload(self) -> None:
        raise NotImplementedError

    def reload_when_shown(self) -> None:
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    @override
    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self._stale = False
            self.reload()
        super().showEvent(event)


def page_title(text: str) -> QLabel:
    """The heading every page opens with."""
    title = QLabel(text)
    title.setObjectName("pageTitle")
    title.setStyleSheet("font-size: 16pt; font-weight: 600;")
    return title


def error_banner() -> QLabel:
    """The hidden box a form fills with the fields it refused, one per line."""
    banner = QLabel()
    banner.setObjectName("errorBanner")
    banner.setWordWrap(True)
    banner.setStyleSheet(
        "background: #fdecea; color: #7b1e12; border: 1px solid #c0392b; padding: 6px;"
    )
    banner.setAccessibleName(_("Problems with the form"))
    banner.hide()
    return banner


def export_in_background(
    tasks: TaskRunner,
    services: Services,
    register: str,
    output_format: str,
    destination: Path,
    parent: QWidget,
    tell: Callable[[str], object],
) -> None:
    """Writes a register export on the task runner: progress and Cancel after ~600 ms, the
    outcome told through ``tell`` (the status bar), a failure shown in a message box."""
    from dpo_desk.reports.exports import export_register

    tasks.start(
        _("Exporting…"),
        lambda progress, cancel: export_register(
            services, register, output_format, destination, progress, cancel
        ),
        on_success=lambda written: tell(_("Written: {path}").format(path=written)),
        on_failure=lambda error: QMessageBox.critical(parent, _("Export failed"), str(error)),
        on_cancel=lambda: tell(_("Export cancelled.")),
        parent=parent,
    )


def query_when_typing_pauses(search: QLineEdit, query: Callable[[], None]) -> QTimer:
    """Runs ``query`` once typing in ``search`` pauses for 250 ms: a register of thousands is
    not queried on every keystroke."""
    timer = QTimer(search)
    timer.setSingleShot(True)
    timer.setInterval(250)
    timer.timeout.connect(query)
    search.textChanged.connect(lambda _text: timer.start())
    return timer


def menu_button(text: str, actions: Sequence[tuple[str, Callable[[], object]]]) -> QToolButton:
    """A button that opens a menu of actions at once (Export, New request)."""
    button = QToolButton()
    button.setText(text)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(button)
    for label, action in actions:
        menu.addAction(label, action)
    button.setMenu(menu)
    return button


def filter_combo(any_label: str, labels: Mapping[Any, str]) -> QComboBox:
    """A filter of a register table: "any" (None) first, then each value by its label."""
    box = QComboBox()
    box.addItem(any_label, None)
    for value, label in labels.items():
        box.addItem(_(label), value)
    return box


def open_stored_documents(parent: QWidget, services: Services, document_ids: Sequence[int]) -> None:
    """Opens stored documents in their programs, from copies in one folder of DPO Desk's
    that is emptied each time (the database keeps the originals; copies of ID documents must
    not pile up in the temporary folder)."""
    import shutil
    import tempfile

    folder = Path(tempfile.gettempdir()) / "dpo-desk-open-documents"
    shutil.rmtree(folder, ignore_errors=True)
    for number, document_id in enumerate(document_ids, start=1):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            attachment = services.attachments.get(document_id)
            # Numbered: two attachments of one e-mail may share a name.
            copy = folder / f"{number}-{Path(attachment.file_name).name}"
            copy.write_bytes(services.attachments.content(document_id))
        except (DpoDeskError, OSError) as error:
            QMessageBox.warning(parent, _("Open documents"), str(error))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy)))
