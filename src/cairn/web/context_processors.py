"""What the page shell needs: navigation by role, the signed-in user's agency and roles."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from cairn.accounts.models import User
from cairn.accounts.roles import Role
from cairn.accounts.selectors import user_role_codes
from cairn.web.navigation import HOME_ONLY, destinations_for
from cairn.work.selectors import unread_count


def _with_unread(text: str, count: int) -> str:
    return f"{text} ({count} unread)" if count else text


def shell(request: HttpRequest) -> dict[str, Any]:
    # A request refused before authentication ran (a bad Host header) still renders an error page.
    user = getattr(request, "user", None)
    verified = isinstance(user, User) and user.is_verified()  # type: ignore[attr-defined]
    nav = []
    if verified:
        for place in destinations_for(user):
            if place.url_name in HOME_ONLY:
                continue
            text = place.text
            if place.url_name == "work:notifications":
                text = _with_unread(text, unread_count(user))
            nav.append({"text": text, "href": reverse(place.url_name), "current": False})
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
