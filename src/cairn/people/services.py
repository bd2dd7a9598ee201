"""Writes to the person index: registering what an agency holds about someone."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from cairn.audit.services import audit_record
from cairn.lib.errors import ServiceError
from cairn.lib.identifiers import nhs_number_is_valid, pnc_id_normalise, upn_normalise
from cairn.people.linkage.features import blocking_keys, normalise_address
from cairn.people.linkage.model import load_model
from cairn.people.linkage.rules import Thresholds
from cairn.people.linkage.scorer import MatchResult, Scorer
from cairn.people.models import (
    BlockingKey,
    CommunalAddress,
    IdentityReview,
    LinkageModel,
    LinkEvent,
    LinkStatus,
    Person,
    ReviewStatus,
    Sex,
    SourceRecord,
)

if TYPE_CHECKING:
    from cairn.accounts.models import ApiToken, User
    from cairn.agencies.models import Agency

NAME_MAX_CHARS = 100
ADDRESS_MAX_CHARS = 300
OLDEST_AGE_YEARS = 120
_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$")


@dataclass(frozen=True)
class IdentityInput:
    """How an agency names a person on one record. Identifiers may be given in any usual
    layout (an NHS number as 3-3-4, a UPN in lower case); they are checked and normalised."""

    given_name: str
    family_name: str
    date_of_birth: date | None = None
    sex: str = Sex.UNKNOWN
    other_names: list[str] = field(default_factory=list)
    postcode: str = ""
    address: str = ""
    nhs_number: str = ""
    upn: str = ""
    pnc_id: str = ""


@dataclass(frozen=True)
class CleanIdentity:
    given_name: str
    family_name: str
    date_of_birth: date | None
    sex: str
    other_names: list[str]
    postcode: str
    address: str
    nhs_number: str
    upn: str
    pnc_id: str


def identity_clean(data: IdentityInput, *, today: date | None = None) -> CleanIdentity:
    """Check one record's identity fields and return them normalised. Raises ServiceError
    naming the first field at fault; nothing is written here."""
    today = today or timezone.localdate()
    names = {}
    for name in ("given_name", "family_name"):
        value = " ".join(str(getattr(data, name)).split())
        label = name.replace("_", " ")
        if not value:
            raise ServiceError(name, f"Enter the person's {label}")
        if len(value) > NAME_MAX_CHARS:
            raise ServiceError(name, f"The {label} must be {NAME_MAX_CHARS} characters or fewer")
        names[name] = value
    other_names = [" ".join(n.split()) for n in data.other_names if n.strip()]
    if any(len(n) > NAME_MAX_CHARS for n in other_names) or len(other_names) > 20:
        raise ServiceError("other_names", "Give up to 20 other names of 100 characters or fewer")
    dob = data.date_of_birth
    if dob is not None:
        if dob > today:
            raise ServiceError("date_of_birth", "Date of birth must be in the past")
        if dob.year < today.year - OLDEST_AGE_YEARS:
            raise ServiceError(
                "date_of_birth", f"Date of birth must be within the last {OLDEST_AGE_YEARS} years"
            )
    if data.sex not in Sex.values:
        raise ServiceError("sex", f"Sex must be one of: {', '.join(Sex.values)}")
    postcode = " ".join(data.postcode.upper().split())
    if postcode and not _POSTCODE.match(postcode):
        raise ServiceError("postcode", "Enter a real postcode, like NX1 2AB")
    if postcode and " " not in postcode:
        postcode = f"{postcode[:-3]} {postcode[-3:]}"
    address = " ".join(data.address.split())
    if len(address) > ADDRESS_MAX_CHARS:
        raise ServiceError("address", f"Address must be {ADDRESS_MAX_CHARS} characters or fewer")
    nhs = re.sub(r"[\s-]", "", data.nhs_number)
    if nhs and not nhs_number_is_valid(nhs):
        raise ServiceError("nhs_number", "NHS number is not valid: check the 10 digits")
    upn = upn_normalise(data.upn) if data.upn.strip() else ""
    if upn is None:
        raise ServiceError("upn", "Unique pupil number is not valid: a check letter then 12 digits")
    pnc = pnc_id_normalise(data.pnc_id) if data.pnc_id.strip() else ""
    if pnc is None:
        raise ServiceError(
            "pnc_id", "PNC id is not valid: it looks like 2019/0123456E or 19/123456E"
        )
    return CleanIdentity(
        given_name=names["given_name"],
        family_name=names["family_name"],
        date_of_birth=dob,
        sex=data.sex,
        other_names=other_names,
        postcode=postcode,
        address=address,
        nhs_number=nhs,
        upn=upn,
        pnc_id=pnc,
    )


MAX_CANDIDATES = 200


def record_for_matching(record: CleanIdentity | SourceRecord) -> dict[str, str | None]:
    """A record, incoming or stored, in the form the matching model reads (the dedupe input
    header); both kinds carry the same field names."""
    return {
        "given_name": record.given_name or None,
        "family_name": record.family_name or None,
        "date_of_birth": record.date_of_birth.isoformat() if record.date_of_birth else None,
        "sex": record.sex if record.sex != Sex.UNKNOWN else None,
        "postcode": record.postcode or None,
        "address": record.address or None,
        "nhs_number": record.nhs_number or None,
        "upn": record.upn or None,
        "pnc_id": record.pnc_id or None,
    }


def active_scorer() -> Scorer:
    """The scorer of the newest model trained on this index, or else the shipped one, with
    the deployment's thresholds and its list of communal addresses as it stands now."""
    newest = LinkageModel.objects.values_list("version", flat=True).first()
    thresholds = Thresholds(
        auto_link=settings.MATCH_AUTO_LINK_THRESHOLD, review=settings.MATCH_REVIEW_THRESHOLD
    )
    return _scorer_of(newest, thresholds, _listed_communal_addresses())


