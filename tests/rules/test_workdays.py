from datetime import date

from cairn.rules.workdays import add_months, add_working_days, is_working_day, next_working_day


def test_bank_holidays_of_england_and_wales_are_not_working_days() -> None:
    assert not is_working_day(date(2021, 12, 27))  # Christmas Day (substitute)
    assert not is_working_day(date(2021, 12, 28))  # Boxing Day (substitute)
    assert not is_working_day(date(2024, 3, 29))  # Good Friday
    assert not is_working_day(date(2024, 4, 1))  # Easter Monday
    assert not is_working_day(date(2024, 8, 26))  # Summer bank holiday (not Scotland's)
    assert is_working_day(date(2024, 8, 5))  # Scotland's summer holiday is a working day here
    assert not is_working_day(date(2024, 1, 6))  # a Saturday


def test_adding_working_days_skips_weekends_and_holidays() -> None:
    assert add_working_days(date(2021, 10, 20), 20) == date(2021, 11, 17)  # CASEFILE.md's example
    assert add_working_days(date(2021, 12, 24), 1) == date(2021, 12, 29)
    assert add_working_days(date(2024, 3, 28), 1) == date(2024, 4, 2)
    assert add_working_days(date(2024, 1, 5), 1) == date(2024, 1, 8)  # Friday to Monday
    assert add_working_days(date(2024, 1, 6), 0) == date(2024, 1, 8)


def test_months_keep_the_day_or_take_the_last_of_a_short_month() -> None:
    assert add_months(date(2024, 8, 31), 6) == date(2025, 2, 28)
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)
    assert add_months(date(2024, 1, 15), -24) == date(2022, 1, 15)
    assert next_working_day(date(2023, 12, 25)) == date(2023, 12, 27)
