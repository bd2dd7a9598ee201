"""Receiving referrals: one service behind the question flow, the public form and the API."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cairn.agencies.models import Agency, AgencyKind, Sector
from cairn.audit.services import audit_record
from cairn.cases.services import case_for_referral
from cairn.chronology.services import referral_entry_record
from cairn.lib.errors import ServiceError
from cairn.lib.vocab import CLOSING_OUTCOMES, CONCERN_TYPES, ETHNICITIES, GENDERS, INDICATORS
from cairn.people.models import Person
from cairn.people.services import (
    CleanIdentity,
    IdentityInput,
    identity_clean,
    source_record_register,
)
from cairn.referrals.models import PublicSubmission, Referral, ReferralStatus

if TYPE_CHECKING:
    from cairn.accounts.models import ApiToken, User

SUMMARY_MAX_CHARS = 20_000
CONTACT_MAX_CHARS = 200


@dataclass(frozen=True)
class ReferrerDetails:
    """Who made the referral, so the programme team can talk to them."""

    name: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class ReferralInput:
    """Everything a referral needs, from whichever door it came in by."""

    person: IdentityInput
    concern_type: str
    summary: str
    owning_agency_id: int
    gender: str = "not_known"
    ethnicity: str = "not_stated"
    sector: str | None = None
    indicators: list[str] = field(default_factory=list)
    received_at: datetime | None = None
    referrer: ReferrerDetails = field(default_factory=ReferrerDetails)


@dataclass(frozen=True)
class _Checked:
    identity: CleanIdentity
    owner: Agency


def referral_validate(data: ReferralInput, referring_agency: Agency) -> _Checked:
    """Check a whole referral before anything is written; the first problem names its field."""
    identity = identity_clean(data.person)
    if data.gender not in GENDERS:
        raise ServiceError("gender", "Gender is not one Cairn knows")
    if data.ethnicity not in ETHNICITIES:
        raise ServiceError("ethnicity", "Ethnicity is not one of the census categories")
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
    if data.received_at is not None and data.received_at > timezone.now():
        raise ServiceError("received_at", "Date received must not be in the future")
    for name in ("name", "role", "email", "phone"):
        if len(getattr(data.referrer, name)) > CONTACT_MAX_CHARS:
            raise ServiceError(
                f"referrer_{name}", f"Must be {CONTACT_MAX_CHARS} characters or fewer"
            )
    owner = Agency.objects.filter(
        pk=data.owning_agency_id, kind=AgencyKind.LOCAL_AUTHORITY, is_active=True
    ).first()
    if owner is None:
        raise ServiceError(
            "local_authority_id", "Local authority is not an active local authority in Cairn"
        )
    if not referring_agency.is_active:
        raise ServiceError("agency", "The referring agency is no longer active")
    return _Checked(identity, owner)


def referral_submit(
    *,
    actor: User | ApiToken | None,
    referring_agency: Agency,
    data: ReferralInput,
    person: Person | None = None,
) -> Referral:
    """Receive a referral: validate it whole, then, in one transaction, register the person
    as the referrer named them in the person index (with a known person, or a new one) and
    record the referral, and audit it."""
    checked = referral_validate(data, referring_agency)
    from cairn.accounts.models import User

    received = data.received_at or timezone.now()
    with transaction.atomic():
        record = source_record_register(
            actor=actor,
            agency=referring_agency,
            source="referral",
            identity=checked.identity,
            recorded_at=received,
            person=person,
        )
        referral = Referral.objects.create(
            reference=f"CRN-{received:%y%m}-{secrets.token_hex(3).upper()}",
            source_record=record,
            referring_agency=referring_agency,
            owning_agency=checked.owner,
            submitted_by=actor if isinstance(actor, User) else None,
            sector=data.sector or referring_agency.sector,
            concern_type=data.concern_type,
            gender=data.gender,
            ethnicity=data.ethnicity,
            summary=data.summary,
            indicators=sorted(set(data.indicators)),
            received_at=received,
            referrer_name=data.referrer.name.strip(),
            referrer_role=data.referrer.role.strip(),
            referrer_email=data.referrer.email.strip(),
            referrer_phone=data.referrer.phone.strip(),
        )
        referral_entry_record(actor=actor, referral=referral)
        case_for_referral(actor=actor, referral=referral)
        audit_record(
            actor=actor,
            action="referral.submit",
            object_type="referral",
            object_id=referral.pk,
            person_id=record.person_id,
        )
    return referral


def public_submission_allow(*, address: str) -> bool:
    """Record one attempt at the public form from a network address and say whether it is
    within the hourly limit. Only a keyed hash of the address is kept, and attempts older than
    a day are cleared as new ones arrive."""
    from django.conf import settings

    key = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()
    now = timezone.now()
    with transaction.atomic():
        PublicSubmission.objects.filter(at__lt=now - timedelta(days=1)).delete()
        recent = PublicSubmission.objects.filter(
            address_hash=key, at__gte=now - timedelta(hours=1)
        ).count()
        PublicSubmission.objects.create(address_hash=key, at=now)
    limit: int = settings.PUBLIC_REFERRALS_PER_HOUR
    return recent < limit


#: What a referrer is told of a decision on their referral: the outcome in general terms, so
#: a school or a GP learns that the concern was acted on and what to do next, but nothing of
#: the reasons, the person's chronology or which service took it on.
REFERRER_OUTCOMES: dict[str, str] = {
    "information_gathering": "Being looked into: the programme team is gathering information.",
    "continue": "Being looked into: the programme team is still considering it.",
    "no_further_action": (
        "Closed: the programme will take no further action. Refer again if anything new "
        "worries you."
    ),
    "signposted": (
        "Passed to another service better placed to help. Refer again if anything new worries you."
    ),
    "refer_to_panel": "Taken forward: the person is being considered for support.",
    "adopted": "Taken forward: support is being offered.",
    "not_adopted": (
        "Closed by the programme after consideration. Refer again if anything new worries you."
    ),
    "exit": "Support has ended.",
}


def referral_outcome_tell(*, referral: Referral, outcome: str, now: datetime) -> None:
    """Record on a referral what its referrer is told of a decision, in the words
    `REFERRER_OUTCOMES` allows, and tell the referrer in the app if they have an account.
    A closing outcome closes the referral; any other leaves it in triage."""
    from cairn.work.services import notification_send

    text = REFERRER_OUTCOMES[outcome]
    status = ReferralStatus.CLOSED if outcome in CLOSING_OUTCOMES else ReferralStatus.IN_TRIAGE
    Referral.objects.filter(pk=referral.pk).update(
        outcome_for_referrer=text, outcome_told_at=now, status=status
    )
    audit_record(
        actor=None,
        action="referral.outcome_told",
        object_type="referral",
        object_id=referral.pk,
        detail={"outcome": outcome},
    )
    if referral.submitted_by is not None and referral.submitted_by.is_active:
        notification_send(
            recipient=referral.submitted_by,
            text=f"Referral {referral.reference}: {text}",
            link=reverse("referrals:mine"),
            now=now,
        )
