"""Equality monitoring: Wilson intervals, and rates by group from the release's cells."""

from __future__ import annotations

import pytest

from cairn.reporting import release as r
from cairn.reporting.charts import bar_chart_svg
from cairn.reporting.equality import equality_tables, wilson


def test_wilson_interval_matches_published_values() -> None:
    low, high = wilson(10, 100)
    assert (round(low, 4), round(high, 4)) == (0.0552, 0.1744)
    assert wilson(0, 20)[0] == 0.0
    assert wilson(20, 20)[1] == 1.0
    with pytest.raises(ValueError, match="trials"):
        wilson(0, 0)


@pytest.mark.usefixtures("synth_years")
def test_rates_by_group_with_counts_intervals_and_suppression() -> None:
    year = r.year_cells(2024, 5)
    tables = equality_tables(year, r.area_parse("ew"))
    assert [t.key for t in tables] == ["ethnicity", "gender", "age_band"]
    overall = tables[0].overall
    assert overall.referrals == 500
    for table in tables:
        for row in table.rows:
            for rate in row.rates:
                if rate.rate is not None:
                    assert rate.count is not None
                    assert rate.low is not None
                    assert rate.high is not None
                    assert rate.low <= rate.rate <= rate.high
                    assert rate.count == 0 or rate.count >= 5
    gender = tables[1]
    male = next(row for row in gender.rows if row.label == "Male")
    assert male.rates[0].rate is not None  # closed at gateway: a large group


def test_chart_has_text_alternative_and_marks_suppressed() -> None:
    svg = bar_chart_svg(
        chart_id="c1", title="Referrals by sector", bars=[("Police", 12), ("Family", None)]
    )
    assert '<title id="c1-title">Referrals by sector</title>' in svg
    assert "Police: 12; Family: [c] suppressed" in svg
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    assert "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
