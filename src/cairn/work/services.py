"""Writes of the work app: tasks opened (idempotently), taken, given to a colleague,
completed or cancelled, notifications sent and read, and `tasks_from_flags`, which the live
evaluation of the rules calls after every evaluation of a person.

Every service runs in one transaction and writes its own audit entry; an email is sent by a
background task once the notification behind it is committed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cairn.accounts import permissions as account_permissions
from cairn.accounts.models import User
from cairn.accounts.roles import Role
from cairn.accounts.selectors import user_list
from cairn.agencies.models import Agency
from cairn.audit.services import audit_record
from cairn.lib.errors import ServiceError
from cairn.people.models import Person
from cairn.rules.models import FlagState
from cairn.rules.workdays import add_working_days
from cairn.work import permissions, selectors
from cairn.work.models import Notification, Task, TaskKind, TaskState

if TYPE_CHECKING:
    from cairn.cases.models import Case
    from cairn.chronology.models import Entry
    from cairn.rules.models import PersonFlag

#: Working days to decide whether to reopen a case, and to act on an escalation. The policy
#: sets the re-review's (`known-marker`'s `working_days`); these two are the team's own.
REOPEN_REVIEW_WORKING_DAYS = 5
ESCALATION_WORKING_DAYS = 5

#: The note a task gets when the flag behind it is resolved on the record.
RESOLVED_ON_THE_RECORD = "Resolved on the record: the flag behind this task was resolved."
WITHDRAWN = "Cancelled: the flag behind this task was withdrawn (no longer raised)."

NOTE_MAX = 2000


@dataclass(frozen=True)
class TaskInput:
    """A task to open: what kind, about whom, in which agency's queue and for which role,
    its title (no personal data), its due day, and the key of what raised it."""

    kind: TaskKind
    person: Person
    agency: Agency
    role: Role
    title: str
    due: date
    source_key: str
    case: Case | None = None
    rule: str = ""
    flag_key: str = ""


def _team(agency_id: int, role: str) -> list[User]:
    return list(
        user_list()
        .filter(agency_id=agency_id, is_active=True, role_assignments__role=role)
        .distinct()
    )


def task_open(*, actor: User | None, data: TaskInput, now: datetime) -> tuple[Task, bool]:
    """Put a task in a queue, unless one with the same `source_key` exists already (then
    nothing changes and that task is returned with `False`). The members of the queue are
    notified."""
    with transaction.atomic():
        task, created = Task.objects.get_or_create(
            source_key=data.source_key,
            defaults={
                "kind": data.kind,
                "person": data.person,
                "case": data.case,
                "agency": data.agency,
                "role": data.role,
                "title": data.title[:200],
                "rule": data.rule,
                "flag_key": data.flag_key,
                "created_at": now,
                "due": data.due,
            },
        )
        if not created:
            return task, False
        audit_record(
            actor=actor,
            action="task.open",
            object_type="task",
            object_id=task.pk,
            person_id=data.person.pk,
            detail={"kind": data.kind, "agency_id": data.agency.pk, "role": data.role},
        )
        link = reverse("work:task", args=[task.pk])
        for member in _team(data.agency.pk, data.role):
            notification_send(
                recipient=member,
                text=f"A new task is in your team's queue: {task.title} (task {task.pk}).",
                link=link,
                now=now,
            )
    return task, True


def _locked(task: Task, expected_version: int) -> Task:
    """The task as it is now, locked; refused if the page the user acted on was out of date."""
    current = Task.objects.select_for_update().get(pk=task.pk)
    if current.version != expected_version:
        raise ServiceError(
            "version",
            f"This task changed since you opened it (you saw version {expected_version}, it "
            f"is now version {current.version}): reload it to see what changed.",
        )
    return current


def _still_open(task: Task) -> None:
    if not task.is_open:
        raise ServiceError("", f"This task is already {task.get_state_display().lower()}.")


def task_assign(
    *, actor: User, task: Task, assignee: User, expected_version: int, now: datetime
) -> Task:
    """Take a task (the actor gives it to themselves) or give it to a colleague at the
    owning agency; only someone in the task's queue may do either."""
    with transaction.atomic():
        current = _locked(task, expected_version)
        if not permissions.can_take_task(actor, current):
            raise ServiceError("", "Only the team whose queue this task is in may take it.")
        _still_open(current)
        if not permissions.can_be_assigned(assignee, current):
            raise ServiceError(
                "assignee", "A task can be given only to a programme officer of its agency."
            )
        if current.assignee_id == assignee.pk:
            raise ServiceError("assignee", "The task is already with them.")
        previous = current.assignee_id
        current.assignee = assignee
        current.version += 1
        current.save(update_fields=["assignee", "version"])
        audit_record(
            actor=actor,
            action="task.assign",
            object_type="task",
            object_id=current.pk,
            person_id=current.person_id,
            detail={"assignee_id": assignee.pk, "previous_id": previous},
        )
        if assignee.pk != actor.pk:
            notification_send(
                recipient=assignee,
                text=f"{actor.get_full_name() or actor.get_username()} gave you a task: "
                f"{current.title} (task {current.pk}).",
                link=reverse("work:task", args=[current.pk]),
                now=now,
            )
    return current


