"""The generated bank-holiday table says what the installed `holidays` package says, year by year.

If this fails after upgrading `holidays` (a one-off holiday proclaimed, a rule changed), run
`.venv/bin/python tools/make_bank_holidays.py` and commit the regenerated table.
"""

from __future__ import annotations

from datetime import date

import holidays
import pytest

from fieldwork import bank_holidays_ew, workdays


@pytest.mark.parametrize("year", range(bank_holidays_ew.FIRST, bank_holidays_ew.LAST + 1))
def test_the_table_matches_the_package(year: int) -> None:
    package = sorted((d.isoformat(), name) for d, name in holidays.country_holidays("GB", subdiv="ENG", years=year).items())
    assert list(bank_holidays_ew.TABLE[year]) == package


def test_years_outside_the_table_are_asked_of_the_package() -> None:
    year = bank_holidays_ew.LAST + 3
    from_calendar = workdays._bank_holidays(year)
    package = sorted((d.toordinal(), name) for d, name in holidays.country_holidays("GB", subdiv="ENG", years=year).items())
    assert list(from_calendar) == package
    assert (date(year, 12, 25).toordinal(), "Christmas Day") in from_calendar


def test_the_calendar_reads_the_table_for_its_years() -> None:
    cal = workdays.WorkingCalendar()
    # Thursday 8 May 2025 was no bank holiday, Monday 5 May 2025 was (the early May bank holiday).
    assert cal.holiday_name(date(2025, 5, 5)) == "May Day"
    assert not cal.is_working_day(date(2025, 5, 5))
    assert cal.is_working_day(date(2025, 5, 8))
