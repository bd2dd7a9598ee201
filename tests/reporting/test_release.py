"""The national release from synthetic referrals: the funnel, the breakdowns, percentages over
recorded values, the quarterly series, year-on-year change, bad input, and that no withheld
cell can be worked out from any pair of nested tables."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from cairn.lib.vocab import CONCERN_TYPES, REGIONS
from cairn.reporting import release as r
from cairn.reporting.dimensions import NO_IDEOLOGY
from cairn.reporting.disclosure import determined
from cairn.reporting.models import ReferralFact, ReleaseCell
from cairn.reporting.services import facts_for_test, facts_refresh
from tests.reporting.conftest import THIS_YEAR, YEAR_BEFORE

EW = r.area_parse("ew")
MEASURE = {key: i for i, key in enumerate(r.MEASURES)}


def _facts(fy: int, **where: Any) -> list[ReferralFact]:
    return list(ReferralFact.objects.filter(fy=fy, **where))


def _measure_counts(facts: list[ReferralFact], dim: str) -> dict[str, Counter[str]]:
    out: dict[str, Counter[str]] = {m: Counter() for m in r.MEASURES}
    for fact in facts:
        for m, (_, stages) in r.MEASURES.items():
            if fact.stage in stages:
                out[m][getattr(fact, dim)] += 1
    return out


def _unsuppressed_release_counts_every_referral_once() -> None:
    release = r.release_build(fy=2024, quarter=None, area=EW, threshold=1, rounding=1)
    facts = _facts(2024)
    assert release.funnel.total.cells[0].n == len(facts) == THIS_YEAR
    for table in release.tables:
        if table.key == "region":
            counts = _measure_counts(facts, "region")
            assert [row.cells[0].n for row in table.rows] == [
                counts["referred"][code] for code in REGIONS
            ]
            continue
        counts = _measure_counts(facts, table.key)
        for row in table.rows:
            for m, cell in zip(r.MEASURES, row.cells, strict=True):
                assert cell.n == counts[m][row.key], (table.key, row.key, m)
        assert table.not_recorded is not None
        assert [c.n for c in table.not_recorded.cells] == [counts[m][""] for m in r.MEASURES]


def _funnel_stages_nest_and_follow_the_published_shape() -> None:
    release = r.release_build(fy=2024, quarter=None, area=EW, threshold=1, rounding=1)
    n = {m: c.n or 0 for m, c in zip(r.MEASURES, release.funnel.total.cells, strict=True)}
    assert n["referred"] >= n["panel"] >= n["adopted"] >= n["left"]
    assert 0.08 < n["panel"] / n["referred"] < 0.18  # 893 of 6,922 published
    assert 0.45 < n["adopted"] / n["panel"] < 0.7  # 512 of 893
    sector = next(t for t in release.tables if t.key == "sector")
    education = next(row for row in sector.rows if row.key == "education").cells[0]
    assert education.pct is not None
    assert 28 < education.pct < 44  # 36% published


def _percentages_are_over_recorded_values_with_not_recorded_shown() -> None:
    release = r.release_build(fy=2024, quarter=None, area=EW, threshold=1, rounding=1)
    gender = next(t for t in release.tables if t.key == "gender")
    total = gender.total.cells[0].n
    missing = gender.not_recorded.cells[0].n if gender.not_recorded else 0
    assert total is not None
    assert missing is not None
    assert missing > 0
    male = next(row for row in gender.rows if row.key == "male").cells[0]
    assert male.n is not None
    assert male.pct == round(100 * male.n / (total - missing), 1)


def _no_ideology_group_totals_its_types() -> None:
    release = r.release_build(fy=2024, quarter=None, area=EW, threshold=1, rounding=1)
    concern = next(t for t in release.tables if t.key == "concern_type")
    assert [row.key for row in concern.rows] == list(CONCERN_TYPES)
    group = concern.group_rows[0]
    for m in range(len(r.MEASURES)):
        assert group.cells[m].n == sum(
            row.cells[m].n or 0 for row in concern.rows if row.key in NO_IDEOLOGY
        )


def _quarterly_series_and_year_on_year() -> None:
    release = r.release_build(fy=2024, quarter=None, area=EW, threshold=1, rounding=1)
    assert release.quarterly is not None
    assert sum(row.cells[0].n or 0 for row in release.quarterly.rows) == THIS_YEAR
    referred = release.year_on_year[0]
    assert (referred.previous, referred.current) == (YEAR_BEFORE, THIS_YEAR)
    assert referred.pct == 100.0
    quarter = r.release_build(fy=2024, quarter=2, area=EW, threshold=1, rounding=1)
    assert quarter.quarterly is None
    assert quarter.funnel.total.cells[0].n == release.quarterly.rows[1].cells[0].n
    assert quarter.period_label == "July to September 2024/25"


def _rounding_applies_to_shown_counts() -> None:
    release = r.release_build(fy=2024, quarter=None, area=EW, threshold=1, rounding=5)
    assert all(
        c.n is None or c.n % 5 == 0 for t in release.tables for row in t.rows for c in row.cells
    )


def _suppressed_release_withholds_small_counts() -> None:
    release = r.release_build(fy=2024, quarter=None, area=EW, threshold=5, rounding=1)
    shown = [c.n for t in release.tables for row in r.table_rows(t) for c in row.cells]
    assert None in shown
    assert all(n is None or n == 0 or n >= 5 for n in shown)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: r.year_parse("1999"), "year"),
        (lambda: r.year_parse("2024/26"), "year"),
        (lambda: r.year_parse("last year"), "year"),
        (lambda: r.area_parse("region:atlantis"), "area"),
        (lambda: r.area_parse("la:999999"), "area"),
        (lambda: r.area_parse("county:x"), "area"),
        (lambda: r.quarter_parse("5"), "quarter"),
        (lambda: r.threshold_check(0), "threshold"),
    ],
)
@pytest.mark.django_db
def test_bad_input_is_refused_naming_the_field(call: Any, field: str) -> None:
    with pytest.raises(r.ReleaseError) as refused:
        call()
    assert refused.value.field == field


@pytest.mark.usefixtures("synth_years")
def test_release_tables() -> None:
    """One set of synthetic years, every check of the tables."""
    _unsuppressed_release_counts_every_referral_once()
    _funnel_stages_nest_and_follow_the_published_shape()
    _percentages_are_over_recorded_values_with_not_recorded_shown()
    _no_ideology_group_totals_its_types()
    _quarterly_series_and_year_on_year()
    _rounding_applies_to_shown_counts()
    _suppressed_release_withholds_small_counts()
    assert r.year_parse("2024") == r.year_parse("2024/25") == 2024


@pytest.mark.usefixtures("synth_years")
def test_no_withheld_cell_is_recovered_from_nested_tables() -> None:
    _no_withheld_cell_is_recovered_from_a_year_and_its_quarters()
    _no_withheld_cell_is_recovered_from_a_region_and_its_local_authorities()


def _pair_check(year: r.YearCells, keys: set[r.CellKey]) -> set[r.CellKey]:
    """What the equations among these cells give away of the withheld ones among them, by
    exact elimination over every combination of the equations (measure by measure: no
    equation joins two measures)."""
    found: set[r.CellKey] = set()
    for m in range(len(r.MEASURES)):
        mine = {k for k in keys if k[0] == m}
        equations = [
            (total, parts)
            for total, parts in _EQUATIONS(year)
            if total in mine and all(p in mine for p in parts)
        ]
        found |= determined(year.values, equations, year.hidden & mine)
    return found


_CACHE: dict[int, list[tuple[r.CellKey, list[r.CellKey]]]] = {}


def _EQUATIONS(year: r.YearCells) -> list[tuple[r.CellKey, list[r.CellKey]]]:
    if id(year) not in _CACHE:
        _CACHE.clear()
        _CACHE[id(year)] = [(t, list(p)) for t, p in r._equations(year.values, year.las)]
    return _CACHE[id(year)]


def _keys(areas: list[r.AreaKey], periods: list[int], year: r.YearCells) -> set[r.CellKey]:
    return {k for k in _all_keys(year) if k[1] in areas and k[2] in periods}


def _all_keys(year: r.YearCells) -> set[r.CellKey]:
    keys: set[r.CellKey] = set()
    for total, parts in _EQUATIONS(year):
        keys.add(total)
        keys.update(parts)
    return keys


def _no_withheld_cell_is_recovered_from_a_year_and_its_quarters() -> None:
    year = r.year_cells(2024, 5)
    assert year.hidden
    for area in [EW.key, ("region", "london"), ("region", "wales")]:
        assert _pair_check(year, _keys([area], [0, 1, 2, 3, 4], year)) == set(), area


def _no_withheld_cell_is_recovered_from_a_region_and_its_local_authorities() -> None:
    year = r.year_cells(2024, 5)
    for code in ("london", "north_east", "wales"):
        las = [("la", pk) for pk, (_, region) in year.las.items() if region == code]
        for period in (0, 1):
            keys = _keys([("region", code), *las], [period], year)
            assert _pair_check(year, keys) == set(), (code, period)
    keys = _keys([EW.key, *[("region", c) for c in REGIONS]], [0], year)
    assert _pair_check(year, keys) == set()


@pytest.mark.usefixtures("synth_years")
def test_published_tables_are_slices_of_the_one_pattern() -> None:
    year = r.year_cells(2024, 5)
    for slug in ("ew", "region:london"):
        area = r.area_parse(slug)
        release = r.release_build(fy=2024, quarter=None, area=area, threshold=5, rounding=1)
        for table in release.tables:
            if table.key in ("region", "local_authority"):
                continue
            for row in table.rows:
                for m, cell in enumerate(row.cells):
                    key = (m, area.key, 0, table.key, row.key)
                    assert (cell.n is None) == (key in year.hidden)


@pytest.mark.usefixtures("synth_years")
def test_incremental_refresh_matches_a_full_rebuild() -> None:
    from cairn.chronology.models import Entry

    fact = ReferralFact.objects.filter(fy=2024, stage="awaiting").first()
    assert fact is not None
    before = r.year_cells(2023, 5)
    entry = Entry.objects.get(referral_id=fact.referral_id)
    Entry.objects.create(
        source_record=entry.source_record,
        kind="decision",
        occurred_at=entry.occurred_at,
        recorded_at=entry.occurred_at,
        owning_agency=entry.owning_agency,
        details={"stage": "gateway", "outcome": "refer_to_panel"},
        refers_to=entry,
    )
    result = facts_refresh()
    assert result.referrals >= 1
    assert ReferralFact.objects.get(pk=fact.pk).stage == "panel"
    assert r.year_cells(2023, 5) is before  # that year's counts did not change: kept
    assert r.year_cells(2024, 5).values[(1, EW.key, 0, "all", "")] == (
        ReferralFact.objects.filter(fy=2024, stage__in=["panel", "adopted", "exited"]).count()
    )
    incremental = {
        (c.fy, c.quarter, c.owning_agency_id, c.dimension, c.value, c.stage): c.n
        for c in ReleaseCell.objects.exclude(n=0)
    }
    facts_refresh(full=True)
    full = {
        (c.fy, c.quarter, c.owning_agency_id, c.dimension, c.value, c.stage): c.n
        for c in ReleaseCell.objects.all()
    }
    assert incremental == full
    assert facts_refresh().referrals == 0  # nothing new: nothing done
    [again] = facts_for_test([fact.pk])
    assert again.stage == "panel"
