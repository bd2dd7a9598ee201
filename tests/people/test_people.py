"""The people pages a programme team uses."""

from __future__ import annotations

from django.urls import reverse

from cairn.audit.models import AuditEntry
from tests.conftest import World, signed_in
from tests.factories import make_referral


def test_person_page_shows_indicator_labels_with_red_flags_in_red(world: World) -> None:
    url = reverse("people:detail", args=[world.referral_a.person_id])
    html = signed_in(world.users["case_officer"]).get(url).content.decode()
    red = '<strong class="govuk-tag govuk-tag--red">Research into mass-casualty attacks</strong>'
    assert red in html


def test_person_page_gathers_every_referral_of_the_agency(world: World) -> None:
    person = world.referral_a.person
    make_referral(owner=world.agency_a, source=world.school, person=person, summary="Second one.")
    make_referral(owner=world.agency_b, source=world.school, person=person, summary="Elsewhere.")
    url = reverse("people:detail", args=[person.pk])
    html = signed_in(world.users["case_officer"]).get(url).content.decode()
    assert "Referrals (2)" in html
    assert "Second one." in html
    assert "Elsewhere." not in html  # agency B's referral is B's to share


def test_listing_people_is_audited_with_the_ids_shown(world: World) -> None:
    signed_in(world.users["senior_officer"]).get(reverse("people:list"))
    entry = AuditEntry.objects.filter(action="person.list").latest("id")
    assert entry.detail == {"ids": [world.referral_a.person_id]}
    assert entry.actor_id == world.users["senior_officer"].pk
