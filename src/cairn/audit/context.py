"""The current request's id, available to services and log records without passing it around."""

from __future__ import annotations

from contextvars import ContextVar

current_request_id: ContextVar[str] = ContextVar("cairn_request_id", default="")
