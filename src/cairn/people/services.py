"""Writes to the person index: registering what an agency holds about someone."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from cairn.audit.services import audit_record
from cairn.lib.errors import ServiceError
from cairn.lib.identifiers import nhs_number_is_valid
from cairn.people.models import LinkStatus, Person, Sex, SourceRecord

if TYPE_CHECKING:
    from cairn.accounts.models import ApiToken, User
    from cairn.agencies.models import Agency

NAME_MAX_CHARS = 100
ADDRESS_MAX_CHARS = 300
OLDEST_AGE_YEARS = 120
_UPN = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")
_PNC = re.compile(r"^\d{2}(\d{2})?/\d{1,7}[A-Z]$")
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
    upn = data.upn.strip().upper()
    if upn and not _UPN.match(upn):
        raise ServiceError("upn", "Unique pupil number must be a letter then 12 characters")
    pnc = data.pnc_id.strip().upper()
    if pnc and not _PNC.match(pnc):
        raise ServiceError("pnc_id", "PNC id must look like 2019/0123456X or 19/123456X")
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


def source_record_register(
    *,
    actor: User | ApiToken | None,
    agency: Agency,
    source: str,
    identity: CleanIdentity,
    recorded_at: datetime | None = None,
    person: Person | None = None,
) -> SourceRecord:
    """Add what an agency holds about someone to the person index, linked to `person` when the
    caller already knows who it is, or else to a new person. Identity resolution against the
    existing index (auto-link, review or new) takes this decision for records that arrive
    without a known person."""
    with transaction.atomic():
        status = LinkStatus.CONFIRMED if person is not None else LinkStatus.NEW
        if person is None:
            person = Person.objects.create(
                given_name=identity.given_name,
                family_name=identity.family_name,
                date_of_birth=identity.date_of_birth,
                sex=identity.sex,
                postcode=identity.postcode,
            )
        record = SourceRecord.objects.create(
            person=person,
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
            link_status=status,
        )
        audit_record(
            actor=actor,
            action="source_record.register",
            object_type="source_record",
            object_id=record.pk,
            person_id=person.pk,
            detail={"link_status": status, "source": source},
        )
    return record