def _listed_communal_addresses() -> frozenset[str]:
    return frozenset(
        CommunalAddress.objects.filter(is_active=True).values_list("normalised", flat=True)
    )


@lru_cache(maxsize=8)
def _scorer_of(version: str | None, thresholds: Thresholds, communal: frozenset[str]) -> Scorer:
    # Keyed by the list itself, so a change to the list is used by the next resolution.
    model = load_model() if version is None else LinkageModel.objects.get(version=version).model
    return Scorer(model, thresholds, communal_addresses=communal)


@dataclass(frozen=True)
class Resolution:
    """Where identity resolution puts an incoming record: linked to one person, to review
    against candidates, or a new person."""

    status: LinkStatus
    person: Person | None
    probability: float | None
    candidates: list[tuple[SourceRecord, MatchResult]]
    model_version: str


def identity_resolve(identity: CleanIdentity) -> Resolution:
    """Score an incoming record against the records that share a blocking key with it (an
    indexed lookup, never a scan of the index) and decide, as batch dedupe does: it links
    automatically when the model links it to exactly one person (at or above the auto-link
    threshold, with no conflicting identifier and no reason a person must decide); when it
    would link to two people, or only reaches the review band, a person decides."""
    incoming = record_for_matching(identity)
    scorer = active_scorer()
    keys = blocking_keys(incoming)
    candidate_ids = (
        BlockingKey.objects.filter(key__in=keys, record__person__isnull=False)
        .values_list("record_id", flat=True)
        .distinct()[:MAX_CANDIDATES]
    )
    candidates = SourceRecord.objects.filter(pk__in=list(candidate_ids)).select_related("person")
    best: dict[int, tuple[SourceRecord, MatchResult]] = {}
    for candidate in candidates:
        result = scorer.score(incoming, record_for_matching(candidate))
        if result.outcome == "new":
            continue
        assert candidate.person_id is not None
        held = best.get(candidate.person_id)
        if held is None or result.probability > held[1].probability:
            best[candidate.person_id] = (candidate, result)
    version = scorer.version
    if not best:
        return Resolution(LinkStatus.NEW, None, None, [], version)
    ranked = sorted(best.values(), key=lambda pair: -pair[1].probability)
    linked = [pair for pair in ranked if pair[1].outcome == "linked"]
    if len(linked) == 1:
        record, result = linked[0]
        return Resolution(LinkStatus.AUTO, record.person, result.probability, [], version)
    return Resolution(LinkStatus.REVIEW, None, ranked[0][1].probability, ranked, version)


