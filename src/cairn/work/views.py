"""The work pages: the queues (my tasks, my team's, overdue, escalations), one task with its
take, give and complete actions, and the user's notifications.

Queues are for programme officers (403 for anyone else; escalations for senior officers); a
task the viewer may not see is answered 404, exactly like a missing one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cairn.accounts import permissions as account_permissions
from cairn.accounts.models import User
from cairn.accounts.selectors import user_get
from cairn.lib.errors import ServiceError
from cairn.web.access import require
from cairn.web.forms import add_service_error
from cairn.work import permissions, selectors, services
from cairn.work.forms import AssignForm, CompleteForm, VersionForm
from cairn.work.models import Task


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _row(request: HttpRequest, task_id: int) -> selectors.TaskRow:
    row = selectors.task_get_for(user=_user(request), task_id=task_id)
    if row is None:
        raise Http404
    return row


def _queue_links(user: User, current: str) -> list[dict[str, Any]]:
    counts = selectors.queue_counts_for(user=user)
    return [
        {
            "href": reverse(f"work:{name}"),
            "text": text,
            "count": counts[name],
            "current": name == current,
        }
        for name, text in selectors.QUEUES.items()
        if name in counts
    ]


@require(permissions.can_use_tasks)
@require_GET
def queue(request: HttpRequest, name: str) -> HttpResponse:
    user = _user(request)
    rows = selectors.queue_for(user=user, name=name)
    if rows is None:
        raise PermissionDenied
    return render(
        request,
        "work/queue.html",
        {
            "name": name,
            "title": selectors.QUEUES[name],
            "rows": rows,
            "queues": _queue_links(user, name),
            "can_view_cases": account_permissions.can_view_cases(user),
            "can_approve": account_permissions.can_approve_decisions(user),
            "can_view_overrides": account_permissions.can_view_override_report(user),
        },
    )


def _choices(task: Task) -> list[tuple[int, str]]:
    return [(u.pk, u.get_full_name() or u.get_username()) for u in selectors.task_assignees(task)]


def _page(
    request: HttpRequest,
    row: selectors.TaskRow,
    *,
    assign_form: AssignForm | None = None,
    complete_form: CompleteForm | None = None,
) -> HttpResponse:
    user = _user(request)
    task = row.task
    can_take = task.is_open and permissions.can_take_task(user, task)
    can_complete = task.is_open and permissions.can_complete_task(user, task)
    return render(
        request,
        "work/task_detail.html",
        {
            "row": row,
            "task": task,
            "overdue": selectors.is_overdue(task),
            "can_take": can_take and task.assignee_id != user.pk,
            "can_assign": can_take,
            "can_complete": can_complete,
            "can_view_case": task.case_id is not None and account_permissions.can_view_cases(user),
            "assign_form": assign_form
            or AssignForm(initial={"version": task.version}, choices=_choices(task)),
            "complete_form": complete_form or CompleteForm(initial={"version": task.version}),
        },
    )


@require(permissions.can_use_tasks)
@require_GET
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    return _page(request, _row(request, task_id))


def _refreshed(form: VersionForm, task: Task) -> None:
    """After a refusal because the page was out of date, keep what the user wrote and carry
    the current version, so they can send it again once they have read the change."""
    task.refresh_from_db()
    data = dict(form.data.lists()) if isinstance(form.data, QueryDict) else {}
    fresh = QueryDict(mutable=True)
    for key, values in data.items():
        fresh.setlist(key, values)
    fresh["version"] = str(task.version)
    form.data = fresh


@require(permissions.can_use_tasks)
@require_POST
def task_take(request: HttpRequest, task_id: int) -> HttpResponse:
    user = _user(request)
    row = _row(request, task_id)
    if not permissions.can_take_task(user, row.task):
        raise PermissionDenied
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The page was incomplete; reload the task and try again")
        return redirect("work:task", task_id=task_id)
    try:
        services.task_assign(
            actor=user,
            task=row.task,
            assignee=user,
            expected_version=form.cleaned_data["version"],
            now=timezone.now(),
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "You have taken the task")
    return redirect("work:task", task_id=task_id)


def _submit(
    request: HttpRequest,
    row: selectors.TaskRow,
    form: AssignForm | CompleteForm,
    act: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """Call the service with the valid form's data; on refusal, the page again with the
    reason on the form (and, if the page was out of date, the user's input kept)."""
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
            if error.field == "version":
                _refreshed(form, row.task)
        else:
            messages.success(request, done)
            return redirect("work:task", task_id=row.task.pk)
    if isinstance(form, AssignForm):
        return _page(request, row, assign_form=form)
    return _page(request, row, complete_form=form)


@require(permissions.can_use_tasks)
@require_POST
def task_assign(request: HttpRequest, task_id: int) -> HttpResponse:
    user = _user(request)
    row = _row(request, task_id)
    if not permissions.can_take_task(user, row.task):
        raise PermissionDenied

    def act(data: dict[str, Any]) -> object:
        assignee = user_get(user_id=data["assignee"])
        assert assignee is not None  # one of the form's choices
        return services.task_assign(
            actor=user,
            task=row.task,
            assignee=assignee,
            expected_version=data["version"],
            now=timezone.now(),
        )

    form = AssignForm(request.POST, choices=_choices(row.task))
    return _submit(request, row, form, act, "The task was given to a colleague")


@require(permissions.can_use_tasks)
@require_POST
def task_complete(request: HttpRequest, task_id: int) -> HttpResponse:
    user = _user(request)
    row = _row(request, task_id)
    if not permissions.can_complete_task(user, row.task):
        raise PermissionDenied

    def act(data: dict[str, Any]) -> object:
        return services.task_complete(
            actor=user,
            task=row.task,
            note=data["note"],
            expected_version=data["version"],
            now=timezone.now(),
        )

    return _submit(request, row, CompleteForm(request.POST), act, "Task completed")


@require(permissions.can_read_notifications)
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    found = selectors.notifications_for(user=_user(request))
    return render(
        request,
        "work/notifications.html",
        {"notifications": found, "unread": sum(1 for n in found if n.read_at is None)},
    )


@require(permissions.can_read_notifications)
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("notification", "")
    ids: list[int] | None = None
    if raw:
        if not raw.isdigit():
            messages.error(request, "That notification was not found")
            return redirect("work:notifications")
        ids = [int(raw)]
    changed = services.notification_mark_read(
        actor=_user(request), notification_ids=ids, now=timezone.now()
    )
    if ids is not None and not changed:
        messages.error(request, "That notification was not found, or is already read")
    else:
        messages.success(
            request, f"{changed} notification{'s' if changed != 1 else ''} marked as read"
        )
    return redirect("work:notifications")
