"""Working days: Monday to Friday except the bank holidays of England and Wales.

Every time-based rule counts its windows here, so a deadline is the same whoever computes it.
Wales keeps England's bank holidays, so the `holidays` package's `GB` calendar with
subdivision `ENG` is the one calendar for both.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from functools import cache

import holidays

from cairn.lib.casefile import UK


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


@cache
def add_working_days(start: date, count: int) -> date:
    """The `count`-th working day after `start` (which itself is not counted): a thing due
    within 10 working days of a Friday is due on the second Friday after, bank holidays
    permitting. `count == 0` gives `start` itself, or the next working day if it is not one."""
    day = start
    if count == 0:
        return day if is_working_day(day) else add_working_days(day, 1)
    remaining = count
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def next_working_day(day: date) -> date:
    """`day` if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


@cache
def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later, or that month's last day if it is shorter
    (31 August + 6 months is 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def end_of_day(day: date) -> datetime:
    """The last moment of a UK day: a deadline on `day` is met by anything before it."""
    return datetime.combine(day, time.max, tzinfo=UK)


def start_of_day(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UK)
