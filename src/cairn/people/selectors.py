"""Reads of people. Each takes the viewer, applies what they may see in one place, records the
read in the audit log, and treats "not there" and "not yours" alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from cairn.accounts import permissions
from cairn.accounts.models import User
from cairn.audit.services import audit_record
from cairn.lib.names import (
    are_nicknames,
    normalise_name,
    slavic_surname_stem,
    transliteration_key,
)
from cairn.people.linkage.scorer import MatchResult
from cairn.people.linkage.similarity import jaro_winkler
from cairn.people.models import (
    CommunalAddress,
    IdentityReview,
    Person,
    ReviewStatus,
    SourceRecord,
)
from cairn.people.services import active_scorer, record_for_matching


def _visible_to(user: User) -> QuerySet[Person]:
    if not permissions.can_view_people(user):
        return Person.objects.none()
    return Person.objects.filter(records__referrals__owning_agency_id=user.agency_id).distinct()


def person_list_for(*, user: User) -> QuerySet[Person]:
    """People the viewer's agency holds referrals about, with their referral counts."""
    owned = Q(records__referrals__owning_agency_id=user.agency_id)
    people = _visible_to(user).annotate(
        referral_count=Count("records__referrals", filter=owned, distinct=True)
    )
    return people.order_by("family_name", "given_name", "id")


def person_list_record(*, user: User, person_ids: list[int]) -> None:
    """Record that a page of people was shown to the viewer."""
    audit_record(actor=user, action="person.list", object_type="person", detail={"ids": person_ids})


def person_get_for(*, user: User, person_id: int, purpose: str = "") -> Person | None:
    person = _visible_to(user).filter(pk=person_id).first()
    if person is not None:
        audit_record(
            actor=user,
            action="person.view",
            object_type="person",
            object_id=person.pk,
            person_id=person.pk,
            purpose=purpose,
        )
    return person


@dataclass(frozen=True)
class SearchHit:
    person: Person
    score: float
    matched_on: list[str]


SEARCH_LIMIT = 50


def _name_similarity(query: str, candidate: str) -> float:
    """How well one name the user typed fits one name on a record: the same, a nickname or
    transliteration of it, or a close spelling."""
    if not query or not candidate:
        return 0.0
    if query == candidate:
        return 1.0
    if (
        are_nicknames(query, candidate)
        or transliteration_key(query) == transliteration_key(candidate)
        or slavic_surname_stem(query) == slavic_surname_stem(candidate)
    ):
        return 0.95
    similarity = jaro_winkler(query, candidate)
    return similarity if similarity >= 0.85 else 0.0


def _name_score(query: str, record: SourceRecord) -> float:
    words = [w for w in normalise_name(query).split() if w]
    names = [record.given_name, record.family_name, *record.other_names]
    candidates = {w for name in names for w in normalise_name(name).split() if w}
    if not words or not candidates:
        return 0.0
    return sum(max(_name_similarity(w, c) for c in candidates) for w in words) / len(words)


def person_search_for(
    *,
    user: User,
    name: str = "",
    date_of_birth: date | None = None,
    postcode: str = "",
    identifier: str = "",
) -> list[SearchHit]:
    """People the viewer may see whose records fit every criterion given: a name (spelling
    slips, nicknames and transliterations allowed), a date of birth, a postcode, or an NHS
    number, unique pupil number or PNC id. Best fits first; the search itself is audited,
    with which criteria were used but not their values."""
    records = SourceRecord.objects.filter(person__in=_visible_to(user)).select_related("person")
    if date_of_birth is not None:
        records = records.filter(date_of_birth=date_of_birth)
    if postcode:
        records = records.filter(postcode=" ".join(postcode.upper().split()))
    if identifier:
        compact = "".join(identifier.split()).upper()
        records = records.filter(
            Q(nhs_number=compact.replace("-", "")) | Q(upn=compact) | Q(pnc_id=compact)
        )
    best: dict[int, SearchHit] = {}
    for record in records:
        matched = [
            label
            for label, used in (
                ("date of birth", date_of_birth),
                ("postcode", postcode),
                ("identifier", identifier),
            )
            if used
        ]
        score = 1.0
        if name:
            score = _name_score(name, record)
            if score < 0.85:
                continue
            matched.insert(0, "name")
        assert record.person is not None
        hit = best.get(record.person.pk)
        if hit is None or score > hit.score:
            best[record.person.pk] = SearchHit(record.person, score, matched)
    hits = sorted(best.values(), key=lambda h: (-h.score, h.person.family_name, h.person.pk))
    audit_record(
        actor=user,
        action="person.search",
        object_type="person",
        detail={
            "criteria": [
                c
                for c, v in (
                    ("name", name),
                    ("date_of_birth", date_of_birth),
                    ("postcode", postcode),
                    ("identifier", identifier),
                )
                if v
            ],
            "ids": [h.person.pk for h in hits[:SEARCH_LIMIT]],
        },
    )
    return hits[:SEARCH_LIMIT]


