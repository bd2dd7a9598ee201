"""Test data builders. Domain state is made through services where a service exists."""

from __future__ import annotations

from datetime import date
from typing import Any

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from cairn.accounts.models import User
from cairn.accounts.roles import Role
from cairn.accounts.services import user_create
from cairn.agencies.models import Agency, AgencyKind, Sector
from cairn.people.models import Person
from cairn.people.services import IdentityInput
from cairn.referrals.models import Referral
from cairn.referrals.services import ReferralInput, referral_submit

PASSWORD = "correct-horse-battery-staple"


class AgencyFactory(factory.django.DjangoModelFactory[Agency]):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Agency {n}")  # type: ignore[attr-defined,no-untyped-call]
    kind = AgencyKind.LOCAL_AUTHORITY
    sector = Sector.LOCAL_AUTHORITY
    region = factory.LazyAttribute(  # type: ignore[attr-defined,no-untyped-call]
        lambda agency: "north_west" if agency.kind == AgencyKind.LOCAL_AUTHORITY else ""
    )


def make_agency(**fields: Any) -> Agency:
    agency: Agency = AgencyFactory.create(**fields)
    return agency


def make_user(username: str, agency: Agency, *roles: Role, two_factor: bool = True) -> User:
    user, _ = user_create(
        actor=None,
        username=username,
        first_name=username.title(),
        last_name="Tester",
        email=f"{username}@example.org",
        agency=agency,
        roles=list(roles),
        password=PASSWORD,
    )
    if two_factor:
        TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


IDENTITY_FIELDS = set(IdentityInput.__dataclass_fields__)


def make_referral(
    *,
    owner: Agency,
    source: Agency,
    actor: Any = None,
    person: Person | None = None,
    **overrides: Any,
) -> Referral:
    """A referral about Jordan Ellery (synthetic) unless `overrides` say otherwise; identity
    fields (given_name, date_of_birth, nhs_number...) and referral fields may be mixed."""
    identity: dict[str, Any] = {
        "given_name": "Jordan",
        "family_name": "Ellery",
        "date_of_birth": date(2010, 3, 14),
        "sex": "male",
        "postcode": "NX1 2AB",
    }
    fields: dict[str, Any] = {
        "concern_type": "no_ideology_violence_fascination",
        "summary": "Synthetic concern text for tests.",
        "owning_agency_id": owner.pk,
        "indicators": ["mass_casualty_research"],
    }
    for key, value in overrides.items():
        (identity if key in IDENTITY_FIELDS else fields)[key] = value
    data = ReferralInput(person=IdentityInput(**identity), **fields)
    return referral_submit(actor=actor, referring_agency=source, data=data, person=person)
