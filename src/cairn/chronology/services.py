"""Writes to the chronology: recording, receiving, correcting, importing, suggesting.

Every function validates its whole input before it writes anything, writes in one
transaction, and audits. Entries are never updated in place except for the two things that
are not their content: `is_current` when a correction supersedes one, and the suggester's
output on an entry that recorded no indicators.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

import filetype
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cairn.accounts.models import ApiToken, User
from cairn.agencies.models import Agency, AgencyKind
from cairn.audit.services import audit_record
from cairn.chronology.models import (
    Attachment,
    Entry,
    ImportedCaseFile,
    Sensitivity,
    SuggestionState,
)
from cairn.lib import casefile, vocab
from cairn.lib.errors import ServiceError
from cairn.people.models import Person, SourceRecord
from cairn.people.services import IdentityInput, identity_clean, source_record_register
from cairn.referrals.models import Referral

Actor = User | ApiToken | None

SUMMARY_MAX_CHARS = 20_000
EARLIEST = date(1900, 1, 1)
#: Clock skew a partner's system may have before an event counts as in the future.
FUTURE_TOLERANCE = timedelta(minutes=10)
#: Fields an entry keeps in columns of its own; everything else of an event is `details`.
COLUMN_FIELDS = frozenset(
    {"id", "at", "kind", "summary", "indicators", "agency", "sector", "refers_to"}
    | {"sensitivity", "shared_with", "recorded_at"}
)
#: Attachments Cairn accepts, by the type their content shows (never the name they came with).
ATTACHMENT_TYPES = {
    "application/pdf": "PDF",
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
    "image/gif": "GIF image",
    "image/webp": "WebP image",
    "application/msword": "Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document",
    "application/vnd.ms-excel": "Excel workbook",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel workbook",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "Slides",
    "application/vnd.oasis.opendocument.text": "OpenDocument text",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument spreadsheet",
    "application/rtf": "Rich text",
}


class EntryInputError(ServiceError):
    """Input refused, with every problem found; each names the entry and the field."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("entry", "; ".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class EntryInput:
    """One chronology entry as a person, a partner system or a case file gives it. `details`
    are the kind's own fields, named as the case-file format names them; `refers_to` is the id
    of an entry of the same person; `shared_with` names agencies."""

    kind: str
    occurred_at: datetime
    summary: str = ""
    indicators: tuple[str, ...] | None = None
    occurred_date_only: bool = False
    sensitivity: str = Sensitivity.OFFICIAL
    shared_with: tuple[str, ...] = ()
    source_agency: str = ""
    sector: str = ""
    details: Mapping[str, Any] = field(default_factory=dict)
    refers_to: int | None = None
    recorded_at: datetime | None = None


def _as_event(data: EntryInput, label: str) -> dict[str, Any]:
    details = dict(data.details)
    if isinstance(details.get("evidence"), list):
        # Stored evidence names entries by id; the schema knows event ids as strings.
        details["evidence"] = [str(e) for e in details["evidence"]]
    event: dict[str, Any] = {
        **details,
        "id": label,
        "at": casefile.format_moment(data.occurred_at, data.occurred_date_only),
        "kind": data.kind,
        "sensitivity": data.sensitivity,
    }
    if data.summary:
        event["summary"] = data.summary
    if data.indicators is not None:
        event["indicators"] = list(data.indicators)
    if data.sector:
        event["sector"] = data.sector
    if data.source_agency:
        event["agency"] = data.source_agency
    if data.refers_to is not None:
        event["refers_to"] = str(data.refers_to)
    return event


def entry_problems(
    data: EntryInput, *, label: str = "entry", now: datetime | None = None
) -> list[str]:
    """Everything wrong with one entry's input, each naming the entry and the field; an empty
    list when it can be recorded. Reads agencies; writes nothing."""
    now = now or timezone.now()
    problems = casefile.event_problems(_as_event(data, label))
    where = f"event {label}"
    clashing = sorted(set(data.details) & COLUMN_FIELDS)
    if clashing:
        problems.append(f"{where}, field details: {', '.join(clashing)} cannot be a detail")
    if data.occurred_at > now + FUTURE_TOLERANCE:
        problems.append(f"{where}, field at: is in the future")
    if data.occurred_at.date() < EARLIEST:
        problems.append(f"{where}, field at: is before {EARLIEST.year}")
    if len(data.summary) > SUMMARY_MAX_CHARS:
        problems.append(
            f"{where}, field summary: must be {SUMMARY_MAX_CHARS:,} characters or fewer"
        )
    if data.sensitivity == Sensitivity.RESTRICTED and data.shared_with:
        problems.append(f"{where}, field shared_with: a restricted entry cannot be shared")
    if data.shared_with:
        known = set(
            Agency.objects.filter(name__in=data.shared_with, is_active=True).values_list(
                "name", flat=True
            )
        )
        for name in data.shared_with:
            if name not in known:
                problems.append(f"{where}, field shared_with: no active agency named {name!r}")
    return problems


