"""Retrain the shipped linkage model (`src/cairn/people/linkage/model.json`) on generated
records with ground truth.

    .venv/bin/python benchmarks/dedupe_train.py [--records 100000] [--mix 3:1 4:2 5:2]
        [--output PATH]

`--mix` lists the generated sets trained on together, each `SEED:ERROR_SCALE` of `--records`
records: by default one at the documented error rates and two at double them, so that partial
agreements carry the weight they have in messier extracts. Record and person ids are prefixed
with the seed, so no two sets share a person. The benchmarks evaluate on other seeds (2 for
the figures, 0 for development), never on a training seed.
"""

from __future__ import annotations

import argparse
import io
import time

from cairn.lib.synthpop import write_population
from cairn.people.linkage.model import MODEL_PATH, save_model
from cairn.people.linkage.train import read_labelled, train_model

DEFAULT_MIX = ("3:1", "4:2", "5:2")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--mix", nargs="+", default=list(DEFAULT_MIX), metavar="SEED:SCALE")
    parser.add_argument("--output", default=str(MODEL_PATH))
    args = parser.parse_args()
    records: list[dict[str, str | None]] = []
    parts: list[str] = []
    for spec in args.mix:
        seed_text, _, scale_text = spec.partition(":")
        seed, scale = int(seed_text), float(scale_text or "1")
        if seed in (0, 2):
            parser.error("seeds 0 and 2 are for development and evaluation, not training")
        buffer = io.StringIO()
        write_population(buffer, args.records, seed=seed, error_scale=scale)
        buffer.seek(0)
        for record in read_labelled(buffer):
            record["record_id"] = f"{seed}-{record['record_id']}"
            record["person_id"] = f"{seed}-{record['person_id']}"
            records.append(record)
        parts.append(f"seed {seed} at error scale {scale:g}")
    started = time.perf_counter()
    model = train_model(
        records,
        description=f"synthpop, {args.records:,} records each: " + ", ".join(parts),
    )
    save_model(model, args.output)
    print(f"trained on {len(records):,} records in {time.perf_counter() - started:.1f} s")
    print(f"wrote {args.output} (version {model['version']})")


if __name__ == "__main__":
    main()
