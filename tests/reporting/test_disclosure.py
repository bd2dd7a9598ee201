"""Suppression over linked tables: primary, secondary, and nothing recoverable."""

from __future__ import annotations

import random

import pytest

from cairn.reporting.disclosure import determined, protect, round_to


def _grid(
    rows: int, cols: int, rng: random.Random
) -> tuple[dict[str, int], list[tuple[str, list[str]]]]:
    """A two-way table with both margins and the grand total, as cells and equations."""
    values: dict[str, int] = {}
    for r in range(rows):
        for c in range(cols):
            values[f"{r},{c}"] = rng.choice([0, 1, 2, 3, 4, 6, 9, 15, 40])
    for r in range(rows):
        values[f"{r},T"] = sum(values[f"{r},{c}"] for c in range(cols))
    for c in range(cols):
        values[f"T,{c}"] = sum(values[f"{r},{c}"] for r in range(rows))
    values["T,T"] = sum(values[f"{r},T"] for r in range(rows))
    equations = [(f"{r},T", [f"{r},{c}" for c in range(cols)]) for r in range(rows)]
    equations += [(f"T,{c}", [f"{r},{c}" for r in range(rows)]) for c in range(cols)]
    equations.append(("T,T", [f"{r},T" for r in range(rows)]))
    equations.append(("T,T", [f"T,{c}" for c in range(cols)]))
    return values, equations


def test_small_counts_are_withheld_and_a_lone_one_gets_a_partner() -> None:
    values = {"total": 30, "a": 3, "b": 12, "c": 15}
    hidden = protect(values, [("total", ["a", "b", "c"])], 5)
    assert hidden == {"a", "b"}  # b: the smallest other, so a = 30 - 15 - b is unknown


def test_zero_is_shown_and_not_chosen_while_a_count_is_left() -> None:
    values = {"total": 23, "a": 0, "b": 3, "c": 20}
    assert protect(values, [("total", ["a", "b", "c"])], 5) == {"b", "c"}


def test_a_total_is_withheld_when_no_part_is_left() -> None:
    values = {"region": 3, "la": 3}
    assert protect(values, [("region", ["la"])], 5) == {"region", "la"}


def test_threshold_one_withholds_nothing_and_below_one_is_refused() -> None:
    values = {"total": 3, "a": 1, "b": 2}
    assert protect(values, [("total", ["a", "b"])], 1) == set()
    with pytest.raises(ValueError, match="threshold"):
        protect(values, [("total", ["a", "b"])], 0)


@pytest.mark.parametrize("seed", range(40))
def test_no_withheld_cell_of_a_random_two_way_table_can_be_worked_out(seed: int) -> None:
    rng = random.Random(seed)
    values, equations = _grid(rng.randint(2, 6), rng.randint(2, 5), rng)
    hidden = protect(values, equations, 5)
    assert all(values[k] == 0 or values[k] >= 5 for k in values if k not in hidden)
    assert determined(values, equations, hidden) == set()


def test_determined_finds_what_two_equations_give_away() -> None:
    # a + b = 10 and a + c = 7 and b + c = 9: a, b and c all follow.
    equations = [("x", ["a", "b"]), ("y", ["a", "c"]), ("z", ["b", "c"])]
    values = {"x": 10, "y": 7, "z": 9, "a": 4, "b": 6, "c": 3}
    assert determined(values, equations, {"a", "b", "c"}) == {"a", "b", "c"}
    assert determined(values, equations[:2], {"a", "b", "c"}) == set()


def test_rounding() -> None:
    assert [round_to(v, 5) for v in (0, 2, 3, 7, 8, 12)] == [0, 0, 5, 5, 10, 10]
    assert round_to(7, 1) == 7
