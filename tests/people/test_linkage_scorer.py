"""The pure-Python scorer agrees with Splink's `score_pairs` on the shipped model, pair by
pair, level by level, to 1e-6 in match probability."""

from __future__ import annotations

import logging
import random
from typing import Any

import pytest

from cairn.lib.identifiers import nhs_check_digit, pnc_id_long, pnc_id_short, upn_check_letter
from cairn.people.linkage.features import blocking_keys, prepare
from cairn.people.linkage.model import load_model
from cairn.people.linkage.scorer import Scorer, score
from cairn.people.linkage.settings import FIELDS

GIVEN = [
    "John",
    "Jon",
    "Jack",
    "William",
    "Bill",
    "Aleksandr",
    "Sasha",
    "Zoë",
    "Zoe",
    "J",
    "Mohammed",
    "Muhammad",
    "Siobhan",
    "Amelia",
    "Emily",
    "Emilia",
    "Katherine",
    "Kate",
]
FAMILY = [
    "Smith",
    "Smyth",
    "Kowalski",
    "Kowalska",
    "O'Brien",
    "OBrien",
    "McDonald",
    "MacDonald",
    "Al-Hassan",
    "Hassan",
    "Smith-Jones",
    "Jones",
    "Nguyen",
    "Wiśniewski",
]
STREETS = [
    "1 High Street, Ashbury",
    "1 High St, Ashbury",
    "22 Mill Lane, Selham",
    "Oakwood Children's Home, 5 Park Road",
    "Flat 2, 10 Hostel Way",
    "14 Elm Close",
]


def _nhs(rng: random.Random) -> str:
    while True:
        nine = f"999{rng.randrange(10**6):06d}"
        check = nhs_check_digit(nine)
        if check is not None:
            return nine + str(check)


def _upn(rng: random.Random) -> str:
    digits = f"{rng.randrange(10**12):012d}"
    return upn_check_letter(digits) + digits


def _pnc(rng: random.Random) -> tuple[str, str]:
    year, serial = rng.randrange(1990, 2025), rng.randrange(1, 10**6)
    return pnc_id_long(year, serial), pnc_id_short(year, serial)


def _record(rng: random.Random) -> dict[str, str | None]:
    pnc_long, _pnc_short = _pnc(rng)
    return {
        "record_id": str(rng.randrange(10**9)),
        "given_name": rng.choice(GIVEN),
        "family_name": rng.choice(FAMILY),
        "date_of_birth": f"{rng.randrange(1950, 2020)}-{rng.randrange(1, 13):02d}-"
        f"{rng.randrange(1, 29):02d}",
        "sex": rng.choice(["M", "F", "male", "", "unknown"]),
        "postcode": rng.choice(["SW1A 1AA", "sw1a1aa", "SW1A 2BB", "SW1B 1AA", "M1 1AE", ""]),
        "address": rng.choice([*STREETS, ""]),
        "nhs_number": rng.choice([_nhs(rng), "", "", "1234567890"]),
        "upn": rng.choice([_upn(rng), "", ""]),
        "pnc_id": rng.choice([pnc_long, "", "", ""]),
    }


def _variant(rng: random.Random, base: dict[str, str | None]) -> dict[str, str | None]:
    """A second record of the same person, with a few of the errors agencies make."""
    out = dict(base, record_id=str(rng.randrange(10**9)))
    for _ in range(rng.randrange(0, 4)):
        kind = rng.randrange(9)
        if kind == 0:
            out["given_name"], out["family_name"] = out["family_name"], out["given_name"]
        elif kind == 1:
            out["given_name"] = rng.choice(GIVEN)
        elif kind == 2 and out["date_of_birth"]:
            y, m, d = str(out["date_of_birth"]).split("-")
            out["date_of_birth"] = rng.choice(
                [f"{y}-{d}-{m}", f"{int(y) + 1}-{m}-{d}", f"{y}-{m}-{int(d) % 28 + 1:02d}", ""]
            )
        elif kind == 3:
            out["family_name"] = rng.choice(FAMILY)
        elif kind == 4:
            out["address"] = rng.choice([*STREETS, ""])
        elif kind == 5:
            out["postcode"] = rng.choice(["SW1A 1AA", "SW1A 2BB", "SW1A 9ZZ", "SW2 1AA", ""])
        elif kind == 6:
            out["nhs_number"] = rng.choice([_nhs(rng), ""])
        elif kind == 7:
            out["given_name"] = f"{out['given_name']} {rng.choice(GIVEN)}"
        else:
            out["sex"] = rng.choice(["F", "M", ""])
    return out


