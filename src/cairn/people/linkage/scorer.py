"""Score one pair of records in pure Python from the model JSON, as Splink's `score_pairs`
would (a test holds them to 1e-6), for online matching of an incoming record against the
few candidates the person index returns by blocking key.

    scorer = Scorer.shipped()
    result = scorer.score(incoming, candidate)
    result.probability, result.outcome, result.fields  # the per-field waterfall
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cairn.people.linkage.features import prepare
from cairn.people.linkage.model import load_model
from cairn.people.linkage.rules import Decision, Outcome, Thresholds, decide
from cairn.people.linkage.settings import FIELDS, Field, Row

_CLAMP = 1e-300


@dataclass(frozen=True)
class FieldResult:
    """One bar of the waterfall: which level the field fell into and what it weighed."""

    field: str
    label: str
    gamma: int
    level_weight: float
    tf_adjustment: float

    @property
    def weight(self) -> float:
        return self.level_weight + self.tf_adjustment


@dataclass(frozen=True)
class MatchResult:
    """A scored pair: probability and weight, the waterfall (`prior_weight` plus each
    field's weight sums to `match_weight`), the outcome under the scorer's thresholds,
    whether an identifier rule decided it, which identifier types conflict, why it must
    go to review if it must, and the model version to record with any link."""

    probability: float
    match_weight: float
    prior_weight: float
    fields: tuple[FieldResult, ...]
    outcome: Outcome
    deterministic: bool
    conflicts: tuple[str, ...]
    forced_review_reason: str | None
    model_version: str


@dataclass(frozen=True)
class _LevelParams:
    weight: float
    tf_column: str | None
    tf_weight: float
    tf_min_u: float
    log2_u_exact: float


def _bayes_log2(level: Mapping[str, Any]) -> float:
    m, u = level.get("m_probability"), level.get("u_probability")
    if m is None or u is None:
        raise ValueError(f"level {level.get('label_for_charts')!r} has no m or u probability")
    return math.log2(max(float(m), _CLAMP) / max(float(u), _CLAMP))


class Scorer:
    """Scores pairs with one model's parameters and term frequencies."""

    def __init__(
        self,
        model: Mapping[str, Any],
        thresholds: Thresholds = Thresholds(),  # noqa: B008
        term_frequencies: Mapping[str, Mapping[str, float]] | None = None,
        communal_addresses: frozenset[str] = frozenset(),
    ) -> None:
        """`term_frequencies` (column to value to share of records) default to the model's;
        `communal_addresses` are normalised addresses listed as communal."""
        self.communal_addresses = communal_addresses
        splink = model["splink"]
        prior = float(splink["probability_two_random_records_match"])
        self.prior_weight = math.log2(prior / (1 - prior))
        self.thresholds = thresholds
        self.term_frequencies = (
            term_frequencies if term_frequencies is not None else model["term_frequencies"]
        )
        self.version = str(model.get("version", ""))
        by_name = {c["output_column_name"]: c for c in splink["comparisons"]}
        self._params: list[tuple[Field, list[_LevelParams | None]]] = []
        for fld in FIELDS:
            levels = by_name[fld.name]["comparison_levels"]
            labels = [lv.get("label_for_charts") for lv in levels]
            if labels != [lv.label for lv in fld.levels]:
                raise ValueError(f"model's {fld.name} levels do not match the code's")
            params: list[_LevelParams | None] = []
            for level in levels:
                if level.get("is_null_level"):
                    params.append(None)
                    continue
                tf_column = level.get("tf_adjustment_column")
                # Splink adjusts against the u of the exact-match level on the tf column;
                # in this model only exact-match levels carry an adjustment, so it is
                # the level's own u.
                log2_u_exact = math.log2(float(level["u_probability"])) if tf_column else 0.0
                params.append(
                    _LevelParams(
                        weight=_bayes_log2(level),
                        tf_column=tf_column,
                        tf_weight=float(level.get("tf_adjustment_weight", 1.0)),
                        tf_min_u=float(level.get("tf_minimum_u_value", 0.0)),
                        log2_u_exact=log2_u_exact,
                    )
                )
            self._params.append((fld, params))

    @classmethod
    def shipped(cls) -> Scorer:
        return _shipped_scorer()

    def _tf(self, row: Row, column: str) -> float | None:
        key = f"tf_{column}"
        if key in row:  # supplied with the record (None: no adjustment, as in Splink)
            given = row[key]
            return None if given is None else float(str(given))
        value = row.get(column)
        if value is None:
            return None
        found = self.term_frequencies.get(column, {}).get(str(value))
        return None if found is None else float(found)

    def score_prepared(self, left: Row, right: Row) -> MatchResult:
        """Score two records already passed through `features.prepare`."""
        total = self.prior_weight
        results: list[FieldResult] = []
        labels: dict[str, str] = {}
        for fld, params in self._params:
            index = fld.level_of(left, right)
            level = fld.levels[index]
            p = params[index]
            level_weight = 0.0 if p is None else p.weight
            tf_adj = 0.0
            if p is not None and p.tf_column:
                tf_l, tf_r = self._tf(left, p.tf_column), self._tf(right, p.tf_column)
                present = [v for v in (tf_l, tf_r) if v is not None]
                if present:
                    tf_u = max([*present, p.tf_min_u])
                    tf_adj = p.tf_weight * (p.log2_u_exact - math.log2(tf_u))
            total += level_weight + tf_adj
            labels[fld.name] = level.label
            results.append(
                FieldResult(fld.name, level.label, fld.gamma_of(index), level_weight, tf_adj)
            )
        probability = _probability(total)
        communal = bool(left.get("communal")) or bool(right.get("communal"))
        decision: Decision = decide(labels, communal, probability, self.thresholds)
        conflicts = tuple(
            c
            for c in ("nhs", "upn", "pnc")
            if left.get(c) is not None and right.get(c) is not None and left[c] != right[c]
        )
        return MatchResult(
            probability=probability,
            match_weight=total,
            prior_weight=self.prior_weight,
            fields=tuple(results),
            outcome=decision.outcome,
            deterministic=decision.deterministic,
            conflicts=conflicts,
            forced_review_reason=decision.forced_review_reason,
            model_version=self.version,
        )

    def score(
        self, record_a: Mapping[str, str | None], record_b: Mapping[str, str | None]
    ) -> MatchResult:
        """Score two raw records (the dedupe input's columns)."""
        listed = self.communal_addresses
        return self.score_prepared(
            prepare(record_a, listed).values, prepare(record_b, listed).values
        )


def _probability(weight: float) -> float:
    if weight >= 0:
        return 1.0 / (1.0 + math.pow(2.0, -weight))
    return math.pow(2.0, weight) / (1.0 + math.pow(2.0, weight))


@lru_cache(maxsize=1)
def _shipped_scorer() -> Scorer:
    return Scorer(load_model())


def score(record_a: Mapping[str, str | None], record_b: Mapping[str, str | None]) -> MatchResult:
    """Score two raw records with the shipped model and default thresholds."""
    return Scorer.shipped().score(record_a, record_b)
