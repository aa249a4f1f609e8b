"""Croatia's public holidays for counting legal periods (Art. 2 of Regulation 1182/71), from the
well-kept `holidays` package (Zakon o blagdanima, spomendanima i neradnim danima, NN 110/2019),
named in the interface language."""

from __future__ import annotations

from datetime import date
from functools import cache

import holidays

from dpo_desk.i18n import current_language

#: The package's language codes for DPO Desk's two languages.
_LANGUAGES = {"hr": "hr", "en": "en_US"}


@cache
def _calendar(language: str) -> holidays.HolidayBase:
    # Years are filled in as they are asked for (the package expands on lookup).
    return holidays.country_holidays("HR", language=_LANGUAGES.get(language, "en_US"))


class CroatianHolidays:
    """The HolidayCalendar of the deadline rules: Croatian public holidays by date."""

    def holiday(self, day: date) -> str | None:
        name = _calendar(current_language()).get(day)
        return str(name) if name else None


CROATIA = CroatianHolidays()