# Namespace (the first of the two 32-bit keys) of the advisory locks on blocking keys; the
# audit chain's lock uses the single 64-bit key space, which never overlaps this one.
_BLOCKING_KEY_LOCKS = 7_236_452


def _lock_blocking_keys(keys: list[str]) -> None:
    """Serialise registrations that could be candidates for each other: every such pair
    shares a blocking key. On PostgreSQL, a transaction-scoped advisory lock per key, taken
    in one global order so that two registrations never wait on each other in a circle. On
    SQLite every transaction begins IMMEDIATE (`transaction_mode` in settings) and so already
    holds the database's one write lock."""
    if connection.vendor != "postgresql":
        return
    ids = sorted(
        {
            int.from_bytes(hashlib.blake2b(key.encode(), digest_size=4).digest(), signed=True)
            for key in keys
        }
    )
    with connection.cursor() as cursor:
        for lock_id in ids:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s::int4, %s::int4)", [_BLOCKING_KEY_LOCKS, lock_id]
            )


def source_record_register(
    *,
    actor: User | ApiToken | None,
    agency: Agency,
    source: str,
    identity: CleanIdentity,
    recorded_at: datetime | None = None,
    person: Person | None = None,
) -> SourceRecord:
    """Add what an agency holds about someone to the person index. With `person`, the caller
    already knows who it is. Otherwise identity resolution decides: linked to the one person
    it matches, a new person, or, when uncertain, a provisional new person with the candidate
    pairs queued for identity review (rule `identity-match`).

    Resolution runs inside the transaction that stores the record, after `_lock_blocking_keys`,
    so two registrations of one new person at the same moment cannot both miss each other and
    both make a new person: the second waits, then finds the first as a candidate. Call it
    before anything else in an enclosing transaction takes locks (an audit entry does)."""
    keys = sorted(set(blocking_keys(record_for_matching(identity))))
    with transaction.atomic():
        _lock_blocking_keys(keys)
        if person is not None:
            resolution = Resolution(LinkStatus.CONFIRMED, person, None, [], "")
        else:
            resolution = identity_resolve(identity)
        target = resolution.person
        if target is None:
            target = Person.objects.create(
                given_name=identity.given_name,
                family_name=identity.family_name,
                date_of_birth=identity.date_of_birth,
                sex=identity.sex,
                postcode=identity.postcode,
            )
        record = SourceRecord.objects.create(
            person=target,
            agency=agency,
            source=source,
            given_name=identity.given_name,
            family_name=identity.family_name,
            other_names=identity.other_names,
            date_of_birth=identity.date_of_birth,
            sex=identity.sex,
            postcode=identity.postcode,
            address=identity.address,
            nhs_number=identity.nhs_number,
            upn=identity.upn,
            pnc_id=identity.pnc_id,
            recorded_at=recorded_at or timezone.now(),
            link_status=resolution.status,
            match_probability=resolution.probability,
            model_version=resolution.model_version,
        )
        BlockingKey.objects.bulk_create([BlockingKey(record=record, key=key) for key in keys])
        IdentityReview.objects.bulk_create(
            [
                IdentityReview(
                    record=record,
                    candidate=candidate,
                    match_probability=result.probability,
                    match_weight=result.match_weight,
                    reason=result.forced_review_reason or "",
                    model_version=resolution.model_version,
                )
                for candidate, result in resolution.candidates
            ]
        )
        audit_record(
            actor=actor,
            action="source_record.register",
            object_type="source_record",
            object_id=record.pk,
            person_id=target.pk,
            detail={
                "link_status": resolution.status,
                "source": source,
                "review_candidates": len(resolution.candidates),
            },
        )
    return record


