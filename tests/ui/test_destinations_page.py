"""The countries and their adequacy decisions: the shipped table, its filter and search, and the
DPO's own corrections (a withdrawn decision), which the transfers register follows at once."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from dpo_desk.domain.transfer import (
    Recipient,
    RecipientRole,
    Transfer,
    TransferTool,
    WarningKind,
)
from dpo_desk.ui.destinations_page import DestinationDialog, DestinationsPage
from dpo_desk.ui.main_window import MainWindow
from dpo_desk.ui.transfers_page import TransferDialog, TransfersPage
from tests.ui.conftest import TODAY, show_page

#: The office's day in these tests (see test_transfers_page.py).

WITHDRAWAL = "Commission Implementing Decision (EU) 2026/2101 of 1 November 2026 repealed 2019/419"


#: The sample's review dates are fixed: the warnings are those of this day (see conftest).
pytestmark = pytest.mark.usefixtures("pinned_today")


@pytest.fixture
def countries(sample_window: MainWindow) -> DestinationsPage:
    page = show_page(sample_window, DestinationsPage)
    assert isinstance(page, DestinationsPage)
    return page


def _column(key: str, page: DestinationsPage) -> int:
    return next(i for i, column in enumerate(page.model.columns()) if column.key == key)


def _cell(page: DestinationsPage, row: int, key: str) -> str:
    return str(page.model.index(row, _column(key, page)).data())


def _codes(page: DestinationsPage) -> list[str]:
    return [page.model.row_at(row).code for row in range(page.model.rowCount())]


def _edit_japan(page: DestinationsPage, qtbot: QtBot) -> DestinationDialog:
    page.search.clear()
    qtbot.keyClicks(page.search, "japan")
    assert _codes(page) == ["JP"]
    page.table.selectRow(0)
    dialog = page.edit_selected()
    assert isinstance(dialog, DestinationDialog)
    assert dialog.windowTitle() == "Japan"
    return dialog


def _transfer_to_japan(window: MainWindow) -> int:
    """A transfer to Japan on its (partial) adequacy decision, saved through the services."""
    services = window.services
    recipient, _changes = services.recipients.save(
        Recipient(name="Tokyo game studio", role=RecipientRole.THIRD_PARTY, country_code="JP")
    )
    activity = next(a.id for a in services.activities.all() if a.name == "Pixelus ID account")
    assert activity is not None
    transfer, _changes = services.transfers.save(
        Transfer(
            recipient_id=recipient.id,
            country_code="JP",
            activity_ids=(activity,),
            tool=TransferTool.ADEQUACY,
        )
    )
    assert transfer.id is not None
    return transfer.id


def _warnings_of(page: TransfersPage, transfer_id: int) -> tuple[set[WarningKind], bool]:
    """The warnings of a transfer's row, checked to be in its Warnings cell, and whether the row
    is tinted."""
    row = next(
        r for r in range(page.model.rowCount()) if page.model.row_at(r).transfer.id == transfer_id
    )
    column = next(i for i, c in enumerate(page.model.columns()) if c.key == "warnings")
    text = str(page.model.index(row, column).data())
    warnings = page.model.row_at(row).warnings
    assert text == "\n".join(warning.message for warning in warnings)
    tinted = page.model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    return {warning.kind for warning in warnings}, tinted


def test_the_page_lists_the_adequacy_decisions_by_default(
    countries: DestinationsPage, sample_window: MainWindow, qtbot: QtBot
) -> None:
    shipped = sample_window.services.destinations.reference.destinations.values()
    decided = {d.code for d in shipped if d.adequacy is not None}
    assert len(decided) == 17
    assert countries.decisions_only.isChecked()
    assert sorted(_codes(countries)) == sorted(decided)
    japan = _codes(countries).index("JP")
    assert _cell(countries, japan, "name") == "Japan"
    in_force = _cell(countries, japan, "status")
    assert in_force == _cell(countries, _codes(countries).index("CH"), "status")
    assert _cell(countries, japan, "reference") == "Commission Implementing Decision (EU) 2019/419"
    assert _cell(countries, japan, "adopted") == "23.01.2019."
    assert _cell(countries, japan, "changed") == ""
    # The entry not verified against its primary text is tinted and says so.
    britain = _codes(countries).index("GB")
    assert _cell(countries, britain, "changed") == "Not verified against the primary text"
    assert countries.model.index(britain, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert countries.model.index(japan, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    epo = _codes(countries).index("IO-EPO")
    assert _cell(countries, epo, "name") == "European Patent Organisation"

    countries.decisions_only.setChecked(False)
    codes = _codes(countries)
    assert len(codes) >= 240
    assert {"RS", "IN", "HR"} <= set(codes)
    eea = _cell(countries, codes.index("HR"), "status")
    third = _cell(countries, codes.index("RS"), "status")
    assert eea == _cell(countries, codes.index("DE"), "status")
    assert third == _cell(countries, codes.index("IN"), "status")
    assert len({eea, third, in_force}) == 3
    assert "" not in {eea, third, in_force}

    qtbot.keyClicks(countries.search, "japan")
    assert _codes(countries) == ["JP"]
    countries.search.clear()
    qtbot.keyClicks(countries.search, "io-epo")  # the code is searched too
    assert _codes(countries) == ["IO-EPO"]


def test_a_change_without_a_reason_is_refused(
    countries: DestinationsPage, sample_window: MainWindow, qtbot: QtBot
) -> None:
    dialog = _edit_japan(countries, qtbot)
    assert not dialog.revert_button.isEnabled()  # nothing changed here yet
    assert dialog.has_adequacy.isChecked()
    assert dialog.reference.text() == "Commission Implementing Decision (EU) 2019/419"
    dialog.withdrawn_on.setDate(QDate(2026, 11, 1))
    assert not dialog.save()
    assert dialog.isVisible()
    assert dialog.errors.isVisible()
    assert "• Reason for the change:" in dialog.errors.text()
    assert dialog.reason.styleSheet() != ""
    assert dialog.withdrawn_on.styleSheet() == ""
    japan = sample_window.services.destinations.get("JP")
    assert japan is not None and japan.local_change is None
    assert japan.adequacy_in_force(TODAY) is not None

    # A withdrawal before the decision was adopted is refused too, naming the date.
    dialog.reason.setPlainText(WITHDRAWAL)
    dialog.withdrawn_on.setDate(QDate(2018, 1, 1))
    assert not dialog.save()
    assert "• Withdrawn:" in dialog.errors.text()
    assert dialog.withdrawn_on.styleSheet() != ""
    assert dialog.reason.styleSheet() == ""
    japan = sample_window.services.destinations.get("JP")
    assert japan is not None and japan.local_change is None
    dialog.done(0)


def test_a_withdrawn_decision_is_kept_and_the_transfers_register_follows(
    countries: DestinationsPage, sample_window: MainWindow, qtbot: QtBot
) -> None:
    transfer_id = _transfer_to_japan(sample_window)
    transfers = show_page(sample_window, TransfersPage)
    assert isinstance(transfers, TransfersPage)
    transfers.reload()
    kinds, tinted = _warnings_of(transfers, transfer_id)
    assert kinds == {WarningKind.PARTIAL_ADEQUACY} and tinted

    show_page(sample_window, DestinationsPage)
    dialog = _edit_japan(countries, qtbot)
    in_force = _cell(countries, 0, "status")
    dialog.withdrawn_on.setDate(QDate(2026, 11, 1))
    dialog.reason.setPlainText(WITHDRAWAL)
    assert dialog.save()

    japan = sample_window.services.destinations.get("JP")
    assert japan is not None
    assert japan.adequacy_in_force(TODAY) is None
    assert japan.adequacy is not None and japan.adequacy.withdrawn_on == date(2026, 11, 1)
    assert japan.local_change is not None and japan.local_change.reason == WITHDRAWAL
    # The page shows the change at once; the filter keeps a changed entry in view.
    assert _codes(countries) == ["JP"]
    assert _cell(countries, 0, "status") not in {in_force, ""}
    assert _cell(countries, 0, "changed").endswith(f": {WITHDRAWAL}")
    assert countries.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None

    show_page(sample_window, TransfersPage)  # it was hidden: it reads again when shown
    kinds, tinted = _warnings_of(transfers, transfer_id)
    assert kinds == {WarningKind.NO_ADEQUACY} and tinted
    new = transfers.new()
    assert isinstance(new, TransferDialog)
    assert new.destination.itemText(new.destination.findData("JP")) == "Japan"
    new.done(0)


def test_restoring_the_shipped_entry_brings_the_decision_back(
    countries: DestinationsPage, sample_window: MainWindow, qtbot: QtBot
) -> None:
    transfer_id = _transfer_to_japan(sample_window)
    dialog = _edit_japan(countries, qtbot)
    in_force = _cell(countries, 0, "status")
    dialog.withdrawn_on.setDate(QDate(2026, 11, 1))
    dialog.reason.setPlainText(WITHDRAWAL)
    assert dialog.save()
    changed = sample_window.services.destinations.get("JP")
    assert changed is not None and changed.adequacy_in_force(TODAY) is None

    dialog = _edit_japan(countries, qtbot)
    assert dialog.reason.toPlainText() == WITHDRAWAL
    assert dialog.withdrawn_on.date() == QDate(2026, 11, 1)
    assert dialog.revert_button.isEnabled()
    dialog.revert()
    assert not dialog.isVisible()

    japan = sample_window.services.destinations.get("JP")
    shipped = sample_window.services.destinations.shipped("JP")
    assert japan is not None and shipped is not None
    assert japan.local_change is None
    assert japan.adequacy == shipped.adequacy
    assert japan.adequacy_in_force(TODAY) is not None
    assert _codes(countries) == ["JP"]
    assert _cell(countries, 0, "status") == in_force
    assert _cell(countries, 0, "changed") == ""

    transfers = show_page(sample_window, TransfersPage)
    assert isinstance(transfers, TransfersPage)
    kinds, _tinted = _warnings_of(transfers, transfer_id)
    assert kinds == {WarningKind.PARTIAL_ADEQUACY}


def test_a_decision_adopted_or_repealed_here_stays_in_the_filtered_list(
    countries: DestinationsPage, sample_window: MainWindow, qtbot: QtBot
) -> None:
    # The Commission adopts a decision for Serbia: the DPO adds it from the full list.
    countries.decisions_only.setChecked(False)
    qtbot.keyClicks(countries.search, "serbia")
    assert _codes(countries) == ["RS"]
    countries.table.selectRow(0)
    dialog = countries.edit_selected()
    assert isinstance(dialog, DestinationDialog)
    assert not dialog.has_adequacy.isChecked()
    dialog.has_adequacy.setChecked(True)
    assert not dialog.save()  # a decision needs its reference, and a reason
    assert "• Decision:" in dialog.errors.text()
    assert "• Reason for the change:" in dialog.errors.text()
    assert dialog.reference.styleSheet() != "" and dialog.reason.styleSheet() != ""
    dialog.reference.setText("Commission Implementing Decision (EU) 2026/3001")
    dialog.adopted_on.setDate(QDate(2026, 10, 1))
    dialog.reason.setPlainText("Adequacy decision for Serbia adopted on 1 October 2026")
    assert dialog.save()
    serbia = sample_window.services.destinations.get("RS")
    assert serbia is not None and serbia.adequacy_in_force(TODAY) is not None
    assert serbia.adequacy is not None
    assert serbia.adequacy.reference == "Commission Implementing Decision (EU) 2026/3001"

    countries.search.clear()
    countries.decisions_only.setChecked(True)
    assert len(_codes(countries)) == 18 and "RS" in _codes(countries)

    # A decision struck out here stays listed: it is a change the DPO made.
    dialog = _edit_japan(countries, qtbot)
    dialog.has_adequacy.setChecked(False)
    dialog.reason.setPlainText("Struck out to test the register")
    assert dialog.save()
    japan = sample_window.services.destinations.get("JP")
    assert japan is not None and japan.adequacy is None and japan.local_change is not None
    assert _codes(countries) == ["JP"]
    assert _cell(countries, 0, "reference") == ""
    countries.search.clear()
    assert len(_codes(countries)) == 18


def test_the_model_passes_the_model_tester(
    countries: DestinationsPage, qtmodeltester: object
) -> None:
    qtmodeltester.check(countries.model)  # type: ignore[attr-defined]
    countries.decisions_only.setChecked(False)
    qtmodeltester.check(countries.model)  # type: ignore[attr-defined]
