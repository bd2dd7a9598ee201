"""Who may use the work queues and act on a task. One condition per line; views, selectors
and services ask these and never test roles themselves."""

from __future__ import annotations

from typing import Any

from cairn.accounts.permissions import has_role, is_staff_member
from cairn.accounts.roles import Role

#: Roles that have queues, or can be given a task by a colleague.
TASK_ROLES = (Role.CASE_OFFICER, Role.SENIOR_OFFICER)


def can_use_tasks(user: Any) -> bool:
    """Programme officers have "My tasks" and their team's queues."""
    return has_role(user, Role.CASE_OFFICER) or has_role(user, Role.SENIOR_OFFICER)


def can_view_escalations(user: Any) -> bool:
    """Escalations go to the senior officers' queue."""
    return has_role(user, Role.SENIOR_OFFICER)


def can_see_task(user: Any, task: Any) -> bool:
    """A task is seen at its agency, by the role whose queue it is in, or by its assignee."""
    return (
        can_use_tasks(user)
        and user.agency_id == task.agency_id
        and (has_role(user, Role(task.role)) or task.assignee_id == user.pk)
    )


def can_take_task(user: Any, task: Any) -> bool:
    """Someone in the task's queue takes it, or gives it to a colleague."""
    return can_see_task(user, task) and has_role(user, Role(task.role))


def can_be_assigned(user: Any, task: Any) -> bool:
    """A task is given to an active programme officer of its agency."""
    return can_use_tasks(user) and user.agency_id == task.agency_id


def can_complete_task(user: Any, task: Any) -> bool:
    """Whoever sees a task may complete it with a note."""
    return can_see_task(user, task)


def can_read_notifications(user: Any) -> bool:
    return is_staff_member(user)
