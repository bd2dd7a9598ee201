"""Equality monitoring: outcome rates by ethnicity, sex and age band, each with its count and
a 95% Wilson score interval, from the same suppressed cells as the release (a rate whose
count is withheld is withheld too)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from cairn.reporting.dimensions import DIMENSIONS
from cairn.reporting.release import MEASURES, Area, YearCells, _shown

Z95 = 1.959963984540054
#: Outcomes monitored: name, label and the published measures summed.
OUTCOMES: dict[str, tuple[str, tuple[str, ...]]] = {
    "closed": ("Closed at gateway", ("nfa", "signposted")),
    "panel": ("Discussed at panel", ("panel",)),
    "adopted": ("Adopted", ("adopted",)),
}
EQUALITY_DIMENSIONS = ("ethnicity", "gender", "age_band")
_INDEX = {key: i for i, key in enumerate(MEASURES)}


def wilson(successes: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for a proportion (good at small counts and near 0 or 1)."""
    if trials <= 0:
        raise ValueError("trials: must be at least 1")
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return low, high


@dataclass(frozen=True)
class Rate:
    count: int | None
    rate: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class EqualityRow:
    label: str
    referrals: int | None
    rates: list[Rate]
    outside_overall: list[bool]  # the interval excludes the overall rate


@dataclass(frozen=True)
class EqualityTable:
    key: str
    title: str
    outcomes: list[str]
    overall: EqualityRow
    rows: list[EqualityRow]


def _rate(
    year: YearCells, area: Area, dim: str, value: str, outcome: str
) -> tuple[int | None, int | None]:
    a = area.key
    referred = _shown(year, (_INDEX["referred"], a, 0, dim, value), 1)
    counts = [_shown(year, (_INDEX[m], a, 0, dim, value), 1) for m in OUTCOMES[outcome][1]]
    count = None if any(c is None for c in counts) else sum(c or 0 for c in counts)
    return count, referred


def _row(
    label: str, pairs: list[tuple[int | None, int | None]], overall: list[float | None]
) -> EqualityRow:
    rates, outside = [], []
    referrals = pairs[0][1] if pairs else None
    for (count, trials), base in zip(pairs, overall, strict=True):
        if count is None or not trials:
            rates.append(Rate(count, None, None, None))
            outside.append(False)
            continue
        low, high = wilson(count, trials)
        rates.append(Rate(count, count / trials, low, high))
        outside.append(base is not None and not low <= base <= high)
    return EqualityRow(label, referrals, rates, outside)


def equality_tables(year: YearCells, area: Area) -> list[EqualityTable]:
    overall_pairs = [_rate(year, area, "all", "", o) for o in OUTCOMES]
    overall_row = _row("All referrals", overall_pairs, [None] * len(OUTCOMES))
    base = [r.rate for r in overall_row.rates]
    tables = []
    for dim in EQUALITY_DIMENSIONS:
        title, labels = DIMENSIONS[dim]
        rows = [
            _row(label, [_rate(year, area, dim, value, o) for o in OUTCOMES], base)
            for value, label in labels.items()
        ]
        tables.append(
            EqualityTable(dim, title, [v[0] for v in OUTCOMES.values()], overall_row, rows)
        )
    return tables
