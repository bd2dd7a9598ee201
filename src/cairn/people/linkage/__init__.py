"""Identity resolution: the model that decides whether two records are one person.

- `features`: one raw record (the dedupe input's columns) to the columns the model compares,
  its data-quality problems, and `blocking_keys` for the person index.
- `settings`: the comparisons, each level as Splink SQL and as a Python predicate.
- `rules`: the deterministic rules after scoring (identifiers, conflicts, forced review).
- `scorer`: `score(a, b) -> MatchResult`, pure Python from `model.json` (online matching).
- `engine`, `dedupe`: the batch path through Splink on DuckDB (`cairn dedupe`).
- `train`: `train_model(records)` on labelled records; `model.json` is the shipped model.

Importing this package does not import Splink; only the batch path and training do.
"""

from cairn.people.linkage.features import blocking_keys, prepare
from cairn.people.linkage.rules import Thresholds
from cairn.people.linkage.scorer import FieldResult, MatchResult, Scorer, score

__all__ = [
    "FieldResult",
    "MatchResult",
    "Scorer",
    "Thresholds",
    "blocking_keys",
    "prepare",
    "score",
]