def _prepared_with_tf(
    rng: random.Random, records: list[dict[str, str | None]]
) -> list[dict[str, Any]]:
    rows = []
    for record in records:
        values = dict(prepare(record).values)
        for column in ("given", "family"):
            values[f"tf_{column}"] = (
                None if values[column] is None or rng.random() < 0.2 else rng.uniform(1e-4, 0.05)
            )
        rows.append(values)
    return rows


@pytest.fixture(scope="module")
def pairs() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rng = random.Random(7)
    left = [_record(rng) for _ in range(100)]
    right = [_variant(rng, base) if i % 2 else _record(rng) for i, base in enumerate(left)]
    return _prepared_with_tf(rng, left), _prepared_with_tf(rng, right)


def test_scorer_agrees_with_splink_score_pairs_on_10000_pairs(
    pairs: tuple[list[dict[str, Any]], list[dict[str, Any]]],
) -> None:
    from splink import DuckDBAPI, Linker

    left, right = pairs
    model = load_model()
    db_api = DuckDBAPI()
    frame = db_api.register(left + right, dataset_display_name="records")
    linker = Linker(frame, model["splink"], log_level=logging.ERROR)
    splink = linker.inference.score_pairs(left, right).as_pandas_dataframe()  # type: ignore[no-untyped-call]
    assert len(splink) == 10_000

    scorer = Scorer(model)
    by_id_l = {r["record_id"]: r for r in left}
    by_id_r = {r["record_id"]: r for r in right}
    seen_levels: set[tuple[str, int]] = set()
    worst = 0.0
    for row in splink.itertuples(index=False):
        result = scorer.score_prepared(by_id_l[row.record_id_l], by_id_r[row.record_id_r])
        worst = max(worst, abs(result.probability - row.match_probability))
        assert result.match_weight == pytest.approx(row.match_weight, abs=1e-6)
        for field_result in result.fields:
            gamma = getattr(row, f"gamma_{field_result.field}")
            assert field_result.gamma == gamma, (field_result.field, row)
            seen_levels.add((field_result.field, gamma))
    assert worst <= 1e-6
    # The pairs exercise most levels of every comparison, not just "exact" and "different".
    for fld in FIELDS:
        assert len({g for name, g in seen_levels if name == fld.name}) >= min(4, len(fld.levels)), (
            fld.name
        )


def test_score_gives_a_waterfall_and_an_outcome() -> None:
    a = {
        "record_id": "1",
        "given_name": "William",
        "family_name": "O'Brien",
        "date_of_birth": "2010-04-03",
        "sex": "M",
        "postcode": "SW1A 1AA",
        "address": "1 High Street, Ashbury",
        "nhs_number": "",
        "upn": "",
        "pnc_id": "",
    }
    b = dict(a, record_id="2", given_name="Bill", family_name="OBRIEN", postcode="sw1a1aa")
    result = score(a, b)
    assert [f.field for f in result.fields] == [f.name for f in FIELDS]
    labels = {f.field: f.label for f in result.fields}
    assert labels["given_name"] == "nickname"
    assert labels["family_name"] == "exact"
    expected = result.prior_weight + sum(f.weight for f in result.fields)
    assert result.match_weight == pytest.approx(expected)
    assert result.outcome in {"linked", "review"}


def test_blocking_keys_are_shared_by_variant_spellings() -> None:
    a = {
        "record_id": "1",
        "given_name": "Łukasz",
        "family_name": "Wiśniewski",
        "date_of_birth": "03/04/2010",
        "postcode": "sw1a 1aa",
        "nhs_number": "943 476 5919",
    }
    b = {
        "record_id": "2",
        "given_name": "Lukasz",
        "family_name": "WISNIEWSKI",
        "date_of_birth": "2010-04-03",
        "postcode": "SW1A1AA",
        "nhs_number": "9434765919",
    }
    keys_a, keys_b = set(blocking_keys(a)), set(blocking_keys(b))
    assert "nhs:9434765919" in keys_a
    assert len(keys_a & keys_b) >= 5
    assert all(":" in key for key in keys_a)
