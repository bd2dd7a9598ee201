"""Training the model on records with ground truth (a `person_id` column, as the synthetic
generator writes): u-probabilities by random sampling, m-probabilities from the labels,
term frequencies and the prior counted directly."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from cairn.people.linkage.engine import PRIOR_RULES, feature_table, make_linker, quiet_splink
from cairn.people.linkage.model import FORMAT
from cairn.people.linkage.settings import splink_settings

TF_COLUMNS = ("given", "family")
# Keep term frequencies for values seen at least this often: rarer values get no adjustment
# online (their exact-match u from the model stands), which errs towards a lower score.
_TF_MIN_COUNT = 2


def read_labelled(source: Path | str | TextIO) -> list[dict[str, str | None]]:
    """Records from a CSV with a header (a path or an open text stream)."""
    if isinstance(source, (str, Path)):
        with open(source, encoding="utf-8", newline="") as handle:
            return read_labelled(handle)
    return [{k: (v or None) for k, v in row.items()} for row in csv.DictReader(source)]


def _pairs(labels: Sequence[str | None]) -> int:
    counts = Counter(label for label in labels if label)
    return sum(n * (n - 1) // 2 for n in counts.values())


def train_model(
    records: Sequence[Mapping[str, str | None]],
    *,
    label_column: str = "person_id",
    description: str = "",
    max_pairs: float = 2e7,
    seed: int = 1,
) -> dict[str, Any]:
    """Train the model on labelled records and return it as the model-file dict."""
    quiet_splink()
    table, _problems = feature_table(records, extra_columns=(label_column,))
    n = table.num_rows
    labels = table.column(label_column).to_pylist()
    true_pairs = _pairs(labels)
    prior = true_pairs / (n * (n - 1) / 2)

    linker = make_linker(table, splink_settings(prior))
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=seed)
    linker.training.estimate_m_from_label_column(label_column)
    settings = linker.misc.save_model_to_json()

    deterministic_recall = _deterministic_recall(linker, label_column, true_pairs)

    tf: dict[str, dict[str, float]] = {}
    for column in TF_COLUMNS:
        values = [v for v in table.column(column).to_pylist() if v is not None]
        counts = Counter(values)
        total = len(values)
        tf[column] = {
            value: count / total for value, count in counts.items() if count >= _TF_MIN_COUNT
        }
    _fill_unobserved(settings)
    return {
        "format": FORMAT,
        "version": datetime.now(UTC).strftime("%Y%m%d%H%M%S"),
        "trained_on": description or f"{n} labelled records",
        "records": n,
        "true_pairs": true_pairs,
        "deterministic_recall": deterministic_recall,
        "term_frequencies": tf,
        "splink": settings,
    }


def _deterministic_recall(linker: Any, label_column: str, true_pairs: int) -> float:
    """What share of true pairs the prior-estimation rules find, on the training data."""
    if not true_pairs:
        return 1.0
    table = linker._input_tables_dict["records"].physical_name
    rules = " OR ".join(f"({rule})" for rule in PRIOR_RULES)
    sql = (
        f"SELECT count(*) FROM {table} l JOIN {table} r "  # noqa: S608
        f"ON l.record_id < r.record_id AND ({rules}) "
        f'WHERE l."{label_column}" = r."{label_column}"'
    )
    found = int(linker._db_api._con.execute(sql).fetchone()[0])
    return max(found / true_pairs, 0.05)


# The least m-probability a level keeps. Synthetic data never shows some errors real data
# has (a sex keyed wrongly, a move within a sector); without a floor the model would treat
# them as near-impossible for one person and one slip would outweigh every other field.
M_FLOOR = 1e-3


def _fill_unobserved(settings: dict[str, Any]) -> None:
    """Complete the file so the Python scorer and Splink read the same numbers: a level never
    seen gets Splink's own floor for u (1e-6), and every m is floored at `M_FLOOR` and the
    comparison's m-probabilities renormalised."""
    for comparison in settings["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        for level in levels:
            if level.get("u_probability") is None:
                level["u_probability"] = 1e-6
            level["m_probability"] = max(float(level.get("m_probability") or 0.0), M_FLOOR)
        total = sum(level["m_probability"] for level in levels)
        for level in levels:
            level["m_probability"] = level["m_probability"] / total


def main(argv: Sequence[str] | None = None) -> None:
    import argparse

    from cairn.people.linkage.model import MODEL_PATH, save_model

    parser = argparse.ArgumentParser(description="Train the linkage model on labelled CSV.")
    parser.add_argument("csv")
    parser.add_argument("--output", default=str(MODEL_PATH))
    parser.add_argument("--label-column", default="person_id")
    args = parser.parse_args(argv)
    records = read_labelled(args.csv)
    model = train_model(records, label_column=args.label_column, description=Path(args.csv).name)
    save_model(model, args.output)


if __name__ == "__main__":
    main()
