"""Working days: Monday to Friday except the bank holidays of England and Wales.

Every time-based rule counts its windows here, so a deadline is the same whoever computes it.
Wales keeps England's bank holidays, so the `holidays` package's `GB` calendar with
subdivision `ENG` is the one calendar for both. Its days from 1995 to 2040 are copied into
`BANK_HOLIDAYS` (a test checks the copy against the package): importing the package's
calendars loads every country's, about 0.1 s of a command's run. Other years are asked of the
package.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from functools import cache

from cairn.lib.casefile import UK

#: year -> that year's bank holidays in England and Wales (month and day), as `holidays`
#: (`GB`, `ENG`) gives them, substitute days included.
BANK_HOLIDAYS: dict[int, str] = {
    1995: "0101 0102 0414 0417 0508 0529 0828 1225 1226",
    1996: "0101 0405 0408 0506 0527 0826 1225 1226",
    1997: "0101 0328 0331 0505 0526 0825 1225 1226",
    1998: "0101 0410 0413 0504 0525 0831 1225 1226 1228",
    1999: "0101 0402 0405 0503 0531 0830 1225 1226 1227 1228 1231",
    2000: "0101 0103 0421 0424 0501 0529 0828 1225 1226",
    2001: "0101 0413 0416 0507 0528 0827 1225 1226",
    2002: "0101 0329 0401 0506 0603 0604 0826 1225 1226",
    2003: "0101 0418 0421 0505 0526 0825 1225 1226",
    2004: "0101 0409 0412 0503 0531 0830 1225 1226 1227 1228",
    2005: "0101 0103 0325 0328 0502 0530 0829 1225 1226 1227",
    2006: "0101 0102 0414 0417 0501 0529 0828 1225 1226",
    2007: "0101 0406 0409 0507 0528 0827 1225 1226",
    2008: "0101 0321 0324 0505 0526 0825 1225 1226",
    2009: "0101 0410 0413 0504 0525 0831 1225 1226 1228",
    2010: "0101 0402 0405 0503 0531 0830 1225 1226 1227 1228",
    2011: "0101 0103 0422 0425 0429 0502 0530 0829 1225 1226 1227",
    2012: "0101 0102 0406 0409 0507 0604 0605 0827 1225 1226",
    2013: "0101 0329 0401 0506 0527 0826 1225 1226",
    2014: "0101 0418 0421 0505 0526 0825 1225 1226",
    2015: "0101 0403 0406 0504 0525 0831 1225 1226 1228",
    2016: "0101 0325 0328 0502 0530 0829 1225 1226 1227",
    2017: "0101 0102 0414 0417 0501 0529 0828 1225 1226",
    2018: "0101 0330 0402 0507 0528 0827 1225 1226",
    2019: "0101 0419 0422 0506 0527 0826 1225 1226",
    2020: "0101 0410 0413 0508 0525 0831 1225 1226 1228",
    2021: "0101 0402 0405 0503 0531 0830 1225 1226 1227 1228",
    2022: "0101 0103 0415 0418 0502 0602 0603 0829 0919 1225 1226 1227",
    2023: "0101 0102 0407 0410 0501 0508 0529 0828 1225 1226",
    2024: "0101 0329 0401 0506 0527 0826 1225 1226",
    2025: "0101 0418 0421 0505 0526 0825 1225 1226",
    2026: "0101 0403 0406 0504 0525 0831 1225 1226 1228",
    2027: "0101 0326 0329 0503 0531 0830 1225 1226 1227 1228",
    2028: "0101 0103 0414 0417 0501 0529 0828 1225 1226",
    2029: "0101 0330 0402 0507 0528 0827 1225 1226",
    2030: "0101 0419 0422 0506 0527 0826 1225 1226",
    2031: "0101 0411 0414 0505 0526 0825 1225 1226",
    2032: "0101 0326 0329 0503 0531 0830 1225 1226 1227 1228",
    2033: "0101 0103 0415 0418 0502 0530 0829 1225 1226 1227",
    2034: "0101 0102 0407 0410 0501 0529 0828 1225 1226",
    2035: "0101 0323 0326 0507 0528 0827 1225 1226",
    2036: "0101 0411 0414 0505 0526 0825 1225 1226",
    2037: "0101 0403 0406 0504 0525 0831 1225 1226 1228",
    2038: "0101 0423 0426 0503 0531 0830 1225 1226 1227 1228",
    2039: "0101 0103 0408 0411 0502 0530 0829 1225 1226 1227",
    2040: "0101 0102 0330 0402 0507 0528 0827 1225 1226",
}


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    days = BANK_HOLIDAYS.get(year)
    if days is not None:
        return frozenset(date(year, int(md[:2]), int(md[2:])) for md in days.split())
    import holidays

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
