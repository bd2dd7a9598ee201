"""The demo data set: loads once, is synthetic, and every demo role can sign in to its home."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from cairn.accounts.models import User
from cairn.accounts.roles import Role
from cairn.audit.chain import audit_chain_verify
from cairn.chronology.models import Entry, ImportedCaseFile
from cairn.demo.services import DEMO_PASSWORD, USERS, demo_load
from cairn.people.models import Person
from cairn.referrals.models import Referral
from tests.accounts.test_sign_in import current_code

pytestmark = pytest.mark.django_db

HOME_LINKS = {
    "officer": ["People", "Cases", "Panels", "Tasks", "Identity reviews", "Make a referral"],
    "senior": ["People", "Cases", "Tasks", "Statistics", "Dashboard"],
    "chair": ["People", "Cases", "Panels"],
    "panel": ["Panels", "Chronologies"],
    "partner": ["Chronologies", "Send events", "Onward referrals"],
    "referrer": ["My referrals", "Make a referral"],
    "analyst": ["Statistics"],
    "auditor": ["Audit log"],
    "admin": ["Users", "Agencies", "API tokens"],
}


def test_demo_loads_a_few_dozen_people_once() -> None:
    demo_load()
    people, referrals = Person.objects.count(), Referral.objects.count()
    assert 30 <= people <= 60
    assert referrals > people  # some people have been referred more than once
    demo_load()
    assert (Person.objects.count(), Referral.objects.count()) == (people, referrals)
    assert audit_chain_verify().ok


def test_demo_holds_the_example_case_files_as_chronologies() -> None:
    demo_load()
    imported = ImportedCaseFile.objects.count()
    assert imported == len(list((settings.PROJECT_DIR / "examples").glob("*.casefile.json")))
    assert imported >= 3
    assert Entry.objects.filter(external_source__startswith="casefile:").count() > 100
    assert Entry.objects.filter(kind="referral", referral__isnull=False).count() == (
        Referral.objects.count()
    )


def test_every_role_has_a_demo_user() -> None:
    assert {u.role for u in USERS} == set(Role)


@pytest.mark.parametrize("username", sorted(HOME_LINKS))
def test_each_demo_user_signs_in_to_their_home(username: str) -> None:
    demo_load()
    client = Client()
    response = client.post(
        reverse("accounts:sign-in"), {"username": username, "password": DEMO_PASSWORD}
    )
    assert response["Location"] == reverse("accounts:two-factor")
    user = User.objects.get(username=username)
    response = client.post(reverse("accounts:two-factor"), {"token": current_code(user)})
    assert response["Location"] == reverse("web:home")
    home = client.get(reverse("web:home")).content.decode()
    for link in HOME_LINKS[username]:
        assert f">{link}</a>" in home
    assert "role-home-empty" not in home  # every role has somewhere to go


def test_demo_shows_identity_resolution_at_work() -> None:
    from cairn.people.models import IdentityReview, LinkStatus, SourceRecord

    demo_load()
    bill = SourceRecord.objects.get(given_name="Bill", family_name="Kowalski")
    william = SourceRecord.objects.get(given_name="William", family_name="Kowalski")
    assert bill.link_status == LinkStatus.AUTO
    assert bill.person == william.person
    chinedu = SourceRecord.objects.get(given_name="Chinedu")
    assert chinedu.link_status == LinkStatus.REVIEW
    assert IdentityReview.objects.get(record=chinedu).reason == "twins"
