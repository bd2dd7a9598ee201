"""Roles that must never see a person: every URL Cairn has, tried by each of them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from cairn.people.models import IdentityReview
from tests.conftest import World, signed_in
from tests.factories import make_referral

NO_PERSON_ROLES = [
    "analyst",
    "auditor",
    "administrator",
    "partner_practitioner",
    "panel_member",
    "officer_b",
]


def _patterns(resolvers: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern)


def all_urls(world: World) -> list[str]:
    """Every route, with each id filled by the id of agency A's person, record, identity
    review, agency or user."""
    twin: dict[str, Any] = {
        "family_name": "Ellery",
        "date_of_birth": date(2010, 3, 14),
        "postcode": "NX1 2AB",
    }
    make_referral(owner=world.agency_a, source=world.school, given_name="Jody", **twin)
    review = IdentityReview.objects.order_by("-id").first()
    assert review is not None
    ids = {
        "person_id": world.referral_a.person_id,
        "user_id": world.users["case_officer"].pk,
        "agency_id": world.agency_a.pk,
        "token_id": 1,
        "record_id": world.referral_a.source_record_id,
        "review_id": review.pk,
    }
    urls = []
    for pattern in _patterns(get_resolver().url_patterns):
        url = "/" + pattern.lstrip("^").rstrip("$")
        for name, value in ids.items():
            url = url.replace(f"<int:{name}>", str(value))
        if "<" not in url:
            urls.append(url)
    return sorted(set(urls))


@pytest.mark.parametrize("role", NO_PERSON_ROLES)
def test_no_route_shows_agency_a_people_to_roles_without_access(world: World, role: str) -> None:
    client = signed_in(world.users[role])
    urls = all_urls(world)
    assert "/people/" in urls
    assert f"/people/{world.referral_a.person_id}/" in urls
    for url in urls:
        methods = ["get"] if url == "/sign-out/" else ["get", "post"]
        for method in methods:
            response = getattr(client, method)(url)
            body = response.content.decode(errors="replace")
            assert "Ellery" not in body, (role, url)
            assert "2010-03-14" not in body, (role, url)
            assert "14 March 2010" not in body, (role, url)
    assert client.get("/").status_code == 200  # still signed in: every route was tried as the role
