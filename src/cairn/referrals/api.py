"""POST /api/v1/referrals: partner systems send referrals."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Header, Router, Schema, Status
from pydantic import ConfigDict, Field

from cairn.accounts.models import ApiScope
from cairn.accounts.services import idempotent_call
from cairn.config.api import require_scope
from cairn.people.services import ADDRESS_MAX_CHARS, NAME_MAX_CHARS, IdentityInput
from cairn.referrals.services import (
    CONTACT_MAX_CHARS,
    SUMMARY_MAX_CHARS,
    ReferralInput,
    ReferrerDetails,
    referral_submit,
)

router = Router(tags=["referrals"])


class PersonIn(Schema):
    model_config = ConfigDict(extra="forbid")
    given_name: Annotated[str, Field(min_length=1, max_length=NAME_MAX_CHARS)]
    family_name: Annotated[str, Field(min_length=1, max_length=NAME_MAX_CHARS)]
    date_of_birth: date | None = None
    sex: str = "unknown"
    other_names: Annotated[list[str], Field(max_length=20)] = []
    postcode: Annotated[str, Field(max_length=10)] = ""
    address: Annotated[str, Field(max_length=ADDRESS_MAX_CHARS)] = ""
    nhs_number: Annotated[str, Field(max_length=14)] = ""
    upn: Annotated[str, Field(max_length=13)] = ""
    pnc_id: Annotated[str, Field(max_length=20)] = ""


class ReferrerIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, Field(max_length=CONTACT_MAX_CHARS)] = ""
    role: Annotated[str, Field(max_length=CONTACT_MAX_CHARS)] = ""
    email: Annotated[str, Field(max_length=CONTACT_MAX_CHARS)] = ""
    phone: Annotated[str, Field(max_length=CONTACT_MAX_CHARS)] = ""


class ReferralIn(Schema):
    model_config = ConfigDict(extra="forbid")
    person: PersonIn
    local_authority_id: int
    gender: str = "not_known"
    ethnicity: str = "not_stated"
    referrer: ReferrerIn = ReferrerIn()
    concern_type: str
    summary: Annotated[str, Field(min_length=1, max_length=SUMMARY_MAX_CHARS)]
    indicators: list[str] = []
    sector: str | None = None
    received_at: datetime | None = None


class ReferralOut(Schema):
    reference: str
    status: str
    received_at: str


@router.post("", response={201: ReferralOut}, summary="Send a referral")
def create_referral(
    request: HttpRequest,
    payload: ReferralIn,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> Status[dict[str, Any]]:
    """Send a referral about one person. Repeat a request with the same `Idempotency-Key` and
    body to get the first answer again; the same key with a different body is refused (409)."""
    token = require_scope(request, ApiScope.REFERRALS_WRITE)
    data = ReferralInput(
        person=IdentityInput(**payload.person.model_dump()),
        gender=payload.gender,
        ethnicity=payload.ethnicity,
        referrer=ReferrerDetails(**payload.referrer.model_dump()),
        concern_type=payload.concern_type,
        summary=payload.summary,
        owning_agency_id=payload.local_authority_id,
        sector=payload.sector,
        indicators=payload.indicators,
        received_at=payload.received_at,
    )

    def submit() -> tuple[int, dict[str, Any]]:
        referral = referral_submit(actor=token, referring_agency=token.agency, data=data)
        return 201, {
            "reference": referral.reference,
            "status": referral.status,
            "received_at": referral.received_at.isoformat(),
        }

    status, answer = idempotent_call(
        agency=token.agency, key=idempotency_key, body=request.body, work=submit
    )
    return Status(status, answer)
