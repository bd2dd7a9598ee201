"""The issue's journey through the pages (Django's test client): a referral taken to panel,
adopted at a meeting, a support plan written late (the rule flags it), sessions planned and
some missed, an exit refused while a session is unrecorded, a review after the gap flag, the
exit, and a six-month review after exit whose concern reopens the case, with the clock set
forward and the rules' flags read from the live evaluation."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cairn.agencies.models import AgencyKind, Sector
from cairn.cases.models import Case, CaseStatus
from cairn.panels.models import AgendaItem, Intervention, Meeting, Panel, PostExitReview
from cairn.rules.models import PersonFlag
from cairn.rules.services import flags_sweep, person_flags_refresh
from tests.cases.helpers import fresh
from tests.conftest import World, signed_in
from tests.factories import make_agency
from tests.panels.helpers import case_at_panel

pytestmark = pytest.mark.django_db


def _day(name: str, day: date) -> dict[str, Any]:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def _open(case: Case, rule: str) -> bool:
    person_flags_refresh(person_ids=[case.person_id], now=timezone.now())
    return PersonFlag.objects.filter(person=case.person, rule=rule, state="open").exists()


def _ok(response: Any) -> None:
    assert response.status_code == 302, response.content.decode()[:4000]
    assert "sign-in" not in response["Location"], "signed out"


def _refused(response: Any, words: str) -> None:
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page, page[:4000]
    assert words in page, page[:4000]


def _clients(world: World) -> tuple[Client, Client]:
    """The chair and a case officer signed in now (sessions expire as the clock moves)."""
    return signed_in(world.users["panel_chair"]), signed_in(world.users["case_officer"])


def _decide(chair: Client, case: Case, meeting: Meeting, **data: Any) -> Any:
    item = AgendaItem.objects.get(meeting=meeting, case=case)
    fields = {"version": fresh(case).version, "consensus": "yes", **data}
    return chair.post(reverse("panels:decide", args=[item.pk]), fields)


def _meeting(chair: Client, panel: Panel, case: Case, day: date) -> Meeting:
    _ok(chair.post(reverse("panels:meeting-new", args=[panel.pk]), _day("held_on", day)))
    meeting = Meeting.objects.filter(panel=panel).order_by("-id").first()
    assert meeting is not None
    _ok(chair.post(reverse("panels:agenda-add", args=[meeting.pk]), {"case": case.pk}))
    return meeting


def test_referral_to_panel_adoption_plan_sessions_exit_and_a_review_that_reopens(
    world: World,
) -> None:
    case = case_at_panel(world)
    assert case.status == CaseStatus.PANEL
    chair, officer = _clients(world)
    health = make_agency(name="Ashby Health Trust", kind=AgencyKind.NHS_BODY, sector=Sector.HEALTH)
    start: datetime = timezone.now()

    # The panel, its members and its first meeting: attendance (once per agency), adoption.
    _ok(chair.post(reverse("panels:panel-new"), {"name": "Ashby Channel panel"}))
    panel = Panel.objects.get(name="Ashby Channel panel")
    _ok(
        chair.post(
            reverse("panels:member-add", args=[panel.pk]),
            {"agency": health.pk, "user": "", "name": "Dr P. Example"},
        )
    )
    meeting = _meeting(chair, panel, case, timezone.localdate())
    attendance = reverse("panels:attendance", args=[meeting.pk])
    _ok(chair.post(attendance, {"agency": health.pk, "attendee": "Dr P. Example"}))
    _refused(chair.post(attendance, {"agency": health.pk, "attendee": "Someone"}), "already")
    _ok(
        chair.post(
            reverse("panels:minutes", args=[meeting.pk]), {"minutes": "Quorate.", "version": 0}
        )
    )
    _ok(_decide(chair, case, meeting, outcome="adopted", discussion="Adopt: mentoring needed."))
    case = fresh(case)
    assert case.status == CaseStatus.ADOPTED
    assert not _open(case, "support-plan-missing")

    # No plan in ten working days: flagged; the plan resolves it.
    with time_machine.travel(start + timedelta(days=16)):
        chair, officer = _clients(world)
        assert _open(case, "support-plan-missing")
        plan = {
            "need_1": "Isolation",
            "action_1": "Weekly mentoring",
            "owner_1": "Mentor M",
            **_day("by_1", timezone.localdate() + timedelta(days=30)),
            "change_note": "",
        }
        _ok(officer.post(reverse("panels:plan", args=[case.pk]), plan))
        assert not _open(case, "support-plan-missing")

        # Interventions: a session dated before adoption is refused; three sessions planned.
        _ok(chair.post(reverse("panels:provider-new"), {"name": "Mentor M", "kind": "mentor"}))
        planning = reverse("panels:intervention-new", args=[case.pk])
        provider = chair.get(planning).context["form"].fields["provider"].choices[0][0]
        early = (start - timedelta(days=2)).date().isoformat()
        _refused(
            officer.post(
                planning, {"provider": provider, "purpose": "Mentoring", "sessions": early}
            ),
            "before the case was adopted",
        )
        assert not Intervention.objects.exists()
        days = [(start + timedelta(days=n)).date().isoformat() for n in (17, 24, 31)]
        _ok(
            officer.post(
                planning,
                {"provider": provider, "purpose": "Mentoring", "sessions": "\n".join(days)},
            )
        )
    intervention = Intervention.objects.get(case=case)

    # Sessions: the first delivered, the second missed, the third not yet recorded.
    with time_machine.travel(start + timedelta(days=32)):
        chair, officer = _clients(world)
        session = "panels:session"
        _ok(officer.post(reverse(session, args=[intervention.pk, 1]), {"status": "delivered"}))
        _ok(officer.post(reverse(session, args=[intervention.pk, 2]), {"status": "missed"}))
        exit_meeting = _meeting(chair, panel, case, timezone.localdate())
        _refused(
            _decide(chair, case, exit_meeting, outcome="exit", discussion="Ready to exit."),
            "session 3 with Mentor M",
        )
        assert fresh(case).status == CaseStatus.ADOPTED
        _ok(officer.post(reverse(session, args=[intervention.pk, 3]), {"status": "delivered"}))
        page = officer.get(reverse("panels:case", args=[case.pk])).content.decode()
        assert "2 of 3 planned sessions delivered, 1 missed" in page
        _ok(
            officer.post(
                reverse("panels:session-add", args=[intervention.pk]),
                {**_day("on", timezone.localdate()), "note": "Makes up session 2"},
            )
        )
        _ok(officer.post(reverse(session, args=[intervention.pk, 4]), {"status": "delivered"}))
        _ok(
            officer.post(
                reverse("panels:report", args=[intervention.pk]),
                {**_day("on", timezone.localdate()), "summary": "Engaged; goals met."},
            )
        )

    # Eight weeks with no review: flagged; a review resolves it; then the exit.
    with time_machine.travel(start + timedelta(days=60)):
        chair, officer = _clients(world)
        assert _open(case, "panel-review-gap")
        _ok(
            officer.post(
                reverse("panels:review", args=[case.pk]),
                {**_day("on", timezone.localdate()), "note": "Plan on track."},
            )
        )
        assert not _open(case, "panel-review-gap")
        _ok(_decide(chair, case, exit_meeting, outcome="exit", discussion="Goals met; exit."))
        case = fresh(case)
        assert case.status == CaseStatus.EXITED
        assert not _open(case, "intervention-delivery-gap")
    reviews = list(PostExitReview.objects.filter(case=case))
    assert [r.months for r in reviews] == [6, 12]

    # Six months on with no review: the sweep flags it; a senior officer's review finds a
    # concern, which reopens the case.
    with time_machine.travel(start + timedelta(days=60 + 200)):
        chair, officer = _clients(world)
        senior = signed_in(world.users["senior_officer"])
        flags_sweep(now=timezone.now())
        assert PersonFlag.objects.filter(
            person=case.person, rule="post-exit-review", state="open"
        ).exists()
        form = {
            "version": fresh(case).version,
            **_day("on", timezone.localdate()),
            "note": "New contact with police about a knife.",
            "concern": "yes",
        }
        _refused(
            officer.post(reverse("panels:exit-review", args=[reviews[0].pk]), form),
            "senior officer",
        )
        _ok(senior.post(reverse("panels:exit-review", args=[reviews[0].pk]), form))
        assert fresh(case).status == CaseStatus.REOPENED
        assert not _open(case, "post-exit-review")
    assert PostExitReview.objects.get(pk=reviews[0].pk).concern is True
