"""Guards in front of the JSON API, so every failure there has the one error shape."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from cairn.audit.context import current_request_id

_BODY_METHODS = {"POST", "PUT", "PATCH"}

_STATUS_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
    500: "server_error",
}


def api_error(
    status: int, message: str, fields: list[dict[str, str]] | None = None
) -> JsonResponse:
    """The one error shape of the API."""
    body: dict[str, object] = {
        "error": {
            "status": status,
            "code": _STATUS_CODES.get(status, "error"),
            "message": message,
            "fields": fields or [],
            "request_id": current_request_id.get(),
        }
    }
    return JsonResponse(body, status=status)


class ApiRequestGuardMiddleware:
    """Refuses oversized bodies and non-JSON bodies before any view runs, and turns any other
    error response under /api/ that is not already JSON into the error shape."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        if request.method in _BODY_METHODS:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return api_error(400, "Content-Length is not a number")
            limit: int = settings.API_MAX_BODY_BYTES
            if length > limit:
                return api_error(413, f"The request body is larger than the limit of {limit} bytes")
            content_type = request.content_type or ""
            if content_type != "application/json":
                return api_error(
                    415, "Send the request body as JSON with Content-Type: application/json"
                )
        response = self.get_response(request)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return api_error(response.status_code, _fallback_message(response))
        return response


def _fallback_message(response: HttpResponse) -> str:
    if response.status_code == 405:
        return "This method is not allowed here"
    if response.status_code == 404:
        return "Not found"
    try:
        return str(json.loads(response.content)["detail"])
    except (ValueError, KeyError, TypeError):
        return "The request could not be completed"
