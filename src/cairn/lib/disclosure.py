"""Statistical disclosure control for one-way tables of counts."""

from __future__ import annotations

from collections.abc import Mapping

SUPPRESSED = None


def suppress(counts: Mapping[str, int], threshold: int) -> dict[str, int | None]:
    """Hide counts from 1 to threshold-1. If that hides exactly one cell, hide the smallest
    other cell too (a zero if that is the smallest), so the hidden value cannot be worked out
    by subtracting the shown cells from the total. A table of one cell is the caller's to
    withhold."""
    shown: dict[str, int | None] = dict(counts)
    small = [k for k, v in counts.items() if 0 < v < threshold]
    for key in small:
        shown[key] = SUPPRESSED
    if len(small) == 1:
        others = sorted((v, k) for k, v in counts.items() if k not in small)
        if others:
            shown[others[0][1]] = SUPPRESSED
    return shown
