"""Every table of the operational dashboard and of equality monitoring downloads as CSV and, a
page at a time, as an OpenDocument spreadsheet: the content, the file's type and name, who may
download it, and suppression exactly as on the page."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from odf.opendocument import load  # type: ignore[import-untyped]
from odf.table import Table as OdsTable  # type: ignore[import-untyped]
from odf.table import TableRow
from odf.teletype import extractText  # type: ignore[import-untyped]

from cairn.accounts.roles import Role
from cairn.cases.models import Case, FlagOverride
from cairn.rules.models import FlagState
from tests.conftest import ROLES, World, signed_in
from tests.factories import make_user
from tests.reporting.test_operations import _flag, signposted_onward

OPS = reverse("reporting:operations")
EQUALITY = reverse("reporting:equality")
ODS_TYPE = "application/vnd.oasis.opendocument.spreadsheet"

#: Each dashboard table: its header and a line it holds for the busy agency below.
OPS_TABLES = {
    "awaiting": ("Days waited,Cases", "0 to 2 days,1"),
    "decisions": ("Measure,Value", "Referrals received,1"),
    "flags": ("Rule,Raised,Resolved,Overridden", "closure-rationale,1,1,0"),
    "overrides": ("Officer,Overrides,Share of the team's (%)", "senior_a,1,100.0"),
    "onward": (
        "Receiving agency,Awaiting,Oldest (days),Past 20 working days",
        "Canal Street School,1,40,1",
    ),
    "panel": ("Measure,Cases", "Past their review date,1"),
}
EQUALITY_TABLES = {"ethnicity": "ethnicity", "gender": "gender", "age_band": "age at referral"}
EQUALITY_HEADER = (
    "Group,Referrals,Closed at gateway,Closed at gateway (%),Closed at gateway: lower (%),"
    "Closed at gateway: upper (%),Discussed at panel,"
)

DOWNLOADS: dict[str, set[str]] = {
    **{f"{OPS}?format=csv&table={key}": {"senior_officer"} for key in OPS_TABLES},
    f"{OPS}?format=ods": {"senior_officer"},
    **{f"{EQUALITY}?format=csv&table={k}": {"analyst", "senior_officer"} for k in EQUALITY_TABLES},
    f"{EQUALITY}?format=ods": {"analyst", "senior_officer"},
}


def _busy(world: World) -> None:
    """Agency A's work: flags of each kind, a decision, an override, an onward referral."""
    now = timezone.now()
    case = Case.objects.get(owning_agency=world.agency_a)
    person = world.referral_a.person_id
    _flag(person, "repeat-referral", FlagState.OPEN, 3, blocking=True)
    _flag(person, "closure-rationale", FlagState.RESOLVED, 10)
    _flag(person, "panel-review-gap", FlagState.OPEN, 1)
    decision = signposted_onward(world, now)
    FlagOverride.objects.create(
        case=case,
        rule="repeat-referral",
        reason="r",
        by=world.users["senior_officer"],
        at=now,
        entry=decision,
        policy_name="2025",
        policy_version=1,
    )


def _csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode())))


def _ods(content: bytes) -> dict[str, list[list[str]]]:
    doc = load(io.BytesIO(content))
    return {
        sheet.getAttribute("name"): [
            [extractText(cell) for cell in row.childNodes]
            for row in sheet.getElementsByType(TableRow)
        ]
        for sheet in doc.spreadsheet.getElementsByType(OdsTable)
    }


@pytest.mark.parametrize("key", sorted(OPS_TABLES))
def test_dashboard_table_downloads_as_csv_with_a_chart(world: World, key: str) -> None:
    _busy(world)
    client = signed_in(world.users["senior_officer"])
    response = client.get(f"{OPS}?format=csv&table={key}")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="operations-{key}.csv"'
    lines = response.content.decode().splitlines()
    header, value = OPS_TABLES[key]
    assert header in lines
    assert value in lines
    page = client.get(OPS).content.decode()
    assert f'<desc id="chart-{key}-desc">' in page
    assert f"format=csv&amp;table={key}" in page


def test_dashboard_downloads_as_one_spreadsheet(world: World) -> None:
    _busy(world)
    response = signed_in(world.users["senior_officer"]).get(f"{OPS}?format=ods")
    assert response["Content-Type"] == ODS_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="operations.ods"'
    sheets = _ods(response.content)
    assert list(sheets) == ["Contents"] + [f"Table {n}" for n in range(1, 7)]
    onward = sheets["Table 5"]
    assert onward[0] == ["Table 5: Onward referrals awaiting a reply by receiving agency"]
    assert ["Canal Street School", "1", "40", "1"] in onward
    assert ["Receiving agency", "Awaiting", "Oldest (days)", "Past 20 working days"] in onward
    missing = signed_in(world.users["senior_officer"]).get(f"{OPS}?format=csv&table=nothing")
    assert missing.status_code == 404