def _move(*, actor: User, record: SourceRecord, to: Person, action: str, reason: str) -> None:
    from_person = record.person
    assert from_person is not None
    record.person = to
    record.save(update_fields=["person"])
    LinkEvent.objects.create(
        record=record, from_person=from_person, to_person=to, action=action, reason=reason, by=actor
    )
    for person in (from_person, to):
        audit_record(
            actor=actor,
            action=f"source_record.{action}",
            object_type="source_record",
            object_id=record.pk,
            person_id=person.pk,
            purpose=reason,
            detail={"from_person": from_person.pk, "to_person": to.pk},
        )
    # The record's entries now belong to another chronology: both are evaluated again.
    from cairn.rules.tasks import persons_evaluate

    moved = [from_person.pk, to.pk]
    transaction.on_commit(lambda: persons_evaluate.enqueue(moved))


def _decided_apart(record: SourceRecord, person: Person) -> bool:
    """Whether someone has decided that this record and one of the person's records are
    different people: linking the record to the person would undo that decision silently."""
    return IdentityReview.objects.filter(
        Q(record=record, candidate__person=person) | Q(candidate=record, record__person=person),
        status=ReviewStatus.REJECTED,
    ).exists()


def identity_review_decide(
    *, actor: User, review: IdentityReview, same_person: bool, reason: str
) -> IdentityReview:
    """Settle one review pair. "Same person" moves the incoming record (and with it its
    referrals) to the candidate's person; "different people" is remembered, so the pair is
    never proposed again, and is never joined later through another pair (confirming one
    that would put the two records in one person is refused). Either way the reason is
    required and audited."""
    if not reason.strip():
        raise ServiceError("reason", "Give the reason for your decision")
    with transaction.atomic():
        review = (
            IdentityReview.objects.select_for_update(of=("self",))
            .select_related("record", "candidate__person")
            .get(pk=review.pk)
        )
        if review.status != ReviewStatus.PENDING:
            raise ServiceError("review", "This pair has already been decided")
        record, target = review.record, review.candidate.person
        assert target is not None
        if same_person and _decided_apart(record, target):
            raise ServiceError(
                "review",
                "This record and one of that person's records have been decided to be "
                "different people, so they cannot be linked: record these as different people",
            )
        if not same_person and record.person_id == target.pk:
            raise ServiceError(
                "review",
                "These records are already linked to one person: unlink the record if they "
                "are different people",
            )
        review.status = ReviewStatus.CONFIRMED if same_person else ReviewStatus.REJECTED
        review.decided_by = actor
        review.decided_at = timezone.now()
        review.decision_reason = reason.strip()
        review.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
        if same_person:
            _move(actor=actor, record=record, to=target, action="link", reason=reason)
            record.link_status = LinkStatus.CONFIRMED
        elif not record.reviews.filter(status=ReviewStatus.PENDING).exists():
            record.link_status = LinkStatus.NEW
        record.save(update_fields=["link_status"])
        audit_record(
            actor=actor,
            action="identity_review.decide",
            object_type="identity_review",
            object_id=review.pk,
            person_id=record.person_id,
            purpose=reason,
            detail={"same_person": same_person},
        )
    return review


