"""The case file (`cairn-casefile/1`): one person's multi-agency chronology as a JSON document.

A learning review, a partner system or a test hands Cairn a whole history this way, and Cairn
exports one the same way. This module owns the format: its JSON Schema (built from the shared
vocabularies, so a value is defined once), the checks a schema cannot express (duplicate ids,
references to missing events, dates that do not parse), and the typed form the rest of Cairn
reads (`CaseFile`, `Subject`, `Event`). The rules and the replay read `Event`s whether they came
from a file or from the database. It imports no app.

Every problem is reported with the event id and the field, and `parse` raises before anything
is returned, so a caller that loads only what `parse` returns is all or nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import fastjsonschema
from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError

from cairn.lib import vocab

FORMAT = "cairn-casefile/1"
SCHEMA_ID = "https://cairn.example/schemas/cairn-casefile-1.schema.json"
UK = ZoneInfo("Europe/London")

#: Fields whose values name other events of the same file.
EVENT_REFERENCE_FIELDS = ("refers_to",)
EVENT_LIST_REFERENCE_FIELDS = ("evidence",)

#: Fields each kind requires beyond `id`, `at` and `kind`.
REQUIRED_BY_KIND: dict[str, tuple[str, ...]] = {
    "referral": ("sector",),
    "decision": ("refers_to", "stage", "outcome"),
    "onward_referral": ("refers_to", "to_agency"),
    "onward_response": ("refers_to", "response"),
    "consent": ("given_by", "status"),
    "intervention_planned": ("sessions",),
    "intervention_session": ("status",),
    "assessment_requested": ("assessment",),
    "assessment_completed": ("assessment",),
    "flag_resolution": ("rule", "rationale"),
    "interim_plan": ("owner", "review_by"),
}

_DATE = r"^\d{4}-\d{2}-\d{2}$"
_DATE_OR_TIME = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$"
MAX_TEXT = 100_000


class CaseFileError(ValueError):
    """A case file Cairn refuses, with every problem found: each names the event (by its id,
    or its position when it has none) and the field."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class Subject:
    """Who the file is about, as the file names them."""

    ref: str
    given_name: str | None = None
    family_name: str | None = None
    date_of_birth: date | None = None
    sex: str | None = None
    postcode: str | None = None
    address: str | None = None
    identifiers: Mapping[str, str | None] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Event:
    """One entry of a chronology. `indicators` are the codes someone recorded (`None`: not
    recorded, so `suggested` may hold codes the suggester read in the summary, which no person
    has confirmed); `fields` holds every other key of the event as the file gave it."""

    id: str
    at: datetime
    kind: str
    summary: str | None = None
    indicators: tuple[str, ...] | None = None
    suggested: tuple[str, ...] = ()
    fields: Mapping[str, Any] = field(default_factory=dict)
    at_is_date: bool = False

    def get(self, name: str, default: Any = None) -> Any:
        value = self.fields.get(name, default)
        return default if value is None else value

    @property
    def day(self) -> date:
        """The day it happened, in UK local time."""
        return self.at.astimezone(UK).date()

    @property
    def refers_to(self) -> str | None:
        value = self.fields.get("refers_to")
        return str(value) if value is not None else None

    @property
    def all_indicators(self) -> tuple[str, ...]:
        """Recorded codes where recorded, else the suggested ones."""
        return self.indicators if self.indicators is not None else self.suggested


@dataclass(frozen=True)
class CaseFile:
    subject: Subject
    events: tuple[Event, ...]
    extra: Mapping[str, Any] = field(default_factory=dict)


def _enum(values: Iterable[str], *, nullable: bool = True) -> dict[str, Any]:
    options: list[Any] = list(values)
    if nullable:
        options.append(None)
    return {"enum": options}


def _text(max_length: int = MAX_TEXT) -> dict[str, Any]:
    return {"type": ["string", "null"], "maxLength": max_length}


