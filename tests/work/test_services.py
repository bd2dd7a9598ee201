"""Tasks and notifications through their services, and the hook the live evaluation of the
rules calls: a task per flag and owning agency, once however often it is called, ended when
the flag is resolved or withdrawn; the people told are told nothing of the chronology."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from cairn.accounts.roles import Role
from cairn.audit.models import AuditEntry
from cairn.cases.models import Case, CaseReferral
from cairn.chronology.models import Entry
from cairn.chronology.services import EntryInput, entry_record
from cairn.lib.casefile import UK
from cairn.lib.errors import ServiceError
from cairn.rules.workdays import add_working_days
from cairn.work import selectors, services
from cairn.work.models import Notification, Task, TaskKind, TaskState
from tests.conftest import World
from tests.factories import make_user
from tests.work.helpers import contact, flag

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tasks_run_inline(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _case(world: World) -> Case:
    return CaseReferral.objects.get(referral=world.referral_a).case


def _person(world: World) -> Any:
    return world.referral_a.source_record.person


def _now() -> datetime:
    return timezone.now()


def test_task_open_is_idempotent_on_its_source_key(world: World) -> None:
    data = services.TaskInput(
        kind=TaskKind.RE_REVIEW,
        person=_person(world),
        agency=world.agency_a,
        role=Role.SENIOR_OFFICER,
        title="Re-review",
        due=date(2026, 1, 5),
        source_key="test:1",
    )
    first, created = services.task_open(actor=None, data=data, now=_now())
    again, created_again = services.task_open(actor=None, data=data, now=_now())
    assert created
    assert not created_again
    assert first.pk == again.pk
    assert Task.objects.count() == 1
    assert AuditEntry.objects.filter(action="task.open").count() == 1
    # The senior officers of the owning agency are told, once.
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["senior_a"]


def test_a_known_marker_flag_opens_a_re_review_due_in_one_working_day_over_christmas(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    partner = world.users["partner_practitioner"]
    entry = contact(world.referral_a, partner, world.agency_b)
    person = _person(world)
    marker = flag(person, "known-marker", "known-marker:E1", entry=None, evidence=[entry.pk])
    christmas_eve = datetime(2026, 12, 24, 10, 0, tzinfo=UK)
    with django_capture_on_commit_callbacks(execute=True):
        services.tasks_from_flags(person=person, opened=[marker], closed=[], now=christmas_eve)
    task = Task.objects.get()
    assert task.kind == TaskKind.RE_REVIEW
    assert task.agency == world.agency_a
    assert task.role == Role.SENIOR_OFFICER
    assert task.case == _case(world)
    assert task.rule == "known-marker"
    # Friday 25 and Monday 28 December 2026 are bank holidays: the next working day is the 29th.
    assert task.due == date(2026, 12, 29)
    told = Notification.objects.get(recipient=partner)
    assert "known to the programme" in told.text
    assert "Ashby Council" in told.text
    assert "Jordan" not in told.text
    assert "Ellery" not in told.text
    assert told.link == f"/chronology/entries/{entry.pk}/"
    # Emails to the senior officer and the partner, with nothing about the person.
    assert sorted(m.to[0] for m in mail.outbox) == ["partner_b@example.org", "senior_a@example.org"]
    for message in mail.outbox:
        text = f"{message.subject} {message.body}"
        assert "Jordan" not in text
        assert "Ellery" not in text
        assert "/work/notifications/" in message.body
    assert Notification.objects.filter(emailed_at=None).count() == 0


def test_the_flag_due_day_is_the_task_due_day_when_the_rule_gives_one(world: World) -> None:
    person = _person(world)
    due = add_working_days(timezone.localdate(), 1)
    services.tasks_from_flags(
        person=person, opened=[flag(person, "known-marker", "k1", due=due)], closed=[], now=_now()
    )
    assert Task.objects.get().due == due


def test_the_hook_called_again_changes_nothing(world: World) -> None:
    partner = world.users["partner_practitioner"]
    entry = contact(world.referral_a, partner, world.agency_b)
    person = _person(world)
    marker = flag(person, "known-marker", "known-marker:1", entry=entry)
    for _ in range(3):
        services.tasks_from_flags(person=person, opened=[marker], closed=[], now=_now())
    assert Task.objects.count() == 1
    assert Notification.objects.filter(recipient=partner).count() == 1
    assert Notification.objects.count() == 2


def test_a_contact_recorded_by_the_owning_team_tells_only_the_queue(world: World) -> None:
    officer = world.users["case_officer"]
    entry = contact(world.referral_a, officer, world.agency_a)
    person = _person(world)
    services.tasks_from_flags(
        person=person,
        opened=[flag(person, "known-marker", "k", entry=entry)],
        closed=[],
        now=_now(),
    )
    assert not Notification.objects.filter(recipient=officer).exists()
    assert Notification.objects.filter(recipient=world.users["senior_officer"]).count() == 1


def test_a_recorder_without_chronology_access_is_told_with_no_link(world: World) -> None:
    referrer = world.users["referrer"]
    entry = contact(world.referral_a, world.users["case_officer"], world.agency_a)
    entry.recorded_by = referrer  # as if a referrer's own contact had been recorded
    entry.save(update_fields=["recorded_by"])
    person = _person(world)
    services.tasks_from_flags(
        person=person,
        opened=[flag(person, "known-marker", "k", entry=entry)],
        closed=[],
        now=_now(),
    )
    told = Notification.objects.get(recipient=referrer)
    assert told.link == ""
    assert "Ashby Council" in told.text


def test_a_reopen_review_flag_puts_the_decision_in_the_senior_officers_queue(
    world: World,
) -> None:
    entry = contact(world.referral_a, world.users["partner_practitioner"], world.agency_b)
    person = _person(world)
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UK)  # a Monday
    services.tasks_from_flags(
        person=person, opened=[flag(person, "reopen-review", "r1", entry=entry)], closed=[], now=now
    )
    task = Task.objects.get()
    assert task.kind == TaskKind.REOPEN_REVIEW
    assert task.case == _case(world)
    assert task.due == date(2026, 3, 9)
    # A reopen review tells the queue, not the contributor.
    assert not Notification.objects.filter(recipient=world.users["partner_practitioner"]).exists()


def test_an_unacknowledged_onward_referral_escalates_and_tells_the_sender(world: World) -> None:
    sender = world.users["senior_officer"]
    decision = contact(world.referral_a, sender, world.agency_a, kind="family_report")
    person = _person(world)
    services.tasks_from_flags(
        person=person,
        opened=[flag(person, "onward-referral-unacknowledged", "o1", entry=decision)],
        closed=[],
        now=_now(),
    )
    task = Task.objects.get()
    assert task.kind == TaskKind.ESCALATION
    assert task.agency == world.agency_a
    texts = list(Notification.objects.filter(recipient=sender).values_list("text", "link"))
    assert len(texts) == 2  # the queue's, and the sender's own
    sent = [t for t in texts if "onward referral you made" in t[0]]
    assert sent == [(sent[0][0], f"/cases/{_case(world).pk}/")]


def test_the_sender_is_found_through_the_evidence_when_no_entry_raised_the_flag(
    world: World,
) -> None:
    sender = world.users["case_officer"]
    decision = contact(world.referral_a, sender, world.agency_a, kind="family_report")
    person = _person(world)
    found = flag(person, "onward-referral-unacknowledged", "o2", evidence=[str(decision.pk)])
    services.tasks_from_flags(person=person, opened=[found], closed=[], now=_now())
    assert Notification.objects.filter(
        recipient=sender, text__contains="onward referral you made"
    ).exists()


def test_a_resolved_flag_completes_its_task_and_a_withdrawn_one_cancels_it(world: World) -> None:
    person = _person(world)
    one = flag(person, "known-marker", "k1")
    two = flag(person, "reopen-review", "r1")
    services.tasks_from_flags(person=person, opened=[one, two], closed=[], now=_now())
    one = flag(person, "known-marker", "k1", state="resolved")
    two = flag(person, "reopen-review", "r1", state="withdrawn")
    services.tasks_from_flags(person=person, opened=[], closed=[one, two], now=_now())
    done = Task.objects.get(flag_key="k1")
    cancelled = Task.objects.get(flag_key="r1")
    assert done.state == TaskState.DONE
    assert done.outcome_note == services.RESOLVED_ON_THE_RECORD
    assert done.completed_by is None
    assert done.completed_at is not None
    assert cancelled.state == TaskState.CANCELLED
    assert cancelled.outcome_note == services.WITHDRAWN
    # Closing again changes nothing; the history is kept.
    services.tasks_from_flags(person=person, opened=[], closed=[one, two], now=_now())
    assert Task.objects.get(flag_key="k1").version == done.version
    assert AuditEntry.objects.filter(action__in=("task.resolve", "task.cancel")).count() == 2


def test_a_task_completed_by_hand_is_not_touched_when_its_flag_resolves(world: World) -> None:
    person = _person(world)
    services.tasks_from_flags(
        person=person, opened=[flag(person, "known-marker", "k1")], closed=[], now=_now()
    )
    task = Task.objects.get()
    services.task_complete(
        actor=world.users["senior_officer"],
        task=task,
        note="Re-reviewed: no change.",
        expected_version=task.version,
        now=_now(),
    )
    resolved = flag(person, "known-marker", "k1", state="resolved")
    services.tasks_from_flags(person=person, opened=[], closed=[resolved], now=_now())
    task.refresh_from_db()
    assert task.outcome_note == "Re-reviewed: no change."
    assert task.completed_by == world.users["senior_officer"]


def test_other_rules_flags_make_no_tasks(world: World) -> None:
    person = _person(world)
    services.tasks_from_flags(
        person=person,
        opened=[flag(person, "violence-fixation", "v1")],
        closed=[flag(person, "closure-rationale", "c1", state="resolved")],
        now=_now(),
    )
    assert not Task.objects.exists()


def test_a_person_held_by_two_local_authorities_puts_a_task_in_each_queue(
    world: World,
) -> None:
    from tests.factories import make_referral

    make_referral(owner=world.agency_b, source=world.school, person=_person(world))
    senior_b = make_user("senior_b", world.agency_b, Role.SENIOR_OFFICER)
    person = _person(world)
    services.tasks_from_flags(
        person=person, opened=[flag(person, "known-marker", "k1")], closed=[], now=_now()
    )
    assert sorted(Task.objects.values_list("agency__name", flat=True)) == [
        "Ashby Council",
        "Brookfield Council",
    ]
    assert Notification.objects.filter(recipient=senior_b).count() == 1


def _task(world: World) -> Task:
    person = _person(world)
    services.tasks_from_flags(
        person=person, opened=[flag(person, "reopen-review", "r1")], closed=[], now=_now()
    )
    return Task.objects.get()


def test_completing_a_task_records_who_when_and_the_note(world: World) -> None:
    task = _task(world)
    senior = world.users["senior_officer"]
    services.task_complete(
        actor=senior, task=task, note="Decided not to reopen.", expected_version=1, now=_now()
    )
    task.refresh_from_db()
    assert (task.state, task.completed_by, task.outcome_note) == (
        TaskState.DONE,
        senior,
        "Decided not to reopen.",
    )
    assert AuditEntry.objects.filter(action="task.complete", object_id=str(task.pk)).exists()


@pytest.mark.parametrize(
    ("who", "note", "version", "message"),
    [
        ("senior_officer", "   ", 1, "Say what was done"),
        ("senior_officer", "Done.", 7, "changed since you opened it"),
        ("officer_b", "Done.", 1, "Only the team"),
        ("partner_practitioner", "Done.", 1, "Only the team"),
        ("case_officer", "Done.", 1, "Only the team"),
    ],
)
def test_completion_refused_changes_nothing(
    world: World, who: str, note: str, version: int, message: str
) -> None:
    task = _task(world)
    with pytest.raises(ServiceError, match=message):
        services.task_complete(
            actor=world.users[who], task=task, note=note, expected_version=version, now=_now()
        )
    task.refresh_from_db()
    assert (task.state, task.version, task.completed_by) == (TaskState.OPEN, 1, None)


def test_a_done_task_cannot_be_completed_again(world: World) -> None:
    task = _task(world)
    senior = world.users["senior_officer"]
    services.task_complete(actor=senior, task=task, note="First.", expected_version=1, now=_now())
    with pytest.raises(ServiceError, match="already done"):
        services.task_complete(
            actor=senior, task=task, note="Second.", expected_version=2, now=_now()
        )
    task.refresh_from_db()
    assert task.outcome_note == "First."


def test_take_and_give_a_task(world: World) -> None:
    task = _task(world)
    senior = world.users["senior_officer"]
    officer = world.users["case_officer"]
    services.task_assign(actor=senior, task=task, assignee=senior, expected_version=1, now=_now())
    task = services.task_assign(
        actor=senior, task=task, assignee=officer, expected_version=2, now=_now()
    )
    assert task.assignee == officer
    assert Notification.objects.filter(recipient=officer, text__contains="gave you a task").exists()
    # The case officer may now complete it, though not take it back into the queue.
    services.task_complete(actor=officer, task=task, note="Done.", expected_version=3, now=_now())


@pytest.mark.parametrize(
    ("actor", "assignee", "message"),
    [
        ("case_officer", "case_officer", "Only the team"),
        ("senior_officer", "officer_b", "programme officer of its agency"),
        ("senior_officer", "partner_practitioner", "programme officer of its agency"),
        ("senior_officer", "analyst", "programme officer of its agency"),
        ("officer_b", "officer_b", "Only the team"),
    ],
)
def test_giving_a_task_refused(world: World, actor: str, assignee: str, message: str) -> None:
    task = _task(world)
    with pytest.raises(ServiceError, match=message):
        services.task_assign(
            actor=world.users[actor],
            task=task,
            assignee=world.users[assignee],
            expected_version=1,
            now=_now(),
        )
    task.refresh_from_db()
    assert (task.assignee, task.version) == (None, 1)


def test_notifications_are_marked_read_only_for_their_recipient(world: World) -> None:
    senior = world.users["senior_officer"]
    officer = world.users["case_officer"]
    mine = services.notification_send(recipient=senior, text="One", link="", now=_now())
    services.notification_send(recipient=senior, text="Two", link="", now=_now())
    theirs = services.notification_send(recipient=officer, text="Three", link="", now=_now())
    assert (
        services.notification_mark_read(actor=senior, notification_ids=[theirs.pk], now=_now()) == 0
    )
    assert (
        services.notification_mark_read(actor=senior, notification_ids=[mine.pk], now=_now()) == 1
    )
    assert selectors.unread_count(senior) == 1
    assert services.notification_mark_read(actor=senior, notification_ids=None, now=_now()) == 1
    assert selectors.unread_count(senior) == 0
    assert selectors.unread_count(officer) == 1


def test_an_email_is_sent_once(world: World) -> None:
    senior = world.users["senior_officer"]
    note = services.notification_send(recipient=senior, text="One", link="", now=_now())
    assert services.notification_email_send(notification_id=note.pk)
    assert not services.notification_email_send(notification_id=note.pk)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "You have a new notification in Cairn"


def test_the_marker_lasts_the_retention_period_from_the_latest_referral(world: World) -> None:
    person = _person(world)
    received = timezone.localdate(world.referral_a.received_at)
    marker = selectors.person_marker(person)
    assert marker is not None
    assert marker.since == received
    assert marker.until == received.replace(year=received.year + 6)
    later = received + timedelta(days=6 * 366 + 2)
    assert selectors.person_marker(person, today=later) is None


def test_the_marker_follows_the_policy_in_force(world: World) -> None:
    from cairn.rules.selectors import policy_in_force
    from cairn.rules.services import policy_version_create

    current = policy_in_force(name="2025")
    parameters = {k: dict(v) for k, v in current.parameters.items()}
    parameters["known-marker"]["retention_years"] = 10
    policy_version_create(
        actor=world.users["administrator"],
        name="2025",
        parameters=parameters,
        enabled=list(current.enabled),
        note="Longer markers",
    )
    marker = selectors.person_marker(_person(world))
    assert marker is not None
    assert marker.until.year == marker.since.year + 10


def test_an_onward_referral_still_within_its_window_opens_no_escalation(world: World) -> None:
    person = _person(world)
    decision = contact(world.referral_a, world.users["case_officer"], world.agency_a)
    waiting = flag(person, "onward-referral-unacknowledged", "o3", entry=decision, state="due")
    services.tasks_from_flags(person=person, opened=[waiting], closed=[], now=_now())
    assert not Task.objects.exists()


def test_a_police_contact_on_a_marked_person_is_a_re_review_task_on_the_day(
    world: World,
) -> None:
    """Through the live evaluation: the contact is recorded, the person evaluated, and the
    re-review is in the senior officers' queue, due the next working day, before the
    deadline has passed; the recorder at another agency is told the person is known."""
    from cairn.rules.services import person_flags_refresh

    person = _person(world)
    police = make_user("pc_b", world.agency_b, Role.PARTNER_PRACTITIONER)
    stop = contact(world.referral_a, police, world.agency_b)
    result = person_flags_refresh(person_ids=[person.pk], now=stop.occurred_at)
    marker = next(f for f in result.opened if f.rule == "known-marker")
    assert marker.state == "due"
    task = Task.objects.get(kind=TaskKind.RE_REVIEW)
    assert task.agency == world.agency_a
    assert task.due == add_working_days(timezone.localdate(stop.occurred_at), 1)
    told = Notification.objects.get(recipient=police)
    assert "known to the programme" in told.text
    assert "Jordan" not in told.text
    # A decision in time meets the deadline: the task ends as resolved on the record.
    decision = entry_record(
        actor=world.users["senior_officer"],
        owning_agency=world.agency_a,
        source_record=world.referral_a.source_record,
        data=EntryInput(
            kind="decision",
            occurred_at=timezone.now(),
            indicators=(),
            refers_to=Entry.objects.get(referral=world.referral_a).pk,
            details={"stage": "gateway", "outcome": "information_gathering"},
        ),
    )
    person_flags_refresh(person_ids=[person.pk], now=decision.occurred_at)
    task.refresh_from_db()
    assert task.state == TaskState.DONE
