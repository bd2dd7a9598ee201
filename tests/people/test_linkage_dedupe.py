"""`cairn dedupe`: refuses structurally broken files naming the row and writing nothing,
reports field-level problems per row, and de-duplicates a small file end to end. No test
here touches the database (pytest-django would refuse it): the command needs none."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cairn.lib.identifiers import nhs_check_digit

HEADER = "record_id,given_name,family_name,date_of_birth,sex,postcode,address,nhs_number,upn,pnc_id"


def _nhs(first_nine: str) -> str:
    check = nhs_check_digit(first_nine)
    assert check is not None
    return first_nine + str(check)


def _run(tmp_path: Path, content: bytes | str) -> tuple[Path, Path]:
    source = tmp_path / "in.csv"
    if isinstance(content, str):
        content = content.encode("utf-8")
    source.write_bytes(content)
    output, review = tmp_path / "out.csv", tmp_path / "review.csv"
    call_command("dedupe", str(source), output=str(output), review=str(review))
    return output, review


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            f"{HEADER}\n1,Ann,Lee,,,,,,,\n2,Zo\xeb,Lee,,,,,,,\n".encode("latin-1"),
            "line 3: not UTF-8",
        ),
        (f'{HEADER}\n1,Ann,Lee,,,,,,,\n2,"Ann"x,Lee,,,,,,,\n', "line 3: malformed CSV"),
        (f"{HEADER}\n1,Ann,Lee,,,,,,,\n2,Ann,Lee\n", "line 3: 3 fields where the header has 10"),
        ("id,given_name,family_name\n1,Ann,Lee\n", "line 1: the header has no record_id column"),
        (
            f"{HEADER}\n7,Ann,Lee,,,,,,,\n8,Bo,Lee,,,,,,,\n7,Cy,Lee,,,,,,,\n",
            "line 4: record_id '7' repeats line 2",
        ),
        (f"{HEADER}\n,Ann,Lee,,,,,,,\n", "line 2: no record_id"),
        ("", "line 1: the file is empty"),
    ],
    ids=["not-utf8", "malformed", "short-row", "no-record-id", "duplicate-id", "empty-id", "empty"],
)
def test_structurally_broken_files_are_refused_and_nothing_is_written(
    tmp_path: Path, content: bytes | str, message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        _run(tmp_path, content)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


NHS_A, NHS_B, NHS_C = _nhs("999000001"), _nhs("999000002"), _nhs("999000003")
BAD_NHS = NHS_C[:9] + str((int(NHS_C[9]) + 1) % 10)

ROWS = [
    # One person three ways: accents, apostrophes, case, postcode and NHS spacing, sex forms.
    [
        "a1",
        "Siobhán",
        "O'Neill",
        "2009-03-14",
        "F",
        "SW1A 1AA",
        "12 High Street, Ashbury",
        NHS_A,
        "",
        "",
    ],
    [
        "a2",
        "Siobhan",
        "ONEILL",
        "14/03/2009",
        "female",
        "sw1a1aa",
        "12 HIGH STREET ASHBURY",
        NHS_A[:3] + " " + NHS_A[3:6] + " " + NHS_A[6:],
        "",
        "",
    ],
    ["a3", "Siobhan", "O\u2019Neill", "2009-03-14", "", "SW1A  1AA", "", "", "", ""],
    # Same name and date of birth, conflicting NHS numbers: never auto-linked.
    ["b1", "Mohammed", "Rahman", "1990-07-01", "M", "M1 1AE", "3 Mill Lane, Selham", NHS_B, "", ""],
    [
        "b2",
        "Mohammed",
        "Rahman",
        "1990-07-01",
        "male",
        "M1 1AE",
        "3 Mill Lane, Selham",
        NHS_C,
        "",
        "",
    ],
    # Twins: same family name, date of birth and address, different given names.
    ["c1", "Leo", "Kowalski", "2015-09-09", "M", "B1 1AA", "7 Elm Close, Bromleigh", "", "", ""],
    ["c2", "Max", "Kowalski", "2015-09-09", "M", "B1 1AA", "7 Elm Close, Bromleigh", "", "", ""],
    # Field-level problems: a bad checksum, an unparseable date, an unknown sex code.
    ["d1", "Grace", "Okafor", "31/02/2001", "Q", "LS1 4AP", "9 Park Row, Leeds", BAD_NHS, "", ""],
    ["e1", "Tomasz", "Nowak", "1985-12-01", "M", "", "", "", "", ""],
]


@pytest.fixture(scope="module")
def deduped(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict[str, dict[str, str]], list[dict[str, str]]]:
    tmp_path = tmp_path_factory.mktemp("dedupe")
    source = tmp_path / "in.csv"
    with open(source, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*HEADER.split(","), "notes"])
        writer.writerows([*row, "extra column ignored"] for row in ROWS)
    output, review = tmp_path / "out.csv", tmp_path / "review.csv"
    call_command("dedupe", str(source), output=str(output), review=str(review))
    with open(output, encoding="utf-8") as handle:
        out = {row["record_id"]: row for row in csv.DictReader(handle)}
    with open(review, encoding="utf-8") as handle:
        pairs = list(csv.DictReader(handle))
    return out, pairs


def test_end_to_end_links_one_person_written_three_ways(
    deduped: tuple[dict[str, dict[str, str]], list[dict[str, str]]],
) -> None:
    out, _pairs = deduped
    assert list(out) == [row[0] for row in ROWS]
    assert out["a1"]["person_id"] == out["a2"]["person_id"] == out["a3"]["person_id"]
    assert out["a1"]["status"] == "linked"
    assert out["e1"]["status"] == "new"
    assert len({row["person_id"] for row in out.values()}) == len(out) - 2


def test_end_to_end_conflicting_identifiers_and_twins_go_to_review(
    deduped: tuple[dict[str, dict[str, str]], list[dict[str, str]]],
) -> None:
    out, pairs = deduped
    assert out["b1"]["person_id"] != out["b2"]["person_id"]
    assert out["c1"]["person_id"] != out["c2"]["person_id"]
    reviewed = {frozenset((p["record_id_l"], p["record_id_r"])) for p in pairs}
    assert frozenset(("b1", "b2")) in reviewed
    assert frozenset(("c1", "c2")) in reviewed
    assert {out[r]["status"] for r in ("b1", "b2", "c1", "c2")} == {"review"}
    assert all(0.0 <= float(p["match_probability"]) <= 1.0 for p in pairs)


def test_field_problems_are_reported_per_row_without_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER.split(","), *ROWS[7:9]])
    output, _review = _run(tmp_path, buffer.getvalue())
    err = capsys.readouterr().err
    assert (
        "record d1: date_of_birth: not a date; sex: unknown code; nhs_number: fails its checksum"
        in err
    )
    assert "record e1" not in err
    assert BAD_NHS not in err
    assert "read 2 records" in err
    assert output.exists()


def test_swapped_or_misspelt_names_still_share_a_blocking_key() -> None:
    from cairn.people.linkage.features import blocking_keys

    record = {
        "record_id": "1",
        "given_name": "Gary",
        "family_name": "Roberts",
        "date_of_birth": "2011-02-24",
        "postcode": "QN14 5PH",
        "address": "52 Mill Close, Fenwick",
    }
    swapped = dict(record, given_name="ROUBERTS", family_name="Gary", postcode="", address="")
    shared = set(blocking_keys(record)) & set(blocking_keys(swapped))
    assert {k.split(":")[0] for k in shared} == {"dob_initials", "sounds_year", "sounds_day"}
    # A year keyed one off and a slip in the surname: the Soundex codes and the day agree.
    slipped = dict(
        record, family_name="Robberts", date_of_birth="2001-02-24", postcode="", address=""
    )
    shared = set(blocking_keys(record)) & set(blocking_keys(slipped))
    assert {k.split(":")[0] for k in shared} == {"sounds_day"}


def test_a_record_has_at_most_sixteen_blocking_keys() -> None:
    from cairn.people.linkage.features import BLOCKING_KEY_COLUMNS

    assert len(BLOCKING_KEY_COLUMNS) <= 16


def test_soundex_codes() -> None:
    from cairn.lib.names import soundex

    assert soundex("Robert") == soundex("Rupert") == "R163"
    assert soundex("Ashcraft") == "A261"
    assert soundex("Tymczak") == "T522"
    assert soundex("Pfister") == "P236"
    assert soundex("Lee") == "L000"
    assert soundex("") == ""


@pytest.mark.slow
@pytest.mark.parametrize(
    "extra", [[], ["--train"], ["--fixed-model"]], ids=["model", "train", "fixed"]
)
def test_generated_records_dedupe_with_high_precision(tmp_path: Path, extra: list[str]) -> None:
    from cairn.lib.synthpop import write_population

    source = tmp_path / "in.csv"
    with open(source, "w", encoding="utf-8", newline="") as handle:
        write_population(handle, 3000, seed=11)
    with open(source, encoding="utf-8") as handle:
        truth = {row["record_id"]: row["person_id"] for row in csv.DictReader(handle)}
    output = tmp_path / "out.csv"
    call_command("dedupe", str(source), *extra, output=str(output))
    with open(output, encoding="utf-8") as handle:
        predicted = {row["record_id"]: row["person_id"] for row in csv.DictReader(handle)}
    members: dict[str, list[str]] = {}
    for record_id, person in predicted.items():
        members.setdefault(person, []).append(record_id)
    linked = [(a, b) for group in members.values() for a in group for b in group if a < b]
    assert len(linked) > 1000
    correct = sum(truth[a] == truth[b] for a, b in linked)
    assert correct / len(linked) >= 0.98  # a smoke test: benchmarks hold the real targets


def test_spark_settings_translate_every_level_and_keep_the_parameters() -> None:
    from cairn.people.linkage.model import load_model
    from cairn.people.linkage.settings import SPARK_JARO_WINKLER, spark_settings, spark_sql

    assert spark_sql('jaro_winkler_similarity("given_l", "given_r") >= 0.92') == (
        f"{SPARK_JARO_WINKLER.upper()}(`given_l`, `given_r`) >= 0.92"
    )
    model = load_model()["splink"]
    spark = spark_settings(model)
    assert spark["sql_dialect"] == "spark"
    for ours, theirs in zip(model["comparisons"], spark["comparisons"], strict=True):
        for level, translated in zip(
            ours["comparison_levels"], theirs["comparison_levels"], strict=True
        ):
            assert '"' not in translated["sql_condition"]
            assert {k: v for k, v in translated.items() if k != "sql_condition"} == {
                k: v for k, v in level.items() if k != "sql_condition"
            }
    assert all(
        '"' not in r["blocking_rule"] for r in spark["blocking_rules_to_generate_predictions"]
    )


def _read_output(path: Path) -> tuple[set[frozenset[str]], dict[str, str]]:
    members: dict[str, set[str]] = {}
    status: dict[str, str] = {}
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            members.setdefault(row["person_id"], set()).add(row["record_id"])
            status[row["record_id"]] = row["status"]
    return {frozenset(group) for group in members.values()}, status


@pytest.mark.slow
def test_spark_engine_gives_the_same_partition_and_statuses_as_duckdb(tmp_path: Path) -> None:
    pytest.importorskip("pyspark")
    from cairn.lib.synthpop import write_population

    source = tmp_path / "in.csv"
    with open(source, "w", encoding="utf-8", newline="") as handle:
        write_population(handle, 20_000, seed=2)
    results = {}
    for engine in ("duckdb", "spark"):
        output, review = tmp_path / f"{engine}.csv", tmp_path / f"{engine}-review.csv"
        call_command(
            "dedupe",
            str(source),
            "--fixed-model",
            output=str(output),
            review=str(review),
            engine=engine,
        )
        with open(review, encoding="utf-8") as handle:
            pairs = {(r["record_id_l"], r["record_id_r"]) for r in csv.DictReader(handle)}
        results[engine] = (*_read_output(output), pairs)
    groups, status, pairs = results["duckdb"]
    assert len(status) == 20_000
    assert any(len(group) > 1 for group in groups)
    assert set(status.values()) == {"linked", "review", "new"}
    assert results["spark"][0] == groups
    assert results["spark"][1] == status
    assert results["spark"][2] == pairs
