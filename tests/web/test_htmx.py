"""htmx requests that meet the sign-in or two-factor gate send the whole page there."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from cairn.accounts.models import User
from tests.conftest import World


def test_an_htmx_request_without_a_session_redirects_the_page(world: World) -> None:
    person = world.referral_a.person
    url = reverse("chronology:timeline-more", args=[person.pk])
    response = Client().get(url, headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("accounts:sign-in"))
    assert response.content == b""
    plain = Client().get(url)
    assert plain.status_code == 302


def test_an_htmx_request_before_two_factor_redirects_the_page(world: World) -> None:
    client = Client()
    user: User = world.users["case_officer"]
    client.force_login(user)
    response = client.get(reverse("web:home"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("accounts:two-factor")
