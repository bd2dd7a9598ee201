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


def test_the_home_page_counts_onward_referrals_waiting_for_the_agencys_answer(
    world: World,
) -> None:
    """A partner practitioner's home page used to say nothing had been shared with their
    agency even while an onward referral waited for its answer."""
    from cairn.cases import services
    from tests.cases.test_onward import _signposted

    _, onward = _signposted(world)
    partner = world.users["partner_practitioner"]
    inbox = reverse("cases:onward-inbox")
    home = signed_in(partner).get(reverse("web:home")).text
    assert "1 onward referral waiting for your agency&#x27;s answer" in home
    assert f'href="{inbox}">1 onward referral' in home
    assert "role-home-empty" not in home
    for role in ROLES:
        if role != "partner_practitioner":
            page = signed_in(world.users[role]).get(reverse("web:home")).text
            assert "onward referral waiting" not in page, role
    services.onward_respond(actor=partner, onward=onward, response="action_taken", note="Done.")
    assert "onward referral waiting" not in signed_in(partner).get(reverse("web:home")).text
