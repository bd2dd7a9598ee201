"""Secondary suppression for the release's linked tables by the hypercube method.

Every count of a year is a cell (measure, area, period, breakdown value). Its equations run
along three axes: the values of a breakdown add up to the total (and the "no ideology" types
to their group), local authorities to their region and regions to England and Wales, the
quarters to the year. For each withheld count not yet covered, this withholds a set of cells
that is a product of one small "balanced" set per axis (in the values: +1 here, -1 at a
sibling; in the areas: +1 here, -1 at a sibling authority, or down the hierarchy; in time:
+1 here, -1 at another quarter, or the year with one of its quarters). Adding +1/-1 over
such a product changes no published total, so no withheld cell in it can be worked out from
any combination of the tables, not only from one equation at a time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

AreaKey = tuple[str, str]
Cat = tuple[str, str]
CellKey = tuple[int, AreaKey, int, str, str]
Signed = dict[Any, int]
Cost = Callable[[Any], int]

EW: AreaKey = ("ew", "")
ALL: Cat = ("all", "")
GROUP: Cat = ("concern_group", "no_ideology")
OPTIONS = 3


class Structure:
    """The axes of a year's cells: the breakdowns and their values, and the areas."""

    def __init__(
        self,
        dims: Mapping[str, Iterable[str]],
        group: frozenset[str],
        la_regions: Mapping[str, str],
    ) -> None:
        self.dims = {d: list(v) for d, v in dims.items()}
        self.group = group
        self.la_regions = dict(la_regions)
        self.region_las: dict[str, list[str]] = defaultdict(list)
        for la, region in sorted(self.la_regions.items()):
            self.region_las[region].append(la)
        self.regions = sorted(r for r in self.region_las if r)
        self.top_las = list(self.region_las.get("", []))  # authorities with no region

    # --- One axis at a time: balanced signed sets containing the cell with +1 -------------

    def cat_options(self, cat: Cat, cost: Cost) -> list[Signed]:
        dim, value = cat
        rank = cost
        if cat == ALL:
            chosen: Signed = {ALL: 1}
            for d, values in self.dims.items():
                best = min(values, key=lambda v: rank((d, v)))
                chosen[(d, best)] = 1
                if d == "concern_type" and best in self.group:
                    chosen[GROUP] = 1
            return [chosen]
        if cat == GROUP:
            inside = sorted(self.group, key=lambda v: rank(("concern_type", v)))[:2]
            outside = sorted(
                (v for v in self.dims["concern_type"] if v not in self.group),
                key=lambda v: rank(("concern_type", v)),
            )[:2]
            return [
                {GROUP: 1, ("concern_type", a): 1, ("concern_type", b): -1}
                for a in inside
                for b in outside
            ]
        siblings = sorted((v for v in self.dims[dim] if v != value), key=lambda v: rank((dim, v)))[
            :OPTIONS
        ]
        options = []
        for other in siblings:
            signed: Signed = {cat: 1, (dim, other): -1}
            if dim == "concern_type":
                shift = (value in self.group) - (other in self.group)
                if shift:
                    signed[GROUP] = shift
            options.append(signed)
        return options

    def area_options(self, area: AreaKey, cost: Cost) -> list[Signed]:
        rank = cost
        kind, code = area
        if kind == "la":
            region = self.la_regions.get(code, "")
            peers = [la for la in self.region_las[region] if la != code]
            options: list[Signed] = [
                {area: 1, ("la", p): -1}
                for p in sorted(peers, key=lambda p: rank(("la", p)))[:OPTIONS]
            ]
            if region:
                options.append({area: 1, ("region", region): 1, EW: 1})
            else:
                options.append({area: 1, EW: 1})
            return options
        if kind == "region":
            mine = sorted(self.region_las.get(code, []), key=lambda la: rank(("la", la)))[:2]
            others = sorted(
                (r for r in self.regions if r != code), key=lambda r: rank(("region", r))
            )[:2]
            options = []
            for la in mine:
                options.append({area: 1, ("la", la): 1, EW: 1})
                for other in others:
                    for la2 in sorted(self.region_las[other], key=lambda x: rank(("la", x)))[:1]:
                        options.append(
                            {area: 1, ("la", la): 1, ("region", other): -1, ("la", la2): -1}
                        )
            return options or [{area: 1, EW: 1}]
        options = []
        for region in sorted(self.regions, key=lambda r: rank(("region", r)))[:OPTIONS]:
            for la in sorted(self.region_las[region], key=lambda x: rank(("la", x)))[:1]:
                options.append({EW: 1, ("region", region): 1, ("la", la): 1})
        for la in self.top_las[:1]:
            options.append({EW: 1, ("la", la): 1})
        return options

    @staticmethod
    def period_options(period: int, cost: Cost) -> list[Signed]:
        rank = cost
        if period == 0:
            quarters = sorted((1, 2, 3, 4), key=lambda q: rank(q))[:OPTIONS]
            return [{0: 1, q: 1} for q in quarters]
        others = sorted((q for q in (1, 2, 3, 4) if q != period), key=lambda q: rank(q))
        return [{period: 1, q: -1} for q in others[:OPTIONS]]


def _ranker(cost: Cost) -> object:
    return cost


def protect_cubes(
    values: Mapping[CellKey, int], threshold: int, structure: Structure
) -> set[CellKey]:
    """The counts to withhold: each count from 1 to threshold-1, and for each of them not
    already inside a withheld product, the cheapest product (fewest and smallest counts newly
    withheld) that contains it."""
    if threshold < 1:
        raise ValueError("threshold: must be 1 or more")
    hidden: set[CellKey] = set()
    primary = sorted(
        (k for k, v in values.items() if 0 < v < threshold), key=lambda k: (values[k], repr(k))
    )

    def cell_cost(key: CellKey) -> int:
        return 0 if key in hidden else values.get(key, 0) + 1

    for cell in primary:
        if cell in hidden:
            continue
        m, area, period, dim, value = cell

        def at_cat(c: Cat, m: int = m, a: AreaKey = area, p: int = period) -> int:
            return cell_cost((m, a, p, c[0], c[1]))

        def at_area(a: AreaKey, m: int = m, p: int = period, d: str = dim, v: str = value) -> int:
            return cell_cost((m, a, p, d, v))

        def at_period(p: int, m: int = m, a: AreaKey = area, d: str = dim, v: str = value) -> int:
            return cell_cost((m, a, p, d, v))

        # Cheapest balanced set on each axis through the cell, then their product.
        cat = min(structure.cat_options((dim, value), at_cat), key=lambda o: sum(map(at_cat, o)))
        where = min(structure.area_options(area, at_area), key=lambda o: sum(map(at_area, o)))
        when = min(
            structure.period_options(period, at_period), key=lambda o: sum(map(at_period, o))
        )
        hidden.update((m, a, p, c[0], c[1]) for c in cat for a in where for p in when)
    return hidden