def source_record_unlink(*, actor: User, record: SourceRecord, reason: str) -> Person:
    """Split a record (and everything that hangs on it) away from the person it was linked to:
    back to the person it was linked from, if that person still holds nothing else, or else to
    a new person. The record itself is unchanged."""
    if not reason.strip():
        raise ServiceError("reason", "Give the reason for unlinking")
    with transaction.atomic():
        record = SourceRecord.objects.select_for_update().get(pk=record.pk)
        current = record.person
        assert current is not None
        if current.records.count() < 2:
            raise ServiceError(
                "record", "This is the person's only record: there is nothing to split"
            )
        last_link = record.link_events.filter(action="link", to_person=current).last()
        if last_link is not None and not last_link.from_person.records.exists():
            target = last_link.from_person
        else:
            target = Person.objects.create(
                given_name=record.given_name,
                family_name=record.family_name,
                date_of_birth=record.date_of_birth,
                sex=record.sex,
                postcode=record.postcode,
            )
        _move(actor=actor, record=record, to=target, action="unlink", reason=reason)
        record.link_status = LinkStatus.NEW
        record.save(update_fields=["link_status"])
    return target


def linkage_model_train(*, actor: User | None) -> LinkageModel:
    """Retrain the matching model on the current index: u-probabilities from random pairs of
    records, m-probabilities from the links the index holds (automatic, confirmed and
    reviewed), term frequencies from its names. Stored as a new version, which scores every
    record registered from then on. The blocking keys are left alone: which keys a record
    has is fixed by the code, not the model (`blocking_keys_rebuild` follows a change)."""
    from cairn.people.linkage.train import train_model

    records = [
        {**record_for_matching(r), "record_id": str(r.pk), "person_id": str(r.person_id)}
        for r in SourceRecord.objects.exclude(person=None).exclude(link_status=LinkStatus.REVIEW)
    ]
    if len(records) < 2 or len({r["person_id"] for r in records}) == len(records):
        raise ServiceError("index", "Training needs an index with at least one linked pair")
    trained = train_model(records, description="the person index")
    with transaction.atomic():
        model = LinkageModel.objects.create(
            version=trained["version"],
            description=f"trained on {len(records)} records of the person index",
            records=len(records),
            model=trained,
        )
        audit_record(
            actor=actor,
            action="linkage_model.train",
            object_type="linkage_model",
            object_id=model.pk,
            detail={"version": model.version, "records": len(records)},
        )
    return model


NOTE_MAX_CHARS = 500


def communal_address_add(
    *, actor: User, address: str, postcode: str = "", note: str = ""
) -> CommunalAddress:
    """List an address as communal, so that from now on a pair of records at it always goes
    to a person to decide (rule `identity-match`), as one naming a children's home or hostel
    does. Links already made are not revisited. The address is matched as the matching
    features normalise it (case, punctuation and accents ignored); the postcode and note help
    administrators tell entries apart. Raises ServiceError naming the field at fault."""
    address = " ".join(address.split())
    if not address:
        raise ServiceError("address", "Enter the address")
    if len(address) > ADDRESS_MAX_CHARS:
        raise ServiceError("address", f"Address must be {ADDRESS_MAX_CHARS} characters or fewer")
    normalised = normalise_address(address)
    if normalised is None:
        raise ServiceError("address", "Enter an address with letters or numbers in it")
    postcode = " ".join(postcode.upper().split())
    if postcode and not _POSTCODE.match(postcode):
        raise ServiceError("postcode", "Enter a real postcode, like NX1 2AB")
    if postcode and " " not in postcode:
        postcode = f"{postcode[:-3]} {postcode[-3:]}"
    note = note.strip()
    if len(note) > NOTE_MAX_CHARS:
        raise ServiceError("note", f"The note must be {NOTE_MAX_CHARS} characters or fewer")
    listed = ServiceError("address", "This address is already listed as communal")
    with transaction.atomic():
        if CommunalAddress.objects.filter(normalised=normalised, is_active=True).exists():
            raise listed
        try:
            with transaction.atomic():
                entry = CommunalAddress.objects.create(
                    address=address,
                    normalised=normalised,
                    postcode=postcode,
                    note=note,
                    added_by=actor,
                )
        except IntegrityError:  # listed by someone else a moment ago
            raise listed from None
        audit_record(
            actor=actor,
            action="communal_address.add",
            object_type="communal_address",
            object_id=entry.pk,
        )
    return entry


