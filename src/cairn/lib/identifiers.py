"""National identifiers that agencies key against a person: NHS number, UPN and PNC id.

Each has a check character, so most keying errors can be caught. An identifier that fails
its check is still data (an agency recorded it), but it is never trusted as a matching key.
Each `*_normalise` function gives one written form of a valid identifier, or `None`.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s\-/]+")


def nhs_check_digit(first_nine: str) -> int | None:
    """The modulus-11 check digit that follows nine NHS number digits, or `None` if none can.

    Weights 10 down to 2; a remainder that would need the check digit 10 means the nine
    digits are never issued as an NHS number.
    """
    total = sum(
        int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def nhs_number_normalise(s: str) -> str | None:
    """The ten digits of a valid NHS number written in any spacing ("943 476 5919"), or None."""
    digits = _SEPARATORS.sub("", s)
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return None
    if nhs_check_digit(digits[:9]) != int(digits[9]):
        return None
    return digits


def nhs_number_is_valid(s: str) -> bool:
    """Whether `s` is an NHS number passing its check digit; spaces and hyphens allowed."""
    return nhs_number_normalise(s) is not None


# The letters a UPN check character can take: I, O and S are left out.
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn_check_letter(last_twelve: str) -> str:
    """The check letter that begins a unique pupil number with these twelve digits.

    Each of characters 2 to 13 is weighted by its position, the sum taken modulo 23, and
    the remainder read as a letter.
    """
    total = sum(int(digit) * position for position, digit in enumerate(last_twelve, start=2))
    return _UPN_LETTERS[total % 23]


def upn_normalise(s: str) -> str | None:
    """A valid permanent unique pupil number in capitals without spaces, or `None`."""
    upn = _SEPARATORS.sub("", s).upper()
    digits = upn[1:]
    if len(upn) != 13 or not digits.isascii() or not digits.isdigit():
        return None
    return upn if upn[0] == upn_check_letter(digits) else None


def upn_is_valid(s: str) -> bool:
    """Whether `s` is a permanent unique pupil number passing its check letter."""
    return upn_normalise(s) is not None


# The letters a PNC id check character can take, by remainder modulo 23.
_PNC_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"
_PNC_ID = re.compile(r"(\d{2}|\d{4})/?(\d{1,7})([A-Z])")


def pnc_check_letter(year: int, serial: int) -> str:
    """The check letter of the PNC id issued in `year` with this serial number.

    The last two digits of the year and the serial as seven digits make a nine-digit
    number; its remainder modulo 23 is read as a letter.
    """
    return _PNC_LETTERS[int(f"{year % 100:02d}{serial:07d}") % 23]


def pnc_id_long(year: int, serial: int) -> str:
    """A PNC id in its long form, four-digit year and seven-digit serial: `2019/0123456X`."""
    return f"{year:04d}/{serial:07d}{pnc_check_letter(year, serial)}"


def pnc_id_short(year: int, serial: int) -> str:
    """A PNC id in its short form, two-digit year and unpadded serial: `19/123456X`."""
    return f"{year % 100:02d}/{serial}{pnc_check_letter(year, serial)}"


def pnc_id_normalise(s: str) -> str | None:
    """A valid PNC id in long or short form, as `YY/NNNNNNNA`, or `None`.

    The short form drops the century, so the long and short forms of one id normalise alike.
    """
    match = _PNC_ID.fullmatch(re.sub(r"\s+", "", s).upper())
    if match is None:
        return None
    year, serial, check = int(match[1]), int(match[2]), match[3]
    if check != pnc_check_letter(year, serial):
        return None
    return f"{year % 100:02d}/{serial:07d}{check}"


def pnc_id_is_valid(s: str) -> bool:
    """Whether `s` is a PNC id, long or short form, passing its check letter."""
    return pnc_id_normalise(s) is not None
