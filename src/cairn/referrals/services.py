"""Receiving referrals."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from cairn.agencies.models import Agency, AgencyKind, Sector
from cairn.audit.services import audit_record
from cairn.lib.errors import ServiceError
from cairn.lib.vocab import CONCERN_TYPES, INDICATORS
from cairn.people.models import Person, Sex
from cairn.referrals.models import Referral

if TYPE_CHECKING:
    from cairn.accounts.models import ApiToken, User

SUMMARY_MAX_CHARS = 20_000
NAME_MAX_CHARS = 100
OLDEST_AGE_YEARS = 120


@dataclass(frozen=True)
class ReferralInput:
    """Everything a referral needs, from whichever door it came in by."""

    given_name: str
    family_name: str
    date_of_birth: date | None
    sex: str
    postcode: str
    concern_type: str
    summary: str
    owning_agency_id: int
    sector: str | None = None
    indicators: list[str] = field(default_factory=list)
    received_at: datetime | None = None


def _validate(data: ReferralInput, referring_agency: Agency) -> Agency:
    """Check everything before anything is written; the first problem names its field."""
    now = timezone.now()
    for name in ("given_name", "family_name"):
        value: str = getattr(data, name).strip()
        label = name.replace("_", " ")
        if not value:
            raise ServiceError(name, f"Enter the person's {label}")
        if len(value) > NAME_MAX_CHARS:
            raise ServiceError(name, f"The {label} must be {NAME_MAX_CHARS} characters or fewer")
    if data.date_of_birth is not None:
        if data.date_of_birth > now.date():
            raise ServiceError("date_of_birth", "Date of birth must be in the past")
        if data.date_of_birth.year < now.year - OLDEST_AGE_YEARS:
            raise ServiceError(
                "date_of_birth", f"Date of birth must be within the last {OLDEST_AGE_YEARS} years"
            )
    if data.sex not in Sex.values:
        raise ServiceError("sex", f"Sex must be one of: {', '.join(Sex.values)}")
    if len(data.postcode) > 10:
        raise ServiceError("postcode", "Postcode must be 10 characters or fewer")
    if data.concern_type not in CONCERN_TYPES:
        raise ServiceError("concern_type", "Concern type is not one Cairn knows")
    if data.sector is not None and data.sector not in Sector.values:
        raise ServiceError("sector", "Sector is not one Cairn knows")
    if not data.summary.strip():
        raise ServiceError("summary", "Describe the concern")
    if len(data.summary) > SUMMARY_MAX_CHARS:
        raise ServiceError("summary", f"Summary must be {SUMMARY_MAX_CHARS:,} characters or fewer")
    unknown = sorted(set(data.indicators) - INDICATORS.keys())
    if unknown:
        raise ServiceError("indicators", f"Unknown indicator code: {unknown[0]}")
    if data.received_at is not None and data.received_at > now:
        raise ServiceError("received_at", "Date received must not be in the future")
    owner = Agency.objects.filter(
        pk=data.owning_agency_id, kind=AgencyKind.LOCAL_AUTHORITY, is_active=True
    ).first()
    if owner is None:
        raise ServiceError(
            "local_authority_id", "Local authority is not an active local authority in Cairn"
        )
    if not referring_agency.is_active:
        raise ServiceError("agency", "The referring agency is no longer active")
    return owner


def referral_submit(
    *,
    actor: User | ApiToken | None,
    referring_agency: Agency,
    data: ReferralInput,
    person: Person | None = None,
) -> Referral:
    """Receive a referral: validate it whole, then record the person (or add to a known one)
    and the referral in one transaction, and audit it."""
    owner = _validate(data, referring_agency)
    from cairn.accounts.models import User

    with transaction.atomic():
        if person is None:
            person = Person.objects.create(
                given_name=data.given_name.strip(),
                family_name=data.family_name.strip(),
                date_of_birth=data.date_of_birth,
                sex=data.sex,
                postcode=data.postcode.strip().upper(),
            )
        received = data.received_at or timezone.now()
        referral = Referral.objects.create(
            reference=f"CRN-{received:%y%m}-{secrets.token_hex(3).upper()}",
            person=person,
            referring_agency=referring_agency,
            owning_agency=owner,
            submitted_by=actor if isinstance(actor, User) else None,
            sector=data.sector or referring_agency.sector,
            concern_type=data.concern_type,
            summary=data.summary,
            indicators=sorted(set(data.indicators)),
            received_at=received,
        )
        audit_record(
            actor=actor,
            action="referral.submit",
            object_type="referral",
            object_id=referral.pk,
            person_id=person.pk,
        )
    return referral
