"""String similarities computed exactly as DuckDB computes them, so the Python scorer puts
a pair in the same comparison level as Splink's SQL does."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=65536)
def jaro(a: str, b: str) -> float:
    if a == b:
        return 1.0
    len_a, len_b = len(a), len(b)
    if not len_a or not len_b:
        return 0.0
    window = max(max(len_a, len_b) // 2 - 1, 0)
    a_flags = [False] * len_a
    b_flags = [False] * len_b
    matches = 0
    for i, ch in enumerate(a):
        lo, hi = max(0, i - window), min(len_b, i + window + 1)
        for j in range(lo, hi):
            if not b_flags[j] and b[j] == ch:
                a_flags[i] = b_flags[j] = True
                matches += 1
                break
    if not matches:
        return 0.0
    transpositions = 0
    j = 0
    for i in range(len_a):
        if a_flags[i]:
            while not b_flags[j]:
                j += 1
            if a[i] != b[j]:
                transpositions += 1
            j += 1
    t = transpositions // 2
    return (matches / len_a + matches / len_b + (matches - t) / matches) / 3


def jaro_winkler(a: str, b: str) -> float:
    """Jaro-Winkler with prefix scale 0.1 over at most four characters, boosted only above
    0.7 (DuckDB's `jaro_winkler_similarity`)."""
    sim = jaro(a, b)
    if sim > 0.7:
        prefix = 0
        for x, y in zip(a[:4], b[:4], strict=False):
            if x != y:
                break
            prefix += 1
        sim += prefix * 0.1 * (1 - sim)
    return sim


def levenshtein(a: str, b: str) -> int:
    if a == b:
        return 0
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
