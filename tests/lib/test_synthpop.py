"""The synthetic population: its shape, its ground truth, and its errors at their rates."""

from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cairn.lib.identifiers import (
    nhs_number_is_valid,
    pnc_id_is_valid,
    pnc_id_normalise,
    upn_is_valid,
)
from cairn.lib.synthpop import (
    COLUMNS,
    ERROR_RATES,
    HOUSEHOLD_RATES,
    IDENTIFIER_PRESENCE,
    RECORDS_PER_PERSON,
    Tally,
    generate_records,
    write_population,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "synthetic-population.md"
SAMPLE = 20_000

Rows = list[dict[str, str]]


def _write(n: int, *, seed: int = 0, error_scale: float = 1.0) -> tuple[str, Tally]:
    out = io.StringIO()
    tally = write_population(out, n, seed=seed, error_scale=error_scale)
    return out.getvalue(), tally


@pytest.fixture(scope="module")
def sample() -> tuple[Rows, Tally]:
    text, tally = _write(SAMPLE, seed=7)
    return list(csv.DictReader(io.StringIO(text))), tally


def _close_to(applied: int, eligible: int, rate: float) -> bool:
    """Within five standard deviations of the binomial count, plus a little slack."""
    spread = 5 * math.sqrt(eligible * rate * (1 - rate)) + 3
    return abs(applied - eligible * rate) <= spread


def test_header_and_row_count() -> None:
    text, tally = _write(200)
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == COLUMNS
    assert COLUMNS[:10] == (
        "record_id",
        "given_name",
        "family_name",
        "date_of_birth",
        "sex",
        "postcode",
        "address",
        "nhs_number",
        "upn",
        "pnc_id",
    )
    assert len(rows) == 201 == tally.records + 1
    assert all(len(row) == len(COLUMNS) for row in rows)
    assert len({row[0] for row in rows[1:]}) == 200


def test_the_same_seed_gives_the_same_records() -> None:
    assert _write(3000, seed=5)[0] == _write(3000, seed=5)[0]
    assert _write(3000, seed=5)[0] != _write(3000, seed=6)[0]


def test_exactly_n_records_for_any_n() -> None:
    for n in (1, 2, 17, 10_001):
        assert sum(1 for _ in generate_records(n, seed=n)) == n


def test_every_error_occurs_at_about_its_rate(sample: tuple[Rows, Tally]) -> None:
    rows, tally = sample
    in_records = Counter(e for row in rows for e in row["errors"].split(";") if e)
    assert set(in_records) == set(ERROR_RATES)
    assert in_records == tally.applied
    for kind, rate in ERROR_RATES.items():
        eligible = tally.eligible[kind]
        assert eligible >= 300, kind
        assert _close_to(tally.applied[kind], eligible, rate), (kind, tally.applied[kind], eligible)


def test_error_scale_doubles_every_rate_up_to_one() -> None:
    _, tally = _write(SAMPLE, seed=7, error_scale=2.0)
    for kind, rate in ERROR_RATES.items():
        doubled = min(1.0, 2 * rate)
        assert _close_to(tally.applied[kind], tally.eligible[kind], doubled), kind


def test_error_scale_zero_writes_the_truth() -> None:
    text, tally = _write(2000, error_scale=0.0)
    assert not tally.applied
    assert all(row["errors"] == "" for row in csv.DictReader(io.StringIO(text)))


def test_persons_have_one_to_six_records(sample: tuple[Rows, Tally]) -> None:
    rows, tally = sample
    sizes = Counter(Counter(row["person_id"] for row in rows).values())
    assert len({row["person_id"] for row in rows}) == tally.persons
    assert set(sizes) == {1, 2, 3, 4, 5, 6}
    assert sizes[1] > sizes[2] > sizes[3] > sizes[6]
    assert 1.8 < SAMPLE / tally.persons < 2.3


def test_a_persons_records_agree_where_no_error_touched_them(sample: tuple[Rows, Tally]) -> None:
    rows, _ = sample
    dob_errors = {"dob_missing", "dob_day_month_swapped", "dob_digit_off", "dob_within_year"}
    dates: defaultdict[str, set[str]] = defaultdict(set)
    for row in rows:
        if not dob_errors & set(row["errors"].split(";")):
            dates[row["person_id"]].add(row["date_of_birth"])
    assert all(len(d) == 1 for d in dates.values())


def test_identifiers_pass_their_checks_unless_keyed_wrong(sample: tuple[Rows, Tally]) -> None:
    rows, _ = sample
    for row in rows:
        errors = row["errors"].split(";")
        if row["nhs_number"]:
            keyed_wrong = "nhs_keying" in errors
            assert nhs_number_is_valid(row["nhs_number"]) is not keyed_wrong
            assert keyed_wrong or row["nhs_number"].startswith("999")
        if row["upn"]:
            assert upn_is_valid(row["upn"]) is ("upn_keying" not in errors)
        if row["pnc_id"]:
            assert pnc_id_is_valid(row["pnc_id"])
    present = Counter(field for row in rows for field in ("nhs_number", "pnc_id") if row[field])
    assert 0.37 < present["nhs_number"] / SAMPLE < 0.43
    assert 0.05 < present["pnc_id"] / SAMPLE < 0.15


def test_one_persons_identifiers_are_the_same_and_nobody_elses(
    sample: tuple[Rows, Tally],
) -> None:
    rows, _ = sample
    holders: defaultdict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row["nhs_number"] and "nhs_keying" not in row["errors"]:
            holders[row["nhs_number"].replace(" ", "")].add(row["person_id"])
        if row["pnc_id"]:
            holders[str(pnc_id_normalise(row["pnc_id"]))].add(row["person_id"])
    assert all(len(people) == 1 for people in holders.values())
    assert len(holders) > SAMPLE / 10


def test_postcodes_are_well_formed_in_unissued_areas(sample: tuple[Rows, Tally]) -> None:
    rows, _ = sample
    postcode = re.compile(r"[QVX][A-Z][0-9]{1,2} [0-9][A-Z]{2}")
    for row in rows:
        if row["postcode"] and "postcode_format" not in row["errors"]:
            assert postcode.fullmatch(row["postcode"]), row["postcode"]


def _untouched(row: dict[str, str]) -> bool:
    return not any(
        e and not e.startswith(("nhs_", "upn_", "pnc_")) for e in row["errors"].split(";")
    )


def test_twins_share_birthday_surname_and_address(sample: tuple[Rows, Tally]) -> None:
    rows, tally = sample
    assert tally.cases["twins"] > 10
    people: defaultdict[tuple[str, str, str], set[str]] = defaultdict(set)
    for row in filter(_untouched, rows):
        key = (row["date_of_birth"], row["family_name"], row["address"])
        people[key].add(row["person_id"])
    assert sum(len(p) > 1 for p in people.values()) > 5


def test_the_hard_cases_all_occur(sample: tuple[Rows, Tally]) -> None:
    rows, tally = sample
    assert set(tally.cases) == set(HOUSEHOLD_RATES)
    communal = ("Children's Home", "Hostel", "Supported Housing", "Care Home", "Refuge", "HMP ")
    residents: defaultdict[str, set[str]] = defaultdict(set)
    for row in rows:
        if any(kind in row["address"] for kind in communal):
            residents[row["address"]].add(row["person_id"])
    assert max(len(p) for p in residents.values()) > 2


def test_namesakes_share_name_and_birthday_but_not_address(sample: tuple[Rows, Tally]) -> None:
    rows, tally = sample
    assert tally.cases["namesake"] > 0
    seen: defaultdict[tuple[str, str, str], set[tuple[str, str]]] = defaultdict(set)
    for row in filter(_untouched, rows):
        key = (row["given_name"], row["family_name"], row["date_of_birth"])
        seen[key].add((row["person_id"], row["address"]))
    assert any(
        len({p for p, _ in people}) > 1 and len({a for _, a in people}) > 1
        for people in seen.values()
    )


def test_the_documentation_lists_every_error_and_case_at_its_rate() -> None:
    rows = re.findall(r"^\| `(\w+)` \| ([0-9.]+)[ |]", DOC.read_text(), re.MULTILINE)
    documented = {name: float(rate) for name, rate in rows}
    assert {k: v for k, v in documented.items() if k in ERROR_RATES} == ERROR_RATES
    assert {k: v for k, v in documented.items() if k in HOUSEHOLD_RATES} == HOUSEHOLD_RATES
    assert {k: v for k, v in documented.items() if k in IDENTIFIER_PRESENCE} == IDENTIFIER_PRESENCE
    assert set(documented) <= set(ERROR_RATES) | set(HOUSEHOLD_RATES) | set(IDENTIFIER_PRESENCE)
    shares = " | ".join(f"{share:.2f}" for share in RECORDS_PER_PERSON.values())
    assert f"| share of people | {shares} |" in DOC.read_text()


def test_the_command_writes_the_file(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    out = io.StringIO()
    call_command("synth", "people", "200", "--output", str(path), "--seed", "3", stdout=out)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert len(rows) == 200
    assert "wrote 200 records" in out.getvalue()
    call_command("synth", "people", "200", "--output", str(path), "--seed", "3", stdout=out)
    assert list(csv.DictReader(path.open(encoding="utf-8"))) == rows


def test_the_command_refuses_nonsense(tmp_path: Path) -> None:
    path = str(tmp_path / "people.csv")
    with pytest.raises(CommandError, match="at least 1"):
        call_command("synth", "people", "0", "--output", path)
    with pytest.raises(CommandError, match="negative"):
        call_command("synth", "people", "10", "--output", path, "--error-scale", "-1")
    with pytest.raises(CommandError, match="cannot write"):
        call_command("synth", "people", "10", "--output", str(tmp_path / "no" / "such.csv"))
