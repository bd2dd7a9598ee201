"""Batch de-duplication of a CSV of records (`cairn dedupe`): read and check the file, score
candidate pairs with Splink, apply the deterministic rules, cluster the auto-links and
write each record's person and status, and the pairs for clerical review.

No database is touched: this runs where Cairn's own database was never migrated.
"""

from __future__ import annotations

import csv
import io
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from cairn.people.linkage.engine import (
    PRIOR_RULES,
    engine_sql,
    feature_table,
    fetch_rows,
    make_linker,
    quiet_splink,
)
from cairn.people.linkage.features import normalise_address
from cairn.people.linkage.model import load_model
from cairn.people.linkage.rules import Thresholds, decide
from cairn.people.linkage.settings import FIELDS, FIELDS_BY_NAME, splink_settings

REQUIRED_COLUMN = "record_id"
# Below this many records u-probabilities and the prior are not estimated from the input.
SMALL_INPUT = 2000
_RETAIN_PROBABILITY = 0.001
_MAX_PROBLEM_LINES = 200


class InputError(Exception):
    """The input file is structurally broken; the message names the row."""


@dataclass
class DedupeResult:
    person_of: dict[str, str]
    status_of: dict[str, str]
    review_pairs: list[tuple[str, str, float]]
    problems: list[tuple[str, list[str]]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


Progress = Callable[[str], None]


def _silent(_message: str) -> None:
    return None


def read_records(path: Path | str) -> tuple[list[str], list[dict[str, str | None]]]:
    """Read and check a dedupe input file: UTF-8, well-formed CSV, a `record_id` column,
    every row the header's width, record ids present and unique."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(f"line {line}: not UTF-8 text") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("line 1: the file is empty; it needs a header row") from None
    except csv.Error as error:
        raise InputError(f"line 1: malformed CSV ({error})") from None
    header = [name.strip() for name in header]
    if REQUIRED_COLUMN not in header:
        raise InputError(f"line 1: the header has no {REQUIRED_COLUMN} column")
    id_index = header.index(REQUIRED_COLUMN)
    width = len(header)
    records: list[dict[str, str | None]] = []
    seen: dict[str, int] = {}
    rows: Iterator[list[str]] = iter(reader)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as error:
            raise InputError(f"line {reader.line_num}: malformed CSV ({error})") from None
        line = reader.line_num
        if not row:
            continue
        if len(row) != width:
            raise InputError(f"line {line}: {len(row)} fields where the header has {width}")
        record_id = row[id_index].strip()
        if not record_id:
            raise InputError(f"line {line}: no record_id")
        if record_id in seen:
            raise InputError(f"line {line}: record_id {record_id!r} repeats line {seen[record_id]}")
        seen[record_id] = line
        record: dict[str, str | None] = {
            name: (value if value.strip() else None)
            for name, value in zip(header, row, strict=True)
        }
        record[REQUIRED_COLUMN] = record_id
        records.append(record)
    return header, records


def read_communal_addresses(path: Path | str) -> frozenset[str]:
    """Addresses listed as communal, one a line as the records write them (blank lines are
    skipped), in the normal form the matching features compare."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(f"line {line}: not UTF-8 text") from None
    listed = (normalise_address(line) for line in text.splitlines())
    return frozenset(address for address in listed if address)


class _Clusters:
    """Union-find over records that refuses a union joining different identifiers of one
    type, so conflicting identifiers never end up auto-linked, even through a third record."""

    def __init__(self, ids: dict[str, dict[str, str]]) -> None:
        self.parent: dict[str, str] = {}
        self.ids = ids

    def find(self, item: str) -> str:
        parent = self.parent.get(item, item)
        if parent == item:
            return item
        root = self.find(parent)
        self.parent[item] = root
        return root

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        ids_a, ids_b = self.ids.get(ra, {}), self.ids.get(rb, {})
        for kind, value in ids_a.items():
            if kind in ids_b and ids_b[kind] != value:
                return False
        self.parent[rb] = ra
        if ids_b:
            self.ids[ra] = {**ids_b, **ids_a}
        return True


def dedupe_records(
    records: Sequence[dict[str, str | None]],
    *,
    model: dict[str, Any] | None = None,
    train: bool = False,
    engine: str = "duckdb",
    thresholds: Thresholds = Thresholds(),  # noqa: B008
    progress: Progress = _silent,
    u_max_pairs: float | None = None,
    fixed_model: bool = False,
    communal_addresses: frozenset[str] = frozenset(),
) -> DedupeResult:
    """De-duplicate records already read and checked by `read_records`. `fixed_model` keeps
    the model's u-probabilities instead of estimating them on the input (deterministic, for
    comparing engines). `communal_addresses` (normalised, as `read_communal_addresses`
    returns them) are communal as well as those whose name says so: a pair at one always
    goes to review."""
    quiet_splink()
    timings: dict[str, float] = {}
    start = time.perf_counter()
    model = model if model is not None else load_model()
    table, problems = feature_table(records, communal_addresses=communal_addresses)
    timings["prepare"] = time.perf_counter() - start
    n = table.num_rows
    progress(f"prepared {n:,} records ({timings['prepare']:.1f} s)")

    # Matching columns carry the gamma (level) columns the rules read.
    # Blocking rules come from the code (they follow the feature columns), parameters
    # from the model.
    settings = {
        **model["splink"],
        "retain_matching_columns": True,
        "blocking_rules_to_generate_predictions": splink_settings()[
            "blocking_rules_to_generate_predictions"
        ],
    }
    estimate = n >= SMALL_INPUT and not fixed_model
    if n >= 2 and not estimate:
        # Too few records to estimate from, or asked to keep the model as it is: keep the
        # model's u-probabilities, and its expected number of matches per record for the prior.
        if train:
            progress("not training: too few records, or --fixed-model; using the model")
        trained_n = int(model.get("records", n))
        per_record = float(settings["probability_two_random_records_match"]) * (trained_n - 1)
        settings["probability_two_random_records_match"] = min(per_record / (n - 1), 0.5)
    linker = make_linker(table, settings, engine)
    t = time.perf_counter()
    if estimate:
        max_pairs = u_max_pairs or min(5e6, n * 50.0)
        linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=1)
        if train:
            for rule in (
                'l."dob" = r."dob"',
                'l."given_nick" = r."given_nick" AND l."family_key" = r."family_key" '
                'AND substr(l."dob", 1, 4) = substr(r."dob", 1, 4)',
            ):
                linker.training.estimate_parameters_using_expectation_maximisation(
                    engine_sql(rule, engine)
                )
        recall = float(model.get("deterministic_recall", 0.5))
        try:
            linker.training.estimate_probability_two_random_records_match(
                [engine_sql(rule, engine) for rule in PRIOR_RULES], recall=recall
            )
        except Exception:  # no deterministic matches: keep the model's prior
            progress("no exact matches to estimate the prior from; keeping the model's")
    timings["train"] = time.perf_counter() - t
    progress(f"model parameters ready ({timings['train']:.1f} s)")

    t = time.perf_counter()
    rows = _predict(linker, n, thresholds, engine)
    timings["predict"] = time.perf_counter() - t
    progress(f"scored {len(rows):,} candidate pairs ({timings['predict']:.1f} s)")

    t = time.perf_counter()
    result = _decide_and_cluster(records, table, rows, thresholds)
    result.problems = problems
    timings["cluster"] = time.perf_counter() - t
    result.timings = timings
    progress(f"clustered ({timings['cluster']:.1f} s)")
    return result


