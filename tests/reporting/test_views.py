"""The statistics pages and downloads: who may open each, bad input over HTTP, the files,
and that an analyst can reach no personal data by any URL or API endpoint of the project."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from odf.opendocument import load  # type: ignore[import-untyped]
from odf.table import Table as OdsTable  # type: ignore[import-untyped]

from cairn.config.api import api
from tests.conftest import ROLES, World, signed_in

RELEASE_ROLES = {"analyst", "senior_officer"}
PAGES: dict[str, set[str]] = {
    reverse("reporting:overview"): RELEASE_ROLES,
    reverse("reporting:equality"): RELEASE_ROLES,
    reverse("reporting:operations"): {"senior_officer"},
    reverse("reporting:download", args=["sector", "csv"]): RELEASE_ROLES,
    reverse("reporting:download", args=["release", "ods"]): RELEASE_ROLES,
}

#: What the world's people are called and where they live: none of it may reach an analyst.
PERSONAL = ["Jordan", "Ellery", "Riley", "Brook", "NX1 2AB", "NX5 5EE", "Synthetic concern text"]
PERSONAL += ["2010-03-14", "14 March 2010", "14 Mar 2010", "2009-08-01", "1 August 2009"]


def _leaks(body: str) -> list[str]:
    return [text for text in PERSONAL if re.search(rf"\b{re.escape(text)}\b", body)]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", sorted(PAGES))
def test_statistics_access_by_role(world: World, role: str, path: str) -> None:
    response = signed_in(world.users[role]).get(path)
    assert response.status_code == (200 if role in PAGES[path] else 403)


def test_partner_at_another_agency_is_refused_everything(world: World) -> None:
    client = signed_in(world.users["officer_b"])
    for path in PAGES:
        assert client.get(path).status_code == 403


def test_release_page_shows_tables_charts_and_downloads(world: World) -> None:
    response = signed_in(world.users["analyst"]).get(reverse("reporting:overview"))
    html = response.content.decode()
    assert "Referrals to the programme: England and Wales" in html
    assert 'id="table-sector"' in html
    assert html.count("<svg") >= 8
    assert '<desc id="chart-sector-desc">' in html
    assert "[c]" in html  # two referrals: every count of 1 is withheld
    assert "Download all tables (OpenDocument spreadsheet)" in html
    for svg in re.findall(r"<svg.*?</svg>", html, flags=re.S):
        assert "href" not in svg
        assert "<title" in svg


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=1999", "There are no figures for 1999/00"),
        ("year=nonsense", "is not a financial year"),
        ("area=region:atlantis", "There is no area"),
        ("area=la:999999", "There is no area"),
        ("quarter=7", "Choose a quarter"),
    ],
)
def test_bad_input_is_a_clear_error(world: World, query: str, message: str) -> None:
    client = signed_in(world.users["analyst"])
    response = client.get(reverse("reporting:overview") + "?" + query)
    assert response.status_code == 400
    assert message in response.content.decode()
    download = client.get(reverse("reporting:download", args=["sector", "csv"]) + "?" + query)
    assert download.status_code == 400
    assert message in download.content.decode()


def test_csv_and_ods_downloads(world: World) -> None:
    client = signed_in(world.users["senior_officer"])
    csv = client.get(reverse("reporting:download", args=["sector", "csv"]))
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode()
    assert text.startswith("Referring sector")
    assert "Category,Referrals,Referrals (%)" in text
    assert "[c]" in text
    ods = client.get(reverse("reporting:download", args=["release", "ods"]))
    assert ods["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    doc = load(io.BytesIO(ods.content))
    names = [t.getAttribute("name") for t in doc.spreadsheet.getElementsByType(OdsTable)]
    assert names[0] == "Contents"
    assert len(names) >= 10
    assert client.get(reverse("reporting:download", args=["nothing", "csv"])).status_code == 404


def test_operations_dashboard_counts_own_agency_only(world: World) -> None:
    response = signed_in(world.users["senior_officer"]).get(reverse("reporting:operations"))
    html = response.content.decode()
    assert "Referrals awaiting triage" in html
    assert _leaks(html) == []


def _paths(patterns: list[Any], prefix: str = "") -> list[str]:
    out: list[str] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            out += _paths(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            out.append(prefix + str(pattern.pattern))
    return out


def _fill(route: str, ids: list[int]) -> list[str]:
    """Every way of filling a route's parameters with the world's ids (and a word)."""
    if route.startswith("^") or "(?P" in route:
        return []  # regular-expression routes: static files and the like
    filled = [route]
    for param in re.findall(r"<[^>]+>", route):
        options = [str(i) for i in ids] if param.startswith("<int:") else ["x", "sector"]
        filled = [f.replace(param, o, 1) for f in filled for o in options]
    return ["/" + f for f in filled]


def test_an_analyst_reaches_no_personal_data_by_any_url(world: World) -> None:
    analyst = signed_in(world.users["analyst"])
    from cairn.chronology.models import Entry

    ids = sorted(
        {world.referral_a.pk, world.referral_b.pk, world.referral_a.person_id}
        | {world.referral_b.person_id, world.agency_a.pk, world.agency_b.pk}
        | set(Entry.objects.values_list("pk", flat=True))
        | {u.pk for u in world.users.values()}
    )
    reached = 0
    for route in _paths(get_resolver().url_patterns):
        for path in _fill(route, ids):
            if path.startswith("/api/"):
                continue
            response = analyst.get(path)
            if response.status_code == 200 and not response.get("Content-Type", "").startswith(
                "application/vnd.oasis"
            ):
                reached += 1
                assert _leaks(response.content.decode(errors="replace")) == [], path
            else:
                assert response.status_code in (302, 400, 403, 404, 405), path
    assert reached >= 4  # home, the release, equality monitoring, a CSV download


def test_an_analyst_reaches_no_personal_data_by_any_api_endpoint(world: World) -> None:
    analyst = signed_in(world.users["analyst"])
    schema = api.get_openapi_schema()
    assert schema["paths"]
    for path, methods in schema["paths"].items():
        for method in methods:
            response = getattr(analyst, method)(path, content_type="application/json")
            assert response.status_code in (401, 403, 405), (method, path)
            assert _leaks(response.content.decode()) == [], path


def test_equality_page_has_charts_and_csv(world: World) -> None:
    client = signed_in(world.users["analyst"])
    html = client.get(reverse("reporting:equality")).content.decode()
    assert '<desc id="chart-equality-ethnicity-panel-desc">' in html
    assert "95% confidence interval" in html
    csv = client.get(reverse("reporting:equality") + "?format=csv&table=gender")
    assert csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode().startswith("Outcome rates by gender")
    assert client.get(reverse("reporting:equality") + "?format=csv&table=x").status_code == 404
    bad = client.get(reverse("reporting:equality") + "?year=1999")
    assert bad.status_code == 400
    assert "There are no figures for 1999/00" in bad.content.decode()
