"""Train the indicator suggester's model on the development sets, or measure it by leaving each
development set out in turn (issue 5, ADR 0017).

    .venv/bin/python benchmarks/indicators_train.py            # train on dev, dev2, dev3; write
                                                               # src/cairn/indicators/model.npz
    .venv/bin/python benchmarks/indicators_train.py --cross    # leave-one-set-out figures

`--cross` trains on all development sets but one and scores the one left out three ways: the
lexicon alone, the model alone (its probability at the thresholds, no scopes), and both
together as `suggest` reads them. The held-out set is never read here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from cairn.indicators import model as indicator_model  # noqa: E402
from cairn.indicators import train  # noqa: E402
from cairn.indicators.suggest import suggest_using  # noqa: E402
from cairn.lib.vocab import INDICATORS, RED_FLAG_INDICATORS  # noqa: E402

DEVELOPMENT = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6")
#: The probability at which the model suggests a code, chosen on dev3 left out (the only set
#: neither the lexicon nor the model had seen): lower for the red flags, which block
#: closures, so that missing one costs most.
THRESHOLD = 0.4
RED_FLAG_THRESHOLD = 0.3
#: The probability under which the model drops the lexicon's suggestion, chosen the same way:
#: it removed about a quarter of the lexicon's false alarms on dev3 and dev4 for about one
#: point of recall, and almost never touches a red flag.
VETO = 0.05
RED_FLAG_VETO = 0.02


def thresholds() -> dict[str, float]:
    return {c: RED_FLAG_THRESHOLD if c in RED_FLAG_INDICATORS else THRESHOLD for c in INDICATORS}


def vetoes() -> dict[str, float]:
    return {c: RED_FLAG_VETO if c in RED_FLAG_INDICATORS else VETO for c in INDICATORS}


def load(name: str) -> tuple[list[dict[str, Any]], str]:
    path = HERE / "indicators" / f"{name}.jsonl"
    data = path.read_bytes()
    rows = [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]
    return rows, hashlib.sha256(data).hexdigest()


def _prf(found: list[set[str]], rows: list[dict[str, Any]], codes: object) -> str:
    wanted = set(codes)  # type: ignore[call-overload]
    tp = fp = fn = 0
    for predicted, row in zip(found, rows, strict=True):
        gold = set(row["indicators"]) & wanted
        predicted = predicted & wanted
        tp, fp, fn = (
            tp + len(predicted & gold),
            fp + len(predicted - gold),
            fn + len(gold - predicted),
        )
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f} R {r:.3f} F1 {f:.3f}"


def cross() -> None:
    sets = {name: load(name)[0] for name in DEVELOPMENT}
    limits = thresholds()
    for left_out in DEVELOPMENT:
        rows = sets[left_out]
        training = [r for name in DEVELOPMENT if name != left_out for r in sets[name]]
        trained = train.train(training, list(INDICATORS))
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "model.npz"
            train.save(trained, path, limits, vetoes(), {"version": f"without-{left_out}"})
            model = indicator_model.load(path)
        probabilities = trained.probabilities([str(r["text"]) for r in rows])
        alone = [
            {c for c in INDICATORS if probabilities[c][i] >= limits[c]} for i in range(len(rows))
        ]
        lexicon = [{s.code for s in suggest_using(str(r["text"]), None)} for r in rows]
        both = [{s.code for s in suggest_using(str(r["text"]), model)} for r in rows]
        print(f"{left_out} left out ({len(rows)} narratives; trained on {len(training)}):")
        for label, found in (("lexicon", lexicon), ("model", alone), ("both", both)):
            print(
                f"  {label:8} overall {_prf(found, rows, INDICATORS)}   "
                f"red flags {_prf(found, rows, RED_FLAG_INDICATORS)}"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cross", action="store_true", help="leave-one-set-out figures")
    parser.add_argument("--output", type=Path, default=indicator_model.MODEL_PATH)
    args = parser.parse_args()
    if args.cross:
        cross()
        return
    rows: list[dict[str, Any]] = []
    provenance = {}
    for name in DEVELOPMENT:
        found, digest = load(name)
        rows.extend(found)
        provenance[f"{name}.jsonl"] = {"narratives": len(found), "sha256": digest}
    import sklearn

    trained = train.train(rows, list(INDICATORS))
    version = hashlib.sha256(
        json.dumps(provenance, sort_keys=True).encode()
        + repr((thresholds(), vetoes(), train.C)).encode()
    ).hexdigest()[:12]
    train.save(
        trained,
        args.output,
        thresholds(),
        vetoes(),
        {
            "version": version,
            "trained_on": provenance,
            "thresholds": {"red_flags": RED_FLAG_THRESHOLD, "other": THRESHOLD},
            "vetoes": {"red_flags": RED_FLAG_VETO, "other": VETO},
            "C": train.C,
            "min_df": {"words": train.WORD_MIN_DF, "characters": train.CHAR_MIN_DF},
            "scikit_learn": sklearn.__version__,
        },
    )
    size = args.output.stat().st_size
    print(
        f"trained on {len(rows)} narratives: {len(trained.word_vectorizer.idf_):,} word and "
        f"{len(trained.char_vectorizer.idf_):,} character features; {args.output} "
        f"({size / 1e6:.1f} MB), version {version}"
    )


if __name__ == "__main__":
    main()