def task_complete(
    *, actor: User, task: Task, note: str, expected_version: int, now: datetime
) -> Task:
    """Record that a task is done, by whom, and what they found or did."""
    note = note.strip()
    if not note:
        raise ServiceError("note", "Say what was done or decided.")
    if len(note) > NOTE_MAX:
        raise ServiceError("note", f"The note must be {NOTE_MAX} characters or fewer.")
    with transaction.atomic():
        current = _locked(task, expected_version)
        if not permissions.can_complete_task(actor, current):
            raise ServiceError("", "Only the team whose queue this task is in may complete it.")
        _still_open(current)
        _finish(current, TaskState.DONE, by=actor, note=note, now=now)
        audit_record(
            actor=actor,
            action="task.complete",
            object_type="task",
            object_id=current.pk,
            person_id=current.person_id,
        )
    return current


def task_cancel(
    *, task: Task, note: str, now: datetime, state: TaskState = TaskState.CANCELLED
) -> Task:
    """End a task automatically because the flag behind it was resolved on the record (done)
    or withdrawn (cancelled); the system does it, so no user is named."""
    with transaction.atomic():
        current = Task.objects.select_for_update().get(pk=task.pk)
        if not current.is_open:
            return current
        _finish(current, state, by=None, note=note, now=now)
        audit_record(
            actor=None,
            action="task.cancel" if state == TaskState.CANCELLED else "task.resolve",
            object_type="task",
            object_id=current.pk,
            person_id=current.person_id,
        )
    return current


def _finish(task: Task, state: TaskState, *, by: User | None, note: str, now: datetime) -> None:
    task.state = state
    task.completed_by = by
    task.completed_at = now
    task.outcome_note = note
    task.version += 1
    task.save(update_fields=["state", "completed_by", "completed_at", "outcome_note", "version"])


# --- Notifications ------------------------------------------------------------------------


def notification_send(*, recipient: User, text: str, link: str, now: datetime) -> Notification:
    """Tell a user something in the app, and by email that there is something to read. The
    text may name agencies and record numbers, never a person's details; the link is a path
    with ids only."""
    with transaction.atomic():
        notification = Notification.objects.create(
            recipient=recipient, text=text[:500], link=link, created_at=now
        )
        audit_record(
            actor=None,
            action="notification.send",
            object_type="notification",
            object_id=notification.pk,
            detail={"recipient_id": recipient.pk},
        )
        if recipient.email:
            from cairn.work.tasks import notification_email

            pk = notification.pk
            transaction.on_commit(lambda: notification_email.enqueue(pk))
    return notification


