"""Croatia's public holidays from the `holidays` package, checked against the law's list (the
list is written out in tests/domain/test_deadlines.py), and the `deadline` command."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dpo_desk.__main__ import main
from dpo_desk.i18n import set_language
from dpo_desk.services.holidays import CROATIA
from tests.domain.test_deadlines import croatian_holidays


@pytest.mark.parametrize("year", range(2020, 2036))
def test_the_package_has_exactly_the_holidays_of_the_law(year: int) -> None:
    set_language("en")
    law = croatian_holidays(year)
    day = date(year, 1, 1)
    while day.year == year:
        assert (CROATIA.holiday(day) is not None) is (day in law), day
        day += timedelta(days=1)


def test_holidays_are_named_in_the_interface_language() -> None:
    set_language("hr")
    try:
        assert CROATIA.holiday(date(2026, 12, 25)) == "Božić"
        assert CROATIA.holiday(date(2026, 6, 4)) == "Tijelovo"
    finally:
        set_language("en")
    assert CROATIA.holiday(date(2026, 12, 25)) == "Christmas Day"
    assert CROATIA.holiday(date(2026, 12, 24)) is None
    # Since 2020, 25 June and 8 October are working days.
    assert CROATIA.holiday(date(2026, 6, 25)) is None
    assert CROATIA.holiday(date(2026, 10, 8)) is None


def test_the_deadline_command_prints_the_due_date_then_the_trail(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["deadline", "2025-11-25", "--lang", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "2025-12-29"
    assert "Christmas Day" in "\n".join(lines[1:])
    assert lines[-1].strip().endswith("Due on 29.12.2025.")

    assert main(["deadline", "31.01.2026.", "--extended", "--lang", "en"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "2026-04-30"

    args = ["deadline", "2026-03-04", "--pause", "2026-03-10", "2026-03-20", "--lang", "en"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "2026-04-14" and "10 days added" in out


def test_the_deadline_command_refuses_bad_dates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadline", "2999-01-01", "--lang", "en"]) == 1
    assert "is in the future" in capsys.readouterr().err
    args = ["deadline", "2026-03-04", "--pause", "2026-03-10", "2026-03-05", "--lang", "en"]
    assert main(args) == 1
    assert "cannot end before it starts" in capsys.readouterr().err
    with pytest.raises(SystemExit) as refused:
        main(["deadline", "2026-02-30", "--lang", "en"])
    assert refused.value.code == 2
    assert "“2026-02-30” is not a date" in capsys.readouterr().err
