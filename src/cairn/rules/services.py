"""Writes of the rules app: a new policy version (audited; there is no update and no delete),
and the live evaluation that keeps each person's stored flags up to date."""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from cairn.audit.services import audit_record
from cairn.lib.errors import ServiceError
from cairn.rules.catalogue import REGISTRY
from cairn.rules.engine import Facts, Flag, ParameterError, evaluate_rules
from cairn.rules.models import FlagState, PersonFlag, Policy, SweepRun
from cairn.rules.policies import PolicySpec, check_policy
from cairn.rules.selectors import POLICY_IN_FORCE, policy_in_force

if TYPE_CHECKING:
    from cairn.accounts.models import User
    from cairn.people.models import Person

log = logging.getLogger(__name__)


#: Flags raised longer ago than this when an evaluation first finds them open no work: the
#: live evaluation runs on every new entry and every night, so a flag raised in the ordinary
#: course is found within a day.
WORK_WINDOW = timedelta(days=30)

#: How far ahead the live evaluation looks for deadlines still to come. Rules are causal, so
#: evaluating at a later moment gives the flags of now plus those that deadlines will raise
#: if nothing more is recorded; they are kept as `DUE`.
LOOK_AHEAD = timedelta(days=120)

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$")


def policy_version_create(
    *, actor: User | None, name: str, parameters: Any, enabled: Any, note: str = ""
) -> Policy:
    """Store a new version of the named policy (version 1 if the name is new). Unknown rule
    ids and out-of-range parameters are refused with a `ServiceError` naming the field
    (`enabled`, `parameters.<rule>.<name>`); nothing is written then. The stored parameters
    are complete (every rule's, defaults filled in), so a version never changes meaning when
    a default does."""
    if not _NAME.match(name or ""):
        raise ServiceError("name", "Give a name of letters, digits, dots, dashes or underscores")
    if len(note) > 500:
        raise ServiceError("note", "The note must be 500 characters or fewer")
    try:
        checked, ordered = check_policy(parameters, enabled)
    except ParameterError as error:
        raise ServiceError(error.field, error.message) from error
    with transaction.atomic():
        newest = (
            Policy.objects.select_for_update()
            .filter(name=name)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
        )
        policy = Policy.objects.create(
            name=name,
            version=(newest or 0) + 1,
            parameters=checked,
            enabled=list(ordered),
            note=note,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="policy.version_create",
            object_type="policy",
            object_id=policy.pk,
            detail={"name": name, "version": policy.version, "enabled": list(ordered)},
        )
    return policy


# --- Live evaluation: the flags of each person's whole chronology, kept up to date -----------


@dataclass(frozen=True)
class RefreshResult:
    """What one evaluation changed: flags that now ask something of someone (new deadlines
    coming, flags raised, deadlines passed unmet), and flags that asked and no longer do
    (resolved on the record, deadlines met, or withdrawn)."""

    persons: int
    opened: list[PersonFlag]
    closed: list[PersonFlag]


def _keyed(flags: Sequence[Flag], entry_of: Mapping[str, int]) -> dict[str, Flag]:
    """Each flag under a key stable across evaluations of the same chronology: its rule, the
    entry that raised it (or the day it fell due) and a counter for flags that share both."""
    keyed: dict[str, Flag] = {}
    for flag in sorted(flags, key=lambda f: (f.rule, f.raised_at, f.evidence, f.detail)):
        raised_by = entry_of.get(flag.raised_by or "")
        stem = f"{flag.rule}|{raised_by or ''}|{flag.due.isoformat() if flag.due else ''}"
        n = 0
        while f"{stem}|{n}" in keyed:
            n += 1
        keyed[f"{stem}|{n}"] = flag
    return keyed


_COPIED = (
    "rule",
    "policy_name",
    "policy_version",
    "blocking",
    "message",
    "detail",
    "resolves_by",
    "raised_at",
    "due",
    "raised_by_entry_id",
    "evidence",
    "from_suggested",
    "state",
    "resolved_at",
    "resolved_by_entry_id",
)


def _as_row(
    flag: Flag, spec: PolicySpec, entry_of: Mapping[str, int], now: datetime
) -> dict[str, Any]:
    resolved = flag.resolved_at is not None and flag.resolved_at <= now
    if flag.raised_at > now:
        state = FlagState.DUE
    else:
        state = FlagState.RESOLVED if resolved else FlagState.OPEN
    return {
        "rule": flag.rule,
        "policy_name": spec.name,
        "policy_version": spec.version,
        "blocking": flag.blocking,
        "message": flag.message,
        "detail": flag.detail,
        "resolves_by": flag.resolves_by,
        "raised_at": flag.raised_at,
        "due": flag.due,
        "raised_by_entry_id": entry_of.get(flag.raised_by or ""),
        "evidence": [entry_of[e] for e in flag.evidence if e in entry_of],
        "from_suggested": flag.from_suggested_indicators,
        "state": state,
        "resolved_at": flag.resolved_at if resolved else None,
        "resolved_by_entry_id": entry_of.get(flag.resolved_by or "") if resolved else None,
    }


