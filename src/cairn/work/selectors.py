"""Reads of the work app. Queues and tasks are scoped to the viewer (their agency, the roles
they hold, what is assigned to them) and audited; a task the viewer may not see is answered
exactly as one that does not exist. People in a queue are named only to a viewer who may see
them. The rest are reads for services (no viewer) and the person's marker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet, Subquery
from django.utils import timezone

from cairn.accounts.models import User
from cairn.accounts.selectors import user_list, user_role_codes
from cairn.agencies.models import Agency
from cairn.audit.services import audit_record
from cairn.people.models import Person
from cairn.rules.selectors import POLICY_IN_FORCE
from cairn.rules.workdays import add_months
from cairn.work import permissions
from cairn.work.models import Notification, Task, TaskKind, TaskState

if TYPE_CHECKING:
    from cairn.cases.models import Case
    from cairn.chronology.models import Entry
    from cairn.rules.models import PersonFlag


# --- Reads for services -------------------------------------------------------------------


def known_marker_parameters() -> dict[str, Any]:
    """The `known-marker` rule's parameters in the policy in force (the rule's defaults if
    the policy has none)."""
    from cairn.rules.selectors import PolicyNotFound, policy_in_force

    try:
        found = policy_in_force(name=POLICY_IN_FORCE).parameters.get("known-marker")
    except PolicyNotFound:
        found = None
    return {"retention_years": 6, "working_days": 1, **(found or {})}


def flag_entry(flag: PersonFlag) -> Entry | None:
    """The chronology entry behind a flag: the one that raised it, or else the first entry
    its evidence cites (a deadline flag, such as `known-marker`'s, is raised by no entry)."""
    if flag.raised_by_entry_id is not None:
        return _any_entry(flag.raised_by_entry_id)
    for cited in flag.evidence or []:
        try:
            pk = int(str(cited))
        except ValueError:
            continue
        entry = _any_entry(pk)
        if entry is not None:
            return entry
    return None


def _any_entry(pk: int) -> Entry | None:
    from cairn.chronology.models import Entry

    return Entry.objects.select_related("recorded_by", "owning_agency").filter(pk=pk).first()


def _cases(person: Person) -> QuerySet[Case]:
    from cairn.cases.models import Case

    return Case.objects.filter(person=person).select_related("owning_agency")


def owning_agencies(person: Person) -> list[Agency]:
    """The programme teams that hold the person: the agencies of their open cases; if none is
    open, the agency of the latest case; with no case at all, the local authorities owning
    their referrals."""
    from cairn.cases.models import CaseStatus
    from cairn.referrals.models import Referral

    cases = list(_cases(person).order_by("-opened_at", "-pk"))
    open_ones = [c.owning_agency for c in cases if c.status != CaseStatus.CLOSED]
    if open_ones:
        return list({a.pk: a for a in open_ones}.values())
    if cases:
        return [cases[0].owning_agency]
    ids = set(
        Referral.objects.filter(source_record__person=person).values_list(
            "owning_agency_id", flat=True
        )
    )
    return list(Agency.objects.filter(pk__in=ids).order_by("name", "pk"))


def case_for_task(person: Person, agency: Agency) -> Case | None:
    """The person's case at the agency a task is for: the open one, else the latest."""
    from cairn.cases.models import CaseStatus

    cases = _cases(person).filter(owning_agency=agency).order_by("-opened_at", "-pk")
    return cases.exclude(status=CaseStatus.CLOSED).first() or cases.first()


@dataclass(frozen=True)
class Marker:
    """A person is known to the programme from their latest referral until `until`."""

    since: date
    until: date


def person_marker(person: Person, *, today: date | None = None) -> Marker | None:
    """The person's marker, if they carry one: any referral on their chronology marks them
    for the `known-marker` rule's retention period (policy in force) from the latest one."""
    from cairn.chronology.selectors import entries_visible_to
    from cairn.rules.models import Policy

    latest_referral = (
        entries_visible_to(None)
        .filter(source_record__person=person, kind="referral")
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    # One query for the person's header, which every chronology page shows: the policy in
    # force (as `rules.selectors.policy_in_force` reads it) with the latest referral.
    row = (
        Policy.objects.filter(name=POLICY_IN_FORCE)
        .order_by("-version")
        .annotate(latest=Subquery(latest_referral))
        .values("parameters", "latest")
        .first()
    )
    if row is None:
        latest = latest_referral.first()
        latest_at = latest["occurred_at"] if latest else None
        years = int(known_marker_parameters()["retention_years"])
    else:
        latest_at = row["latest"]
        params = (row["parameters"] or {}).get("known-marker") or {}
        years = int(params.get("retention_years", 6))
    if latest_at is None:
        return None
    since = timezone.localdate(latest_at)
    until = add_months(since, 12 * years)
    if until < (today or timezone.localdate()):
        return None
    return Marker(since=since, until=until)


# --- Queues -------------------------------------------------------------------------------

QUEUES = {
    "mine": "My tasks",
    "team": "My team's queue",
    "overdue": "Overdue",
    "escalations": "Escalations",
}


@dataclass(frozen=True)
class TaskRow:
    """A task as a queue shows it: its person named and linked only if the viewer may see
    them."""

    task: Task
    person_name: str
    person_visible: bool

    @property
    def overdue(self) -> bool:
        return self.task.is_open and self.task.due < timezone.localdate()


def _roles(user: User) -> list[str]:
    return sorted(user_role_codes(user))


def _queue(user: User, name: str, today: date) -> QuerySet[Task]:
    tasks = Task.objects.filter(agency_id=user.agency_id or 0)
    if name == "mine":
        return tasks.filter(assignee=user, state=TaskState.OPEN)
    if name == "team":
        return tasks.filter(role__in=_roles(user), assignee=None, state=TaskState.OPEN)
    if name == "overdue":
        mine = Q(role__in=_roles(user)) | Q(assignee=user)
        return tasks.filter(mine, state=TaskState.OPEN, due__lt=today)
    if name == "escalations":
        return tasks.filter(kind=TaskKind.ESCALATION).order_by("state", "due", "pk")
    raise ValueError(name)


def _may_see_queue(user: User, name: str) -> bool:
    if name == "escalations":
        return permissions.can_view_escalations(user)
    return permissions.can_use_tasks(user)


def _visible_people(user: User, person_ids: set[int]) -> dict[int, Person]:
    from cairn.people.selectors import person_list_for

    if not person_ids or not permissions.can_use_tasks(user):
        return {}
    return {p.pk: p for p in person_list_for(user=user).filter(pk__in=person_ids)}


def _rows(user: User, tasks: list[Task]) -> list[TaskRow]:
    people = _visible_people(user, {t.person_id for t in tasks})
    return [
        TaskRow(
            task=t,
            person_name=people[t.person_id].display_name
            if t.person_id in people
            else f"Person {t.person_id}",
            person_visible=t.person_id in people,
        )
        for t in tasks
    ]


def queue_for(*, user: User, name: str, today: date | None = None) -> list[TaskRow] | None:
    """One of the viewer's queues (`QUEUES`), due first; `None` if it is not theirs. The read
    is audited with the people it names."""
    if name not in QUEUES or not _may_see_queue(user, name):
        return None
    tasks = list(
        _queue(user, name, today or timezone.localdate()).select_related("assignee", "case")[:500]
    )
    rows = _rows(user, tasks)
    audit_record(
        actor=user,
        action="task.list",
        object_type="task",
        detail={
            "queue": name,
            "count": len(rows),
            "person_ids": sorted({r.task.person_id for r in rows if r.person_visible}),
        },
    )
    return rows


def queue_counts_for(*, user: User, today: date | None = None) -> dict[str, int]:
    """How many tasks each of the viewer's queues holds (no personal data, not audited)."""
    day = today or timezone.localdate()
    return {
        name: _queue(user, name, day).filter(state=TaskState.OPEN).count()
        for name in QUEUES
        if _may_see_queue(user, name)
    }


def task_get_for(*, user: User, task_id: int) -> TaskRow | None:
    """One task, if the viewer may see it; the read is audited."""
    task = (
        Task.objects.select_related("assignee", "completed_by", "case", "agency")
        .filter(pk=task_id, agency_id=user.agency_id or 0)
        .first()
    )
    if task is None or not permissions.can_see_task(user, task):
        return None
    audit_record(
        actor=user,
        action="task.view",
        object_type="task",
        object_id=task.pk,
        person_id=task.person_id,
    )
    return _rows(user, [task])[0]


def task_assignees(task: Task) -> list[User]:
    """Who a task may be given to: the active programme officers of its agency."""
    return [
        u
        for u in user_list()
        .filter(agency_id=task.agency_id, is_active=True)
        .prefetch_related("role_assignments")
        .order_by("last_name", "first_name", "username")
        if permissions.can_be_assigned(u, task)
    ]


# --- Notifications ------------------------------------------------------------------------


def notifications_for(*, user: User) -> list[Notification]:
    """The viewer's own notifications, newest first; the read is audited."""
    if not permissions.can_read_notifications(user):
        return []
    found = list(Notification.objects.filter(recipient=user)[:200])
    audit_record(
        actor=user,
        action="notification.list",
        object_type="notification",
        detail={"count": len(found)},
    )
    return found


def unread_count(user: Any) -> int:
    """How many of the user's notifications are unread (for the navigation)."""
    if not permissions.can_read_notifications(user):
        return 0
    return Notification.objects.filter(recipient=user, read_at=None).count()


def is_overdue(task: Task, now: datetime | None = None) -> bool:
    return task.is_open and task.due < timezone.localdate(now)
