"""The people pages a programme team uses."""

from __future__ import annotations

from datetime import date

from django.test import Client
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


def _search(client: Client, **criteria: str) -> str:
    data = {
        "name": "",
        "date_of_birth_day": "",
        "date_of_birth_month": "",
        "date_of_birth_year": "",
        "postcode": "",
        "identifier": "",
        **criteria,
    }
    body = client.post(reverse("people:list"), data).content.decode()
    if 'id="search-results"' not in body:
        return body  # the form came back with errors
    return body.split('id="search-results"', 1)[1].split("</table>", 1)[0]


def test_search_finds_misspellings_nicknames_and_identifiers(world: World) -> None:
    make_referral(
        owner=world.agency_a,
        source=world.school,
        given_name="William",
        family_name="Kowalski",
        date_of_birth=date(2009, 6, 1),
        nhs_number="9434765919",
    )
    officer = signed_in(world.users["case_officer"])
    for query in ("Bill Kowalski", "William Kowalska", "Wiliam Kowalsky", "kowalski"):
        assert "William Kowalski" in _search(officer, name=query), query
    assert "William Kowalski" not in _search(officer, name="Jordan Ellery")
    assert "William Kowalski" in _search(officer, identifier="943 476 5919")
    assert "William Kowalski" in _search(
        officer, date_of_birth_day="1", date_of_birth_month="6", date_of_birth_year="2009"
    )
    assert "Jordan Ellery" in _search(officer, postcode="nx1 2ab")


def test_search_returns_only_people_the_viewer_may_see(world: World) -> None:
    officer_b = signed_in(world.users["officer_b"])
    assert "Ellery" not in _search(officer_b, name="Jordan Ellery")
    assert "Riley Brook" in _search(officer_b, name="Riley")
    partner = signed_in(world.users["partner_practitioner"])
    assert partner.post(reverse("people:list"), {"name": "Jordan"}).status_code == 403


def test_search_is_audited_without_the_terms(world: World) -> None:
    _search(signed_in(world.users["case_officer"]), name="Jordan")
    entry = AuditEntry.objects.filter(action="person.search").latest("id")
    assert entry.detail == {"criteria": ["name"], "ids": [world.referral_a.person_id]}
    assert "Jordan" not in str(entry.chained_fields())


def test_empty_search_asks_for_something(world: World) -> None:
    body = _search(signed_in(world.users["case_officer"]))
    assert '<a href="#id_name">Enter a name, date of birth, postcode or identifier</a>' in body


def test_identity_view_lists_every_record_and_its_source(world: World) -> None:
    person = world.referral_a.person
    make_referral(
        owner=world.agency_a,
        source=world.agency_b,
        person=person,
        given_name="Jordy",
        pnc_id="2019/0123456E",
    )
    html = signed_in(world.users["case_officer"]).get(reverse("people:detail", args=[person.pk]))
    body = html.content.decode()
    assert "Records held about this person (2)" in body
    assert "Jordy Ellery" in body
    assert "PNC 19/0123456E" in body
    assert world.agency_b.name in body
