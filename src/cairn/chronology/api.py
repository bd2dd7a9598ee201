"""POST /api/v1/events: partner systems send what they know about people, one event or many."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import ConfigDict, Field

from cairn.accounts.models import ApiScope
from cairn.chronology.services import (
    SUMMARY_MAX_CHARS,
    EntryInput,
    EntryInputError,
    EventConflict,
    PartnerEvent,
    partner_events_receive,
    partner_events_refuse,
)
from cairn.config.api import require_scope
from cairn.lib import casefile
from cairn.people.services import IdentityInput
from cairn.referrals.api import PersonIn

router = Router(tags=["events"])

MAX_BATCH = 1000


class EventIn(Schema):
    model_config = ConfigDict(extra="forbid")
    external_id: Annotated[str, Field(min_length=1, max_length=100)]
    agency: Annotated[str | None, Field(max_length=200)] = None
    kind: str
    occurred_at: Annotated[str, Field(min_length=10, max_length=40)]
    summary: Annotated[str, Field(max_length=SUMMARY_MAX_CHARS)] = ""
    indicators: list[str] | None = None
    sensitivity: str = "official"
    shared_with: Annotated[list[str], Field(max_length=50)] = []
    details: dict[str, Any] = {}
    person: PersonIn


class EventBatchIn(Schema):
    model_config = ConfigDict(extra="forbid")
    events: Annotated[list[EventIn], Field(min_length=1, max_length=MAX_BATCH)]


class EventOut(Schema):
    external_id: str
    id: int
    status: str


class EventsOut(Schema):
    received: list[EventOut]


def _entry(event: EventIn, sector: str) -> EntryInput:
    label = event.external_id
    try:
        moment, date_only = casefile.parse_moment(event.occurred_at)
    except ValueError as error:
        raise EntryInputError(
            [f"event {label}, field occurred_at: not an ISO date or date-time"]
        ) from error
    return EntryInput(
        kind=event.kind,
        occurred_at=moment,
        occurred_date_only=date_only,
        summary=event.summary,
        indicators=tuple(event.indicators) if event.indicators is not None else None,
        sensitivity=event.sensitivity,
        shared_with=tuple(event.shared_with),
        sector=sector,
        details=event.details,
    )


@router.post(
    "",
    response={200: EventsOut, 201: EventsOut},
    summary="Send one event, or a batch of events",
)
def send_events(request: HttpRequest, payload: EventBatchIn | EventIn) -> Status[dict[str, Any]]:
    """Send what your agency knows about a person: one event, or `{"events": [...]}` of up to
    1,000. A batch is received whole or not at all. Each event is idempotent on your agency and
    its `external_id`: sending it again returns the first answer (status `duplicate`); the same
    id with different content is refused (409). Cairn finds the person by identity resolution;
    the answer never says whether the person was already known."""
    token = require_scope(request, ApiScope.EVENTS_WRITE)
    events = payload.events if isinstance(payload, EventBatchIn) else [payload]
    foreign = [e for e in events if e.agency is not None and e.agency != token.agency.name]
    if foreign:
        partner_events_refuse(actor=token, reason="events for another agency")
        raise HttpError(403, "A token may send events only for its own agency")
    items = [
        PartnerEvent(
            external_id=e.external_id,
            identity=IdentityInput(**e.person.model_dump()),
            entry=_entry(e, token.agency.sector),
        )
        for e in events
    ]
    try:
        received = partner_events_receive(
            actor=token, agency=token.agency, events=items, channel="api"
        )
    except EventConflict as error:
        raise HttpError(409, error.message) from error
    created = any(r.created for r in received)
    return Status(
        201 if created else 200,
        {
            "received": [
                {
                    "external_id": r.entry.external_id,
                    "id": r.entry.pk,
                    "status": "created" if r.created else "duplicate",
                }
                for r in received
            ]
        },
    )