def _check_value() -> dict[str, Any]:
    return {
        "oneOf": [
            _enum(vocab.CHECK_STATUSES, nullable=False),
            {
                "type": "object",
                "required": ["status"],
                "properties": {
                    "status": _enum(vocab.CHECK_STATUSES, nullable=False),
                    "at": {"type": ["string", "null"], "pattern": _DATE_OR_TIME},
                    "note": _text(2000),
                },
            },
            {"type": "null"},
        ]
    }


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of `cairn-casefile/1`, built from the shared vocabularies."""
    event_ref = {"type": ["string", "null"], "minLength": 1, "maxLength": 100}
    properties: dict[str, Any] = {
        "id": {"type": "string", "minLength": 1, "maxLength": 100},
        "at": {"type": "string", "pattern": _DATE_OR_TIME},
        "kind": _enum(vocab.EVENT_KINDS, nullable=False),
        "summary": _text(),
        "indicators": {
            "type": ["array", "null"],
            "items": _enum(vocab.INDICATORS, nullable=False),
            "uniqueItems": True,
        },
        "agency": _text(200),
        "sector": _enum(vocab.SECTORS),
        "concern_type": _enum(vocab.CONCERN_TYPES),
        "subject_as_recorded": {"type": ["object", "null"]},
        "refers_to": event_ref,
        "stage": _enum(vocab.DECISION_STAGES),
        "outcome": _enum(vocab.DECISION_OUTCOMES),
        "reasons": {
            "type": ["array", "null"],
            "items": _enum(vocab.DECISION_REASONS, nullable=False),
        },
        "rationale": _text(),
        "evidence": {"type": ["array", "null"], "items": {"type": "string", "minLength": 1}},
        "subject_engaged": {"type": ["boolean", "null"]},
        "parent_engaged": {"type": ["boolean", "null"]},
        "not_engaged_reason": _text(),
        "referrer_feedback": {"type": ["boolean", "string", "null"]},
        "checks": {
            "type": ["object", "null"],
            "propertyNames": _enum(vocab.PARTNER_CHECKS, nullable=False),
            "additionalProperties": _check_value(),
        },
        "signposted_to": _text(200),
        "forum": _text(200),
        "owner": _text(200),
        "alternative_route": _text(200),
        "proposed_by_role": _text(100),
        "approved_by_role": _text(100),
        "policy": _text(100),
        "to_agency": {"type": "string", "minLength": 1, "maxLength": 200},
        "response": _enum(vocab.ONWARD_RESPONSES),
        "assessment": _enum(vocab.ASSESSMENTS),
        "result": _text(),
        "review_by": {"type": ["string", "null"], "pattern": _DATE_OR_TIME},
        "rule": {"type": "string", "minLength": 1, "maxLength": 100},
        "action": _enum(vocab.FLAG_ACTIONS),
        "by_role": _text(100),
        "decision": _enum(vocab.IDENTITY_DECISIONS),
        "given_by": _enum(vocab.CONSENT_GIVERS),
        "status": {"type": ["string", "null"]},
        "provider": _text(200),
        "sessions": {"type": "integer", "minimum": 0, "maximum": 10_000},
        # Cairn's own, optional: how widely the entry may be read, and when it was recorded.
        "sensitivity": _enum(vocab.SENSITIVITIES),
        "shared_with": {"type": ["array", "null"], "items": {"type": "string"}},
        "recorded_at": {"type": ["string", "null"], "pattern": _DATE_OR_TIME},
    }
    by_kind: list[dict[str, Any]] = []
    for kind, required in REQUIRED_BY_KIND.items():
        then: dict[str, Any] = {
            "required": list(required),
            "properties": {name: {"not": {"type": "null"}} for name in required},
        }
        by_kind.append({"if": {"properties": {"kind": {"const": kind}}}, "then": then})
    status_by_kind = {
        "consent": vocab.CONSENT_STATUSES,
        "intervention_session": vocab.SESSION_STATUSES,
    }
    for kind, statuses in status_by_kind.items():
        by_kind.append(
            {
                "if": {"properties": {"kind": {"const": kind}}},
                "then": {"properties": {"status": _enum(statuses)}},
            }
        )
    identifiers = {
        "type": ["object", "null"],
        "properties": {
            "nhs_number": _text(20),
            "upn": _text(20),
            "pnc_id": _text(20),
        },
    }
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "Cairn case file, version 1",
        "description": (
            "One person's multi-agency chronology. Unknown keys are kept and ignored; unknown "
            "kinds or vocabulary values are errors."
        ),
        "type": "object",
        "required": ["format", "subject", "events"],
        "properties": {
            "format": {"const": FORMAT},
            "subject": {
                "type": "object",
                "required": ["ref"],
                "properties": {
                    "ref": {"type": "string", "minLength": 1, "maxLength": 100},
                    "given_name": _text(100),
                    "family_name": _text(100),
                    "date_of_birth": {"type": ["string", "null"], "pattern": _DATE},
                    "sex": _enum(vocab.SUBJECT_SEXES),
                    "postcode": _text(10),
                    "address": _text(300),
                    "identifiers": identifiers,
                },
            },
            "events": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "at", "kind"],
                    "properties": properties,
                    "allOf": by_kind,
                },
            },
        },
    }


@cache
def _validator() -> Draft7Validator:
    """The validator that lists every problem, for files that have some."""
    return Draft7Validator(schema())


@cache
def _fast_checks() -> tuple[Any, Any]:
    """The schema compiled to Python, as one check of the file's frame and one of an event:
    many times faster than `_validator` on a valid file (checking event by event keeps each
    compiled function small, which is what makes it fast), but each stops at its first
    problem, so a file they refuse is checked again by `_validator` to list every problem."""
    whole = schema()
    frame = {**whole, "properties": {**whole["properties"], "events": {"type": "array"}}}
    event = {"$schema": whole["$schema"], **whole["properties"]["events"]["items"]}
    return fastjsonschema.compile(frame), fastjsonschema.compile(event)


def _schema_valid(document: Any) -> bool:
    check_frame, check_event = _fast_checks()
    try:
        check_frame(document)
        for event in document["events"]:
            check_event(event)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def parse_moment(text: str) -> tuple[datetime, bool]:
    """`(moment, date_only)` of an ISO date or date-time; a date alone is that day's start in
    UK local time, and a time without an offset is UK local time. ValueError if it does not
    parse as a real date."""
    if re.match(_DATE, text):
        return datetime.combine(date.fromisoformat(text), time(), tzinfo=UK), True
    moment = datetime.fromisoformat(text.replace(" ", "T"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UK)
    return moment, False


def format_moment(moment: datetime, date_only: bool) -> str:
    """The inverse of `parse_moment`, as Cairn writes it: in UK local time with its offset."""
    if date_only:
        return moment.astimezone(UK).date().isoformat()
    return moment.astimezone(UK).isoformat()


def _where(document: Any, path: Sequence[Any]) -> str:
    """`event e03, field outcome` (or `subject, field ref`) for a schema error's path."""
    parts = list(path)
    if len(parts) >= 2 and parts[0] == "events" and isinstance(parts[1], int):
        events = document.get("events") if isinstance(document, dict) else None
        event = events[parts[1]] if isinstance(events, list) else None
        event_id = event.get("id") if isinstance(event, dict) else None
        label = f"event {event_id}" if isinstance(event_id, str) else f"event #{parts[1] + 1}"
        rest = parts[2:]
    elif parts:
        label, rest = str(parts[0]), parts[1:]
    else:
        return "file"
    if rest:
        return f"{label}, field {'.'.join(str(p) for p in rest)}"
    return label


