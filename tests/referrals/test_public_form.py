"""The optional public referral form: off by default, rate limited, shows back nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cairn.referrals.models import Referral
from tests.conftest import World

URL = reverse("referrals:public")


def answers(world: World) -> dict[str, Any]:
    return {
        "given_name": "Kai",
        "family_name": "Marlow",
        "date_of_birth_day": "",
        "date_of_birth_month": "",
        "date_of_birth_year": "",
        "address": "",
        "postcode": "NX2 3CD",
        "summary": "Synthetic: my nephew keeps watching attack videos and praising them.",
        "relationship": "family",
        "local_authority": world.agency_a.pk,
        "referrer_name": "A. Relative",
        "referrer_email": "",
        "referrer_phone": "",
    }


def test_off_by_default(world: World) -> None:
    assert Client().get(URL).status_code == 404
    assert Client().post(URL, answers(world)).status_code == 404
    assert not Referral.objects.filter(source_record__person__family_name="Marlow").exists()


def test_public_referral_shows_only_the_reference(world: World, settings: Any) -> None:
    settings.PUBLIC_REFERRALS = True
    client = Client()
    assert client.get(URL).status_code == 200
    response = client.post(URL, answers(world))
    assert response["Location"] == reverse("referrals:public-sent")
    referral = Referral.objects.get(source_record__person__family_name="Marlow")
    assert (referral.sector, referral.referring_agency, referral.submitted_by) == (
        "family",
        world.agency_a,
        None,
    )
    page = client.get(reverse("referrals:public-sent")).content.decode()
    assert referral.reference in page
    assert "Marlow" not in page
    again = client.get(reverse("referrals:public-sent"))
    assert again["Location"] == URL  # the reference is shown once


def test_public_form_errors_name_fields(world: World, settings: Any) -> None:
    settings.PUBLIC_REFERRALS = True
    body = Client().post(URL, {**answers(world), "summary": "", "postcode": "ZZZ ZZZ"}).content
    assert b'<a href="#id_summary">' in body
    assert Referral.objects.filter(source_record__person__family_name="Marlow").count() == 0


def test_public_form_is_rate_limited_per_address(world: World, settings: Any) -> None:
    settings.PUBLIC_REFERRALS = True
    settings.PUBLIC_REFERRALS_PER_HOUR = 2
    client = Client(REMOTE_ADDR="192.0.2.10")
    for _ in range(2):
        assert client.post(URL, answers(world)).status_code == 302
    limited = client.post(URL, answers(world))
    assert limited.status_code == 429
    assert Referral.objects.filter(source_record__person__family_name="Marlow").count() == 2
    other = Client(REMOTE_ADDR="192.0.2.11")
    assert other.post(URL, answers(world)).status_code == 302


@pytest.mark.parametrize("role", ["case_officer", "partner_practitioner"])
def test_signed_in_users_get_the_same_form(world: World, settings: Any, role: str) -> None:
    from tests.conftest import signed_in

    settings.PUBLIC_REFERRALS = True
    assert signed_in(world.users[role]).get(URL).status_code == 200
