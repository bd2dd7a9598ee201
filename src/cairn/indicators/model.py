"""The statistical half of the suggester (ADR 0017): one logistic regression per indicator code
over a narrative's words, read beside the lexicon of `codebook.py`.

The lexicon says exactly which words assert a code, but each new writer brings phrasings it
has not seen; scored on 300 narratives by three writers who had not seen it, it found fewer
than half of the red flags. The model, trained on every development narrative, weighs words
it has seen in other phrasings (and the lexicon's word classes, so "machete" counts where
"knife" was learnt), and it suggests a code the lexicon missed when its probability reaches
the code's threshold. It never decides alone what the words mean about the subject: its
evidence, the sentence that weighed most for the code, is read with the lexicon's scopes
(negation, attribution, hypotheticals, states that are over, set work) before it is
suggested (`suggest.py`).

Features, per narrative: for each word, its lemma and the lexicon classes it belongs to,
prefixed `N_` after a negation in its clause, and pairs of neighbouring words in a clause;
separately, the character 3- to 5-grams of each word. Each block is weighted by TF-IDF
(sublinear term frequency, smoothed IDF, unit length) exactly as scikit-learn's
`TfidfVectorizer` does, so that the arrays trained by `train.py` score the same here without
scikit-learn, which is needed only to train.

The model file (`model.npz`, with its provenance in `model.json`) ships with the project; no
model is downloaded. `load` returns `None` when the file is absent, and the lexicon then works
alone.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from cairn.indicators import codebook

HERE = Path(__file__).resolve().parent
MODEL_PATH = HERE / "model.npz"
METADATA_PATH = HERE / "model.json"

#: a feature and the token it comes from
Occurrence = tuple[str, int]
#: how many words' character n-gram columns are kept between texts
_WORD_CACHE = 100_000
FloatArray = npt.NDArray[np.float64]


def class_tags(lemma_of: Callable[[str], str]) -> dict[str, tuple[str, ...]]:
    """Lemma -> the lexicon classes it belongs to ("machete" -> ("@WEAPON",))."""
    tags: dict[str, set[str]] = {}
    for name, words in codebook.CLASSES.items():
        for word in words:
            tags.setdefault(lemma_of(word.lower()), set()).add(f"@{name}")
    return {lemma: tuple(sorted(names)) for lemma, names in tags.items()}


def token_features(
    lower: Sequence[str],
    lemma: Sequence[str],
    clause: Sequence[int],
    tags: Mapping[str, tuple[str, ...]],
) -> tuple[list[Occurrence], list[Occurrence]]:
    """The word features of a tokenised text, and its words (whose `char_grams` are the
    character features), each with the index of the token it comes from."""
    words: list[Occurrence] = []
    chars: list[Occurrence] = []
    previous: tuple[str, ...] = ()
    current_clause = -1
    negated = False
    for i, low in enumerate(lower):
        if clause[i] != current_clause:
            current_clause, negated, previous = clause[i], False, ()
        if not any(character.isalnum() for character in low):
            previous = ()
            continue
        if low in codebook.NEGATION:
            negated = True
        forms: tuple[str, ...] = (lemma[i], *tags.get(lemma[i], ()))
        if negated:
            forms = tuple(f"N_{form}" for form in forms)
        words.extend((form, i) for form in forms)
        words.extend((f"{before} {form}", i) for before in previous for form in forms)
        previous = forms
        chars.append((low, i))
    return words, chars


@functools.lru_cache(maxsize=200_000)
def char_grams(word: str) -> tuple[str, ...]:
    """The character 3- to 5-grams of a word padded with a space each side."""
    padded = f" {word} "
    return tuple(padded[k : k + size] for size in (3, 4, 5) for k in range(len(padded) - size + 1))


@dataclass(frozen=True)
class Scores:
    """One text's probability per code, and how to find the tokens that weighed for a code."""

    probabilities: dict[str, float]
    _columns: npt.NDArray[np.int64]
    _values: FloatArray
    _tokens: npt.NDArray[np.int64]
    _model: Model

    def token_weights(self, code: str, n_tokens: int) -> FloatArray:
        """Each token's share of the code's score (its features' weight times their value,
        split evenly between a feature's occurrences)."""
        row = self._model.coef[self._model.codes.index(code)]
        weights = np.zeros(n_tokens)
        np.add.at(weights, self._tokens, row[self._columns] * self._values)
        return weights


