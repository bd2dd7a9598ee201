"""NHS number, unique pupil number and PNC id check characters and written forms."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cairn.lib.identifiers import (
    nhs_check_digit,
    nhs_number_is_valid,
    nhs_number_normalise,
    pnc_check_letter,
    pnc_id_is_valid,
    pnc_id_long,
    pnc_id_normalise,
    pnc_id_short,
    upn_check_letter,
    upn_is_valid,
    upn_normalise,
)


@pytest.mark.parametrize(
    "written", ["9434765919", "943 476 5919", "943-476-5919", " 943 476 5919 ", "4010232137"]
)
def test_valid_nhs_numbers_in_any_spacing(written: str) -> None:
    assert nhs_number_is_valid(written)
    assert nhs_number_normalise(written) == written.strip().replace(" ", "").replace("-", "")


@pytest.mark.parametrize(
    "written",
    [
        "9434765918",  # wrong check digit
        "9434765991",  # two digits transposed
        "943476591",  # nine digits
        "94347659190",  # eleven digits
        "943476591X",
        "",
        "\u0669\u0664\u0663\u0664\u0667\u0666\u0665\u0669\u0661\u0669",  # Arabic-Indic digits
        "1000000010",  # needs check digit 10: never issued
    ],
)
def test_invalid_nhs_numbers(written: str) -> None:
    assert not nhs_number_is_valid(written)
    assert nhs_number_normalise(written) is None


@given(st.from_regex(r"[0-9]{9}", fullmatch=True))
def test_an_nhs_number_with_its_check_digit_is_valid(first_nine: str) -> None:
    check = nhs_check_digit(first_nine)
    if check is None:
        assert not any(nhs_number_is_valid(f"{first_nine}{d}") for d in range(10))
    else:
        assert nhs_number_is_valid(f"{first_nine}{check}")
        wrong = (check + 1) % 10
        assert not nhs_number_is_valid(f"{first_nine}{wrong}")


def test_upn() -> None:
    digits = "801200005001"
    upn = upn_check_letter(digits) + digits
    assert upn_is_valid(upn)
    assert upn_normalise(upn.lower()) == upn
    assert upn_normalise(f"{upn[:5]} {upn[5:]}") == upn
    assert not upn_is_valid(upn[:-1] + "2")
    assert not upn_is_valid(upn[:-1])
    assert not upn_is_valid("")


@given(st.from_regex(r"[0-9]{12}", fullmatch=True))
def test_a_upn_check_letter_is_never_i_o_or_s(digits: str) -> None:
    assert upn_check_letter(digits) not in "IOS"
    assert upn_is_valid(upn_check_letter(digits) + digits)


def test_pnc_id_long_and_short_forms_normalise_alike() -> None:
    long, short = pnc_id_long(2019, 123456), pnc_id_short(2019, 123456)
    assert long == f"2019/0123456{pnc_check_letter(2019, 123456)}"
    assert short == f"19/123456{pnc_check_letter(2019, 123456)}"
    assert pnc_id_normalise(long) == pnc_id_normalise(short) == f"19/0123456{long[-1]}"
    assert pnc_id_normalise(long.lower()) == pnc_id_normalise(long.replace("/", ""))
    assert pnc_id_is_valid(short)


def test_pnc_id_with_a_wrong_check_letter_is_invalid() -> None:
    long = pnc_id_long(2003, 45)
    wrong = "A" if long[-1] != "A" else "B"
    assert not pnc_id_is_valid(long[:-1] + wrong)
    assert not pnc_id_is_valid("2003/00000045")
    assert not pnc_id_is_valid("not a pnc id")
