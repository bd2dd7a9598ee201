"""The home page for each role, and error pages that say nothing about what was asked for."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cairn.accounts import permissions
from cairn.audit.context import current_request_id
from cairn.web.access import require


@require(permissions.is_staff_member)
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "can_view_people": permissions.can_view_people(user),
        "can_view_own_referrals": permissions.can_view_own_referrals(user),
        "can_submit_referral": permissions.can_submit_referral(user),
        "can_view_aggregates": permissions.can_view_aggregates(user),
        "can_view_audit_log": permissions.can_view_audit_log(user),
        "can_manage_users": permissions.can_manage_users(user),
        "can_manage_agencies": permissions.can_manage_agencies(user),
        "can_manage_api_tokens": permissions.can_manage_api_tokens(user),
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