@dataclass(frozen=True)
class Model:
    """The trained arrays, and the probabilities at which `suggest` uses them."""

    codes: tuple[str, ...]
    #: the probability at which the model suggests a code the lexicon did not
    thresholds: dict[str, float]
    #: the probability under which the model drops the lexicon's suggestion of a code
    vetoes: dict[str, float]
    word_index: dict[str, int]
    word_idf: FloatArray
    char_index: dict[str, int]
    char_idf: FloatArray
    #: codes x (word features + character features)
    coef: FloatArray
    intercept: FloatArray
    version: str
    #: word -> the columns of its known character n-grams
    _char_columns: dict[str, npt.NDArray[np.int64]] = field(default_factory=dict, compare=False)

    def _columns_of_word(self, word: str) -> npt.NDArray[np.int64]:
        found = self._char_columns.get(word)
        if found is None:
            if len(self._char_columns) >= _WORD_CACHE:
                self._char_columns.clear()  # a worker reading for months stays bounded
            index = self.char_index
            found = np.array(
                [index[gram] for gram in char_grams(word) if gram in index], dtype=np.int64
            )
            self._char_columns[word] = found
        return found

    @staticmethod
    def _weighted(columns: npt.NDArray[np.int64], idf: FloatArray) -> FloatArray:
        """Each occurrence's share of its feature's TF-IDF value (sublinear term frequency,
        the block at unit length)."""
        distinct, inverse, counts = np.unique(columns, return_inverse=True, return_counts=True)
        value = (1.0 + np.log(counts)) * idf[distinct]
        value /= np.sqrt(value @ value)
        return (value / counts)[inverse]

    def score(self, words: Sequence[Occurrence], chars: Sequence[Occurrence]) -> Scores:
        """`words` and `chars` as `token_features` returns them."""
        get = self.word_index.get
        known = [
            (column, token) for feature, token in words if (column := get(feature)) is not None
        ]
        parts_columns: list[npt.NDArray[np.int64]] = []
        parts_values: list[FloatArray] = []
        parts_tokens: list[npt.NDArray[np.int64]] = []
        if known:
            pairs = np.array(known, dtype=np.int64)
            values = self._weighted(pairs[:, 0], self.word_idf)
            parts_columns.append(pairs[:, 0])
            parts_values.append(values)
            parts_tokens.append(pairs[:, 1])
        per_word = [(self._columns_of_word(word), token) for word, token in chars]
        if per_word:
            columns = np.concatenate([c for c, _ in per_word])
            if len(columns):
                values = self._weighted(columns, self.char_idf)
                parts_columns.append(columns + len(self.word_index))
                parts_values.append(values)
                parts_tokens.append(
                    np.repeat([t for _, t in per_word], [len(c) for c, _ in per_word])
                )
        if parts_columns:
            columns = np.concatenate(parts_columns)
            values = np.concatenate(parts_values)
            tokens = np.concatenate(parts_tokens).astype(np.int64)
        else:
            columns, values, tokens = np.zeros(0, np.int64), np.zeros(0), np.zeros(0, np.int64)
        logits = self.intercept + (self.coef[:, columns] * values).sum(axis=1)
        probabilities = 1.0 / (1.0 + np.exp(-logits))
        return Scores(
            probabilities=dict(zip(self.codes, probabilities.tolist(), strict=True)),
            _columns=columns,
            _values=values,
            _tokens=tokens,
            _model=self,
        )


def save(
    path: Path,
    *,
    codes: Sequence[str],
    thresholds: Mapping[str, float],
    vetoes: Mapping[str, float],
    word_vocabulary: Sequence[str],
    word_idf: Sequence[float],
    char_vocabulary: Sequence[str],
    char_idf: Sequence[float],
    coef: FloatArray,
    intercept: FloatArray,
    metadata: Mapping[str, object],
) -> None:
    """Write the model (`path`, compressed arrays) and its provenance beside it (`.json`)."""
    np.savez_compressed(
        path,
        codes=np.array(codes),
        thresholds=np.array([thresholds[c] for c in codes], dtype=np.float64),
        vetoes=np.array([vetoes[c] for c in codes], dtype=np.float64),
        word_vocabulary=np.array(word_vocabulary),
        word_idf=np.array(word_idf, dtype=np.float64),
        char_vocabulary=np.array(char_vocabulary),
        char_idf=np.array(char_idf, dtype=np.float64),
        coef=coef.astype(np.float32),
        intercept=intercept.astype(np.float64),
    )
    with open(path.with_suffix(".json"), "w", encoding="utf-8") as handle:
        json.dump(metadata, handle, indent=2, sort_keys=True)
        handle.write("\n")


def load(path: Path = MODEL_PATH) -> Model | None:
    """The model at `path`, or `None` when there is none (the lexicon then works alone)."""
    if not path.exists():
        return None
    with np.load(path, allow_pickle=False) as arrays:
        codes = tuple(str(c) for c in arrays["codes"])
        metadata_path = path.with_suffix(".json")
        version = ""
        if metadata_path.exists():
            version = str(json.loads(metadata_path.read_text(encoding="utf-8"))["version"])
        return Model(
            codes=codes,
            thresholds=dict(zip(codes, arrays["thresholds"].tolist(), strict=True)),
            vetoes=dict(zip(codes, arrays["vetoes"].tolist(), strict=True)),
            word_index={str(w): i for i, w in enumerate(arrays["word_vocabulary"])},
            word_idf=arrays["word_idf"].astype(np.float64),
            char_index={str(w): i for i, w in enumerate(arrays["char_vocabulary"])},
            char_idf=arrays["char_idf"].astype(np.float64),
            coef=arrays["coef"].astype(np.float64),
            intercept=arrays["intercept"].astype(np.float64),
            version=version,
        )


@functools.cache
def shipped() -> Model | None:
    """The model that ships with the project, loaded once per process."""
    return load()