def _messages(error: ValidationError) -> list[tuple[list[Any], str]]:
    path = list(error.absolute_path)
    instance: Any = error.instance
    if error.validator == "required":
        required: Any = error.validator_value
        missing = [name for name in required if name not in instance]
        return [([*path, name], "is required") for name in missing]
    return [_message(error)]


def _message(error: ValidationError) -> tuple[list[Any], str]:
    path = list(error.absolute_path)
    if error.validator == "enum":
        return path, f"{error.instance!r} is not a known value"
    if error.validator == "not":
        return path, "is required"
    if error.validator == "pattern":
        return path, f"{error.instance!r} is not an ISO date or date-time"
    if error.validator == "oneOf" and path and isinstance(error.instance, str):
        return path, f"{error.instance!r} is not a known value"
    if error.validator == "propertyNames":
        return path, f"{error.instance!r} is not a known partner"
    if error.validator == "const" and path == ["format"]:
        return path, f"must be {FORMAT!r}"
    return path, error.message


def problems_of(document: Any, *, limit: int = 50) -> list[str]:
    """Every problem with a case file as parsed JSON: the schema's, then those it cannot say
    (duplicate ids, dates that are not dates, references to events the file does not hold)."""
    found: list[str] = []
    errors = [] if _schema_valid(document) else _validator().iter_errors(document)
    for error in sorted(errors, key=lambda e: list(e.absolute_path)):
        for path, message in _messages(error):
            text = f"{_where(document, path)}: {message}"
            if text not in found:
                found.append(text)
        if len(found) >= limit:
            return found[:limit]
    if found:
        return found
    seen: set[str] = set()
    events = document["events"]
    for event in events:
        if event["id"] in seen:
            found.append(f"event {event['id']}, field id: the id is used twice")
        seen.add(event["id"])
    for event in events:
        where = f"event {event['id']}"
        for name in ("at", "review_by", "recorded_at"):
            if event.get(name) is not None:
                try:
                    parse_moment(event[name])
                except ValueError:
                    found.append(f"{where}, field {name}: {event[name]!r} is not a real date")
        for name in EVENT_REFERENCE_FIELDS:
            target = event.get(name)
            if target is not None and target not in seen:
                found.append(f"{where}, field {name}: no event {target!r} in this file")
        for name in EVENT_LIST_REFERENCE_FIELDS:
            for target in event.get(name) or []:
                if target not in seen:
                    found.append(f"{where}, field {name}: no event {target!r} in this file")
        for partner, check in (event.get("checks") or {}).items():
            if isinstance(check, dict) and check.get("at") is not None:
                try:
                    parse_moment(check["at"])
                except ValueError:
                    found.append(f"{where}, field checks.{partner}.at: not a real date")
    dob = document["subject"].get("date_of_birth")
    if dob is not None:
        try:
            date.fromisoformat(dob)
        except ValueError:
            found.append(f"subject, field date_of_birth: {dob!r} is not a real date")
    return found[:limit]


