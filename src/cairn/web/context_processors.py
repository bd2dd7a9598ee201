"""What the page shell needs: navigation by role, the signed-in user's agency and roles."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from cairn.accounts import permissions
from cairn.accounts.models import User
from cairn.accounts.roles import Role
from cairn.accounts.selectors import user_role_codes
from cairn.panels import permissions as panel_permissions
from cairn.reporting import permissions as reporting_permissions
from cairn.work import permissions as work_permissions
from cairn.work.selectors import unread_count

_NAV: list[tuple[str, str, Any]] = [
    ("Home", "web:home", permissions.is_staff_member),
    ("People", "people:list", permissions.can_view_people),
    ("Cases", "cases:list", permissions.can_view_cases),
    ("Panels", "panels:list", panel_permissions.can_view_panels),
    ("Tasks", "work:mine", work_permissions.can_use_tasks),
    ("Chronologies", "chronology:people", permissions.can_list_chronologies),
    ("Identity reviews", "people:review-queue", permissions.can_review_identity),
    ("Import a case file", "chronology:casefile-import", permissions.can_import_case_files),
    ("Send events", "chronology:events-upload", permissions.can_send_partner_events),
    ("Onward referrals", "cases:onward-inbox", permissions.can_respond_onward_referrals),
    ("My referrals", "referrals:mine", permissions.can_view_own_referrals),
    ("Statistics", "reporting:overview", permissions.can_view_aggregates),
    ("Dashboard", "reporting:operations", reporting_permissions.can_view_operations),
    ("Audit log", "audit:search", permissions.can_view_audit_log),
    ("Users", "accounts:user-list", permissions.can_manage_users),
    ("Agencies", "accounts:agency-list", permissions.can_manage_agencies),
    ("API tokens", "accounts:token-list", permissions.can_manage_api_tokens),
    ("Notifications", "work:notifications", work_permissions.can_read_notifications),
]


def _with_unread(text: str, count: int) -> str:
    return f"{text} ({count} unread)" if count else text


def shell(request: HttpRequest) -> dict[str, Any]:
    # A request refused before authentication ran (a bad Host header) still renders an error page.
    user = getattr(request, "user", None)
    verified = isinstance(user, User) and user.is_verified()  # type: ignore[attr-defined]
    nav = []
    if verified:
        for text, name, predicate in _NAV:
            if predicate(user):
                if name == "work:notifications":
                    text = _with_unread(text, unread_count(user))
                nav.append({"text": text, "href": reverse(name), "current": False})
        # The current item is the one whose address is the longest start of this page's.
        matches = [i for i in nav if request.path.startswith(str(i["href"]))]
        if matches:
            max(matches, key=lambda i: len(str(i["href"])))["current"] = True
    roles: list[str] = []
    agency = None
    if isinstance(user, User):
        roles = [Role(code).label for code in sorted(user_role_codes(user))]
        agency = user.agency
    return {"cairn": {"demo": settings.DEMO, "nav": nav, "roles": roles, "agency": agency}}
