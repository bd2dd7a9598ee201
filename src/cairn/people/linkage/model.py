"""The shipped model file: Splink's own settings JSON with Cairn's additions around it."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

MODEL_PATH = Path(__file__).with_name("model.json")
FORMAT = "cairn-linkage-model/1"


def load_model(path: Path | str | None = None) -> dict[str, Any]:
    """The model as a dict: `splink` (settings with m and u), `term_frequencies`,
    `version`, `deterministic_recall` and `trained_on`."""
    if path is None:
        return _shipped()
    return _read(Path(path))


@lru_cache(maxsize=1)
def _shipped() -> dict[str, Any]:
    return _read(MODEL_PATH)


def _read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise ValueError(f"{path} is not a Cairn linkage model")
    return data


def save_model(model: dict[str, Any], path: Path | str) -> None:
    Path(path).write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
