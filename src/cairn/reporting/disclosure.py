"""Disclosure control for linked tables of counts: primary and secondary suppression over a
set of additive equations (total = sum of parts), and a check of what can be worked out.

Pure Python and generic over the cell keys, so the release can hand it every table of a year
at once (each area, each period, each breakdown) and every published table is a slice of one
consistent pattern: no pair of nested tables can be set against each other to recover a cell.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from fractions import Fraction

#: An additive relation between published cells: the first is the sum of the others.
type Equation[K: Hashable] = tuple[K, Sequence[K]]


def protect[K: Hashable](
    values: Mapping[K, int], equations: Iterable[Equation[K]], threshold: int
) -> set[K]:
    """The cells to withhold: every count from 1 to threshold-1 (primary), and then, until no
    equation has exactly one withheld cell, the smallest shown cell of each equation that does
    (secondary; a non-zero part first, a total only when no part is left), so that no
    withheld cell is the difference between a shown total and shown parts."""
    if threshold < 1:
        raise ValueError("threshold: must be 1 or more")
    lines: list[list[K]] = [[total, *parts] for total, parts in equations]
    membership: dict[K, list[int]] = defaultdict(list)
    for i, cells in enumerate(lines):
        for cell in cells:
            membership[cell].append(i)
    hidden = {k for k, v in values.items() if 0 < v < threshold}
    pending = {i for k in hidden for i in membership.get(k, ())}
    while pending:
        i = pending.pop()
        cells = lines[i]
        if sum(1 for c in cells if c in hidden) != 1:
            continue
        candidates = [c for c in cells[1:] if c not in hidden] or [
            c for c in cells if c not in hidden
        ]
        pick = min(candidates, key=lambda c: (values.get(c, 0) == 0, values.get(c, 0)))
        hidden.add(pick)
        pending.update(membership[pick])
    return hidden


def determined[K: Hashable](
    values: Mapping[K, int], equations: Iterable[Equation[K]], hidden: set[K]
) -> set[K]:
    """The withheld cells whose value follows from the shown cells and the equations taken
    together (any linear combination of them), by exact elimination. Meant for tests and
    checks of small systems; `protect` itself uses the cheaper one-equation test."""
    unknowns = sorted(hidden, key=repr)
    index = {k: i for i, k in enumerate(unknowns)}
    rows: list[list[Fraction]] = []
    for total, parts in equations:
        coeffs = [Fraction(0)] * len(unknowns)
        touched = False
        for sign, cell in [(1, total), *[(-1, p) for p in parts]]:
            if cell in index:
                coeffs[index[cell]] += sign
                touched = True
        if touched:
            rows.append(coeffs)
    # Reduced row echelon form; an unknown is determined when some row has it alone.
    pivot_row = 0
    pivots: list[int] = []
    for col in range(len(unknowns)):
        found = next((r for r in range(pivot_row, len(rows)) if rows[r][col] != 0), None)
        if found is None:
            continue
        rows[pivot_row], rows[found] = rows[found], rows[pivot_row]
        lead = rows[pivot_row][col]
        rows[pivot_row] = [x / lead for x in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][col] != 0:
                factor = rows[r][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row], strict=True)]
        pivots.append(col)
        pivot_row += 1
    found_cells: set[K] = set()
    for r in range(pivot_row):
        nonzero = [c for c, x in enumerate(rows[r]) if x != 0]
        if len(nonzero) == 1:
            found_cells.add(unknowns[nonzero[0]])
    return found_cells


def round_to(value: int, base: int) -> int:
    """Round a shown count to the nearest multiple of base (halves up); base 1 leaves it."""
    if base <= 1:
        return value
    return ((value + base // 2) // base) * base
