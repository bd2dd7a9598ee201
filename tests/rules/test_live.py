"""The live evaluation: each person's stored flags kept up to date after new entries, by the
nightly sweep, and after records move between people."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cairn.chronology.models import Entry
from cairn.chronology.services import EntryInput, entry_correct, entry_record
from cairn.people.models import Person
from cairn.rules.models import FlagState, PersonFlag, SweepRun
from cairn.rules.services import (
    flags_sweep,
    flags_sweep_run,
    person_flags_refresh,
    sweep_schedule,
)
from cairn.rules.workdays import add_working_days, end_of_day
from tests.conftest import World


def person_of(world: World) -> Person:
    person = world.referral_a.person
    assert person is not None
    return person


def referral_entry(world: World) -> Entry:
    return Entry.objects.get(referral=world.referral_a)


def record(world: World, kind: str, when: datetime, **overrides: Any) -> Entry:
    values: dict[str, Any] = {"kind": kind, "occurred_at": when, "indicators": ()}
    values.update(overrides)
    return entry_record(
        actor=world.users["case_officer"],
        owning_agency=world.agency_a,
        source_record=world.referral_a.source_record,
        data=EntryInput(**values),
    )


def flags(person: Person) -> dict[str, PersonFlag]:
    return {f.rule: f for f in PersonFlag.objects.filter(person=person)}


def test_an_evaluation_stores_the_open_flags_with_their_evidence(world: World) -> None:
    person = person_of(world)
    result = person_flags_refresh(person_ids=[person.pk])
    stored = flags(person)["violence-fixation"]
    referral = referral_entry(world)
    assert result.opened == [stored]
    assert stored.state == FlagState.OPEN
    assert stored.blocking
    assert stored.evidence == [referral.pk]
    assert stored.raised_by_entry == referral
    assert stored.policy_name == "2025"
    assert "mass_casualty_research" in stored.detail


def test_evaluating_an_unchanged_chronology_again_writes_nothing(world: World) -> None:
    person = person_of(world)
    first = timezone.now()
    person_flags_refresh(person_ids=[person.pk], now=first)
    again = person_flags_refresh(person_ids=[person.pk], now=first + timedelta(minutes=5))
    assert again.opened == []
    assert again.closed == []
    stored = flags(person)["violence-fixation"]
    assert stored.updated_at == first
    assert stored.first_seen_at == first


def test_a_flag_resolved_on_the_record_is_closed_with_the_entry_that_resolved_it(
    world: World,
) -> None:
    person = person_of(world)
    person_flags_refresh(person_ids=[person.pk])
    assessment = record(
        world,
        "assessment_completed",
        timezone.now(),
        details={"assessment": "violence_fixation"},
    )
    result = person_flags_refresh(person_ids=[person.pk])
    stored = flags(person)["violence-fixation"]
    assert result.closed == [stored]
    assert stored.state == FlagState.RESOLVED
    assert stored.resolved_by_entry == assessment


def test_a_flag_whose_entry_was_corrected_away_is_withdrawn(world: World) -> None:
    person = person_of(world)
    contact = record(
        world,
        "police_contact",
        timezone.now() - timedelta(hours=1),
        indicators=("weapon_carrying",),
        summary="Synthetic: a knife found in a bag.",
    )
    person_flags_refresh(person_ids=[person.pk])
    raised = PersonFlag.objects.get(person=person, raised_by_entry=contact)
    assert raised.state == FlagState.OPEN
    entry_correct(
        actor=world.users["case_officer"],
        entry=contact,
        data=EntryInput(
            kind="police_contact",
            occurred_at=contact.occurred_at,
            indicators=(),
            summary="Synthetic: the bag held a pencil case.",
        ),
        reason="Wrong item recorded at first",
    )
    result = person_flags_refresh(person_ids=[person.pk])
    raised.refresh_from_db()
    assert raised.state == FlagState.WITHDRAWN
    assert raised in result.closed


def test_a_deadline_to_come_is_due_then_open_once_it_passes_then_resolved_by_a_late_reply(
    world: World,
) -> None:
    person = person_of(world)
    sent_on = datetime(2025, 3, 3, 10, tzinfo=UTC)
    onward = record(
        world,
        "onward_referral",
        sent_on,
        refers_to=referral_entry(world).pk,
        details={"to_agency": "Brookfield Council"},
    )
    due = add_working_days(date(2025, 3, 3), 20)
    result = person_flags_refresh(person_ids=[person.pk], now=sent_on + timedelta(hours=1))
    pending = PersonFlag.objects.get(person=person, rule="onward-referral-unacknowledged")
    assert pending.state == FlagState.DUE
    assert pending.due == due
    assert pending.evidence == [onward.pk]
    assert pending in result.opened

    # The day it falls due, it is still only due; the next morning it is open.
    person_flags_refresh(person_ids=[person.pk], now=end_of_day(due) - timedelta(minutes=1))
    pending.refresh_from_db()
    assert pending.state == FlagState.DUE
    overdue = person_flags_refresh(person_ids=[person.pk], now=end_of_day(due) + timedelta(hours=3))
    pending.refresh_from_db()
    assert pending.state == FlagState.OPEN
    assert pending in overdue.opened

    reply = record(
        world,
        "onward_response",
        end_of_day(due) + timedelta(hours=5),
        refers_to=onward.pk,
        details={"response": "acknowledged"},
    )
    answered = person_flags_refresh(person_ids=[person.pk], now=reply.occurred_at)
    pending.refresh_from_db()
    assert pending.state == FlagState.RESOLVED
    assert pending.resolved_by_entry == reply
    assert pending in answered.closed


def test_a_deadline_met_in_time_leaves_nothing_asking(world: World) -> None:
    person = person_of(world)
    sent_on = datetime(2025, 3, 3, 10, tzinfo=UTC)
    onward = record(
        world,
        "onward_referral",
        sent_on,
        refers_to=referral_entry(world).pk,
        details={"to_agency": "Brookfield Council"},
    )
    person_flags_refresh(person_ids=[person.pk], now=sent_on)
    record(
        world,
        "onward_response",
        sent_on + timedelta(days=2),
        refers_to=onward.pk,
        details={"response": "accepted"},
    )
    result = person_flags_refresh(person_ids=[person.pk], now=sent_on + timedelta(days=2))
    pending = PersonFlag.objects.get(person=person, rule="onward-referral-unacknowledged")
    assert pending.state == FlagState.RESOLVED
    assert pending in result.closed


def test_a_new_entry_is_evaluated_once_committed(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    person = person_of(world)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        contact = record(
            world,
            "police_contact",
            timezone.now() - timedelta(hours=1),
            indicators=("weapon_carrying",),
        )
    # Nothing is evaluated until the entry is committed.
    assert not PersonFlag.objects.filter(person=person).exists()
    for callback in pending:
        callback()
    assert PersonFlag.objects.filter(person=person, raised_by_entry=contact).exists()


def test_an_entry_awaiting_the_suggester_is_evaluated_after_it_is_read(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    person = person_of(world)
    with django_capture_on_commit_callbacks(execute=True):
        contact = record(
            world,
            "police_contact",
            timezone.now() - timedelta(hours=1),
            indicators=None,
            summary="Synthetic: he said he wanted to kill everyone at the school.",
        )
    contact.refresh_from_db()
    assert contact.indicators_suggested
    stored = PersonFlag.objects.filter(person=person, raised_by_entry=contact)
    assert stored.exists()
    assert all(f.from_suggested for f in stored)


def test_the_sweep_evaluates_everyone_with_a_chronology(world: World) -> None:
    totals = flags_sweep()
    people_with_entries = set(
        Entry.objects.filter(is_current=True).values_list("source_record__person", flat=True)
    )
    assert totals.persons == len(people_with_entries) == 2
    assert set(PersonFlag.objects.values_list("person", flat=True)) <= people_with_entries
    again = flags_sweep(batch=1)
    assert again.persons == 2
    assert again.opened == 0


def test_the_sweep_command_reports_what_it_did(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("sweep")
    assert "Evaluated 2 people" in capsys.readouterr().out


def test_scheduling_the_sweep_twice_queues_it_once(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    now = datetime(2026, 1, 5, 15, tzinfo=UTC)
    with django_capture_on_commit_callbacks(execute=True):
        first = sweep_schedule(now=now)
        assert first is not None
        assert first.day == date(2026, 1, 6)
        assert sweep_schedule(now=now) is None
    queued = DBTaskResult.objects.filter(task_path="cairn.rules.tasks.flags_sweep")
    assert queued.count() == 1
    assert queued.get().run_after == datetime(2026, 1, 6, 2, tzinfo=UTC)
    assert queued.get().args_kwargs["args"] == ["2026-01-06"]


def test_before_its_hour_the_sweep_is_scheduled_for_the_same_day(world: World) -> None:
    run = sweep_schedule(now=datetime(2026, 1, 5, 1, 30, tzinfo=UTC))
    assert run is not None
    assert run.day == date(2026, 1, 5)


def test_a_sweep_run_twice_for_a_day_runs_once_and_queues_the_next(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        assert flags_sweep_run(day=today.isoformat()) == 2
    run = SweepRun.objects.get(day=today)
    assert run.finished_at is not None
    assert run.persons == 2
    assert flags_sweep_run(day=today.isoformat()) == 0
    assert SweepRun.objects.filter(day__gt=today).count() == 1
    assert DBTaskResult.objects.filter(task_path="cairn.rules.tasks.flags_sweep").count() == 1


def test_the_chronologies_read_for_the_rules_are_those_the_replay_reads(world: World) -> None:
    """The bulk read of the live evaluation gives the same events as the one-person read."""
    from cairn.chronology.selectors import chronologies_of, person_events_indexed

    person = person_of(world)
    record(
        world,
        "police_contact",
        timezone.now() - timedelta(hours=2),
        shared_with=(world.agency_b.name,),
        summary="Synthetic: seen near the station.",
    )
    events, entry_of = chronologies_of([person.pk])[person.pk]
    assert (events, entry_of) == person_events_indexed(user=None, person=person)
    contact = next(e for e in events if e.kind == "police_contact")
    assert contact.fields["shared_with"] == [world.agency_b.name]


def test_flags_found_long_after_they_were_raised_open_no_work(world: World) -> None:
    """An old onward referral nobody answered, found by the first evaluation of an imported
    or upgraded chronology, is on the record as an open flag but is nobody's new task; the
    same flag found the morning after its deadline is an escalation."""
    from cairn.work.models import Task

    person = person_of(world)
    sent_on = datetime(2025, 3, 3, 10, tzinfo=UTC)
    record(
        world,
        "onward_referral",
        sent_on,
        refers_to=referral_entry(world).pk,
        details={"to_agency": "Brookfield Council"},
    )
    morning_after = end_of_day(add_working_days(date(2025, 3, 3), 20)) + timedelta(hours=3)
    person_flags_refresh(person_ids=[person.pk], now=morning_after + timedelta(days=400))
    stored = PersonFlag.objects.get(person=person, rule="onward-referral-unacknowledged")
    assert stored.state == FlagState.OPEN
    assert not Task.objects.exists()

    PersonFlag.objects.all().delete()
    person_flags_refresh(person_ids=[person.pk], now=morning_after)
    assert Task.objects.filter(kind="escalation").count() == 1


def test_a_sweep_finishing_before_its_hour_still_queues_the_next_days(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    """Run at 01:00 (before the sweep hour), a day's sweep used to schedule that same day
    again, which already existed: nothing was queued after it and the nightly chain stopped.
    (The test above failed between midnight and 02:00.)"""
    with (
        time_machine.travel(datetime(2026, 3, 10, 1, 0, tzinfo=UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert flags_sweep_run(day="2026-03-10") == 2
        assert sweep_schedule() is None  # a worker starting now finds it queued
    assert list(SweepRun.objects.order_by("day").values_list("day", "finished_at")) == [
        (date(2026, 3, 10), datetime(2026, 3, 10, 1, 0, tzinfo=UTC)),
        (date(2026, 3, 11), None),
    ]
    queued = DBTaskResult.objects.get(task_path="cairn.rules.tasks.flags_sweep")
    assert queued.args_kwargs["args"] == ["2026-03-11"]
