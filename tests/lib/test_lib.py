"""Framework-free helpers: environment readers, the hash chain, disclosure control."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cairn.lib.disclosure import suppress
from cairn.lib.env import EnvError, env_bool, env_int, env_list
from cairn.lib.hashchain import GENESIS, link_hash


@pytest.mark.parametrize(
    ("raw", "value"), [("true", True), ("On", True), ("0", False), ("no", False)]
)
def test_env_bool(raw: str, value: bool) -> None:
    assert env_bool("X", not value, {"X": raw}) is value


def test_env_bool_refuses_nonsense() -> None:
    with pytest.raises(EnvError, match="X must be true or false"):
        env_bool("X", True, {"X": "maybe"})


def test_env_int() -> None:
    assert env_int("X", 3, {}) == 3
    assert env_int("X", 3, {"X": "12"}) == 12
    with pytest.raises(EnvError, match="at least 1"):
        env_int("X", 3, {"X": "0"}, minimum=1)
    with pytest.raises(EnvError, match="whole number"):
        env_int("X", 3, {"X": "1.5"})


def test_env_list() -> None:
    assert env_list("X", ["a"], {}) == ["a"]
    assert env_list("X", ["a"], {"X": " b, c ,,"}) == ["b", "c"]


def test_hash_depends_on_every_field_and_the_previous_hash() -> None:
    fields = {"action": "person.view", "object_id": "7"}
    base = link_hash(GENESIS, fields)
    assert link_hash(GENESIS, {**fields, "object_id": "8"}) != base
    assert link_hash("1" * 64, fields) != base
    assert link_hash(GENESIS, dict(reversed(list(fields.items())))) == base


counts = st.dictionaries(
    st.text(min_size=1, max_size=5), st.integers(min_value=0, max_value=50), max_size=8
)


@given(counts, st.integers(min_value=1, max_value=10))
def test_suppression_hides_small_counts_and_cannot_be_undone_from_the_total(
    table: dict[str, int], threshold: int
) -> None:
    shown = suppress(table, threshold)
    assert set(shown) == set(table)
    hidden = [k for k, v in shown.items() if v is None]
    for key, value in table.items():
        if 0 < value < threshold:
            assert shown[key] is None
        elif shown[key] is not None:
            assert shown[key] == value
    # a lone hidden cell could be recovered by subtracting the others from the total
    assert len(hidden) != 1 or len(table) == 1


def test_secondary_suppression_example() -> None:
    assert suppress({"a": 3, "b": 40, "c": 12, "d": 0}, 5) == {
        "a": None,
        "b": 40,
        "c": 12,
        "d": None,
    }
    assert suppress({"a": 3, "b": 4, "c": 12}, 5) == {"a": None, "b": None, "c": 12}
    assert suppress({"a": 30, "b": 40}, 5) == {"a": 30, "b": 40}


def test_log_formatter_keeps_frames_but_not_exception_messages() -> None:
    import logging
    import sys

    from cairn.lib.logformat import RedactingFormatter

    surname = "".join(["Ell", "ery"])  # built at run time, as data from a database would be

    def fail() -> None:
        try:
            raise KeyError(surname)
        except KeyError as error:
            raise ValueError(f"duplicate key (family_name)=({surname})") from error

    try:
        fail()
    except ValueError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "Internal error", None, sys.exc_info()
        )
    text = RedactingFormatter("%(message)s").format(record)
    assert "Ellery" not in text
    assert "builtins.ValueError: [message withheld" in text
    assert "builtins.KeyError" in text
    assert "in fail" in text


def test_env_float() -> None:
    from cairn.lib.env import env_float

    assert env_float("X", 0.5, {}) == 0.5
    assert env_float("X", 0.5, {"X": "0.999"}) == 0.999
    with pytest.raises(EnvError, match=r"between 0\.0 and 1\.0"):
        env_float("X", 0.5, {"X": "1.5"})
    with pytest.raises(EnvError, match="must be a number"):
        env_float("X", 0.5, {"X": "high"})
