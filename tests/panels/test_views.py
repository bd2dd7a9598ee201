"""Every panel page and form for every role, and for a panel member of another panel (at
agency B), who sees nothing: 404 for anything of A's panel. A viewer who sees the thing but
may not change it is answered 403; a role with no panel pages at all is answered 403."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cairn.accounts.models import User
from cairn.panels import services
from cairn.panels.models import PanelPack, PostExitReview
from tests.cases.helpers import fresh
from tests.conftest import ROLES, World, signed_in
from tests.panels.helpers import adopt, case_at_panel, member_of_b, on_agenda, panel_of_a

pytestmark = pytest.mark.django_db

TEAM = {"case_officer", "senior_officer", "panel_chair"}
VIEWERS = TEAM | {"panel_member"}
MANAGERS = {"senior_officer", "panel_chair"}
EVERYONE = [*ROLES, "member_of_b"]


@dataclass
class Setting:
    urls: dict[str, str]
    users: dict[str, User]


@pytest.fixture
def setting(world: World) -> Setting:
    case = case_at_panel(world)
    panel = panel_of_a(world)
    item = on_agenda(world, panel, case, timezone.localdate())
    case = adopt(world, item)
    chair = world.users["panel_chair"]
    later = on_agenda(world, panel, case, timezone.localdate() + timedelta(days=7))
    provider = services.provider_add(actor=chair, name="Mentor M", kind="mentor")
    intervention = services.intervention_plan(
        actor=chair,
        case=case,
        provider=provider,
        purpose="Mentoring",
        session_dates=[timezone.localdate()],
    )
    pack, _ = services.pack_produce(actor=chair, meeting=item.meeting, agency=world.agency_a)
    review = PostExitReview.objects.create(
        case=case, months=6, due=timezone.localdate(), scheduled_at=timezone.now()
    )
    users = dict(world.users)
    users["member_of_b"] = member_of_b(world)
    m, p, c, i = item.meeting.pk, panel.pk, case.pk, intervention.pk
    urls = {
        "list": reverse("panels:list"),
        "panel-new": reverse("panels:panel-new"),
        "provider-new": reverse("panels:provider-new"),
        "panel": reverse("panels:panel", args=[p]),
        "member-add": reverse("panels:member-add", args=[p]),
        "meeting-new": reverse("panels:meeting-new", args=[p]),
        "meeting": reverse("panels:meeting", args=[m]),
        "agenda-add": reverse("panels:agenda-add", args=[m]),
        "attendance": reverse("panels:attendance", args=[m]),
        "minutes": reverse("panels:minutes", args=[m]),
        "pack-new": reverse("panels:pack-new", args=[m]),
        "pack": reverse("panels:pack", args=[pack.pk]),
        "decide": reverse("panels:decide", args=[later.pk]),
        "case": reverse("panels:case", args=[c]),
        "consent": reverse("panels:consent", args=[c]),
        "plan": reverse("panels:plan", args=[c]),
        "review": reverse("panels:review", args=[c]),
        "intervention-new": reverse("panels:intervention-new", args=[c]),
        "exit-extend": reverse("panels:exit-extend", args=[c]),
        "session": reverse("panels:session", args=[i, 1]),
        "session-add": reverse("panels:session-add", args=[i]),
        "report": reverse("panels:report", args=[i]),
        "exit-review": reverse("panels:exit-review", args=[review.pk]),
    }
    assert fresh(case).status == "adopted"
    return Setting(urls, users)


#: Who may open each page; the rest of the panel's viewers get 403, except where noted.
ALLOWED = {
    "list": VIEWERS | {"member_of_b"},
    "panel-new": MANAGERS,
    "provider-new": MANAGERS,
    "panel": VIEWERS,
    "member-add": MANAGERS,
    "meeting-new": MANAGERS,
    "meeting": VIEWERS,
    "agenda-add": MANAGERS,
    "attendance": MANAGERS,
    "minutes": MANAGERS,
    "pack-new": MANAGERS,
    "pack": MANAGERS,
    "decide": {"panel_chair"},
    "case": VIEWERS,
    "consent": TEAM,
    "plan": TEAM,
    "review": TEAM,
    "intervention-new": TEAM,
    "exit-extend": TEAM,
    "session": TEAM,
    "session-add": TEAM,
    "report": TEAM,
    "exit-review": TEAM,
}
#: Pages about A's panel or case: someone who cannot see them gets 404, not 403.
NOT_FOUND_FOR_OUTSIDERS = set(ALLOWED) - {"list", "panel-new", "provider-new"}
#: Packs are found only by the local authority's chair and senior officers.
PACK_HIDDEN = {"case_officer", "panel_member", "member_of_b"}


def expected(page: str, role: str) -> int:
    if role in ALLOWED[page]:
        return 200
    if role not in VIEWERS | {"member_of_b"}:
        return 403
    if page == "pack" and role in PACK_HIDDEN:
        return 404
    if role == "member_of_b" and page in NOT_FOUND_FOR_OUTSIDERS:
        return 404
    return 403


FORMS = sorted(set(ALLOWED) - {"list", "case", "meeting", "panel", "pack"})


def test_each_page_for_each_role(setting: Setting) -> None:
    # One setting for every page and role: building it is the slow part.
    clients = {role: signed_in(setting.users[role]) for role in EVERYONE}
    wrong = []
    for page in sorted(ALLOWED):
        for role in EVERYONE:
            got = clients[role].get(setting.urls[page]).status_code
            if got != expected(page, role):
                wrong.append((page, role, got, expected(page, role)))
    assert wrong == []


def test_each_form_refuses_a_post_from_each_role_that_may_not(setting: Setting) -> None:
    clients = {role: signed_in(setting.users[role]) for role in EVERYONE}
    packs = PanelPack.objects.count()
    wrong = []
    for page in FORMS:
        for role in EVERYONE:
            want = expected(page, role)
            got = clients[role].post(setting.urls[page], {}).status_code
            if (want == 200 and got not in (200, 302)) or (want != 200 and got != want):
                wrong.append((page, role, got, want))
    assert wrong == []
    assert PanelPack.objects.count() == packs


def test_a_panel_member_reads_only_what_is_shared_with_their_agency(
    setting: Setting,
) -> None:
    member = signed_in(setting.users["panel_member"]).get(setting.urls["case"])
    officer = signed_in(setting.users["case_officer"]).get(setting.urls["case"])
    assert "Synthetic concern text" in officer.content.decode()
    assert "Synthetic concern text" not in member.content.decode()


def test_panels_are_in_the_navigation_of_those_who_see_them(setting: Setting) -> None:
    for role in EVERYONE:
        page = signed_in(setting.users[role]).get(reverse("web:home")).content.decode()
        assert (reverse("panels:list") in page) == (role in VIEWERS | {"member_of_b"}), role


def test_a_pack_page_shows_what_it_held(setting: Setting) -> None:
    page = signed_in(setting.users["panel_chair"]).get(setting.urls["pack"]).content.decode()
    assert "Panel pack for Ashby Council" in page
    assert "Synthetic concern text" in page


def test_a_panel_member_does_not_see_a_case_off_their_agenda(world: World) -> None:
    panel_of_a(world)
    case = case_at_panel(world)
    member = signed_in(world.users["panel_member"])
    assert member.get(reverse("panels:case", args=[case.pk])).status_code == 404
    officer = signed_in(world.users["case_officer"])
    assert officer.get(reverse("panels:case", args=[case.pk])).status_code == 200


def test_list_and_meeting_pages_take_a_fixed_number_of_queries(
    setting: Setting, django_assert_max_num_queries: Any
) -> None:
    chair = signed_in(setting.users["panel_chair"])
    with django_assert_max_num_queries(25):
        assert chair.get(setting.urls["list"]).status_code == 200
    with django_assert_max_num_queries(30):
        assert chair.get(setting.urls["meeting"]).status_code == 200


def test_the_meeting_page_shows_the_minutes_and_their_earlier_versions(world: World) -> None:
    chair = signed_in(world.users["panel_chair"])
    case = case_at_panel(world)
    meeting = on_agenda(world, panel_of_a(world), case, timezone.localdate()).meeting
    url = reverse("panels:minutes", args=[meeting.pk])
    assert 'name="version" value="0"' in chair.get(url).text
    assert chair.post(url, {"minutes": "First draft.", "version": 0}).status_code == 302
    assert chair.post(url, {"minutes": "Agreed minutes.", "version": 1}).status_code == 302
    stale = chair.post(url, {"minutes": "Lost edit.", "version": 1})
    assert stale.status_code == 200
    assert "saved the minutes" in stale.text
    # Told, the writer gets the form back at the latest version: saving again goes through.
    assert 'name="version" value="2"' in stale.text
    assert "Lost edit." in stale.text
    page = chair.get(reverse("panels:meeting", args=[meeting.pk])).text
    assert "Version 2, saved by" in page
    assert "Agreed minutes." in page
    assert "Earlier versions of the minutes (1)" in page
    assert "First draft." in page
    assert "Lost edit." not in page
    assert chair.post(url, {"minutes": "Agreed minutes, amended.", "version": 2}).status_code == 302
    page = chair.get(reverse("panels:meeting", args=[meeting.pk])).text
    assert "Version 3, saved by" in page
    assert "Earlier versions of the minutes (2)" in page


def test_a_decision_refused_because_the_case_changed_keeps_the_text_and_can_be_sent_again(
    world: World,
) -> None:
    from django.db.models import F

    from cairn.cases.models import Case

    case = case_at_panel(world)
    item = on_agenda(world, panel_of_a(world), case, timezone.localdate())
    url = reverse("panels:decide", args=[item.pk])
    chair = signed_in(world.users["panel_chair"])
    seen = fresh(case).version
    Case.objects.filter(pk=case.pk).update(version=F("version") + 1)  # someone else's change
    decision = {"outcome": "adopted", "discussion": "Adopt: mentoring.", "consensus": "yes"}
    refused = chair.post(url, {**decision, "version": seen})
    assert refused.status_code == 200
    assert "Someone else changed this case" in refused.text
    assert "Adopt: mentoring." in refused.text
    assert f'name="version" value="{seen + 1}"' in refused.text
    assert fresh(case).status == "panel"
    assert chair.post(url, {**decision, "version": seen + 1}).status_code == 302
    assert fresh(case).status == "adopted"