def person_records_for(*, user: User, person: Person) -> QuerySet[SourceRecord]:
    """Every record linked to the person, with the agency that holds it. The caller has
    fetched the person through `person_get_for`, which recorded the read."""
    if not permissions.can_view_people(user):
        return SourceRecord.objects.none()
    return SourceRecord.objects.filter(person=person).select_related("agency")


def _reviews_visible_to(user: User) -> QuerySet[IdentityReview]:
    if not permissions.can_review_identity(user):
        return IdentityReview.objects.none()
    owned = Q(record__referrals__owning_agency_id=user.agency_id)
    return IdentityReview.objects.filter(owned).distinct()


def identity_review_queue_for(*, user: User) -> QuerySet[IdentityReview]:
    """Pairs awaiting a decision whose incoming record came with a referral the viewer's
    agency owns, oldest first. Opening the queue shows names, so it is recorded."""
    visible_people = _visible_to(user).values("pk")
    reviews = (
        _reviews_visible_to(user)
        .filter(status=ReviewStatus.PENDING)
        .select_related("record__agency", "candidate__agency")
        .annotate(
            candidate_visible=Exists(visible_people.filter(pk=OuterRef("candidate__person_id")))
        )
        .order_by("created_at", "id")
    )
    audit_record(actor=user, action="identity_review.list", object_type="identity_review")
    return reviews


@dataclass(frozen=True)
class ReviewComparison:
    """A pair for a person to decide. When the existing record belongs to a person another
    agency holds, its details are withheld (`candidate_visible` is false): the viewer learns
    which agency holds a possible match and how strongly it matches, and can contact them."""

    review: IdentityReview
    match: MatchResult
    candidate_visible: bool


def identity_review_get_for(*, user: User, review_id: int) -> ReviewComparison | None:
    """One pair with the model's account of it, field by field, for a person to decide."""
    review = (
        _reviews_visible_to(user)
        .select_related("record__agency", "candidate__agency", "decided_by")
        .filter(pk=review_id)
        .first()
    )
    if review is None:
        return None
    audit_record(
        actor=user,
        action="identity_review.view",
        object_type="identity_review",
        object_id=review.pk,
        person_id=review.record.person_id,
    )
    match = active_scorer().score(
        record_for_matching(review.record), record_for_matching(review.candidate)
    )
    candidate_person = review.candidate.person_id
    visible = candidate_person is not None and (
        _visible_to(user).filter(pk=candidate_person).exists()
    )
    return ReviewComparison(review, match, visible)


def source_record_get_for(*, user: User, record_id: int) -> SourceRecord | None:
    """A record linked to a person the viewer may see; "missing" and "not yours" alike."""
    if not permissions.can_review_identity(user):
        return None
    record = (
        SourceRecord.objects.filter(pk=record_id, person__in=_visible_to(user))
        .select_related("agency", "person")
        .first()
    )
    if record is not None:
        audit_record(
            actor=user,
            action="source_record.view",
            object_type="source_record",
            object_id=record.pk,
            person_id=record.person_id,
        )
    return record


def communal_address_list() -> QuerySet[CommunalAddress]:
    """The communal address list, listed entries first, with who added and removed each.
    A deployment's configuration, not anyone's personal data: administrators' pages guard it,
    as they do agencies and users, and reading it is not recorded."""
    return CommunalAddress.objects.select_related("added_by", "removed_by")


def communal_address_get(*, entry_id: int) -> CommunalAddress | None:
    return CommunalAddress.objects.filter(pk=entry_id).first()
