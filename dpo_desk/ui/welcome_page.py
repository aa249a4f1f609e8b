"""The first page of an empty database: set up my organisation, or explore the sample."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from dpo_desk.i18n import _

_WIDTH = 640


class ChoiceButton(QPushButton):
    """A large button with a bold title and a wrapped description (QCommandLinkButton clips
    long descriptions in some styles)."""

    def __init__(self, title: str, description: str) -> None:
        super().__init__()
        self.setAccessibleName(title.replace("&", ""))
        self.setAccessibleDescription(description)
        self.setText("")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        heading = QLabel(title)
        heading.setStyleSheet("font-size: 12pt; font-weight: 600;")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        detail = QLabel(description)
        detail.setWordWrap(True)
        inner = _WIDTH - 40
        for label in (heading, detail):
            label.setFixedWidth(inner)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        heading.setText(title.replace("&", ""))
        # The mnemonic (Alt+letter) still works through the shortcut Qt derives from the text.
        self.setShortcut(QKeySequence.mnemonic(title))
        height = heading.sizeHint().height() + detail.heightForWidth(inner) + 20 + layout.spacing()
        self.setMinimumHeight(height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)


class WelcomePage(QWidget):
    key = "welcome"
    set_up_requested = Signal()
    sample_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(60, 40, 60, 40)
        column = QWidget()
        column.setFixedWidth(_WIDTH)
        layout = QVBoxLayout(column)
        layout.setSpacing(14)
        outer.addStretch(1)
        outer.addWidget(column, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
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
        self.set_up_button = ChoiceButton(
            _("&Set up my organisation"),
            _(
                "Enter the controller, the data protection officer and the supervisory "
                "authority (AZOP is filled in). Registers and letters build on these details."
            ),
        )
        self.set_up_button.setObjectName("setUpOrganisation")
        self.sample_button = ChoiceButton(
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
        self.set_up_button.setFocus()