#: States of a flag that asks something of someone.
_LIVE = (FlagState.DUE, FlagState.OPEN)


def person_flags_refresh(
    *, person_ids: Sequence[int], now: datetime | None = None, policy: str = POLICY_IN_FORCE
) -> RefreshResult:
    """Evaluate the policy in force over each person's whole chronology at `now` and bring
    their stored flags up to date, in one transaction: new flags are stored (with when they
    were first seen), flags that changed are updated, and flags no longer raised are
    withdrawn. Work that follows a flag (tasks, notices) is opened and closed with it. Safe to
    repeat: a second evaluation of an unchanged chronology writes nothing."""
    from cairn.chronology.selectors import chronologies_of
    from cairn.people.models import Person

    moment = now or timezone.now()
    spec = policy_in_force(name=policy)
    enabled = set(spec.enabled)
    rules = [rule for rule in REGISTRY if rule.id in enabled]
    with transaction.atomic():
        # One evaluation of a person at a time (two entries committed together each enqueue
        # one); on SQLite the write lock serialises them anyway.
        people = {
            p.pk: p
            for p in Person.objects.select_for_update().filter(pk__in=sorted(set(person_ids)))
        }
        chronologies = chronologies_of(list(people))
        stored = _stored(list(people))
        fresh: dict[tuple[int, str], dict[str, Any]] = {}
        for person_id, person in people.items():
            events, entry_of = chronologies[person_id]
            if not events:
                continue
            flags = evaluate_rules(
                rules,
                events,
                moment + LOOK_AHEAD,
                spec.parameters,
                Facts(date_of_birth=person.date_of_birth),
            )
            for key, flag in _keyed(flags, entry_of).items():
                fresh[(person_id, key)] = _as_row(flag, spec, entry_of, moment)
        opened, closed = _store(stored, fresh, moment)
        if opened or closed:
            _flags_follow_up(people, opened, closed, moment)
    return RefreshResult(persons=len(people), opened=opened, closed=closed)


def _stored(person_ids: list[int]) -> dict[tuple[int, str], tuple[int, dict[str, Any]]]:
    """The people's stored flags by (person, key): their id and the values an evaluation
    sets, read as plain values (most are unchanged on most evaluations)."""
    return {
        (row["person_id"], row["key"]): (row["id"], {name: row[name] for name in _COPIED})
        for row in PersonFlag.objects.filter(person_id__in=person_ids).values(
            "id", "person_id", "key", *_COPIED
        )
    }


def _store(
    stored: Mapping[tuple[int, str], tuple[int, dict[str, Any]]],
    fresh: Mapping[tuple[int, str], dict[str, Any]],
    moment: datetime,
) -> tuple[list[PersonFlag], list[PersonFlag]]:
    """Write the difference between the stored flags and an evaluation's; the flags that now
    ask something of someone (`opened`) and those that no longer do (`closed`)."""
    new = [
        PersonFlag(person_id=person, key=key, first_seen_at=moment, updated_at=moment, **values)
        for (person, key), values in fresh.items()
        if (person, key) not in stored
    ]
    changed: dict[int, dict[str, Any]] = {}
    for where, (pk, values) in stored.items():
        if where in fresh:
            if fresh[where] != values:
                changed[pk] = fresh[where]
        elif values["state"] == FlagState.DUE:
            # A deadline no longer coming: met in time (or what set it is gone), so nothing
            # is asked any more.
            changed[pk] = {**values, "state": FlagState.RESOLVED, "resolved_at": moment}
        elif values["state"] != FlagState.WITHDRAWN:
            changed[pk] = {**values, "state": FlagState.WITHDRAWN}
    rows = PersonFlag.objects.in_bulk(list(changed)) if changed else {}
    opened = [row for row in new if row.state in _LIVE]
    closed: list[PersonFlag] = []
    for pk, row in rows.items():
        was = row.state
        for name, value in changed[pk].items():
            setattr(row, name, value)
        row.updated_at = moment
        if row.state != was and row.state in _LIVE:
            opened.append(row)
        elif was in _LIVE and row.state not in _LIVE:
            closed.append(row)
    PersonFlag.objects.bulk_create(new, batch_size=500)
    PersonFlag.objects.bulk_update(rows.values(), [*_COPIED, "updated_at"], batch_size=500)
    return opened, closed