def _request_hash(value: Any) -> str:
    canonical = json.dumps(value, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _new_entry(
    *,
    actor: Actor,
    owning_agency: Agency,
    source_record: SourceRecord,
    data: EntryInput,
    refers_to: Entry | None,
    referral: Referral | None = None,
    external: tuple[str, str] = ("", ""),
    request_hash: str = "",
) -> Entry:
    awaiting = data.indicators is None and bool(data.summary.strip())
    return Entry(
        source_record=source_record,
        kind=data.kind,
        occurred_at=data.occurred_at,
        occurred_date_only=data.occurred_date_only,
        recorded_at=data.recorded_at or timezone.now(),
        recorded_by=actor if isinstance(actor, User) else None,
        owning_agency=owning_agency,
        source_agency=data.source_agency,
        sector=data.sector,
        summary=data.summary,
        indicators=list(data.indicators) if data.indicators is not None else None,
        indicator_index=indicator_index(data.indicators or ()),
        suggestion_state=SuggestionState.AWAITING if awaiting else SuggestionState.NOT_NEEDED,
        sensitivity=data.sensitivity,
        details=dict(data.details),
        refers_to=refers_to,
        referral=referral,
        external_source=external[0],
        external_id=external[1],
        request_hash=request_hash,
    )


def indicator_index(codes: Sequence[str]) -> str:
    """The text the timeline filters on: each code between spaces."""
    return f" {' '.join(sorted(set(codes)))} " if codes else ""


def _share(entries: Sequence[tuple[Entry, Sequence[str]]]) -> None:
    names = {name for _, shared in entries for name in shared}
    if not names:
        return
    agencies = dict(Agency.objects.filter(name__in=names).values_list("name", "pk"))
    through = Entry.shared_with.through
    through.objects.bulk_create(
        [
            through(entry_id=entry.pk, agency_id=agencies[name])
            for entry, shared in entries
            for name in shared
        ]
    )


def _after_commit(entries: Sequence[Entry]) -> None:
    """Follow-up work once the entries exist: read for indicators the summaries of those that
    recorded none, and evaluate the rules over their people's chronologies (after the reading,
    for people with entries awaiting it)."""
    from cairn.chronology.tasks import entries_suggest
    from cairn.rules.tasks import persons_evaluate

    awaiting = [e.pk for e in entries if e.suggestion_state == SuggestionState.AWAITING]
    read_first = {e.source_record.person_id for e in entries if e.pk in set(awaiting)}
    people = sorted(
        pk for pk in {e.source_record.person_id for e in entries} - read_first if pk is not None
    )
    if awaiting:
        transaction.on_commit(lambda: entries_suggest.enqueue(awaiting))
    if people:
        transaction.on_commit(lambda: persons_evaluate.enqueue(people))


def _refers_to(person: Person | None, entry_id: int | None, label: str) -> Entry | None:
    if entry_id is None:
        return None
    target = Entry.objects.filter(pk=entry_id, source_record__person=person).first()
    if target is None:
        raise EntryInputError([f"event {label}, field refers_to: no entry {entry_id} of theirs"])
    return target


def entry_record(
    *,
    actor: Actor,
    owning_agency: Agency,
    source_record: SourceRecord,
    data: EntryInput,
    referral: Referral | None = None,
) -> Entry:
    """Add one entry to the chronology of the person the source record belongs to."""
    problems = entry_problems(data)
    if problems:
        raise EntryInputError(problems)
    with transaction.atomic():
        target = _refers_to(source_record.person, data.refers_to, "entry")
        entry = _new_entry(
            actor=actor,
            owning_agency=owning_agency,
            source_record=source_record,
            data=data,
            refers_to=target,
            referral=referral,
        )
        entry.save()
        _share([(entry, data.shared_with)])
        audit_record(
            actor=actor,
            action="chronology.record",
            object_type="entry",
            object_id=entry.pk,
            person_id=source_record.person_id,
            detail={"kind": entry.kind},
        )
        _after_commit([entry])
    return entry


def referral_entry_record(*, actor: Actor, referral: Referral) -> Entry:
    """The chronology entry of a referral just received. Indicators the referrer ticked are
    recorded; a referral with none ticked is read by the suggester."""
    data = EntryInput(
        kind="referral",
        occurred_at=referral.received_at,
        summary=referral.summary,
        indicators=tuple(referral.indicators) or None,
        source_agency=referral.referring_agency.name,
        sector=referral.sector,
        details={"concern_type": referral.concern_type, "reference": referral.reference},
    )
    return entry_record(
        actor=actor,
        owning_agency=referral.owning_agency,
        source_record=referral.source_record,
        data=data,
        referral=referral,
    )


#: What a partner agency may send: what it saw, and assessments it asked for or completed.
PARTNER_KINDS = (*vocab.CONTACT_KINDS, "assessment_requested", "assessment_completed")


@dataclass(frozen=True)
class PartnerEvent:
    """One event a partner agency sends: its own id for it, how it names the person, and the
    entry."""

    external_id: str
    identity: IdentityInput
    entry: EntryInput


@dataclass(frozen=True)
class Received:
    entry: Entry
    created: bool


class EventConflict(ServiceError):
    """An event id this agency already sent, now with different content."""


def _default_sharing(person: Person | None) -> tuple[str, ...]:
    """Who sees a partner's event when the partner names no one: the programme teams (local
    authorities) that hold a referral about the person."""
    if person is None:
        return ()
    names = Referral.objects.filter(source_record__person=person).values_list(
        "owning_agency__name", flat=True
    )
    return tuple(sorted(set(names)))


def partner_events_receive(
    *, actor: Actor, agency: Agency, events: Sequence[PartnerEvent], channel: str
) -> list[Received]:
    """Receive a batch of events from a partner agency, all or nothing. Each is idempotent on
    (agency, its id): the same event again returns what the first made; the same id with
    different content is refused. Each new event goes through identity resolution (linked,
    identity review, or a new person) and is shared with the agencies it names, or else with
    the programme teams holding a referral about the person."""
    problems: list[str] = []
    cleaned = []
    seen: set[str] = set()
    for number, event in enumerate(events, start=1):
        label = event.external_id or f"#{number}"
        if not event.external_id.strip():
            problems.append(f"event #{number}, field external_id: is required")
        elif event.external_id in seen:
            problems.append(f"event {label}, field external_id: used twice in this batch")
        seen.add(event.external_id)
        if event.entry.kind not in PARTNER_KINDS:
            problems.append(f"event {label}, field kind: partners send {', '.join(PARTNER_KINDS)}")
        if event.entry.refers_to is not None:
            problems.append(f"event {label}, field refers_to: partners cannot refer to entries")
        problems.extend(entry_problems(event.entry, label=label))
        try:
            cleaned.append(identity_clean(event.identity))
        except ServiceError as error:
            problems.append(f"event {label}, field person.{error.field}: {error.message}")
    if problems:
        raise EntryInputError(problems)
    source = f"agency:{agency.pk}"
    results: list[Received] = []
    fresh: list[Entry] = []
    with transaction.atomic():
        existing = {
            e.external_id: e
            for e in Entry.objects.filter(
                external_source=source, external_id__in=[e.external_id for e in events]
            )
        }
        for event, identity in zip(events, cleaned, strict=True):
            digest = _request_hash([event.identity, event.entry])
            previous = existing.get(event.external_id)
            if previous is not None:
                if previous.request_hash != digest:
                    raise EventConflict(
                        "external_id",
                        f"Event {event.external_id} was already received with different "
                        "content; send a correction with a new id",
                    )
                results.append(Received(previous, created=False))
                continue
            record = source_record_register(
                actor=actor,
                agency=agency,
                source="partner_event",
                identity=identity,
                recorded_at=timezone.now(),
            )
            shared = event.entry.shared_with or _default_sharing(record.person)
            entry = _new_entry(
                actor=actor,
                owning_agency=agency,
                source_record=record,
                data=event.entry,
                refers_to=None,
                external=(source, event.external_id),
                request_hash=digest,
            )
            entry.save()
            _share([(entry, shared)])
            audit_record(
                actor=actor,
                action="chronology.receive",
                object_type="entry",
                object_id=entry.pk,
                person_id=record.person_id,
                detail={"kind": entry.kind, "channel": channel, "link": record.link_status},
            )
            results.append(Received(entry, created=True))
            fresh.append(entry)
        _after_commit(fresh)
    return results


def partner_events_refuse(*, actor: Actor, reason: str) -> None:
    """Record that a partner tried to send events it may not send (for another agency)."""
    audit_record(actor=actor, action="chronology.receive_refused", detail={"reason": reason})


def entry_correct(*, actor: User, entry: Entry, data: EntryInput, reason: str) -> Entry:
    """Correct an entry: a new entry supersedes it and the old one stays in the history.
    Only the agency that owns an entry corrects it."""
    if not reason.strip():
        raise ServiceError("reason", "Say why the entry is being corrected")
    if actor.agency_id != entry.owning_agency_id:
        raise ServiceError("entry", "Only the agency that recorded an entry can correct it")
    problems = entry_problems(data)
    if problems:
        raise EntryInputError(problems)
    with transaction.atomic():
        old = Entry.objects.select_for_update().get(pk=entry.pk)
        if not old.is_current:
            raise ServiceError("entry", "This entry has already been corrected")
        target = _refers_to(old.source_record.person, data.refers_to, "entry")
        new = _new_entry(
            actor=actor,
            owning_agency=old.owning_agency,
            source_record=old.source_record,
            data=data,
            refers_to=target,
        )
        new.supersedes = old
        new.correction_reason = reason.strip()
        new.external_source, new.external_id = "", ""
        new.save()
        old.is_current = False
        old.save(update_fields=["is_current"])
        _share([(new, data.shared_with)])
        audit_record(
            actor=actor,
            action="chronology.correct",
            object_type="entry",
            object_id=new.pk,
            person_id=old.source_record.person_id,
            purpose=reason.strip(),
            detail={"supersedes": old.pk},
        )
        _after_commit([new])
    return new


def entries_suggestions_fill(*, entry_ids: Sequence[int]) -> int:
    """Read the summaries of entries that recorded no indicators and keep what the suggester
    finds, each with its evidence, as suggestions for a person to confirm or reject, then
    evaluate the rules over their people's chronologies. Entries already read are left alone
    and an evaluation is idempotent, so a retried task changes nothing."""
    from cairn.indicators.suggest import suggest
    from cairn.rules.services import person_flags_refresh

    done = 0
    entries = Entry.objects.filter(pk__in=entry_ids).select_related("source_record")
    people = sorted({e.source_record.person_id for e in entries if e.source_record.person_id})
    for entry in entries.filter(suggestion_state=SuggestionState.AWAITING):
        found = [
            {
                "code": s.code,
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "source": s.source,
                "status": "suggested",
            }
            for s in suggest(entry.summary)
        ]
        updated = Entry.objects.filter(
            pk=entry.pk, suggestion_state=SuggestionState.AWAITING
        ).update(
            suggestions=found,
            suggestion_state=SuggestionState.SUGGESTED,
            indicator_index=indicator_index([str(s["code"]) for s in found]),
        )
        done += updated
    # The rules read suggested codes too (marked as such): evaluate once they are in.
    person_flags_refresh(person_ids=people)
    return done


def entry_suggestions_decide(
    *, actor: User, entry: Entry, confirmed: Sequence[str], rejected: Sequence[str]
) -> Entry:
    """A person's decision on every suggestion of an entry: the confirmed codes become the
    entry's recorded indicators; the rejected ones are kept, marked, and never suggested as
    fact. Every suggestion must be decided."""
    with transaction.atomic():
        entry = Entry.objects.select_for_update().get(pk=entry.pk)
        pending = set(entry.indicators_suggested)
        if not pending:
            raise ServiceError("suggestions", "There are no suggestions waiting on this entry")
        both = set(confirmed) & set(rejected)
        if both:
            raise ServiceError("suggestions", f"Confirm or reject {sorted(both)[0]}, not both")
        undecided = pending - set(confirmed) - set(rejected)
        if undecided:
            raise ServiceError("suggestions", f"Decide on {', '.join(sorted(undecided))}")
        unknown = (set(confirmed) | set(rejected)) - pending
        if unknown:
            raise ServiceError("suggestions", f"{sorted(unknown)[0]} was not suggested")
        for suggestion in entry.suggestions:
            if suggestion["code"] in pending:
                suggestion["status"] = (
                    "confirmed" if suggestion["code"] in confirmed else "rejected"
                )
        entry.indicators = sorted(set(entry.indicators or []) | set(confirmed))
        entry.indicator_index = indicator_index(entry.indicators)
        entry.save(update_fields=["suggestions", "indicators", "indicator_index"])
        audit_record(
            actor=actor,
            action="chronology.suggestions_decide",
            object_type="entry",
            object_id=entry.pk,
            person_id=entry.source_record.person_id,
            detail={"confirmed": sorted(confirmed), "rejected": sorted(rejected)},
        )
        _after_commit([entry])
    return entry


def attachment_add(*, actor: User, entry: Entry, filename: str, content: IO[bytes]) -> Attachment:
    """Attach a document to an entry. Its type is read from its content, not its name or what
    the browser said; only documents and images are accepted, up to the size limit. The bytes
    are stored outside the web root under a random name."""
    limit = settings.ATTACHMENT_MAX_BYTES
    data = content.read(limit + 1)
    if not data:
        raise ServiceError("file", "The selected file is empty")
    if len(data) > limit:
        raise ServiceError("file", f"The file must be smaller than {limit // (1024 * 1024)} MB")
    kind = filetype.guess(data)
    mime = kind.mime if kind is not None else ""
    if mime not in ATTACHMENT_TYPES:
        raise ServiceError("file", "The file must be a PDF, an image or an office document")
    name = Path(filename or "attachment").name[:200]
    storage_name = f"{secrets.token_hex(16)}.bin"
    directory = Path(settings.ATTACHMENTS_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / storage_name
    path.write_bytes(data)
    try:
        with transaction.atomic():
            attachment = Attachment.objects.create(
                entry=entry,
                filename=name,
                content_type=mime,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                storage_name=storage_name,
                uploaded_by=actor,
                uploaded_at=timezone.now(),
            )
            audit_record(
                actor=actor,
                action="attachment.add",
                object_type="attachment",
                object_id=attachment.pk,
                person_id=entry.source_record.person_id,
                detail={"entry": entry.pk, "content_type": mime, "size": len(data)},
            )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return attachment


# --- Case files ------------------------------------------------------------------------------


def casefile_owning_agency(*, actor: User | None, name: str | None) -> Agency:
    """The agency an imported case file belongs to: the one named, else the acting user's,
    else the only local authority there is."""
    if name:
        agency = Agency.objects.filter(name=name, is_active=True).first()
        if agency is None:
            raise ServiceError("agency", f"No active agency named {name!r}")
        return agency
    if actor is not None and actor.agency is not None:
        return actor.agency
    authorities = list(Agency.objects.filter(kind=AgencyKind.LOCAL_AUTHORITY, is_active=True)[:2])
    if len(authorities) != 1:
        raise ServiceError("agency", "Name the agency that will own the imported case file")
    return authorities[0]


def _subject_identity(subject: casefile.Subject, overrides: Mapping[str, Any]) -> IdentityInput:
    values: dict[str, Any] = {
        "given_name": subject.given_name or "",
        "family_name": subject.family_name or "",
        "date_of_birth": subject.date_of_birth,
        "sex": subject.sex or "unknown",
        "postcode": subject.postcode or "",
        "address": subject.address or "",
        **{k: v or "" for k, v in subject.identifiers.items() if k in ("nhs_number", "upn")},
        "pnc_id": subject.identifiers.get("pnc_id") or "",
    }
    # How the record named them: identifiers it held (null: it held none of that type), then
    # the other fields.
    for key, value in (overrides.get("identifiers") or {}).items():
        if key in ("nhs_number", "upn", "pnc_id") and (value is None or isinstance(value, str)):
            values[key] = value or ""
    for key, value in overrides.items():
        if key == "date_of_birth" and isinstance(value, str):
            try:
                values[key] = date.fromisoformat(value)
            except ValueError:
                continue
        elif key in values and isinstance(value, str):
            values[key] = value
    return IdentityInput(**values)


def casefile_import(
    *, actor: User | None, owning_agency: Agency, case_file: casefile.CaseFile, sha256: str
) -> ImportedCaseFile:
    """Load a whole case file into the chronology, all or nothing. The subject goes through
    identity resolution like any record (linked to a known person, to identity review, or a
    new person); an event that names the subject differently (`subject_as_recorded`) keeps
    that name on a source record of its own, linked to the same person. Events keep their
    ids, so an export gives them back. Loading the same file again changes nothing."""
    ref = case_file.subject.ref
    previous = ImportedCaseFile.objects.filter(subject_ref=ref).first()
    if previous is not None:
        if previous.sha256 == sha256:
            return previous
        raise ServiceError(
            "subject.ref", f"A different case file for subject {ref!r} was already imported"
        )
    problems: list[str] = []
    identities: dict[str, Any] = {}
    try:
        identities[""] = identity_clean(_subject_identity(case_file.subject, {}))
    except ServiceError as error:
        problems.append(f"subject, field {error.field}: {error.message}")
    now = timezone.now()
    inputs: list[EntryInput] = []
    for event in case_file.events:
        where = f"event {event.id}"
        if event.at > now + FUTURE_TOLERANCE:
            problems.append(f"{where}, field at: is in the future")
        shared = tuple(event.get("shared_with", ()))
        details = {k: v for k, v in event.fields.items() if k not in COLUMN_FIELDS}
        inputs.append(
            EntryInput(
                kind=event.kind,
                occurred_at=event.at,
                occurred_date_only=event.at_is_date,
                summary=event.summary or "",
                indicators=event.indicators,
                sensitivity=event.get("sensitivity", Sensitivity.OFFICIAL),
                shared_with=shared,
                source_agency=event.get("agency", ""),
                sector=event.get("sector", ""),
                details=details,
                recorded_at=(
                    casefile.parse_moment(event.get("recorded_at"))[0]
                    if event.get("recorded_at")
                    else None
                ),
            )
        )
        recorded = event.get("subject_as_recorded")
        if recorded and identities:
            try:
                identities[event.id] = identity_clean(
                    _subject_identity(case_file.subject, recorded)
                )
            except ServiceError as error:
                problems.append(
                    f"{where}, field subject_as_recorded.{error.field}: {error.message}"
                )
    shared_names = {n for i in inputs for n in i.shared_with}
    known = set(Agency.objects.filter(name__in=shared_names).values_list("name", flat=True))
    for event, data in zip(case_file.events, inputs, strict=True):
        for name in data.shared_with:
            if name not in known:
                problems.append(f"event {event.id}, field shared_with: no agency named {name!r}")
    if problems:
        raise EntryInputError(problems[:50])
    with transaction.atomic():
        subject_record = source_record_register(
            actor=actor, agency=owning_agency, source="case_file", identity=identities.pop("")
        )
        person = subject_record.person
        records = {
            event_id: source_record_register(
                actor=actor,
                agency=owning_agency,
                source="case_file",
                identity=identity,
                person=person,
            )
            for event_id, identity in identities.items()
        }
        source = f"casefile:{ref}"
        entries = [
            _new_entry(
                actor=actor,
                owning_agency=owning_agency,
                source_record=records.get(event.id, subject_record),
                data=data,
                refers_to=None,
                external=(source, event.id),
            )
            for event, data in zip(case_file.events, inputs, strict=True)
        ]
        Entry.objects.bulk_create(entries, batch_size=1000)
        by_id = {event.id: entry for event, entry in zip(case_file.events, entries, strict=True)}
        linked = []
        for event, entry in zip(case_file.events, entries, strict=True):
            changed = False
            if event.refers_to is not None:
                entry.refers_to = by_id[event.refers_to]
                changed = True
            if event.get("evidence"):
                entry.details["evidence"] = [by_id[i].pk for i in event.get("evidence")]
                changed = True
            if changed:
                linked.append(entry)
        Entry.objects.bulk_update(linked, ["refers_to", "details"], batch_size=1000)
        _share([(entry, data.shared_with) for entry, data in zip(entries, inputs, strict=True)])
        imported = ImportedCaseFile.objects.create(
            subject_ref=ref,
            source_record=subject_record,
            sha256=sha256,
            events=len(entries),
            imported_at=timezone.now(),
            imported_by=actor,
        )
        audit_record(
            actor=actor,
            action="casefile.import",
            object_type="imported_case_file",
            object_id=imported.pk,
            person_id=subject_record.person_id,
            detail={"events": len(entries), "link": subject_record.link_status},
        )
        _after_commit(entries)
    return imported
