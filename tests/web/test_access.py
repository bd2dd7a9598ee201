"""Each page, for each role: who gets it, who is refused, and that a partner at another agency
sees nothing of agency A's people."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cairn.accounts.roles import Role
from tests.conftest import ROLES, World, signed_in
from tests.factories import make_referral, make_user

# page name -> roles that may open it (everyone else gets 403)
PAGES: dict[str, set[str]] = {
    "web:home": set(ROLES),
    "people:list": {"case_officer", "senior_officer", "panel_chair"},
    "referrals:mine": {"referrer"},
    "referrals:start": {"referrer", "case_officer", "senior_officer", "panel_chair"},
    "referrals:check": {"referrer", "case_officer", "senior_officer", "panel_chair"},
    "referrals:sent": {"referrer", "case_officer", "senior_officer", "panel_chair"},
    "reporting:overview": {"analyst", "senior_officer"},
    "audit:search": {"auditor"},
    "accounts:user-list": {"administrator"},
    "accounts:user-create": {"administrator"},
    "accounts:agency-list": {"administrator"},
    "accounts:agency-create": {"administrator"},
    "accounts:token-list": {"administrator"},
    "accounts:token-create": {"administrator"},
    "people:communal-address-list": {"administrator"},
    "people:communal-address-create": {"administrator"},
    "chronology:casefile-import": {"case_officer", "senior_officer"},
    "chronology:people": {
        "case_officer",
        "senior_officer",
        "panel_chair",
        "panel_member",
        "partner_practitioner",
    },
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_access_by_role(world: World, role: str, page: str) -> None:
    response = signed_in(world.users[role]).get(reverse(page))
    if role in PAGES[page]:
        assert response.status_code in (200, 302)  # the referral flow redirects to its start
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("page", sorted(PAGES))
def test_anonymous_is_sent_to_sign_in(world: World, page: str) -> None:
    response = Client().get(reverse(page))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def _without_csrf(html: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)


def _detail_urls(world: World) -> dict[str, str]:
    admin = world.users["administrator"]
    return {
        "person": reverse("people:detail", args=[world.referral_a.person_id]),
        "user": reverse("accounts:user-edit", args=[admin.pk]),
        "agency": reverse("accounts:agency-edit", args=[world.agency_a.pk]),
    }


@pytest.mark.parametrize("role", ROLES)
def test_person_page_only_for_programme_roles_of_owning_agency(world: World, role: str) -> None:
    url = reverse("people:detail", args=[world.referral_a.person_id])
    response = signed_in(world.users[role]).get(url)
    if role in {"case_officer", "senior_officer", "panel_chair"}:
        assert response.status_code == 200
        assert "Jordan Ellery" in response.content.decode()
    else:
        assert response.status_code == 403
        assert "Ellery" not in response.content.decode()


def test_officer_at_another_agency_gets_not_found_for_agency_a_person(world: World) -> None:
    client = signed_in(world.users["officer_b"])
    same_request_id = {"X-Request-ID": "fixed-request-id-1"}
    forbidden = client.get(
        reverse("people:detail", args=[world.referral_a.person_id]), headers=same_request_id
    )
    missing = client.get(reverse("people:detail", args=[999_999]), headers=same_request_id)
    assert forbidden.status_code == missing.status_code == 404
    assert _without_csrf(forbidden.content) == _without_csrf(missing.content)
    assert b"Ellery" not in forbidden.content
    listing = client.get(reverse("people:list")).content.decode()
    assert "Ellery" not in listing
    assert "Riley Brook" in listing


@pytest.mark.parametrize("role", ROLES)
def test_admin_detail_pages(world: World, role: str) -> None:
    client = signed_in(world.users[role])
    for url in _detail_urls(world).values():
        if url.startswith("/people/"):
            continue
        assert client.get(url).status_code == (200 if role == "administrator" else 403)


@pytest.mark.parametrize("role", ROLES)
def test_state_changing_admin_posts_refused_for_non_admins(world: World, role: str) -> None:
    target = world.users["case_officer"]
    client = signed_in(world.users[role])
    urls = [
        reverse("accounts:user-reset-two-factor", args=[target.pk]),
        reverse("accounts:user-unlock", args=[target.pk]),
    ]
    for url in urls:
        assert client.post(url).status_code == (302 if role == "administrator" else 403)


@pytest.mark.parametrize("role", ROLES)
def test_audit_verify_only_for_auditor(world: World, role: str) -> None:
    response = signed_in(world.users[role]).post(reverse("audit:verify"))
    assert response.status_code == (200 if role == "auditor" else 403)


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_pages_do_not_make_a_query_per_row(world: World) -> None:
    admin = signed_in(world.users["administrator"])
    officer = signed_in(world.users["case_officer"])
    pages = [(admin, reverse("accounts:user-list")), (officer, reverse("people:list"))]
    for client, url in pages:
        client.get(url)  # warm the session
    before = [_queries(client, url) for client, url in pages]
    for n in range(20):
        make_user(f"extra_{n}", world.agency_b, Role.CASE_OFFICER)
        make_referral(owner=world.agency_a, source=world.school, family_name=f"Extra{n}")
    after = [_queries(client, url) for client, url in pages]
    assert after == before
    assert max(after) <= 16
