"""Personas shared by every test: a programme team at agency A, a partner at agency B who must
see nothing of A's, a referrer at a school, an analyst, an auditor and an administrator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from cairn.accounts.models import User
from cairn.accounts.roles import Role
from cairn.agencies.models import Agency, AgencyKind, Sector
from cairn.referrals.models import Referral
from tests.factories import make_agency, make_referral, make_user


@dataclass
class World:
    agency_a: Agency
    agency_b: Agency
    school: Agency
    users: dict[str, User]
    referral_a: Referral
    referral_b: Referral


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Argon2 is deliberately slow; tests of anything but hashing itself use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db: None) -> World:
    agency_a = make_agency(
        name="Ashby Council", kind=AgencyKind.LOCAL_AUTHORITY, sector=Sector.LOCAL_AUTHORITY
    )
    agency_b = make_agency(
        name="Brookfield Council", kind=AgencyKind.LOCAL_AUTHORITY, sector=Sector.LOCAL_AUTHORITY
    )
    school = make_agency(
        name="Canal Street School", kind=AgencyKind.SCHOOL, sector=Sector.EDUCATION
    )
    users = {
        "case_officer": make_user("officer_a", agency_a, Role.CASE_OFFICER),
        "senior_officer": make_user("senior_a", agency_a, Role.SENIOR_OFFICER),
        "panel_chair": make_user("chair_a", agency_a, Role.PANEL_CHAIR),
        "panel_member": make_user("member_a", agency_a, Role.PANEL_MEMBER),
        "partner_practitioner": make_user("partner_b", agency_b, Role.PARTNER_PRACTITIONER),
        "officer_b": make_user("officer_b", agency_b, Role.CASE_OFFICER),
        "referrer": make_user("referrer_s", school, Role.REFERRER),
        "analyst": make_user("analyst_a", agency_a, Role.ANALYST),
        "auditor": make_user("auditor_a", agency_a, Role.AUDITOR),
        "administrator": make_user("admin_a", agency_a, Role.ADMINISTRATOR),
    }
    referral_a = make_referral(owner=agency_a, source=school, actor=users["referrer"])
    referral_b = make_referral(
        owner=agency_b,
        source=school,
        given_name="Riley",
        family_name="Brook",
        date_of_birth=date(2009, 8, 1),
        postcode="NX5 5EE",
    )
    return World(agency_a, agency_b, school, users, referral_a, referral_b)


def signed_in(user: User) -> Client:
    """A client signed in with both factors, as after a real two-factor sign-in."""
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    assert device is not None
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


ROLES = [
    "case_officer",
    "senior_officer",
    "panel_chair",
    "panel_member",
    "partner_practitioner",
    "referrer",
    "analyst",
    "auditor",
    "administrator",
]
