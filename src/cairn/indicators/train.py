"""Train the suggester's model (`model.py`) on labelled narratives: scikit-learn's
`TfidfVectorizer` over the features of `model.token_features` and one `LogisticRegression`
per code (balanced class weights). Needs scikit-learn, a development dependency; the trained
arrays are read without it.

Never train on the held-out set: `benchmarks/indicators_train.py` trains on the development
sets only and records their SHA-256 in the model's metadata.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from cairn.indicators import model as indicator_model
from cairn.indicators.suggest import text_features

#: regularisation (inverse strength) of each code's logistic regression
C = 30.0
#: a word feature must occur in this many narratives to be learnt, a character n-gram in
#: this many
WORD_MIN_DF = 2
CHAR_MIN_DF = 3


@dataclass(frozen=True)
class Trained:
    codes: tuple[str, ...]
    word_vectorizer: Any
    char_vectorizer: Any
    classifiers: dict[str, Any]

    def probabilities(self, texts: Sequence[str]) -> dict[str, list[float]]:
        """scikit-learn's own probabilities, for checking the arrays agree."""
        x = _matrix(self.word_vectorizer, self.char_vectorizer, texts, fit=False)
        return {code: self.classifiers[code].predict_proba(x)[:, 1].tolist() for code in self.codes}


def _identity(features: list[str]) -> list[str]:
    return features


def _matrix(word_vectorizer: Any, char_vectorizer: Any, texts: Sequence[str], fit: bool) -> Any:
    from scipy.sparse import hstack

    found = [text_features(text) for text in texts]
    words = [[f for f, _ in w] for w, _ in found]
    chars = [[g for word, _ in c for g in indicator_model.char_grams(word)] for _, c in found]
    if fit:
        return hstack(
            [word_vectorizer.fit_transform(words), char_vectorizer.fit_transform(chars)]
        ).tocsr()
    return hstack([word_vectorizer.transform(words), char_vectorizer.transform(chars)]).tocsr()


def train(rows: Sequence[Mapping[str, Any]], codes: Sequence[str]) -> Trained:
    """Fit on rows of `{"text": ..., "indicators": [...]}`."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    def vectorizer(min_df: int) -> Any:
        return TfidfVectorizer(
            analyzer=_identity, min_df=min_df, sublinear_tf=True, dtype=np.float64
        )

    word_vectorizer, char_vectorizer = vectorizer(WORD_MIN_DF), vectorizer(CHAR_MIN_DF)
    x = _matrix(word_vectorizer, char_vectorizer, [str(r["text"]) for r in rows], fit=True)
    classifiers = {}
    for code in codes:
        y = np.array([code in r["indicators"] for r in rows])
        classifiers[code] = LogisticRegression(C=C, class_weight="balanced", max_iter=5000).fit(
            x, y
        )
    return Trained(tuple(codes), word_vectorizer, char_vectorizer, classifiers)


def save(
    trained: Trained,
    path: Path,
    thresholds: Mapping[str, float],
    vetoes: Mapping[str, float],
    metadata: Mapping[str, object],
) -> None:
    indicator_model.save(
        path,
        codes=trained.codes,
        thresholds=thresholds,
        vetoes=vetoes,
        word_vocabulary=trained.word_vectorizer.get_feature_names_out().tolist(),
        word_idf=trained.word_vectorizer.idf_.tolist(),
        char_vocabulary=trained.char_vectorizer.get_feature_names_out().tolist(),
        char_idf=trained.char_vectorizer.idf_.tolist(),
        coef=np.vstack([trained.classifiers[c].coef_[0] for c in trained.codes]),
        intercept=np.array([trained.classifiers[c].intercept_[0] for c in trained.codes]),
        metadata=metadata,
    )
