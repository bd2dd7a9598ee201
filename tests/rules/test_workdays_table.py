"""The bank holidays copied into `workdays.BANK_HOLIDAYS` are the `holidays` package's."""

from __future__ import annotations

from datetime import date

import holidays

from cairn.rules import workdays


def test_the_copied_bank_holidays_are_the_packages_for_every_year_copied() -> None:
    for year in workdays.BANK_HOLIDAYS:
        expected = frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))
        assert workdays._bank_holidays(year) == expected, year


def test_years_outside_the_copy_are_asked_of_the_package() -> None:
    year = min(workdays.BANK_HOLIDAYS) - 1
    assert year not in workdays.BANK_HOLIDAYS
    assert not workdays.is_working_day(date(year, 12, 25))
    assert workdays._bank_holidays(year) == frozenset(
        holidays.country_holidays("GB", subdiv="ENG", years=year)
    )
