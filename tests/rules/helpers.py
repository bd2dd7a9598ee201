"""Building chronologies for rule tests in a line each."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from cairn.lib.casefile import Event, parse_moment
from cairn.rules.catalogue import RULES
from cairn.rules.engine import Facts, Flag
from cairn.rules.workdays import end_of_day


def ev(
    event_id: str, at: str, kind: str, indicators: list[str] | None = None, **fields: Any
) -> Event:
    moment, date_only = parse_moment(at)
    return Event(
        id=event_id,
        at=moment,
        at_is_date=date_only,
        kind=kind,
        indicators=tuple(indicators) if indicators is not None else None,
        fields=fields,
    )


def moment(day: str) -> datetime:
    return end_of_day(date.fromisoformat(day))


def run(
    rule_id: str,
    events: list[Event],
    at: str = "2030-01-01",
    params: dict[str, Any] | None = None,
    dob: date | None = None,
    identity: dict[str, str] | None = None,
) -> list[Flag]:
    facts = Facts(date_of_birth=dob, identity=identity or {})
    return RULES[rule_id].evaluate(events, moment(at), params, facts)


def closing(event_id: str, at: str, refers_to: str = "r1", **fields: Any) -> Event:
    """A closure that satisfies every closure rule unless a field says otherwise."""
    full: dict[str, Any] = {
        "refers_to": refers_to,
        "stage": "gateway",
        "outcome": "no_further_action",
        "reasons": ["no_concern"],
        "rationale": "Checks clear; seen with a parent.",
        "evidence": [refers_to],
        "subject_engaged": True,
        "parent_engaged": True,
        "referrer_feedback": True,
        "approved_by_role": "senior_officer",
        "checks": {
            p: {"status": "checked", "at": at[:10]}
            for p in ("police", "social_care", "education", "health", "youth_justice")
        },
    }
    full.update(fields)
    return ev(event_id, at, "decision", **{k: v for k, v in full.items() if v is not None})
