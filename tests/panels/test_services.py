"""The panel's services: decisions through the workflow table, consent and its safeguarding
task, plans in versions, interventions, exits refused until delivery is recorded, reviews
after exit, packs; and bad input refused with nothing saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from cairn.accounts.roles import Role
from cairn.audit.models import AuditEntry
from cairn.cases.models import CaseStatus
from cairn.chronology.models import Entry
from cairn.chronology.selectors import entries_visible_to
from cairn.lib.errors import ServiceError
from cairn.panels import selectors, services
from cairn.panels.models import (
    Attendance,
    Intervention,
    PostExitReview,
    ReviewNeverDeleted,
    SupportPlanVersion,
)
from cairn.work.models import Task, TaskKind
from tests.cases.helpers import fresh
from tests.conftest import World
from tests.factories import make_user
from tests.panels.helpers import adopt, case_at_panel, on_agenda, panel_of_a

pytestmark = pytest.mark.django_db


def _adopted(world: World):  # type: ignore[no-untyped-def]
    case = case_at_panel(world)
    panel = panel_of_a(world)
    item = on_agenda(world, panel, case, timezone.localdate())
    return adopt(world, item), panel, item


def test_adoption_moves_the_case_and_records_meeting_and_decision(world: World) -> None:
    case, _, item = _adopted(world)
    assert case.status == CaseStatus.ADOPTED
    item.refresh_from_db()
    assert item.entry is not None
    assert item.meeting_entry is not None
    assert item.entry.kind == "decision"
    assert item.entry.details["stage"] == "panel"
    assert item.entry.details["outcome"] == "adopted"
    assert item.entry.details["consensus"] is True
    assert item.meeting_entry.kind == "panel_meeting"
    assert selectors.adopted_on(case) == timezone.localdate()
    # Shared with the partner agency sitting on the panel.
    assert [a.name for a in item.entry.shared_with.all()] == ["Ashby Health Trust"]


def test_not_adopting_needs_the_alternative_route_and_dissent(world: World) -> None:
    case = case_at_panel(world)
    item = on_agenda(world, panel_of_a(world), case, timezone.localdate())
    before = Entry.objects.count()
    data = services.DecisionInput(outcome="not_adopted", discussion="Not for us.", consensus=False)
    with pytest.raises(ServiceError) as refused:
        services.agenda_decide(
            actor=world.users["panel_chair"], item=item, expected_version=case.version, data=data
        )
    assert refused.value.field == "dissent"
    data = services.DecisionInput(
        outcome="not_adopted",
        discussion="Not for us.",
        consensus=False,
        dissent="Police disagreed.",
    )
    with pytest.raises(ServiceError) as refused:
        services.agenda_decide(
            actor=world.users["panel_chair"], item=item, expected_version=case.version, data=data
        )
    assert refused.value.field == "alternative_route"
    assert Entry.objects.count() == before
    assert fresh(case).status == CaseStatus.PANEL


def test_only_the_chair_decides(world: World) -> None:
    case = case_at_panel(world)
    item = on_agenda(world, panel_of_a(world), case, timezone.localdate())
    with pytest.raises(ServiceError, match="chair"):
        services.agenda_decide(
            actor=world.users["senior_officer"],
            item=item,
            expected_version=case.version,
            data=services.DecisionInput(outcome="adopted", discussion="x", consensus=True),
        )


def test_duplicate_attendance_is_refused_naming_the_agency(world: World) -> None:
    panel = panel_of_a(world)
    chair = world.users["panel_chair"]
    meeting = services.meeting_schedule(actor=chair, panel=panel, held_on=timezone.localdate())
    services.attendance_record(actor=chair, meeting=meeting, agency=world.agency_a, attendee="A")
    with pytest.raises(ServiceError) as refused:
        services.attendance_record(
            actor=chair, meeting=meeting, agency=world.agency_a, attendee="B"
        )
    assert refused.value.field == "agency"
    assert "already recorded" in refused.value.message
    assert Attendance.objects.filter(meeting=meeting).count() == 1


def test_a_plan_for_a_case_not_adopted_is_refused(world: World) -> None:
    case = case_at_panel(world)
    item = services.PlanItem("Need", "Action", "Owner", timezone.localdate())
    with pytest.raises(ServiceError) as refused:
        services.support_plan_write(actor=world.users["case_officer"], case=case, items=[item])
    assert refused.value.field == "case"
    assert "adopted" in refused.value.message
    assert not SupportPlanVersion.objects.exists()


def test_plans_keep_every_version(world: World) -> None:
    case, _, _ = _adopted(world)
    officer = world.users["case_officer"]
    item = services.PlanItem("Isolation", "Weekly mentoring", "Mentor", timezone.localdate())
    services.support_plan_write(actor=officer, case=case, items=[item])
    with pytest.raises(ServiceError) as refused:
        services.support_plan_write(actor=officer, case=case, items=[item])
    assert refused.value.field == "change_note"
    services.support_plan_write(actor=officer, case=case, items=[item], change_note="Owner set")
    assert [v.number for v in SupportPlanVersion.objects.filter(case=case)] == [2, 1]
    assert Entry.objects.filter(kind="support_plan").count() == 2


def test_sessions_dated_before_adoption_are_refused(world: World) -> None:
    case, _, _ = _adopted(world)
    chair = world.users["panel_chair"]
    provider = services.provider_add(actor=chair, name="Mentor M", kind="mentor")
    today = timezone.localdate()
    with pytest.raises(ServiceError) as refused:
        services.intervention_plan(
            actor=chair,
            case=case,
            provider=provider,
            purpose="Mentoring",
            session_dates=[today, today - timedelta(days=3)],
        )
    assert refused.value.field == "sessions"
    assert "Session 2" in refused.value.message
    assert "before the case was adopted" in (refused.value.message)
    assert not Intervention.objects.exists()
    assert not Entry.objects.filter(kind="intervention_planned").exists()


def test_exit_is_refused_while_sessions_are_unrecorded(world: World) -> None:
    case, panel, _ = _adopted(world)
    chair = world.users["panel_chair"]
    provider = services.provider_add(actor=chair, name="Mentor M", kind="mentor")
    today = timezone.localdate()
    intervention = services.intervention_plan(
        actor=chair, case=case, provider=provider, purpose="Mentoring", session_dates=[today]
    )
    item = on_agenda(world, panel, fresh(case), today)
    before = (Entry.objects.count(), fresh(case).version)
    with pytest.raises(ServiceError) as refused:
        services.agenda_decide(
            actor=chair,
            item=item,
            expected_version=fresh(case).version,
            data=services.DecisionInput(outcome="exit", discussion="Done.", consensus=True),
        )
    assert refused.value.field == "sessions"
    assert "session 1 with Mentor M" in refused.value.message
    assert "no report from Mentor M" in refused.value.message
    assert (Entry.objects.count(), fresh(case).version) == before
    assert not PostExitReview.objects.exists()
    session = intervention.sessions.get()
    services.session_record(actor=chair, session=session, status="delivered")
    services.provider_report_record(
        actor=chair, intervention=intervention, on=today, summary="Engaged well."
    )
    services.agenda_decide(
        actor=chair,
        item=item,
        expected_version=fresh(case).version,
        data=services.DecisionInput(outcome="exit", discussion="Done.", consensus=True),
    )
    assert fresh(case).status == CaseStatus.EXITED
    assert [r.months for r in PostExitReview.objects.filter(case=case)] == [6, 12]


def test_reviews_after_exit_are_never_deleted(world: World) -> None:
    case, panel, _ = _adopted(world)
    item = on_agenda(world, panel, fresh(case), timezone.localdate())
    services.agenda_decide(
        actor=world.users["panel_chair"],
        item=item,
        expected_version=fresh(case).version,
        data=services.DecisionInput(outcome="exit", discussion="Done.", consensus=True),
    )
    review = PostExitReview.objects.filter(case=case).first()
    assert review is not None
    with pytest.raises(ReviewNeverDeleted):
        review.delete()
    with pytest.raises(ReviewNeverDeleted):
        PostExitReview.objects.filter(case=case).delete()
    extra = services.post_exit_reviews_extend(actor=world.users["senior_officer"], case=case)
    assert extra.months == 24
    with pytest.raises(ServiceError, match="already extended"):
        services.post_exit_reviews_extend(actor=world.users["senior_officer"], case=case)


def test_a_parents_obstruction_opens_a_safeguarding_task_and_closes_nothing(world: World) -> None:
    case, _, _ = _adopted(world)
    consent = services.consent_record(
        actor=world.users["case_officer"],
        case=case,
        given_by="parent",
        status="obstructed",
        on=timezone.localdate(),
        genuine_engagement=False,
        note="Mother refused the mentor entry to the home.",
    )
    assert consent.task_id is not None
    task = Task.objects.get(pk=consent.task_id)
    assert task.kind == TaskKind.SAFEGUARDING
    assert task.agency == world.agency_a
    assert task.rule == "consent-obstruction"
    assert consent.entry.kind == "consent"
    assert consent.entry.details["given_by"] == "parent"
    assert consent.entry.details["status"] == "obstructed"
    assert fresh(case).status == CaseStatus.ADOPTED


def test_a_pack_holds_only_what_the_agency_may_see(world: World) -> None:
    case, panel, item = _adopted(world)
    chair = world.users["panel_chair"]
    health = panel.members.get(user__isnull=True).agency
    row, pack = services.pack_produce(actor=chair, meeting=item.meeting, agency=health)
    shown = {e.entry.pk for c in pack.cases for e in c.entries}
    item.refresh_from_db()
    assert item.entry_id in shown
    assert item.meeting_entry_id in shown
    # The referral and the gateway records were never shared with the trust.
    assert not Entry.objects.filter(pk__in=shown, kind="referral").exists()
    assert set(row.entries) == shown
    assert row.cases == [case.pk]
    full, _whole = services.pack_produce(actor=chair, meeting=item.meeting, agency=world.agency_a)
    assert Entry.objects.filter(pk__in=full.entries, kind="referral").exists()
    with pytest.raises(ServiceError) as refused:
        services.pack_produce(actor=chair, meeting=item.meeting, agency=world.agency_b)
    assert refused.value.field == "agency"


def test_continue_keeps_the_case_at_panel_and_is_a_decision(world: World) -> None:
    case = case_at_panel(world)
    item = on_agenda(world, panel_of_a(world), case, timezone.localdate())
    services.agenda_decide(
        actor=world.users["panel_chair"],
        item=item,
        expected_version=case.version,
        data=services.DecisionInput(
            outcome="continue", discussion="Wait for the school's report.", consensus=True
        ),
    )
    item.refresh_from_db()
    assert fresh(case).status == CaseStatus.PANEL
    assert item.entry is not None
    assert item.entry.details["outcome"] == "continue"
    with pytest.raises(ServiceError, match="already decided"):
        services.agenda_decide(
            actor=world.users["panel_chair"],
            item=item,
            expected_version=fresh(case).version,
            data=services.DecisionInput(outcome="adopted", discussion="x", consensus=True),
        )


def test_a_parent_does_not_consent_for_an_adult(world: World) -> None:
    case, _, _ = _adopted(world)
    adult_on = case.person.date_of_birth.replace(year=case.person.date_of_birth.year + 18)
    with (
        time_machine.travel(adult_on + timedelta(days=2)),
        pytest.raises(ServiceError) as refused,
    ):
        services.consent_record(
            actor=world.users["case_officer"],
            case=case,
            given_by="local_authority",
            status="given",
            on=timezone.localdate(),
            genuine_engagement=True,
        )
    assert refused.value.field == "given_by"
    assert not Entry.objects.filter(kind="consent").exists()


def test_producing_a_pack_is_audited_with_what_it_held(world: World) -> None:
    _, _, item = _adopted(world)
    row, _ = services.pack_produce(
        actor=world.users["panel_chair"], meeting=item.meeting, agency=world.agency_a
    )
    audit = AuditEntry.objects.get(action="panel.pack_produce")
    assert audit.detail["entries"] == row.entries
    assert audit.detail["agency_id"] == world.agency_a.pk


def test_a_pack_holds_what_a_practitioner_at_the_agency_would_see(world: World) -> None:
    _, panel, item = _adopted(world)
    health = panel.members.get(user__isnull=True).agency
    practitioner = make_user("nurse_h", health, Role.PARTNER_PRACTITIONER)
    row, _ = services.pack_produce(
        actor=world.users["panel_chair"], meeting=item.meeting, agency=health
    )
    seen = entries_visible_to(practitioner).filter(source_record__person=item.case.person)
    assert sorted(row.entries) == sorted(seen.values_list("pk", flat=True))
    assert row.entries


def test_minutes_are_kept_in_versions_and_a_stale_save_is_refused(world: World) -> None:
    """Minutes used to be replaced in place, with only the audit log knowing they changed."""
    from cairn.panels.models import MinutesVersion

    chair, senior = world.users["panel_chair"], world.users["senior_officer"]
    case = case_at_panel(world)
    meeting = on_agenda(world, panel_of_a(world), case, timezone.localdate()).meeting
    assert services.minutes_version(meeting) == 0
    services.minutes_record(actor=chair, meeting=meeting, minutes="Quorate.", expected_version=0)
    services.minutes_record(
        actor=senior, meeting=meeting, minutes="Quorate. Adopted.", expected_version=1
    )
    versions = list(meeting.minutes_versions.order_by("number"))
    assert [(v.number, v.text, v.recorded_by) for v in versions] == [
        (1, "Quorate.", chair),
        (2, "Quorate. Adopted.", senior),
    ]
    meeting.refresh_from_db()
    assert meeting.minutes == "Quorate. Adopted."
    audits = AuditEntry.objects.filter(action="panel.minutes_record", object_id=str(meeting.pk))
    assert sorted(a.detail["version"] for a in audits) == [1, 2]

    # The chair still holds version 1 open: their save would replace the senior's unseen.
    with pytest.raises(ServiceError) as refused:
        services.minutes_record(
            actor=chair, meeting=meeting, minutes="Quorate, 5 present.", expected_version=1
        )
    assert refused.value.field == "minutes"
    assert "saved the minutes" in refused.value.message
    # Saving the same text again (a retried request) adds nothing.
    services.minutes_record(
        actor=senior, meeting=meeting, minutes=" Quorate. Adopted. ", expected_version=None
    )
    assert MinutesVersion.objects.filter(meeting=meeting).count() == 2
    # Bad input is refused before anything is written.
    with pytest.raises(ServiceError, match="Enter the minutes"):
        services.minutes_record(actor=chair, meeting=meeting, minutes="  ", expected_version=2)
    with pytest.raises(ServiceError, match="chair or a senior officer"):
        services.minutes_record(
            actor=world.users["case_officer"], meeting=meeting, minutes="x", expected_version=2
        )
    assert MinutesVersion.objects.filter(meeting=meeting).count() == 2


def test_minutes_written_before_versions_become_version_one(world: World) -> None:
    import importlib

    from django.apps import apps

    from cairn.panels.models import Meeting

    migration = importlib.import_module("cairn.panels.migrations.0002_minutes_versions")

    case = case_at_panel(world)
    meeting = on_agenda(world, panel_of_a(world), case, timezone.localdate()).meeting
    Meeting.objects.filter(pk=meeting.pk).update(minutes="Written in the old way.")
    migration.minutes_as_first_versions(apps, None)
    (version,) = meeting.minutes_versions.all()
    assert (version.number, version.text, version.recorded_by_id) == (
        1,
        "Written in the old way.",
        meeting.created_by_id,
    )
