"""One way for views to say who may use them."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, overload

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase

View = Callable[..., HttpResponse]


def require(predicate: Callable[[Any], bool]) -> Callable[[View], View]:
    """Refuse the view with 403 unless the predicate from a permissions module holds."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


class StaffLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Every page needs a signed-in user unless marked `login_not_required`; the API
    authenticates with tokens instead and answers in JSON, so it is left to django-ninja."""

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponseBase | None:
        if request.path.startswith("/api/"):
            return None
        return htmx_redirect(
            request, super().process_view(request, view_func, view_args, view_kwargs)
        )


@overload
def htmx_redirect(request: HttpRequest, response: HttpResponse) -> HttpResponse: ...
@overload
def htmx_redirect(
    request: HttpRequest, response: HttpResponseBase | None
) -> HttpResponseBase | None: ...
def htmx_redirect(
    request: HttpRequest, response: HttpResponseBase | None
) -> HttpResponseBase | None:
    """A redirect answered to an htmx request as `HX-Redirect`, so the whole page goes to the
    sign-in page instead of the sign-in page landing inside a list."""
    if (
        response is not None
        and request.headers.get("HX-Request") == "true"
        and response.status_code in (301, 302, 303)
    ):
        answer = HttpResponse(status=204)
        answer["HX-Redirect"] = response["Location"]
        return answer
    return response
