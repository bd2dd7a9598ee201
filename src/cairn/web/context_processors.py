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

_NAV: list[tuple[str, str, Any]] = [
    ("Home", "web:home", permissions.is_staff_member),
    ("People", "people:list", permissions.can_view_people),
    ("My referrals", "referrals:mine", permissions.can_view_own_referrals),
    ("Statistics", "reporting:overview", permissions.can_view_aggregates),
    ("Audit log", "audit:search", permissions.can_view_audit_log),
    ("Users", "accounts:user-list", permissions.can_manage_users),
    ("Agencies", "accounts:agency-list", permissions.can_manage_agencies),
    ("API tokens", "accounts:token-list", permissions.can_manage_api_tokens),
]


def shell(request: HttpRequest) -> dict[str, Any]:
    # A request refused before authentication ran (a bad Host header) still renders an error page.
    user = getattr(request, "user", None)
    verified = isinstance(user, User) and user.is_verified()  # type: ignore[attr-defined]
    nav = []
    if verified:
        for text, name, predicate in _NAV:
            if predicate(user):
                href = reverse(name)
                current = (
                    request.path == href if name == "web:home" else request.path.startswith(href)
                )
                nav.append({"text": text, "href": href, "current": current})
    roles: list[str] = []
    agency = None
    if isinstance(user, User):
        roles = [Role(code).label for code in sorted(user_role_codes(user))]
        agency = user.agency
    return {"cairn": {"demo": settings.DEMO, "nav": nav, "roles": roles, "agency": agency}}
