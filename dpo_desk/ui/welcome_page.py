"""The first page of an empty database: set up my organisation, or explore the sample."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCommandLinkButton, QLabel, QVBoxLayout, QWidget

from dpo_desk.i18n import _


class WelcomePage(QWidget):
    key = "welcome"
    set_up_requested = Signal()
    sample_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 40, 60, 40)
        layout.addStretch(1)
        title = QLabel(_("Welcome to DPO Desk"))
        title.setStyleSheet("font-size: 20pt; font-weight: 600;")
        intro = QLabel(
            _(
                "This database is empty. Start with your own organisation, or look around in a "
                "sample organisation first: it opens as a separate file and never mixes with "
                "your data."
            )
        )
        intro.setWordWrap(True)
        self.set_up_button = QCommandLinkButton(
            _("&Set up my organisation"),
            _(
                "Enter the controller, the data protection officer and the supervisory "
                "authority (AZOP is filled in). Registers and letters build on these details."
            ),
        )
        self.set_up_button.setObjectName("setUpOrganisation")
        self.sample_button = QCommandLinkButton(
            _("&Explore the sample organisation"),
            _(
                "Leapbit d.o.o., Zagreb: a sample drawn from real privacy policies, in its own "
                "database file. You can come back to your own database from the File menu."
            ),
        )
        self.sample_button.setObjectName("exploreSample")
        self.set_up_button.clicked.connect(self.set_up_requested)
        self.sample_button.clicked.connect(self.sample_requested)
        for widget in (title, intro, self.set_up_button, self.sample_button):
            layout.addWidget(widget)
            layout.setAlignment(widget, Qt.AlignmentFlag.AlignHCenter)
            widget.setMaximumWidth(640)
        layout.addStretch(2)
        self.set_up_button.setFocus()
