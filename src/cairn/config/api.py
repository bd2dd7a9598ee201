"""The JSON API at /api/v1: token authentication, the error shape, and the routers of each app."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from cairn.accounts.models import ApiToken
from cairn.accounts.services import IdempotencyConflict, TokenRefused, api_token_authenticate
from cairn.config.middleware import api_error
from cairn.lib.errors import ServiceError

logger = logging.getLogger(__name__)


class TokenAuth(HttpBearer):
    """Bearer tokens issued to agencies by administrators."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        return api_token_authenticate(presented=token, path=request.path)


api = NinjaAPI(
    title="Cairn API",
    version="1",
    description="Partner systems send referrals and events to Cairn. Authenticate with "
    "`Authorization: Bearer <token>`; every failure answers with one error shape.",
    urls_namespace="api",
    auth=TokenAuth(),
    docs_url="/docs",
)


def _location(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "header", "path")]
    return ".".join(parts) or "body"


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields = []
    for error in exc.errors:
        kind = error.get("type", "")
        message = error.get("msg", "is invalid")
        if kind == "extra_forbidden":
            message = "is not a field Cairn accepts"
        elif kind == "missing":
            message = "is required"
        elif kind in ("json_invalid", "value_error.jsondecode") or "JSON" in message:
            return api_error(400, "The request body is not valid JSON")
        fields.append({"field": _location(error.get("loc", ())), "message": message})
    summary = (
        "; ".join(f"{f['field']}: {f['message']}" for f in fields) or "The request is not valid"
    )
    return api_error(422, summary, fields)


@api.exception_handler(ServiceError)
def _refused(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    problems = getattr(exc, "problems", None)
    if problems:
        fields = []
        for problem in problems:
            where, _, message = problem.partition(": ")
            fields.append({"field": where, "message": message})
        return api_error(422, "; ".join(problems), fields)
    return api_error(
        422, f"{exc.field}: {exc.message}", [{"field": exc.field, "message": exc.message}]
    )


@api.exception_handler(TokenRefused)
def _token_refused(request: HttpRequest, exc: TokenRefused) -> HttpResponse:
    return api_error(401, exc.reason)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api_error(401, "Send an API token in the Authorization header: 'Bearer <token>'")


@api.exception_handler(IdempotencyConflict)
def _conflict(request: HttpRequest, exc: IdempotencyConflict) -> HttpResponse:
    return api_error(409, "This Idempotency-Key was already used with a different request body")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, json.JSONDecodeError):
        cause = exc.__cause__
        where = f"line {cause.lineno} column {cause.colno}"
        return api_error(400, f"The request body is not valid JSON ({cause.msg} at {where})")
    return api_error(exc.status_code, str(exc.message))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api_error(404, "Not found")


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return api_error(413, "The request body is larger than the limit")


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("unexpected API error")
    return api_error(500, "Something went wrong on our side; quote the request id to support")


class AgencyOut(Schema):
    id: int
    name: str
    sector: str


class WhoAmIOut(Schema):
    agency: AgencyOut
    token_name: str
    token_prefix: str
    scopes: list[str]
    expires_at: str | None


@api.get(
    "/whoami",
    response=WhoAmIOut,
    tags=["tokens"],
    summary="The agency and scopes of the token in use",
)
def whoami(request: HttpRequest) -> dict[str, Any]:
    token = request.auth  # type: ignore[attr-defined]
    assert isinstance(token, ApiToken)
    return {
        "agency": {"id": token.agency.pk, "name": token.agency.name, "sector": token.agency.sector},
        "token_name": token.name,
        "token_prefix": token.prefix,
        "scopes": token.scopes,
        "expires_at": token.expires_at.isoformat() if token.expires_at else None,
    }


def require_scope(request: HttpRequest, scope: str) -> ApiToken:
    """The calling token, if it carries the scope; a 403 in the error shape otherwise."""
    token = request.auth  # type: ignore[attr-defined]
    assert isinstance(token, ApiToken)
    if scope not in token.scopes:
        raise HttpError(403, f"This token does not have the '{scope}' scope")
    return token


def _register_routers() -> None:
    from cairn.chronology.api import router as events_router
    from cairn.referrals.api import router as referrals_router

    api.add_router("/referrals", referrals_router)
    api.add_router("/events", events_router)


_register_routers()