def _flags_follow_up(
    people: Mapping[int, Person], opened: list[PersonFlag], closed: list[PersonFlag], now: datetime
) -> None:
    """Hand what changed to the work queues, person by person."""
    from cairn.work.services import tasks_from_flags

    by_person: dict[int, tuple[list[PersonFlag], list[PersonFlag]]] = defaultdict(lambda: ([], []))
    recent = now - WORK_WINDOW
    for row in opened:
        if row.raised_at < recent:
            # Found late (a historic case file imported, the first evaluation after an
            # upgrade): on the record and on the pages, but nobody is handed old news as work.
            continue
        by_person[row.person_id][0].append(row)
    for row in closed:
        by_person[row.person_id][1].append(row)
    for person_id, (now_open, now_closed) in by_person.items():
        tasks_from_flags(person=people[person_id], opened=now_open, closed=now_closed, now=now)
    log.info(
        "flags: %d opened, %d closed over %d people; work for %d of them",
        len(opened),
        len(closed),
        len(people),
        len(by_person),
    )


# --- The nightly sweep ---------------------------------------------------------------------

#: The sweep runs once a day at this hour, UK time: deadlines fall due at the end of a day.
SWEEP_HOUR = 2


@dataclass(frozen=True)
class SweepTotals:
    persons: int
    opened: int
    closed: int


def flags_sweep(*, now: datetime | None = None, batch: int = 500) -> SweepTotals:
    """Evaluate every person with a chronology, `batch` people per transaction: the time-based
    rules (acknowledgement windows, plan deadlines, review gaps) raise flags when a day passes
    with nothing recorded, which no new entry would trigger."""
    from cairn.chronology.selectors import people_with_chronologies

    moment = now or timezone.now()
    persons = opened = closed = 0
    for ids in people_with_chronologies(batch=batch):
        result = person_flags_refresh(person_ids=ids, now=moment)
        persons += result.persons
        opened += len(result.opened)
        closed += len(result.closed)
    log.info("sweep: %d people, %d flags opened, %d closed", persons, opened, closed)
    return SweepTotals(persons, opened, closed)


def _next_sweep_day(now: datetime) -> date:
    """The day of the next sweep at or after `now`: today if its hour has not come yet."""
    local = timezone.localtime(now)
    return local.date() if local.hour < SWEEP_HOUR else local.date() + timedelta(days=1)


def sweep_schedule(*, now: datetime | None = None) -> SweepRun | None:
    """Make sure the next day's sweep is queued, to run at `SWEEP_HOUR` that day; `None` if it
    already is. At most one is ever queued for a day (the day is unique), so calling this on
    every worker start, and at the end of every sweep, never doubles one."""
    from cairn.rules.tasks import flags_sweep as sweep_task

    day = _next_sweep_day(now or timezone.now())
    # A sweep already done for that day (run early by hand, or a late one finishing before
    # the hour) is not the next one: without this the chain of nightly sweeps would stop.
    while SweepRun.objects.filter(day=day, finished_at__isnull=False).exists():
        day += timedelta(days=1)
    with transaction.atomic():
        run, created = SweepRun.objects.get_or_create(
            day=day, defaults={"enqueued_at": timezone.now()}
        )
        if not created:
            return None
        at = timezone.make_aware(datetime.combine(day, time(SWEEP_HOUR)))
        transaction.on_commit(lambda: sweep_task.using(run_after=at).enqueue(day.isoformat()))
    return run


def flags_sweep_run(*, day: str) -> int:
    """The queued sweep of `day`: run it unless it already finished (a task retried after a
    worker died runs it again from the start, which is safe: evaluations are idempotent),
    record its totals, and queue the next day's."""
    run = SweepRun.objects.filter(day=date.fromisoformat(day)).first()
    if run is not None and run.finished_at is not None:
        return 0
    totals = flags_sweep()
    SweepRun.objects.update_or_create(
        day=date.fromisoformat(day),
        defaults={
            "finished_at": timezone.now(),
            "persons": totals.persons,
            "opened": totals.opened,
            "closed": totals.closed,
        },
        create_defaults={
            "enqueued_at": timezone.now(),
            "finished_at": timezone.now(),
            "persons": totals.persons,
            "opened": totals.opened,
            "closed": totals.closed,
        },
    )
    sweep_schedule()
    return totals.persons
