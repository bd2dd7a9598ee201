"""The suggester's model (ADR 0017): its arrays score what scikit-learn scores; what it adds is
evidence in a sentence, read with the lexicon's scopes; the shipped file was trained on the
development sets only; and without the file the lexicon works alone."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from cairn.indicators import model as indicator_model
from cairn.indicators import train
from cairn.indicators.suggest import suggest, suggest_using, text_features
from cairn.lib.vocab import INDICATORS

SETS = Path(__file__).resolve().parents[2] / "benchmarks" / "indicators"


def _rows(name: str) -> list[dict[str, object]]:
    lines = (SETS / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[train.Trained, Path]:
    fitted = train.train(_rows("dev"), list(INDICATORS))
    path = tmp_path_factory.mktemp("model") / "model.npz"
    train.save(
        fitted,
        path,
        dict.fromkeys(INDICATORS, 0.5),
        dict.fromkeys(INDICATORS, 0.0),
        {"version": "test"},
    )
    return fitted, path


def test_the_arrays_score_what_scikit_learn_scores(trained: tuple[train.Trained, Path]) -> None:
    fitted, path = trained
    model = indicator_model.load(path)
    assert model is not None
    assert model.version == "test"
    texts = [str(r["text"]) for r in _rows("dev2")[:150]]
    expected = fitted.probabilities(texts)
    largest = 0.0
    for i, text in enumerate(texts):
        words, chars = text_features(text)
        found = model.score(words, chars).probabilities
        for code in INDICATORS:
            largest = max(largest, abs(found[code] - expected[code][i]))
    assert largest < 1e-5  # the coefficients are stored as 32-bit floats


def test_without_a_model_file_the_lexicon_works_alone(tmp_path: Path) -> None:
    assert indicator_model.load(tmp_path / "absent.npz") is None
    text = "He talks about the Parkland shooter as if he were a role model and copies his clothes."
    assert suggest_using(text, None) == suggest(text, model=False) == []


def test_the_shipped_model_was_trained_on_the_development_sets_as_they_are() -> None:
    metadata = json.loads(indicator_model.METADATA_PATH.read_text(encoding="utf-8"))
    trained_on = metadata["trained_on"]
    assert "heldout.jsonl" not in trained_on
    assert set(trained_on) >= {f"dev{n}.jsonl" for n in ("", "2", "3", "4", "5", "6")}
    for name, facts in trained_on.items():
        digest = hashlib.sha256((SETS / name).read_bytes()).hexdigest()
        assert facts["sha256"] == digest, f"{name} changed: retrain (indicators_train.py)"
    model = indicator_model.shipped()
    assert model is not None
    assert model.version == metadata["version"]
    assert set(model.codes) == set(INDICATORS)


# A likeness to an attacker the lexicon has no pattern for ("as if he were a role model"),
# found by the model, and the same words negated or put on someone else.
LIKENESS = "He talks about the Parkland shooter as if he were a role model and copies his clothes."


def test_the_model_adds_what_the_lexicon_misses_with_its_sentence_as_evidence() -> None:
    assert suggest(LIKENESS, model=False) == []
    text = f"Referral from Kestrel Academy. {LIKENESS} Mum has been informed."
    (found,) = [s for s in suggest(text) if s.code == "identification_with_attackers"]
    assert found.text == LIKENESS
    assert text[found.start : found.end] == found.text


@pytest.mark.parametrize(
    "text",
    [
        "He never talks about the Parkland shooter as if he were a role model or copies his "
        "clothes.",
        "His cousin talks about the Parkland shooter as if he were a role model and copies his "
        "clothes.",
    ],
)
def test_the_models_evidence_is_read_with_the_lexicons_scopes(text: str) -> None:
    assert "identification_with_attackers" not in {s.code for s in suggest(text)}


def test_the_model_does_not_add_a_neighbouring_code_to_the_lexicons_sentence() -> None:
    """The model confuses carrying a knife with buying one; the lexicon tells them apart."""
    text = "He carried a knife to school. Later he carried a machete to the park."
    assert [s.code for s in suggest(text)] == ["weapon_carrying"]


def test_the_model_drops_a_lexicon_suggestion_it_finds_most_unlikely(
    trained: tuple[train.Trained, Path], tmp_path: Path
) -> None:
    fitted, _ = trained
    text = "Year 9 pupil. Staff found a lock knife in his blazer pocket."
    path = tmp_path / "model.npz"
    # Suggesting nothing of its own (threshold 1), dropping what it finds under 0.99 likely.
    never = dict.fromkeys(INDICATORS, 1.0)
    train.save(fitted, path, never, dict.fromkeys(INDICATORS, 0.0), {"version": "keep"})
    keeping = indicator_model.load(path)
    assert [s.code for s in suggest_using(text, keeping)] == ["weapon_carrying"]
    train.save(fitted, path, never, dict.fromkeys(INDICATORS, 0.99), {"version": "drop"})
    dropping = indicator_model.load(path)
    assert dropping is not None
    words, chars = text_features(text)
    assert dropping.score(words, chars).probabilities["weapon_carrying"] < 0.99
    assert suggest_using(text, dropping) == []


def test_over_a_long_document_the_model_drops_nothing_the_lexicon_found() -> None:
    """The model was trained on narratives; over a long document, a text about everything,
    its probabilities are no reason to drop what the lexicon read."""
    text = " ".join(str(r["text"]) for r in _rows("dev")[:60])
    assert len(text) > 5_000
    lexicon = {s.code for s in suggest(text, model=False)}
    assert lexicon <= {s.code for s in suggest(text)}


def test_each_suggestion_says_what_found_it() -> None:
    text = f"{LIKENESS} Staff found a lock knife in his blazer pocket."
    found = {s.code: s.source for s in suggest(text)}
    assert found == {"identification_with_attackers": "model", "weapon_carrying": "lexicon"}
