"""Two-factor is required for every signed-in user before any page but the two-factor ones."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from cairn.web.access import htmx_redirect

_ALLOWED_PREFIXES = ("/sign-in/", "/sign-out/", "/static/", "/api/")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[union-attr,attr-defined,unused-ignore]
            and not request.path.startswith(_ALLOWED_PREFIXES)
        ):
            return htmx_redirect(request, redirect("accounts:two-factor"))
        return self.get_response(request)