_SUBJECT_KEYS = (
    "ref",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "postcode",
    "address",
    "identifiers",
)
_EVENT_KEYS = ("id", "at", "kind", "summary", "indicators")


def loads(data: bytes | str, *, max_bytes: int | None = None) -> CaseFile:
    """Parse and check a case file; `CaseFileError` naming every problem if it is refused."""
    size = len(data.encode() if isinstance(data, str) else data)
    if max_bytes is not None and size > max_bytes:
        raise CaseFileError([f"file: {size:,} bytes is over the limit of {max_bytes:,}"])
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as error:
        raise CaseFileError([f"file: not UTF-8 (byte {error.start})"]) from error
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise CaseFileError(
            [f"file: not JSON (line {error.lineno}, column {error.colno}: {error.msg})"]
        ) from error
    return parse(document)


def parse(document: Any) -> CaseFile:
    """The typed form of a case file already read as JSON, after every check."""
    problems = problems_of(document)
    if problems:
        raise CaseFileError(problems)
    raw_subject = document["subject"]
    dob = raw_subject.get("date_of_birth")
    subject = Subject(
        ref=raw_subject["ref"],
        given_name=raw_subject.get("given_name"),
        family_name=raw_subject.get("family_name"),
        date_of_birth=date.fromisoformat(dob) if dob else None,
        sex=raw_subject.get("sex"),
        postcode=raw_subject.get("postcode"),
        address=raw_subject.get("address"),
        identifiers=dict(raw_subject.get("identifiers") or {}),
        extra={k: v for k, v in raw_subject.items() if k not in _SUBJECT_KEYS},
    )
    events = []
    for raw in document["events"]:
        at, date_only = parse_moment(raw["at"])
        indicators = raw.get("indicators")
        events.append(
            Event(
                id=raw["id"],
                at=at,
                at_is_date=date_only,
                kind=raw["kind"],
                summary=raw.get("summary"),
                indicators=tuple(indicators) if indicators is not None else None,
                fields={k: v for k, v in raw.items() if k not in _EVENT_KEYS},
            )
        )
    extra = {k: v for k, v in document.items() if k not in ("format", "subject", "events")}
    return CaseFile(subject=subject, events=tuple(events), extra=extra)


def to_document(case_file: CaseFile) -> dict[str, Any]:
    """The JSON document of a case file: `parse(to_document(f)) == f`."""
    subject = case_file.subject
    raw_subject: dict[str, Any] = {"ref": subject.ref}
    for name in ("given_name", "family_name", "sex", "postcode", "address"):
        if getattr(subject, name) is not None:
            raw_subject[name] = getattr(subject, name)
    if subject.date_of_birth is not None:
        raw_subject["date_of_birth"] = subject.date_of_birth.isoformat()
    if subject.identifiers:
        raw_subject["identifiers"] = dict(subject.identifiers)
    raw_subject.update(subject.extra)
    events = []
    for event in case_file.events:
        raw: dict[str, Any] = {
            "id": event.id,
            "at": format_moment(event.at, event.at_is_date),
            "kind": event.kind,
        }
        if event.summary is not None:
            raw["summary"] = event.summary
        if event.indicators is not None:
            raw["indicators"] = list(event.indicators)
        raw.update(event.fields)
        events.append(raw)
    return {"format": FORMAT, "subject": raw_subject, "events": events, **case_file.extra}


def dumps(case_file: CaseFile) -> str:
    return json.dumps(to_document(case_file), indent=2, ensure_ascii=False) + "\n"


def event_problems(event: Mapping[str, Any]) -> list[str]:
    """The schema's problems with one event on its own (references to other events are the
    caller's to check), named as `problems_of` names them."""
    document = {"format": FORMAT, "subject": {"ref": "-"}, "events": [dict(event)]}
    if _schema_valid(document):
        return []
    found: list[str] = []
    for error in sorted(_validator().iter_errors(document), key=lambda e: list(e.absolute_path)):
        for path, message in _messages(error):
            text = f"{_where(document, path)}: {message}"
            if text not in found:
                found.append(text)
    return found
