"""Retrain the shipped linkage model (`src/cairn/people/linkage/model.json`) on generated
records with ground truth.

    .venv/bin/python benchmarks/dedupe_train.py [--records 100000] [--seed 3] [--output PATH]

The benchmarks evaluate on other seeds (2 for the figures, 0 for development), never on the
training seed.
"""

from __future__ import annotations

import argparse
import io
import time

from cairn.lib.synthpop import write_population
from cairn.people.linkage.model import MODEL_PATH, save_model
from cairn.people.linkage.train import read_labelled, train_model


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--error-scale", type=float, default=1.0)
    parser.add_argument("--output", default=str(MODEL_PATH))
    args = parser.parse_args()
    buffer = io.StringIO()
    write_population(buffer, args.records, seed=args.seed, error_scale=args.error_scale)
    buffer.seek(0)
    started = time.perf_counter()
    records = read_labelled(buffer)
    model = train_model(
        records,
        description=(
            f"synthpop {args.records:,} records, seed {args.seed}, error scale {args.error_scale:g}"
        ),
    )
    save_model(model, args.output)
    print(f"trained on {len(records):,} records in {time.perf_counter() - started:.1f} s")
    print(f"wrote {args.output} (version {model['version']})")


if __name__ == "__main__":
    main()