def test_dashboard_downloads_are_the_viewers_own_agency(world: World) -> None:
    _busy(world)
    senior_b = make_user("senior_b", world.agency_b, Role.SENIOR_OFFICER)
    client = signed_in(senior_b)
    flags = client.get(f"{OPS}?format=csv&table=flags").content.decode()
    assert "closure-rationale" not in flags
    onward = client.get(f"{OPS}?format=csv&table=onward").content.decode()
    assert "Canal Street School" not in onward
    assert "Canal Street School" not in client.get(f"{OPS}?format=ods").content.decode(
        errors="replace"
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", sorted(DOWNLOADS))
def test_downloads_by_role(world: World, role: str, path: str) -> None:
    response = signed_in(world.users[role]).get(path)
    assert response.status_code == (200 if role in DOWNLOADS[path] else 403)


def test_a_partner_at_another_agency_downloads_nothing(world: World) -> None:
    for user in ("partner_practitioner", "officer_b"):
        client = signed_in(world.users[user])
        for path in DOWNLOADS:
            assert client.get(path).status_code == 403, (user, path)


@pytest.mark.usefixtures("synth_years")
@pytest.mark.parametrize("key", sorted(EQUALITY_TABLES))
def test_equality_table_downloads_as_csv(world: World, key: str) -> None:
    response = signed_in(world.users["analyst"]).get(f"{EQUALITY}?year=2024&format=csv&table={key}")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="equality-2024-ew-{key}.csv"'
    text = response.content.decode()
    assert text.startswith(f"Outcome rates by {EQUALITY_TABLES[key]}")
    assert "England and Wales, 2024/25" in text
    assert EQUALITY_HEADER in text
    assert "All referrals,500," in text


@pytest.mark.usefixtures("synth_years")
def test_equality_downloads_as_one_spreadsheet(world: World) -> None:
    response = signed_in(world.users["analyst"]).get(f"{EQUALITY}?year=2024&format=ods")
    assert response["Content-Type"] == ODS_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="equality-2024-ew.ods"'
    sheets = _ods(response.content)
    assert list(sheets) == ["Contents", "Table 1", "Table 2", "Table 3"]
    assert sheets["Table 2"][0] == ["Table 2: Outcome rates by gender"]
    assert EQUALITY_HEADER.rstrip(",").split(",") == sheets["Table 2"][4][:7]
    assert sheets["Table 2"][5][:2] == ["All referrals", "500"]


def _page_counts(page: str, key: str) -> list[list[str]]:
    """Per row of a table on the page: the group, the referrals and each outcome's count."""
    table = re.search(rf'id="equality-{key}".*?</table>', page, flags=re.S)
    assert table is not None
    rows = []
    for label, cells in re.findall(r'<th scope="row"[^>]*>(.*?)</th>(.*?)</tr>', table[0]):
        texts = [
            re.sub(r"<.*?>", "", c).split(",")[0].strip()
            for c in re.findall(r"<td[^>]*>(.*?)</td>", cells)
        ]
        rows.append([html.unescape(label), *texts])
    return rows


def _download_counts(lines: list[list[str]], outcomes: int) -> list[list[str]]:
    start = next(i for i, line in enumerate(lines) if line[:1] == ["Group"]) + 1
    return [
        [line[0], line[1], *[line[2 + 4 * i] for i in range(outcomes)]] for line in lines[start:]
    ]


@pytest.mark.usefixtures("synth_years")
def test_equality_downloads_suppress_exactly_as_the_page(world: World) -> None:
    client = signed_in(world.users["analyst"])
    page = client.get(f"{EQUALITY}?year=2024").content.decode()
    sheets = _ods(client.get(f"{EQUALITY}?year=2024&format=ods").content)
    suppressed = shown = 0
    for number, key in enumerate(EQUALITY_TABLES, start=1):
        on_page = _page_counts(page, key)
        download = _csv(client.get(f"{EQUALITY}?year=2024&format=csv&table={key}").content)
        assert _download_counts(download, 3) == on_page
        assert _download_counts(sheets[f"Table {number}"], 3) == on_page
        cells = [c for row in on_page for c in row[1:]]
        suppressed += cells.count("[c]")
        shown += sum(1 for c in cells if c.isdigit())
    assert suppressed > 0
    assert shown > 0


# --- The year-on-year change on the release page --------------------------------------------

OVERVIEW = reverse("reporting:overview")
CHANGE = reverse("reporting:download", args=["year_on_year", "csv"])
CHANGE_HEADER = ["Measure", "2023/24", "2024/25", "Change", "Change (%)"]


def _change_on_page(page: str) -> list[list[str]]:
    """Per row of the change table on the page: measure, year before, now, change."""
    table = re.search(r'id="table-year-on-year".*?</table>', page, flags=re.S)
    assert table is not None
    rows = []
    for label, cells in re.findall(r'<th scope="row"[^>]*>(.*?)</th>(.*?)</tr>', table[0]):
        texts = [c.split(" (")[0].strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", cells)]
        rows.append([html.unescape(label), *texts])
    return rows


def _change_in_file(lines: list[list[str]]) -> list[list[str]]:
    start = next(i for i, line in enumerate(lines) if line[:1] == ["Measure"]) + 1
    return [line[:4] for line in lines[start:] if line]


@pytest.mark.usefixtures("synth_years")
def test_change_table_has_a_chart_a_csv_and_a_sheet(world: World) -> None:
    client = signed_in(world.users["analyst"])
    response = client.get(f"{CHANGE}?year=2024")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="referrals-2024-year-ew-year_on_year.csv"'
    )
    lines = _csv(response.content)
    assert lines[0] == ["Change on the year before"]
    assert ["England and Wales, 2024/25"] in lines
    assert CHANGE_HEADER in lines
    assert ["Referrals", "250", "500", "250", "100.0"] in lines
    sheets = _ods(
        client.get(f"{reverse('reporting:download', args=['release', 'ods'])}?year=2024").content
    )
    last = list(sheets)[-1]
    assert sheets["Contents"][-1] == [last, "Change on the year before"]
    assert sheets[last][0] == [f"{last}: Change on the year before"]
    assert CHANGE_HEADER in sheets[last]
    assert ["Referrals", "250", "500", "250", "100.0"] in sheets[last]
    page = client.get(f"{OVERVIEW}?year=2024").content.decode()
    chart = re.search(
        r'<svg[^>]*aria-labelledby="chart-year_on_year-title[^>]*>.*?</svg>', page, re.S
    )
    assert chart is not None
    assert '<title id="chart-year_on_year-title">Change on the year before</title>' in chart[0]
    assert "Referrals, 2023/24: 250; Referrals, 2024/25: 500" in chart[0]
    assert "href" not in chart[0]
    assert "download/year_on_year.csv?year=2024" in page


@pytest.mark.usefixtures("synth_years")
def test_a_change_from_a_suppressed_count_is_suppressed_everywhere(world: World) -> None:
    """A count withheld in either year withholds the change worked out from it: on the page,
    in its chart, in the CSV and in the spreadsheet, never a number."""
    client = signed_in(world.users["analyst"])
    before_only = now_only = shown = 0
    for area in ("region:north_east", "region:london"):
        query = f"year=2024&area={area}"
        page = client.get(f"{OVERVIEW}?{query}").content.decode()
        on_page = _change_on_page(page)
        csv_lines = _csv(client.get(f"{CHANGE}?{query}").content)
        csv_rows = _change_in_file(csv_lines)
        sheets = _ods(
            client.get(f"{reverse('reporting:download', args=['release', 'ods'])}?{query}").content
        )
        ods_rows = _change_in_file(sheets[list(sheets)[-1]])
        assert csv_rows == on_page
        assert [row[:4] for row in ods_rows] == on_page
        for label, before, now, change in on_page:
            if "[c]" in (before, now):
                before_only += before == "[c]" and now != "[c]"
                now_only += now == "[c]" and before != "[c]"
                assert change == "[c]", (area, label)
                assert (
                    f"{label}, {'2023/24' if before == '[c]' else '2024/25'}: [c] suppressed"
                    in page
                )
            else:
                shown += 1
                assert int(change) == int(now) - int(before)
        for line in [*csv_lines, *sheets[list(sheets)[-1]]]:
            if len(line) == 5 and "[c]" in line[1:3]:
                assert line[3:] == ["[c]", "[c]"], line  # the change and its percentage
    assert before_only > 0
    assert now_only > 0
    assert shown > 0


@pytest.mark.usefixtures("synth_years")
@pytest.mark.parametrize("role", ROLES)
def test_change_download_by_role(world: World, role: str) -> None:
    response = signed_in(world.users[role]).get(f"{CHANGE}?year=2024")
    assert response.status_code == (200 if role in {"analyst", "senior_officer"} else 403)


@pytest.mark.usefixtures("synth_years")
def test_a_partner_at_another_agency_cannot_download_the_change(world: World) -> None:
    for user in ("partner_practitioner", "officer_b"):
        assert signed_in(world.users[user]).get(f"{CHANGE}?year=2024").status_code == 403


def test_equality_charts_every_outcome_with_a_text_alternative(world: World) -> None:
    page = signed_in(world.users["analyst"]).get(EQUALITY).content.decode()
    for key, title in EQUALITY_TABLES.items():
        for outcome, label in [
            ("closed", "closed at gateway"),
            ("panel", "discussed at panel"),
            ("adopted", "adopted"),
        ]:
            chart = f"chart-equality-{key}-{outcome}"
            assert f'aria-labelledby="{chart}-title {chart}-desc"' in page
            assert f'<title id="{chart}-title">Rate {label} by {title}</title>' in page
            assert f'<desc id="{chart}-desc">Rate {label} by {title}. All referrals: ' in page
