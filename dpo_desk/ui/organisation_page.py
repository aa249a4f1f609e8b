"""The organisation profile form: controller, DPO, EU representative, authority and logo."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dpo_desk.domain.changes import Changes, Register
from dpo_desk.domain.errors import ConcurrentEditError, DpoDeskError, ValidationError
from dpo_desk.domain.organisation import Authority, OrganisationProfile, Person
from dpo_desk.i18n import _
from dpo_desk.services.organisation import OrganisationService
from dpo_desk.ui.widgets import ERROR_STYLE, AddressFields, error_banner, page_title


class OrganisationPage(QWidget):
    """Edits the one organisation profile of the open database.

    Nothing is written until Save; Revert (or Escape) brings back what is saved. A save over a
    profile someone else saved meanwhile is refused and offers to reload.
    """

    key = "organisation"
    changed = Signal(object)  # Changes

    def __init__(self, service: OrganisationService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._profile = service.profile_or_new()
        self._dirty = False
        self._fields: dict[str, QWidget] = {}
        self._build()
        self._load(self._profile)

    # --- building -------------------------------------------------------------------------
    def _line(self, form: QFormLayout, key: str, label: str, placeholder: str = "") -> QLineEdit:
        line = QLineEdit()
        line.setObjectName(key)
        if placeholder:
            line.setPlaceholderText(placeholder)
        line.textEdited.connect(self._mark_dirty)
        line.textEdited.connect(lambda _text: line.setStyleSheet(""))  # the user is mending it
        form.addRow(label, line)
        self._fields[key] = line
        return line

    def _address(self, form: QFormLayout, prefix: str, allow_empty: bool = False) -> AddressFields:
        fields = AddressFields(form, prefix, self, allow_empty_country=allow_empty)
        fields.edited.connect(self._mark_dirty)
        for widget in (fields.street, fields.postal_code, fields.city, fields.country):
            self._fields[widget.objectName()] = widget
        return fields

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        title = page_title(_("Organisation profile"))
        intro = QLabel(
            _(
                "Who the controller is and how to reach its data protection officer. Every "
                "register export and letter opens with these details (Art. 30(1)(a) GDPR)."
            )
        )
        intro.setWordWrap(True)
        self._errors = error_banner()
        outer.addWidget(title)
        outer.addWidget(intro)
        outer.addWidget(self._errors)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        columns = QHBoxLayout(body)
        left = QVBoxLayout()
        right = QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        controller_box = QGroupBox(_("Controller"))
        form = QFormLayout(controller_box)
        self.controller_name = self._line(form, "controller_name", _("Controller name"))
        self.controller_address = self._address(form, "")
        self.oib = self._line(form, "oib", _("OIB"), _("11 digits"))
        self.oib.setMaxLength(13)
        self.phone = self._line(form, "phone", _("Telephone"), "+385 1 …")
        self.email = self._line(form, "email", _("E-mail"), "info@example.hr")
        self.website = self._line(form, "website", _("Web site"), "https://www.example.hr")
        left.addWidget(controller_box)

        logo_box = QGroupBox(_("Logo for letterheads"))
        logo_layout = QHBoxLayout(logo_box)
        self.logo_preview = QLabel(_("No logo"))
        self.logo_preview.setObjectName("logoPreview")
        self.logo_preview.setFixedSize(180, 80)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setStyleSheet("border: 1px dashed #9aa5b1;")
        buttons = QVBoxLayout()
        self.choose_logo = QPushButton(_("Choose logo…"))
        self.remove_logo = QPushButton(_("Remove logo"))
        self.choose_logo.clicked.connect(self._choose_logo)
        self.remove_logo.clicked.connect(self._remove_logo)
        buttons.addWidget(self.choose_logo)
        buttons.addWidget(self.remove_logo)
        buttons.addStretch()
        logo_layout.addWidget(self.logo_preview, 0, Qt.AlignmentFlag.AlignTop)
        logo_layout.addLayout(buttons)
        logo_layout.addStretch()
        logo_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        left.addWidget(logo_box)
        left.addStretch()

        dpo_box = QGroupBox(_("Data protection officer"))
        form = QFormLayout(dpo_box)
        self.dpo_name = self._line(form, "dpo.name", _("Name"))
        self.dpo_email = self._line(form, "dpo.email", _("E-mail"), "dpo@example.hr")
        self.dpo_phone = self._line(form, "dpo.phone", _("Telephone"))
        self.dpo_address = self._address(form, "dpo.")
        right.addWidget(dpo_box)

        representative_box = QGroupBox(_("EU representative (Art. 27 GDPR)"))
        form = QFormLayout(representative_box)
        self.has_representative = QCheckBox(_("Has an EU representative"))
        self.has_representative.setToolTip(
            _(
                "Only for a controller or processor established outside the EU that offers goods or services to, or monitors, people in the EU."
            )
        )
        self.has_representative.setObjectName("has_representative")
        self.has_representative.toggled.connect(self._representative_toggled)
        self.has_representative.clicked.connect(self._mark_dirty)
        form.addRow(self.has_representative)
        self.representative_name = self._line(form, "representative.name", _("Name"))
        self.representative_email = self._line(form, "representative.email", _("E-mail"))
        self.representative_phone = self._line(form, "representative.phone", _("Telephone"))
        self.representative_address = self._address(form, "representative.", allow_empty=True)
        right.addWidget(representative_box)

        authority_box = QGroupBox(_("Lead supervisory authority"))
        form = QFormLayout(authority_box)
        self.authority_name = self._line(form, "authority.name", _("Name"))
        self.authority_address = self._address(form, "authority.")
        self.authority_email = self._line(form, "authority.email", _("E-mail"))
        self.authority_phone = self._line(form, "authority.phone", _("Telephone"))
        self.authority_website = self._line(form, "authority.website", _("Web site"))
        reset_authority = QPushButton(_("Use AZOP (Croatia)"))
        reset_authority.clicked.connect(self._use_azop)
        form.addRow("", reset_authority)
        right.addWidget(authority_box)
        right.addStretch()

        actions = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("saveStatus")
        self.revert_button = QPushButton(_("Revert"))
        self.revert_button.setToolTip(_("Discard the changes since the last save (Esc)"))
        self.save_button = QPushButton(_("Save"))
        self.save_button.setToolTip(_("Save the profile (Ctrl+S)"))
        self.save_button.setDefault(True)
        self.revert_button.clicked.connect(self.revert)
        self.save_button.clicked.connect(self.save)
        actions.addWidget(self.status, 1)
        actions.addWidget(self.revert_button)
        actions.addWidget(self.save_button)
        outer.addLayout(actions)

        save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_shortcut.activated.connect(self.save)
        revert_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        revert_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        revert_shortcut.activated.connect(self._revert_if_dirty)

    # --- state ----------------------------------------------------------------------------
    def _load(self, profile: OrganisationProfile) -> None:
        self._profile = profile
        self.controller_name.setText(profile.controller_name)
        self.controller_address.set_address(profile.address)
        self.oib.setText(profile.oib)
        self.phone.setText(profile.phone)
        self.email.setText(profile.email)
        self.website.setText(profile.website)
        self.dpo_name.setText(profile.dpo.name)
        self.dpo_email.setText(profile.dpo.email)
        self.dpo_phone.setText(profile.dpo.phone)
        self.dpo_address.set_address(profile.dpo.address)
        representative = profile.representative or Person()
        self.has_representative.setChecked(profile.representative is not None)
        self.representative_name.setText(representative.name)
        self.representative_email.setText(representative.email)
        self.representative_phone.setText(representative.phone)
        self.representative_address.set_address(
            representative.address
            if profile.representative
            else replace(representative.address, country_code="")
        )
        self._representative_toggled(profile.representative is not None)
        self._set_authority(profile.authority)
        self._show_logo()
        self._clear_errors()
        self._set_dirty(False)
        if profile.version is None:
            self.status.setText(_("Not saved yet: fill in the profile and press Save."))

    def _set_authority(self, authority: Authority) -> None:
        self.authority_name.setText(authority.name)
        self.authority_address.set_address(authority.address)
        self.authority_email.setText(authority.email)
        self.authority_phone.setText(authority.phone)
        self.authority_website.setText(authority.website)

    def profile_from_form(self) -> OrganisationProfile:
        """The profile as the form shows it now (not yet validated), with the version read."""
        representative = None
        if self.has_representative.isChecked():
            representative = Person(
                name=self.representative_name.text(),
                email=self.representative_email.text(),
                phone=self.representative_phone.text(),
                address=self.representative_address.address(),
            )
        return OrganisationProfile(
            controller_name=self.controller_name.text(),
            address=self.controller_address.address(),
            oib=self.oib.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            website=self.website.text(),
            dpo=Person(
                name=self.dpo_name.text(),
                email=self.dpo_email.text(),
                phone=self.dpo_phone.text(),
                address=self.dpo_address.address(),
            ),
            representative=representative,
            authority=Authority(
                name=self.authority_name.text(),
                address=self.authority_address.address(),
                email=self.authority_email.text(),
                phone=self.authority_phone.text(),
                website=self.authority_website.text(),
            ),
            logo_attachment_id=self._profile.logo_attachment_id,
            version=self._profile.version,
        )

    @property
    def is_dirty(self) -> bool:
        return self._dirty

    def _mark_dirty(self) -> None:
        self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        if dirty:
            self.status.setText(_("Unsaved changes"))
        self.save_button.setEnabled(dirty or self._profile.version is None)
        self.revert_button.setEnabled(dirty)
        self._dirty = dirty

    def _representative_toggled(self, checked: bool) -> None:
        for line in (
            self.representative_name,
            self.representative_email,
            self.representative_phone,
        ):
            line.setEnabled(checked)
        self.representative_address.set_enabled(checked)

    def _use_azop(self) -> None:
        self._set_authority(Authority())
        self._mark_dirty()

    # --- errors ---------------------------------------------------------------------------
    def _clear_errors(self) -> None:
        self._errors.hide()
        self._errors.clear()
        for widget in self._fields.values():
            widget.setStyleSheet("")
            widget.setToolTip("")

    def _show_errors(self, error: ValidationError) -> None:
        self._clear_errors()
        lines = [f"• {item}" for item in error.errors]
        self._errors.setText(_("Not saved. Please correct:") + "\n" + "\n".join(lines))
        self._errors.show()
        first: QWidget | None = None
        for item in error.errors:
            widget = self._fields.get(item.field)
            if widget is None:
                continue
            widget.setStyleSheet(ERROR_STYLE)
            widget.setToolTip(str(item))
            first = first or widget
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        self.status.setText(_("Not saved"))

    # --- actions --------------------------------------------------------------------------
    def save(self) -> bool:
        """Validates and saves; returns whether the profile was saved."""
        return self._write(lambda: self._service.save(self.profile_from_form()), _("Saved."))

    def _write(self, call: Callable[[], tuple[OrganisationProfile, Changes]], done: str) -> bool:
        """Runs a service call that saves the profile and shows its outcome: the fields it
        refused, an offer to reload after someone else's save, or any other refusal."""
        try:
            saved, changes = call()
        except ValidationError as error:
            self._show_errors(error)
            return False
        except ConcurrentEditError as error:
            self._offer_reload(str(error))
            return False
        except DpoDeskError as error:
            QMessageBox.critical(self, _("Cannot save"), str(error))
            return False
        self._load(saved)
        self.status.setText(done)
        self.changed.emit(changes)
        return True

    def _offer_reload(self, message: str) -> None:
        answer = QMessageBox.warning(
            self,
            _("Changed by someone else"),
            message
            + "\n\n"
            + _("Reload the saved profile now? Your edits in this form will be lost."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.reload()

    def reload(self) -> None:
        self._load(self._service.profile_or_new())

    def revert(self) -> None:
        self._load(self._profile)
        self.status.setText(_("Changes discarded."))

    def _revert_if_dirty(self) -> None:
        if self._dirty:
            self.revert()

    def refresh(self, changes: Changes) -> None:
        """Called by the window after another page's change; reloads only if nothing is unsaved."""
        if changes.touches(Register.ORGANISATION) and not self._dirty:
            self.reload()

    # --- logo -----------------------------------------------------------------------------
    def _show_logo(self) -> None:
        logo = self._service.logo(self._profile) if self._profile.logo_attachment_id else None
        self.remove_logo.setEnabled(logo is not None)
        if logo is None:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(_("No logo"))
            return
        attachment, content = logo
        image = QImage.fromData(content)
        pixmap = QPixmap.fromImage(image).scaled(
            self.logo_preview.size(),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.logo_preview.setPixmap(pixmap)
        self.logo_preview.setToolTip(attachment.file_name)

    def _choose_logo(self) -> None:
        file_name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose a logo"), "", _("Images (*.png *.jpg *.jpeg)")
        )
        if file_name:
            self.set_logo_file(Path(file_name))

    def set_logo_file(self, path: Path) -> bool:
        """Stores ``path`` as the logo, saving the form with it. Returns whether it was stored."""
        try:
            content = path.read_bytes()
        except OSError as error:
            QMessageBox.critical(
                self, _("Cannot read the logo"), f"{path}: {error.strerror or error}"
            )
            return False
        if QImage.fromData(content).isNull():
            QMessageBox.critical(
                self,
                _("Not an image"),
                _("{file} is not a PNG or JPEG image.").format(file=path.name),
            )
            return False
        return self._write(
            lambda: self._service.set_logo(self.profile_from_form(), path.name, content),
            _("Logo saved."),
        )

    def _remove_logo(self) -> None:
        try:
            saved, changes = self._service.remove_logo(self._profile)
        except ConcurrentEditError as error:
            self._offer_reload(str(error))
            return
        except DpoDeskError as error:
            QMessageBox.critical(self, _("Cannot save"), str(error))
            return
        dirty_profile = self.profile_from_form() if self._dirty else None
        self._load(saved)
        if dirty_profile is not None:
            self.restore_unsaved(
                replace(dirty_profile, logo_attachment_id=None, version=saved.version)
            )
        self.status.setText(_("Logo removed."))
        self.changed.emit(changes)

    def restore_unsaved(self, profile: OrganisationProfile) -> None:
        """Puts unsaved edits back into the form: after a save of something else (the logo), or
        when the window rebuilds its pages in another language."""
        saved = self._profile
        self._load(profile)
        # The edits were made on ``profile.version``: saving them must still be refused if
        # someone saved in between, so the version they were based on is kept.
        self._profile = replace(saved, version=profile.version)
        self._set_dirty(True)