def communal_address_remove(*, actor: User, entry: CommunalAddress) -> CommunalAddress:
    """Take an address off the communal list: pairs at it are decided by the model and the
    rules again (an address naming a hostel stays communal by its name). The entry is kept,
    inactive, with who removed it and when."""
    with transaction.atomic():
        entry = CommunalAddress.objects.select_for_update().get(pk=entry.pk)
        if not entry.is_active:
            raise ServiceError("address", "This address has already been removed from the list")
        entry.is_active = False
        entry.removed_by = actor
        entry.removed_at = timezone.now()
        entry.save(update_fields=["is_active", "removed_by", "removed_at"])
        audit_record(
            actor=actor,
            action="communal_address.remove",
            object_type="communal_address",
            object_id=entry.pk,
        )
    return entry


REKEY_BATCH_SIZE = 1000


@dataclass(frozen=True)
class KeyRebuild:
    """What `blocking_keys_rebuild` did: records read, records whose keys changed, and keys
    added and removed."""

    records: int
    changed: int
    added: int
    removed: int


def blocking_keys_rebuild(*, actor: User | None, batch_size: int = REKEY_BATCH_SIZE) -> KeyRebuild:
    """Recompute every record's blocking keys from the record, after a release changes which
    keys `features.blocking_keys` makes; stored keys would otherwise find candidates by the
    old rules. Records are taken in id order, a batch per transaction, so each record has
    either its old keys or its new ones, never a mix. Keys are an index derived from the
    records, so running it again changes nothing; no link, review or record is touched. One
    audit entry gives the counts, written with the last batch; if the run stops part way, an
    entry with the counts so far says so."""
    if batch_size < 1:
        raise ServiceError("batch_size", "The batch size must be at least 1")
    records = changed = added = removed = 0
    last_id = 0
    try:
        while True:
            with transaction.atomic():
                batch = list(
                    SourceRecord.objects.filter(pk__gt=last_id).order_by("pk")[:batch_size]
                )
                wanted = {r.pk: set(blocking_keys(record_for_matching(r))) for r in batch}
                held: dict[int, set[str]] = defaultdict(set)
                stale: list[int] = []
                for key_id, record_id, key in BlockingKey.objects.filter(
                    record_id__in=list(wanted)
                ).values_list("pk", "record_id", "key"):
                    held[record_id].add(key)
                    if key not in wanted[record_id]:
                        stale.append(key_id)
                fresh = [
                    BlockingKey(record_id=record_id, key=key)
                    for record_id, keys in wanted.items()
                    for key in sorted(keys - held[record_id])
                ]
                BlockingKey.objects.filter(pk__in=stale).delete()
                BlockingKey.objects.bulk_create(fresh)
                records += len(batch)
                changed += sum(1 for rid, keys in wanted.items() if keys != held[rid])
                added += len(fresh)
                removed += len(stale)
                if len(batch) < batch_size:
                    result = KeyRebuild(records, changed, added, removed)
                    _audit_rekey(actor, result, completed=True)
                    return result
                last_id = batch[-1].pk
    except Exception:
        with transaction.atomic():
            _audit_rekey(actor, KeyRebuild(records, changed, added, removed), completed=False)
        raise


def _audit_rekey(actor: User | None, result: KeyRebuild, *, completed: bool) -> None:
    audit_record(
        actor=actor,
        action="blocking_keys.rebuild",
        object_type="blocking_key",
        detail={
            "records": result.records,
            "records_changed": result.changed,
            "keys_added": result.added,
            "keys_removed": result.removed,
            "completed": completed,
        },
    )
