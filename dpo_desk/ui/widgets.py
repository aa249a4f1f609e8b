"""Small widgets the pages share: an address editor with a country list, and error marking."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from dpo_desk.domain.contact import Address
from dpo_desk.i18n import _
from dpo_desk.services.countries import countries

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
