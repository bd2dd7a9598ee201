"""The national release for a financial year (or one of its quarters) and an area, read from
the release cells, with every table of the year suppressed as one consistent pattern."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from cairn.agencies.models import Agency, AgencyKind
from cairn.lib.errors import ServiceError
from cairn.lib.vocab import REGIONS
from cairn.reporting.cubes import Structure, protect_cubes
from cairn.reporting.dimensions import (
    CELL_DIMENSIONS,
    DIMENSIONS,
    NO_IDEOLOGY,
    fy_label,
    quarter_label,
)
from cairn.reporting.disclosure import Equation, round_to
from cairn.reporting.models import FactsState, ReleaseCell, Stage

#: The published measures of the funnel and the stages each counts.
MEASURES: dict[str, tuple[str, frozenset[str]]] = {
    "referred": ("Referrals", frozenset(Stage.values)),
    "panel": (
        "Discussed at panel",
        frozenset({Stage.PANEL, Stage.ADOPTED, Stage.EXITED}),
    ),
    "adopted": ("Adopted", frozenset({Stage.ADOPTED, Stage.EXITED})),
    "left": ("Left the programme", frozenset({Stage.EXITED})),
    "nfa": ("No further action", frozenset({Stage.NO_FURTHER_ACTION})),
    "signposted": ("Signposted", frozenset({Stage.SIGNPOSTED})),
}
_MEASURE_KEYS = tuple(MEASURES)
_STAGE_MEASURES = {
    stage: [i for i, m in enumerate(_MEASURE_KEYS) if stage in MEASURES[m][1]]
    for stage in Stage.values
}

AreaKey = tuple[str, str]  # ("ew", ""), ("region", code), ("la", agency id)
CellKey = tuple[int, AreaKey, int, str, str]  # measure, area, period, dimension, value
EW: AreaKey = ("ew", "")


class ReleaseError(ServiceError):
    """A request for a release that cannot be made (unknown year or area, bad threshold)."""


@dataclass(frozen=True)
class Area:
    kind: str
    code: str
    label: str

    @property
    def key(self) -> AreaKey:
        return (self.kind, self.code)

    @property
    def slug(self) -> str:
        return self.kind if self.kind == "ew" else f"{self.kind}:{self.code}"


@dataclass(frozen=True)
class Cell:
    n: int | None  # None: suppressed
    pct: float | None = None


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    cells: list[Cell]


@dataclass
class Table:
    key: str
    title: str
    rows: list[Row]
    total: Row
    not_recorded: Row | None = None
    group_rows: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class Change:
    measure: str
    label: str
    previous: int | None
    current: int | None

    @property
    def change(self) -> int | None:
        if self.previous is None or self.current is None:
            return None
        return self.current - self.previous

    @property
    def pct(self) -> float | None:
        if self.change is None or not self.previous:
            return None
        return 100.0 * self.change / self.previous


@dataclass
class Release:
    fy: int
    quarter: int | None
    area: Area
    measures: list[tuple[str, str]]
    funnel: Table
    tables: list[Table]
    quarterly: Table | None
    year_on_year: list[Change]
    threshold: int
    rounding: int

    @property
    def period_label(self) -> str:
        label = fy_label(self.fy)
        return f"{quarter_label(self.quarter)} {label}" if self.quarter else label

    @property
    def previous_label(self) -> str:
        """The same period a year earlier, which the year-on-year change is measured from."""
        label = fy_label(self.fy - 1)
        return f"{quarter_label(self.quarter)} {label}" if self.quarter else label


# --- Areas ------------------------------------------------------------------------------------


def local_authorities() -> dict[str, tuple[str, str]]:
    """Every local authority: id -> (name, region)."""
    return {
        str(pk): (name, region)
        for pk, name, region in Agency.objects.filter(kind=AgencyKind.LOCAL_AUTHORITY).values_list(
            "pk", "name", "region"
        )
    }


def area_parse(value: str) -> Area:
    """ "ew", "region:<code>" or "la:<id>" as an area; anything else is refused naming the
    field."""
    if value in ("", "ew"):
        return Area("ew", "", "England and Wales")
    kind, _, code = value.partition(":")
    if kind == "region" and code in REGIONS:
        return Area("region", code, REGIONS[code])
    if kind == "la":
        las = local_authorities()
        if code in las:
            return Area("la", code, las[code][0])
    raise ReleaseError(
        "area",
        f"There is no area {value!r}: choose England and Wales, a region or a local authority",
    )


def years_available() -> list[int]:
    return sorted(set(ReleaseCell.objects.values_list("fy", flat=True).distinct()), reverse=True)


def year_parse(value: str | int) -> int:
    """A financial year by its first year ("2024" or "2024/25"), which must have figures."""
    text = str(value).strip()
    first = text.split("/")[0]
    if not first.isdigit() or len(first) != 4:
        raise ReleaseError("year", f"{text!r} is not a financial year: write it as 2024 or 2024/25")
    fy = int(first)
    if "/" in text and text.split("/")[1] not in (f"{(fy + 1) % 100:02d}", str(fy + 1)):
        raise ReleaseError(
            "year",
            f"{text!r} is not a financial year: April {fy} to March {fy + 1} is {fy_label(fy)}",
        )
    if fy not in years_available():
        raise ReleaseError("year", f"There are no figures for {fy_label(fy)}")
    return fy


def quarter_parse(value: str | int | None) -> int | None:
    if value in (None, "", "year"):
        return None
    if str(value) in ("1", "2", "3", "4"):
        return int(str(value))
    raise ReleaseError("quarter", "Choose a quarter from 1 (April to June) to 4 (January to March)")


def threshold_check(threshold: int) -> int:
    if threshold < 1:
        raise ReleaseError("threshold", "The suppression threshold must be 1 or more")
    return threshold


# --- The year's cells and their suppression ---------------------------------------------------


@dataclass
class YearCells:
    values: dict[CellKey, int]
    hidden: set[CellKey]
    las: dict[str, tuple[str, str]]


def _year_values(fy: int, las: dict[str, tuple[str, str]]) -> dict[CellKey, int]:
    by_la: dict[tuple[str, int, str, str], list[int]] = defaultdict(lambda: [0] * len(MEASURES))
    for quarter, agency_id, dim, value, stage, n in ReleaseCell.objects.filter(fy=fy).values_list(
        "quarter", "owning_agency_id", "dimension", "value", "stage", "n"
    ):
        vector = by_la[(str(agency_id), quarter, dim, value)]
        for i in _STAGE_MEASURES[stage]:
            vector[i] += n
    values: dict[CellKey, int] = defaultdict(int)
    for (agency, quarter, dim, value), vector in by_la.items():
        region = las.get(agency, ("", ""))[1]
        areas: list[AreaKey] = [EW, ("la", agency)]
        if region:
            areas.append(("region", region))
        group = dim == "concern_type" and value in NO_IDEOLOGY
        for m, n in enumerate(vector):
            if not n:
                continue
            for area in areas:
                for period in (0, quarter):
                    values[(m, area, period, dim, value)] += n
                    if group:
                        values[(m, area, period, "concern_group", "no_ideology")] += n
    return values


def _equations(
    values: dict[CellKey, int], las: dict[str, tuple[str, str]]
) -> list[Equation[CellKey]]:
    active_las = {a[1] for (_, a, _, _, _) in values if a[0] == "la"}
    by_region: dict[str, list[str]] = defaultdict(list)
    for la in sorted(active_las):
        by_region[las.get(la, ("", ""))[1]].append(la)
    areas: list[AreaKey] = [
        EW,
        *[("region", r) for r in REGIONS],
        *[("la", la) for la in sorted(active_las)],
    ]
    dim_values: list[tuple[str, str]] = [("all", ""), ("concern_group", "no_ideology")]
    for dim in CELL_DIMENSIONS:
        dim_values += [(dim, v) for v in [*DIMENSIONS[dim][1], ""]]
    equations: list[Equation[CellKey]] = []
    for m in range(len(MEASURES)):
        for area in areas:
            for period in range(5):
                total = (m, area, period, "all", "")
                for dim in CELL_DIMENSIONS:
                    equations.append(
                        (total, [(m, area, period, dim, v) for v in [*DIMENSIONS[dim][1], ""]])
                    )
                equations.append(
                    (
                        (m, area, period, "concern_group", "no_ideology"),
                        [(m, area, period, "concern_type", v) for v in NO_IDEOLOGY],
                    )
                )
            for dim, value in dim_values:
                equations.append(
                    ((m, area, 0, dim, value), [(m, area, q, dim, value) for q in (1, 2, 3, 4)])
                )
        for period in range(5):
            for dim, value in dim_values:
                equations.append(
                    (
                        (m, EW, period, dim, value),
                        [(m, ("region", r), period, dim, value) for r in REGIONS]
                        + [(m, ("la", la), period, dim, value) for la in by_region.get("", [])],
                    )
                )
                for region, members in by_region.items():
                    if not region:
                        continue
                    equations.append(
                        (
                            (m, ("region", region), period, dim, value),
                            [(m, ("la", la), period, dim, value) for la in members],
                        )
                    )
    return equations


def _active_las(values: dict[CellKey, int]) -> set[str]:
    return {a[1] for (_, a, _, _, _) in values if a[0] == "la"}


def _structure(values: dict[CellKey, int], las: dict[str, tuple[str, str]]) -> Structure:
    dims = {dim: [*DIMENSIONS[dim][1], ""] for dim in CELL_DIMENSIONS}
    regions = {la: las.get(la, ("", ""))[1] for la in _active_las(values)}
    return Structure(dims, frozenset(NO_IDEOLOGY), regions)


#: Each process keeps the suppression it last worked out for a year and threshold: the
#: refresh it was made after, and the counts it was made from (a later refresh that changed
#: nothing in that year, such as any refresh for the year before, reuses it).
_YEARS: dict[
    tuple[int, int], tuple[object, dict[CellKey, int], dict[str, tuple[str, str]], YearCells]
] = {}


def year_cells_forget() -> None:
    """Drop the kept suppressions (the benchmark's cold start)."""
    _YEARS.clear()


def year_cells(fy: int, threshold: int) -> YearCells:
    """Every count of the year at every level, and which are withheld. Worked out again only
    when the year's counts or local authorities changed since this process last did."""
    state = FactsState.objects.filter(pk=1).values_list("refreshed_at", flat=True).first()
    kept = _YEARS.get((fy, threshold))
    if kept is not None and state is not None and kept[0] == state:
        return kept[3]
    las = local_authorities()
    values = dict(_year_values(fy, las))
    if kept is not None and kept[1] == values and kept[2] == las:
        result = kept[3]
    else:
        hidden = protect_cubes(values, threshold, _structure(values, las))
        result = YearCells(values, hidden, las)
    _YEARS[(fy, threshold)] = (state, values, las, result)
    return result


# --- Tables -----------------------------------------------------------------------------------


def _shown(year: YearCells, key: CellKey, rounding: int) -> int | None:
    if key in year.hidden:
        return None
    return round_to(year.values.get(key, 0), rounding)


def _row(
    year: YearCells,
    at: tuple[AreaKey, int, str, str],
    label: str,
    row_key: str,
    rounding: int,
    denominators: list[int | None] | None = None,
) -> Row:
    cells = []
    for m in range(len(MEASURES)):
        n = _shown(year, (m, *at), rounding)
        pct = None
        denominator = denominators[m] if denominators is not None else None
        if n is not None and denominator:
            pct = round(100.0 * n / denominator, 1)
        cells.append(Cell(n, pct))
    return Row(row_key, label, cells)


def _recorded(
    year: YearCells, area: AreaKey, period: int, dim: str, rounding: int
) -> list[int | None]:
    """Per measure, the total over records where the field was recorded (None if the total or
    the not-recorded count is withheld)."""
    out: list[int | None] = []
    for m in range(len(MEASURES)):
        total = _shown(year, (m, area, period, "all", ""), rounding)
        missing = _shown(year, (m, area, period, dim, ""), rounding) if dim != "region" else 0
        out.append(None if total is None or missing is None else total - missing)
    return out


def _breakdown(year: YearCells, area: Area, period: int, dim: str, rounding: int) -> Table:
    title, labels = DIMENSIONS[dim]
    a = area.key
    total = _row(year, (a, period, "all", ""), "Total", "total", rounding)
    denominators = _recorded(year, a, period, dim, rounding)
    rows = [
        _row(year, (a, period, dim, value), label, value, rounding, denominators)
        for value, label in labels.items()
    ]
    not_recorded = _row(year, (a, period, dim, ""), "Not recorded", "", rounding)
    table = Table(dim, title, rows, total, not_recorded)
    if dim == "concern_type":
        table.group_rows = [
            _row(
                year,
                (a, period, "concern_group", "no_ideology"),
                "No ideology (all types)",
                "no_ideology",
                rounding,
                denominators,
            )
        ]
    return table


def _by_area(year: YearCells, area: Area, period: int, rounding: int) -> Table | None:
    """Regions of England and Wales, or the local authorities of a region."""
    total = _row(year, (area.key, period, "all", ""), "Total", "total", rounding)
    denominators = [c.n for c in total.cells]
    children: list[tuple[AreaKey, str]]
    if area.kind == "ew":
        children = [(("region", code), label) for code, label in REGIONS.items()]
        title = "Region"
    elif area.kind == "region":
        children = [
            (("la", pk), name)
            for pk, (name, region) in sorted(year.las.items(), key=lambda i: i[1][0])
            if region == area.code
        ]
        title = "Local authority"
    else:
        return None
    rows = [
        _row(
            year,
            (child, period, "all", ""),
            label,
            child[1] or child[0],
            rounding,
            denominators,
        )
        for child, label in children
    ]
    return Table("region" if area.kind == "ew" else "local_authority", title, rows, total)


def release_build(
    *, fy: int, quarter: int | None, area: Area, threshold: int, rounding: int
) -> Release:
    """The release tables for a year or quarter and an area. Validated input only: see
    `year_parse`, `quarter_parse`, `area_parse`, `threshold_check`."""
    threshold_check(threshold)
    year = year_cells(fy, threshold)
    period = quarter or 0
    a = area.key
    funnel = Table(
        "funnel",
        "Referrals and their outcomes",
        [],
        _row(year, (a, period, "all", ""), "Total", "total", rounding),
    )
    tables: list[Table] = []
    for dim in DIMENSIONS:
        if dim == "region":
            by_area = _by_area(year, area, period, rounding)
            if by_area is not None:
                tables.append(by_area)
        else:
            tables.append(_breakdown(year, area, period, dim, rounding))
    quarterly = None
    if quarter is None:
        quarterly = Table(
            "quarter",
            "Referrals by quarter",
            [
                _row(year, (a, q, "all", ""), quarter_label(q), str(q), rounding)
                for q in (1, 2, 3, 4)
            ],
            funnel.total,
        )
    changes: list[Change] = []
    if fy - 1 in years_available():
        before = year_cells(fy - 1, threshold)
        for m, key in enumerate(_MEASURE_KEYS):
            changes.append(
                Change(
                    key,
                    MEASURES[key][0],
                    _shown(before, (m, a, period, "all", ""), rounding),
                    funnel.total.cells[m].n,
                )
            )
    return Release(
        fy=fy,
        quarter=quarter,
        area=area,
        measures=[(k, v[0]) for k, v in MEASURES.items()],
        funnel=funnel,
        tables=tables,
        quarterly=quarterly,
        year_on_year=changes,
        threshold=threshold,
        rounding=rounding,
    )


def table_rows(table: Table) -> list[Row]:
    """A table's rows in published order: categories, group totals, not recorded, total."""
    rows = list(table.rows) + list(table.group_rows)
    if table.not_recorded is not None:
        rows.append(table.not_recorded)
    rows.append(table.total)
    return rows
