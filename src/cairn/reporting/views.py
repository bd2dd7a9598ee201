"""Statistics pages: the national release, its downloads, equality monitoring (analysts and
senior officers) and the operational dashboard (senior officers, their own agency). Every
page brings the figures up to date with the live records first (`facts_refresh`, cheap when
nothing changed), then reads aggregates through a selector."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from cairn.accounts.models import User
from cairn.lib.vocab import REGIONS
from cairn.reporting import downloads, permissions, selectors
from cairn.reporting.charts import bar_chart_svg
from cairn.reporting.dimensions import fy_label, quarter_label
from cairn.reporting.equality import OUTCOMES, EqualityTable
from cairn.reporting.operations import dashboard_tables
from cairn.reporting.release import (
    Release,
    ReleaseError,
    area_parse,
    local_authorities,
    table_rows,
    year_parse,
    years_available,
)
from cairn.reporting.services import facts_refresh
from cairn.web.access import require


def _choices() -> dict[str, Any]:
    areas = [("ew", "England and Wales")]
    areas += [(f"region:{code}", label) for code, label in REGIONS.items()]
    areas += [
        (f"la:{pk}", name)
        for pk, (name, _) in sorted(local_authorities().items(), key=lambda i: i[1][0])
    ]
    return {"years": [(str(y), fy_label(y)) for y in years_available()], "areas": areas}


def _params(request: HttpRequest) -> dict[str, str]:
    return {
        "year": request.GET.get("year") or selectors.latest_year() or "",
        "quarter": request.GET.get("quarter", ""),
        "area": request.GET.get("area", "ew"),
    }


def _release(request: HttpRequest) -> tuple[Release | None, dict[str, str], ReleaseError | None]:
    assert isinstance(request.user, User)
    facts_refresh(actor=request.user)
    params = _params(request)
    try:
        release = selectors.release_for(
            user=request.user, year=params["year"], quarter=params["quarter"], area=params["area"]
        )
    except ReleaseError as error:
        return None, params, error
    return release, params, None


def _charts(release: Release) -> list[dict[str, Any]]:
    out = []
    tables = [*release.tables] + ([release.quarterly] if release.quarterly else [])
    for table in tables:
        bars = [(row.label, row.cells[0].n) for row in table.rows + table.group_rows]
        out.append(
            {
                "table": table,
                "rows": table_rows(table),
                "svg": bar_chart_svg(
                    chart_id=f"chart-{table.key}",
                    title=f"Referrals by {table.title.lower()}",
                    bars=bars,
                ),
            }
        )
    return out


def _change_chart(release: Release) -> str:
    """The year-on-year change as a pair of bars per measure: the year before, then now."""
    bars: list[tuple[str, float | None]] = []
    for c in release.year_on_year:
        bars += [
            (f"{c.label}, {release.previous_label}", c.previous),
            (f"{c.label}, {release.period_label}", c.current),
        ]
    return bar_chart_svg(
        chart_id=f"chart-{downloads.CHANGE_KEY}", title=downloads.CHANGE_TITLE, bars=bars
    )


@require(permissions.can_view_release)
def overview(request: HttpRequest) -> HttpResponse:
    release, params, error = _release(request)
    context = {
        "release": release,
        "params": params,
        "error": error,
        "charts": _charts(release) if release else [],
        "funnel_svg": bar_chart_svg(
            chart_id="chart-funnel",
            title="Referrals through the programme",
            bars=[
                (label, cell.n)
                for (_, label), cell in zip(
                    release.measures, release.funnel.total.cells, strict=True
                )
            ],
        )
        if release
        else "",
        "change_svg": _change_chart(release) if release and release.year_on_year else "",
        "change_key": downloads.CHANGE_KEY,
        "query": request.GET.urlencode(),
        "funnel_rows": table_rows(release.funnel) if release else [],
        "quarter_choices": [(str(q), quarter_label(q)) for q in (1, 2, 3, 4)],
        "can_view_operations": permissions.can_view_operations(request.user),
        **_choices(),
    }
    return render(request, "reporting/release.html", context, status=400 if error else 200)


@require(permissions.can_view_release)
def download(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    release, _, error = _release(request)
    if error is not None or release is None:
        return HttpResponse(
            f"{error.field}: {error.message}" if error else "Not found",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    name = (
        f"referrals-{release.fy}-{release.quarter or 'year'}-{release.area.slug.replace(':', '-')}"
    )
    if fmt == "ods" and table == "release":
        return _attachment(downloads.release_ods(release), f"{name}.ods", ODS_TYPE)
    if fmt == "csv" and table == downloads.CHANGE_KEY and release.year_on_year:
        return _attachment(downloads.change_csv(release), f"{name}-{table}.csv", CSV_TYPE)
    tables = {
        t.key: t
        for t in [
            release.funnel,
            *release.tables,
            *([release.quarterly] if release.quarterly else []),
        ]
    }
    if fmt != "csv" or table not in tables:
        raise Http404
    return _attachment(downloads.table_csv(release, tables[table]), f"{name}-{table}.csv", CSV_TYPE)


@require(permissions.can_view_release)
def equality(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    facts_refresh(actor=request.user)
    params = _params(request)
    error = None
    tables = None
    try:
        tables = selectors.equality_for(user=request.user, year=params["year"], area=params["area"])
    except ReleaseError as refused:
        error = refused
    shown = [
        {
            "key": t.key,
            "title": t.title,
            "outcomes": t.outcomes,
            "display": _equality_rows(t),
            "svgs": _equality_charts(t),
        }
        for t in tables or []
    ]
    if tables is not None and request.GET.get("format") in ("csv", "ods"):
        where = area_parse(params["area"])
        notes = [f"{where.label}, {fy_label(year_parse(params['year']))}"]
        stem = f"equality-{params['year']}-{where.slug.replace(':', '-')}"
        if request.GET["format"] == "ods":
            return _attachment(downloads.equality_ods(tables, notes), f"{stem}.ods", ODS_TYPE)
        chosen = next((t for t in tables if t.key == request.GET.get("table")), None)
        if chosen is None:
            raise Http404
        return _attachment(
            downloads.equality_csv(chosen, notes), f"{stem}-{chosen.key}.csv", CSV_TYPE
        )
    context = {
        "tables": shown,
        "params": params,
        "error": error,
        "query": request.GET.urlencode(),
        **_choices(),
    }
    return render(request, "reporting/equality.html", context, status=400 if error else 200)


CSV_TYPE = "text/csv; charset=utf-8"
ODS_TYPE = "application/vnd.oasis.opendocument.spreadsheet"


def _attachment(content: str | bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _pct(x: float | None) -> str:
    return "" if x is None else f"{100 * x:.1f}%"


def _percent(rate: float | None) -> float | None:
    return None if rate is None else round(100 * rate, 1)


def _equality_charts(table: EqualityTable) -> list[str]:
    """One chart per outcome (closed, panel, adopted): its rate for all referrals and each
    group; a rate whose count is suppressed is drawn as no bar and labelled [c]."""
    return [
        bar_chart_svg(
            chart_id=f"chart-equality-{table.key}-{outcome}",
            title=f"Rate {label[0].lower()}{label[1:]} by {table.title.lower()}",
            bars=[(row.label, _percent(row.rates[i].rate)) for row in [table.overall, *table.rows]],
            unit="%",
        )
        for i, (outcome, label) in enumerate(zip(OUTCOMES, table.outcomes, strict=True))
    ]


def _equality_rows(table: EqualityTable) -> list[dict[str, Any]]:
    rows = []
    for row in [table.overall, *table.rows]:
        cells = []
        for rate, differs in zip(row.rates, row.outside_overall, strict=True):
            if rate.count is None:
                text = "[c]"
            elif rate.rate is None:
                text = str(rate.count)
            else:
                text = f"{rate.count}, {_pct(rate.rate)} ({_pct(rate.low)} to {_pct(rate.high)})"
            cells.append((text, differs))
        rows.append({"label": row.label, "referrals": row.referrals, "cells": cells})
    return rows


PERIOD = [("date_from", "From (YYYY-MM-DD)"), ("date_to", "To (YYYY-MM-DD)")]


@require(permissions.can_view_operations)
def operations(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    facts_refresh(actor=request.user)
    params = {
        "date_from": request.GET.get("date_from", ""),
        "date_to": request.GET.get("date_to", ""),
    }
    try:
        ops = selectors.operations_for(user=request.user, **params)
    except ReleaseError as error:
        context: dict[str, Any] = {
            "ops": None,
            "error": error,
            "params": params,
            "period_fields": PERIOD,
        }
        return render(request, "reporting/operations.html", context, status=400)
    tables = dashboard_tables(ops) if ops is not None else []
    fmt = request.GET.get("format")
    if fmt == "ods":
        notes = [f"Operational dashboard: {_period(params)}"]
        sheets = [(t.title, t.header, t.lines) for t in tables]
        return _attachment(
            downloads.sheets_ods("Operational dashboard", notes, sheets), "operations.ods", ODS_TYPE
        )
    if fmt == "csv":
        chosen = next((t for t in tables if t.key == request.GET.get("table")), None)
        if chosen is None:
            raise Http404
        notes = [f"Operational dashboard: {_period(params)}"]
        csv = downloads.rows_csv(chosen.title, notes, chosen.header, chosen.lines)
        return _attachment(csv, f"operations-{chosen.key}.csv", CSV_TYPE)
    charts = {
        t.key: bar_chart_svg(chart_id=f"chart-{t.key}", title=t.title, bars=t.bars, unit=t.unit)
        for t in tables
    }
    context = {
        "ops": ops,
        "params": params,
        "period_fields": PERIOD,
        "charts": charts,
        "query": request.GET.urlencode(),
    }
    return render(request, "reporting/operations.html", context)


def _period(params: dict[str, str]) -> str:
    """What waits is as of now; the rest covers the period chosen."""
    if not (params["date_from"] or params["date_to"]):
        return "waiting as of now; the rest over the last 365 days"
    start = params["date_from"] or "365 days before the end"
    return f"waiting as of now; the rest from {start} to {params['date_to'] or 'now'}"
