"""The home page for each role, and error pages that say nothing about what was asked for."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cairn.accounts import permissions
from cairn.accounts.models import User
from cairn.audit.context import current_request_id
from cairn.cases.selectors import onward_waiting_count
from cairn.web.access import require
from cairn.web.navigation import destinations_for
from cairn.work.selectors import queue_counts_for, unread_count


@dataclass(frozen=True)
class Waiting:
    """A count on the home page: "3 overdue tasks" is count, noun (pluralised), then rest."""

    count: int
    noun: str
    rest: str
    url_name: str


def _waiting_for(user: User) -> list[Waiting]:
    """Counts of what awaits the viewer (no personal data, so not audited)."""
    queues = queue_counts_for(user=user)
    found = [
        Waiting(
            onward_waiting_count(user),
            "onward referral",
            "waiting for your agency's answer",
            "cases:onward-inbox",
        ),
        Waiting(queues.get("mine", 0), "task", "assigned to you", "work:mine"),
        Waiting(queues.get("team", 0), "task", "in your team's queue", "work:team"),
        Waiting(queues.get("overdue", 0), "overdue task", "", "work:overdue"),
        Waiting(unread_count(user), "unread notification", "", "work:notifications"),
    ]
    return [w for w in found if w.count]


@require(permissions.is_staff_member)
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    places = [p for p in destinations_for(user) if p.url_name != "web:home"]
    context = {
        "waiting": _waiting_for(user),
        "places": [p for p in places if p.url_name != "work:notifications"],
    }
    return render(request, "web/home.html", context)


def _error(request: HttpRequest, status: int, title: str, body: str) -> HttpResponse:
    context = {"title": title, "body": body, "request_id": current_request_id.get()}
    return render(request, "web/error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        400,
        "Sorry, there is a problem with that request",
        "Check what you entered and try again.",
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        403,
        "You do not have access to this page",
        "If you think you should, ask your administrator.",
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request, 404, "Page not found", "If you typed the web address, check it is correct."
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500, "Sorry, there is a problem with the service", "Try again later.")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request,
        403,
        "Your session has expired or the form was out of date",
        "Go back, reload the page and try again.",
    )
