"""The senior officers' dashboard: counts of their own agency's work, never another's."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from cairn.accounts.roles import Role
from cairn.cases.models import Case, OnwardReferral
from cairn.chronology.models import Entry
from cairn.reporting.operations import operations_for_agency
from cairn.reporting.selectors import operations_for
from cairn.reporting.services import facts_refresh
from cairn.rules.models import FlagState, PersonFlag
from tests.conftest import World
from tests.factories import make_user


def _flag(person_id: int, rule: str, state: str, days_ago: int, blocking: bool = False) -> None:
    now = timezone.now()
    PersonFlag.objects.create(
        person_id=person_id,
        key=f"{rule}:{state}:{days_ago}",
        rule=rule,
        policy_name="2025",
        policy_version=1,
        blocking=blocking,
        message="m",
        raised_at=now - timedelta(days=days_ago),
        state=state,
        first_seen_at=now,
        updated_at=now,
    )


def signposted_onward(world: World, now: datetime) -> Entry:
    """Agency A signposts its referral and refers onward to the school 40 days before `now`;
    returns the decision."""
    entry = Entry.objects.get(referral=world.referral_a)
    decision = Entry.objects.create(
        source_record=entry.source_record,
        kind="decision",
        occurred_at=now + timedelta(seconds=1),
        recorded_at=now + timedelta(seconds=1),
        owning_agency=world.agency_a,
        details={"stage": "gateway", "outcome": "signposted"},
        refers_to=entry,
    )
    OnwardReferral.objects.create(
        case=Case.objects.get(owning_agency=world.agency_a),
        decision=decision,
        to_agency=world.school,
        sent_at=now - timedelta(days=40),
    )
    return decision


def test_dashboard_counts_the_agencys_work(world: World) -> None:
    now = timezone.now()
    person = world.referral_a.person_id
    _flag(person, "repeat-referral", FlagState.OPEN, 3, blocking=True)
    _flag(person, "closure-rationale", FlagState.RESOLVED, 10)
    _flag(person, "support-plan-missing", FlagState.OPEN, 2)
    _flag(person, "panel-review-gap", FlagState.OPEN, 1)
    _flag(person, "post-exit-review", FlagState.DUE, 0)
    _flag(world.referral_b.person_id, "support-plan-missing", FlagState.OPEN, 2)
    signposted_onward(world, now)
    facts_refresh()
    ops = operations_for_agency(world.agency_a.pk, now)
    assert sum(n for _, n in ops.awaiting_triage) == 1
    assert ops.referrals_year == 1
    assert ops.decided == 1
    assert ops.repeat_rate == 0.0
    flags = {rule: (raised, resolved) for rule, raised, resolved, _ in ops.flags}
    assert flags["repeat-referral"] == (1, 0)
    assert flags["closure-rationale"] == (1, 1)
    assert ops.team_override_rate == 0.0
    assert ops.onward == [(world.school.name, 1, 40, 1)]
    assert (ops.plan_missing, ops.review_gap, ops.post_exit_due) == (1, 1, 1)
    other = operations_for_agency(world.agency_b.pk, now)
    assert other.plan_missing == 1
    assert other.onward == []


def test_dashboard_is_the_viewers_own_agency_and_only_for_senior_officers(world: World) -> None:
    senior_b = make_user("senior_b", world.agency_b, Role.SENIOR_OFFICER)
    assert operations_for(user=senior_b) is not None
    assert operations_for(user=world.users["analyst"]) is None
    assert operations_for(user=world.users["partner_practitioner"]) is None


def test_dashboard_period_the_wrong_way_round_is_refused(world: World) -> None:
    from django.urls import reverse

    from tests.conftest import signed_in

    client = signed_in(world.users["senior_officer"])
    url = reverse("reporting:operations")
    response = client.get(url + "?date_from=2025-06-01&date_to=2025-04-01")
    assert response.status_code == 400
    assert "The end of the period must be on or after its start" in response.content.decode()
    response = client.get(url + "?date_from=2025-02-30")
    assert response.status_code == 400
    assert "Enter a real date" in response.content.decode()
    page = client.get(url + "?date_from=2025-04-01&date_to=2026-03-31")
    assert page.status_code == 200
    assert '<desc id="chart-awaiting-desc">' in page.content.decode()