_GAMMA_LABELS = {
    fld.name: {fld.gamma_of(i): level.label for i, level in enumerate(fld.levels)} for fld in FIELDS
}


def _gamma(field: str, label: str) -> int:
    fld = FIELDS_BY_NAME[field]
    return fld.gamma_of([lv.label for lv in fld.levels].index(label))


def _predict(
    linker: Any, n: int, thresholds: Thresholds, engine: str = "duckdb"
) -> list[tuple[Any, ...]]:
    """Scored candidate pairs that some rule could make anything but "new": above the review
    threshold, sharing an identifier, or sharing family name and date of birth (twins)."""
    if n < 2:
        return []
    predictions = linker.inference.predict(
        threshold_match_probability=_RETAIN_PROBABILITY, warning_mode="never"
    )
    gamma_cols = ", ".join(f'"gamma_{f.name}"' for f in FIELDS)
    family = (_gamma("family_name", "exact"), _gamma("family_name", "same spelling key"))
    sql = (
        'SELECT "record_id_l", "record_id_r", "match_probability", '  # noqa: S608
        f'coalesce("communal_l", false) OR coalesce("communal_r", false), {gamma_cols} '
        f"FROM {predictions.physical_name} "
        f'WHERE "match_probability" >= {min(thresholds.review, 1.0)!r} '
        f'OR "gamma_identifiers" = {_gamma("identifiers", "agree")} '
        f'OR ("gamma_family_name" IN {family} '
        f'AND "gamma_date_of_birth" = {_gamma("date_of_birth", "exact")})'
    )
    rows = fetch_rows(linker, sql, engine)
    predictions.drop_table_from_database_and_remove_from_cache()
    return rows


