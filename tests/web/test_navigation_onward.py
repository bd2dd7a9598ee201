"""Partner practitioners reach the onward referrals addressed to their agency from the
navigation. The inbox had no link anywhere (a practitioner's home page said nothing had been
shared with their agency), so what a programme team signposted to them could not be found
without typing its address; the browser journey of an unacknowledged onward referral found it."""

from __future__ import annotations

from django.urls import reverse

from tests.conftest import ROLES, World, signed_in


def test_the_onward_inbox_is_in_the_navigation_of_partner_practitioners_only(
    world: World,
) -> None:
    link = f'href="{reverse("cases:onward-inbox")}"'
    for role in ROLES:
        page = signed_in(world.users[role]).get(reverse("web:home")).text
        assert (link in page) == (role == "partner_practitioner"), role
    inbox = signed_in(world.users["partner_practitioner"]).get(reverse("cases:onward-inbox"))
    assert inbox.status_code == 200
    assert 'aria-current="page"' in inbox.text