def notification_email_send(*, notification_id: int) -> bool:
    """Email the recipient that they have something new in Cairn, once: no personal data,
    only a link to their notifications. False if it was sent already or cannot be."""
    from django.conf import settings
    from django.core.mail import send_mail

    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at=None)
            .first()
        )
        if notification is None or not notification.recipient.email:
            return False
        url = settings.SITE_URL + reverse("work:notifications")
        send_mail(
            subject="You have a new notification in Cairn",
            message=f"You have a new task or notification in Cairn.\n\nSign in to read it: {url}\n",
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
        audit_record(
            actor=None,
            action="notification.email",
            object_type="notification",
            object_id=notification.pk,
            detail={"recipient_id": notification.recipient_id},
        )
    return True


def notification_mark_read(
    *, actor: User, notification_ids: Iterable[int] | None, now: datetime
) -> int:
    """Mark the actor's own notifications read (all unread ones when no ids are given);
    anyone else's are left alone. Returns how many changed."""
    with transaction.atomic():
        unread = Notification.objects.filter(recipient=actor, read_at=None)
        if notification_ids is not None:
            unread = unread.filter(pk__in=list(notification_ids))
        ids = list(unread.values_list("pk", flat=True))
        Notification.objects.filter(pk__in=ids).update(read_at=now)
        if ids:
            audit_record(
                actor=actor,
                action="notification.read",
                object_type="notification",
                detail={"ids": ids},
            )
    return len(ids)


# --- The hook of the live evaluation ------------------------------------------------------

_KIND_OF_RULE = {
    "known-marker": TaskKind.RE_REVIEW,
    "reopen-review": TaskKind.REOPEN_REVIEW,
    "onward-referral-unacknowledged": TaskKind.ESCALATION,
}

_TITLES = {
    TaskKind.RE_REVIEW: "Re-review: a new contact about weapons, violence or a missing episode "
    "on a person known to the programme",
    TaskKind.REOPEN_REVIEW: "Decide whether to reopen: a new concern after the case was closed",
    TaskKind.ESCALATION: "Escalation: an onward referral was not acknowledged in time, or was "
    "closed with no action",
}


def tasks_from_flags(
    *,
    person: Person,
    opened: Sequence[PersonFlag],
    closed: Sequence[PersonFlag],
    now: datetime,
) -> None:
    """Bring the work queues up to date with one evaluation of a person's flags: for each
    newly open `known-marker`, `reopen-review` or `onward-referral-unacknowledged` flag, a
    task in the senior officers' queue of each agency owning the person's case (and the
    notifications that go with it); for each of those flags now resolved or withdrawn, its
    open tasks end, keeping their history. Idempotent: a task is keyed by the flag's key, the
    person and the agency, so calling this again with the same flags changes nothing. Other
    rules' flags are ignored (the case page shows them)."""
    with transaction.atomic():
        for flag in opened:
            kind = _KIND_OF_RULE.get(flag.rule)
            if kind is None:
                continue
            # A deadline still to come asks for work only where the work is what meets it
            # (the re-review a marker asks for); an escalation waits until it has passed.
            if flag.state == FlagState.DUE and kind != TaskKind.RE_REVIEW:
                continue
            _open_for_flag(person, flag, kind, now)
        for flag in closed:
            if flag.rule not in _KIND_OF_RULE:
                continue
            resolved = flag.state == "resolved"
            for task in Task.objects.filter(person=person, flag_key=flag.key, state=TaskState.OPEN):
                task_cancel(
                    task=task,
                    note=RESOLVED_ON_THE_RECORD if resolved else WITHDRAWN,
                    now=now,
                    state=TaskState.DONE if resolved else TaskState.CANCELLED,
                )


def _due(flag: PersonFlag, kind: TaskKind, now: datetime) -> date:
    today = timezone.localdate(now)
    if kind == TaskKind.RE_REVIEW:
        if flag.due is not None:
            return flag.due
        params = selectors.known_marker_parameters()
        return add_working_days(today, int(params.get("working_days", 1)))
    days = REOPEN_REVIEW_WORKING_DAYS if kind == TaskKind.REOPEN_REVIEW else ESCALATION_WORKING_DAYS
    return add_working_days(today, days)


def _open_for_flag(person: Person, flag: PersonFlag, kind: TaskKind, now: datetime) -> None:
    agencies = selectors.owning_agencies(person)
    if not agencies:
        # Nobody holds the person (no case, no referral): there is no queue to put it in.
        return
    entry = selectors.flag_entry(flag)
    if kind == TaskKind.ESCALATION and entry is not None:
        # The programme team that made the onward referral owns its escalation.
        agencies = [a for a in agencies if a.pk == entry.owning_agency_id] or agencies
    created: list[Task] = []
    for agency in agencies:
        task, new = task_open(
            actor=None,
            data=TaskInput(
                kind=kind,
                person=person,
                agency=agency,
                role=Role.SENIOR_OFFICER,
                title=_TITLES[kind],
                due=_due(flag, kind, now),
                source_key=f"flag:{person.pk}:{flag.key}:agency:{agency.pk}",
                case=selectors.case_for_task(person, agency),
                rule=flag.rule,
                flag_key=flag.key,
            ),
            now=now,
        )
        if new:
            created.append(task)
    if not created or entry is None or entry.recorded_by is None:
        return
    recorder = entry.recorded_by
    if kind == TaskKind.RE_REVIEW:
        _tell_contributor(recorder, entry, agencies, now)
    elif kind == TaskKind.ESCALATION:
        _tell_sender(recorder, created[0], now)


def _tell_contributor(recorder: User, entry: Entry, agencies: list[Agency], now: datetime) -> None:
    """The user who recorded the contact learns the person is known to the programme and whom
    to contact, unless they are on the programme team that holds the case (they have the
    task) — and nothing of the chronology."""
    owners = [a.pk for a in agencies]
    if recorder.agency_id in owners and account_permissions.can_view_chronology(recorder):
        return
    names = ", ".join(a.name for a in agencies) or "the local authority's programme team"
    link = (
        reverse("chronology:entry", args=[entry.pk])
        if account_permissions.can_view_chronology(recorder)
        and recorder.agency_id == entry.owning_agency_id
        else ""
    )
    notification_send(
        recipient=recorder,
        text=f"The person in the contact you recorded (entry {entry.pk}) is known to the "
        f"programme. Please contact the programme team at {names} before you act.",
        link=link,
        now=now,
    )


def _tell_sender(sender: User, task: Task, now: datetime) -> None:
    """The officer who made the onward referral learns it has been escalated."""
    link = (
        reverse("cases:case", args=[task.case_id])
        if task.case_id
        and account_permissions.can_view_cases(sender)
        and sender.agency_id == task.agency_id
        else ""
    )
    notification_send(
        recipient=sender,
        text="An onward referral you made was not acknowledged in time, or was closed with no "
        f"action; it is on the senior officers' escalation queue at {task.agency.name}"
        + (f" (case {task.case_id})." if task.case_id else "."),
        link=link,
        now=now,
    )