def _decide_and_cluster(
    records: Sequence[dict[str, str | None]],
    table: Any,
    rows: list[tuple[Any, ...]],
    thresholds: Thresholds,
) -> DedupeResult:
    record_ids = [str(r["record_id"]) for r in records]
    ids: dict[str, dict[str, str]] = {}
    for kind in ("nhs", "upn", "pnc"):
        for rid, value in zip(record_ids, table.column(kind).to_pylist(), strict=True):
            if value is not None:
                ids.setdefault(rid, {})[kind] = value

    links: list[tuple[float, str, str]] = []
    reviews: list[tuple[float, str, str]] = []
    names = [f.name for f in FIELDS]
    # The outcome depends on the probability only through the thresholds, so it is decided
    # once per pattern of levels rather than once per pair.
    outcomes: dict[tuple[Any, ...], str] = {}
    for row in rows:
        left, right, probability = str(row[0]), str(row[1]), float(row[2])
        pattern = (
            row[3:],
            probability >= thresholds.auto_link,
            probability >= thresholds.review,
        )
        outcome = outcomes.get(pattern)
        if outcome is None:
            levels = {
                name: _GAMMA_LABELS[name][int(gamma)]
                for name, gamma in zip(names, row[4:], strict=True)
            }
            outcome = decide(levels, bool(row[3]), probability, thresholds).outcome
            outcomes[pattern] = outcome
        if outcome == "linked":
            links.append((probability, left, right))
        elif outcome == "review":
            reviews.append((probability, left, right))

    clusters = _Clusters(ids)
    links.sort(key=lambda item: (-item[0], item[1], item[2]))
    for probability, left, right in links:
        if not clusters.union(left, right):
            reviews.append((probability, left, right))

    order = {rid: i for i, rid in enumerate(record_ids)}
    roots: dict[str, str] = {}
    person_of: dict[str, str] = {}
    sizes: dict[str, int] = {}
    for rid in record_ids:
        root = clusters.find(rid)
        if root not in roots:
            roots[root] = f"P{len(roots) + 1:07d}"
        person_of[rid] = roots[root]
        sizes[root] = sizes.get(root, 0) + 1

    # One review pair per pair of clusters: the most probable, ties broken by input order,
    # so the output does not depend on the order the engine returned pairs in.
    best: dict[tuple[str, str], tuple[float, str, str]] = {}
    ranked = []
    for probability, left, right in reviews:
        a, b = (left, right) if order[left] < order[right] else (right, left)
        ranked.append((-probability, order[a], order[b], a, b))
    ranked.sort()
    for negative, _oa, _ob, a, b in ranked:
        pa_, pb = person_of[a], person_of[b]
        if pa_ == pb:
            continue
        key = (min(pa_, pb), max(pa_, pb))
        if key not in best:
            best[key] = (-negative, a, b)
    review_pairs = sorted(
        ((a, b, p) for p, a, b in best.values()), key=lambda item: (order[item[0]], order[item[1]])
    )
    in_review = {rid for a, b, _p in review_pairs for rid in (a, b)}
    status_of = {
        rid: "review" if rid in in_review else "linked" if sizes[clusters.find(rid)] > 1 else "new"
        for rid in record_ids
    }
    return DedupeResult(person_of=person_of, status_of=status_of, review_pairs=review_pairs)


def write_outputs(
    records: Sequence[dict[str, str | None]],
    result: DedupeResult,
    output: Path | str,
    review: Path | str | None,
) -> None:
    """Write the output and review files (each complete, or not at all)."""
    outputs: list[tuple[Path, list[list[str]]]] = [
        (
            Path(output),
            [["record_id", "person_id", "status"]]
            + [
                [
                    str(r["record_id"]),
                    result.person_of[str(r["record_id"])],
                    result.status_of[str(r["record_id"])],
                ]
                for r in records
            ],
        )
    ]
    if review is not None:
        outputs.append(
            (
                Path(review),
                [["record_id_l", "record_id_r", "match_probability"]]
                + [[a, b, f"{p:.6f}"] for a, b, p in result.review_pairs],
            )
        )
    staged: list[tuple[Path, Path]] = []
    try:
        for path, lines in outputs:
            temporary = path.with_name(f".{path.name}.partial")
            with open(temporary, "w", encoding="utf-8", newline="") as handle:
                csv.writer(handle).writerows(lines)
            staged.append((temporary, path))
        for temporary, path in staged:
            temporary.replace(path)
    finally:
        for temporary, _path in staged:
            temporary.unlink(missing_ok=True)


def report_problems(problems: Sequence[tuple[str, list[str]]], stream: TextIO = sys.stderr) -> None:
    """The per-row data-quality summary: record id and field, never the value."""
    if not problems:
        return
    stream.write(f"data quality: {len(problems):,} records have fields not used for matching\n")
    for record_id, found in problems[:_MAX_PROBLEM_LINES]:
        stream.write(f"  record {record_id}: {'; '.join(found)}\n")
    if len(problems) > _MAX_PROBLEM_LINES:
        stream.write(f"  ... and {len(problems) - _MAX_PROBLEM_LINES:,} more records\n")
