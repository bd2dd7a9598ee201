"""The referral question flow, as a referrer uses it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cairn.audit.models import AuditEntry
from cairn.people.models import Person, SourceRecord
from cairn.referrals.models import Referral
from tests.conftest import ROLES, World, signed_in

PERSON = {
    "given_name": "Tomasz",
    "family_name": "Nowak",
    "other_names": "Tom\nTommy",
    "date_of_birth_day": "4",
    "date_of_birth_month": "11",
    "date_of_birth_year": "2010",
    "sex": "male",
    "gender": "male",
    "ethnicity": "white_other",
    "address": "3 Quarry Lane, Northdale",
    "postcode": "nx1 4ab",
    "nhs_number": "943 476 5919",
    "upn": "",
    "pnc_id": "",
}
CONCERN = {
    "concern_type": "no_ideology_school_massacre",
    "summary": "Synthetic: said in class he would bring a knife to school.",
    "indicators": ["stated_intent_to_harm"],
}


def referrer_page(world: World) -> dict[str, Any]:
    return {
        "local_authority": world.agency_a.pk,
        "referrer_name": "Rae Tester",
        "referrer_role": "DSL",
        "referrer_email": "rae@example.org",
        "referrer_phone": "",
    }


def question(page: str) -> str:
    return reverse("referrals:question", args=[page])


def test_referrer_makes_a_referral_end_to_end(world: World) -> None:
    client = signed_in(world.users["referrer"])
    assert client.get(reverse("referrals:start"))["Location"] == question("person")
    assert client.post(question("person"), PERSON)["Location"] == question("concern")
    assert client.post(question("concern"), CONCERN)["Location"] == question("referrer")
    assert client.post(question("referrer"), referrer_page(world))["Location"] == reverse(
        "referrals:check"
    )
    check = client.get(reverse("referrals:check")).content.decode()
    for shown in (
        "Tomasz Nowak",
        "Tom, Tommy",
        "4 November 2010",
        "NHS number 943 476 5919",
        "Stated intent to harm",
        world.agency_a.name,
        "Rae Tester",
    ):
        assert shown in check
    sent = client.post(reverse("referrals:check"))
    assert sent["Location"] == reverse("referrals:sent")
    referral = Referral.objects.get(source_record__person__family_name="Nowak")
    page = client.get(reverse("referrals:sent")).content.decode()
    assert referral.reference in page
    assert "Nowak" not in page
    record = referral.source_record
    assert record is not None
    assert (record.nhs_number, record.postcode, record.other_names) == (
        "9434765919",
        "NX1 4AB",
        ["Tom", "Tommy"],
    )
    assert (referral.gender, referral.ethnicity, referral.owning_agency) == (
        "male",
        "white_other",
        world.agency_a,
    )
    assert referral.submitted_by == world.users["referrer"]
    assert referral.referring_agency == world.school
    assert AuditEntry.objects.filter(action="referral.submit", object_id=str(referral.pk)).exists()
    mine = client.get(reverse("referrals:mine")).content.decode()
    assert referral.reference in mine
    assert "Nowak" not in mine
    assert client.get(reverse("referrals:check"))["Location"] == question("person")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"nhs_number": "943 476 5918"}, "nhs_number", "NHS number is not valid"),
        ({"date_of_birth_year": "2099"}, "date_of_birth_day", "Date of birth must be in the past"),
        (
            {"date_of_birth_day": "31", "date_of_birth_month": "2"},
            "date_of_birth_day",
            "must be a real date",
        ),
        ({"date_of_birth_month": ""}, "date_of_birth_day", "must include a month"),
        ({"given_name": ""}, "given_name", "Enter their first name"),
        ({"postcode": "ZZZ ZZZ"}, "postcode", "Enter a real postcode"),
        ({"pnc_id": "19/123456X"}, "pnc_id", "PNC id is not valid"),
        ({"upn": "B123456789012"}, "upn", "Unique pupil number is not valid"),
        ({"ethnicity": "martian"}, "ethnicity", "Select a valid choice"),
    ],
)
def test_person_page_names_the_field_at_fault(
    world: World, change: dict[str, str], field: str, message: str
) -> None:
    client = signed_in(world.users["referrer"])
    response = client.post(question("person"), {**PERSON, **change})
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<a href="#id_{field}">' in body
    assert message in body
    assert Person.objects.filter(family_name="Nowak").count() == 0


def test_change_link_returns_to_check_answers(world: World) -> None:
    client = signed_in(world.users["case_officer"])
    client.post(question("person"), PERSON)
    client.post(question("concern"), CONCERN)
    client.post(question("referrer"), referrer_page(world))
    edited = {**CONCERN, "summary": "Synthetic: a changed account."}
    response = client.post(question("concern") + "?change=1", edited)
    assert response["Location"] == reverse("referrals:check")
    assert "a changed account" in client.get(reverse("referrals:check")).content.decode()
    assert 'value="Tomasz"' in client.get(question("person")).content.decode()


def test_check_answers_refuses_to_skip_pages(world: World) -> None:
    client = signed_in(world.users["referrer"])
    client.post(question("person"), PERSON)
    assert client.get(reverse("referrals:check"))["Location"] == question("concern")
    assert client.post(reverse("referrals:check"))["Location"] == question("concern")
    assert not Referral.objects.filter(source_record__person__family_name="Nowak").exists()


def test_unknown_page_is_not_found(world: World) -> None:
    assert signed_in(world.users["referrer"]).get(question("nonsense")).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_question_pages_by_role(world: World, role: str) -> None:
    allowed = role in {"referrer", "case_officer", "senior_officer", "panel_chair"}
    client = signed_in(world.users[role])
    for page in ("person", "concern", "referrer"):
        assert client.get(question(page)).status_code == (200 if allowed else 403)
    assert Client().get(question("person")).status_code == 302


def test_every_record_of_the_flow_is_one_source_record(world: World) -> None:
    before = SourceRecord.objects.count()
    client = signed_in(world.users["referrer"])
    client.post(question("person"), PERSON)
    client.post(question("concern"), CONCERN)
    client.post(question("referrer"), referrer_page(world))
    client.post(reverse("referrals:check"))
    assert SourceRecord.objects.count() == before + 1


def test_a_ten_megabyte_concern_is_refused_on_its_field(world: World) -> None:
    client = signed_in(world.users["referrer"])
    client.post(question("person"), PERSON)
    body = client.post(question("concern"), {**CONCERN, "summary": "x" * 10_000_000}).content
    assert b'<a href="#id_summary">' in body
    assert b"20000 characters" in body
    assert client.get(reverse("referrals:check"))["Location"] == question("concern")


def test_check_answers_offers_what_cairn_read_with_the_words_highlighted(world: World) -> None:
    client = signed_in(world.users["referrer"])
    client.post(question("person"), PERSON)
    concern = {
        **CONCERN,
        "summary": "Synthetic: <b>he</b> was found with a kitchen knife in his bag at school.",
        "indicators": [],
    }
    client.post(question("concern"), concern)
    client.post(question("referrer"), referrer_page(world))
    check = client.get(reverse("referrals:check")).content.decode()
    assert "Cairn read these in your description" in check
    assert 'value="weapon_carrying"' in check
    assert "<mark>" in check
    assert "&lt;b&gt;he&lt;/b&gt;" in check  # the referrer's words are escaped, not markup
    response = client.post(
        reverse("referrals:check"),
        {"accept_suggestions": "1", "accepted": ["weapon_carrying", "send_ehcp"]},
    )
    assert response["Location"] == reverse("referrals:check")
    after = client.get(reverse("referrals:check")).content.decode()
    assert 'value="weapon_carrying"' not in after  # now recorded, no longer offered
    client.post(reverse("referrals:check"))
    referral = Referral.objects.get(source_record__person__family_name="Nowak")
    assert referral.indicators == ["weapon_carrying"]  # send_ehcp was never offered


def test_a_referral_without_ticked_indicators_is_read_by_the_suggester(world: World) -> None:
    from cairn.chronology.models import Entry, SuggestionState

    client = signed_in(world.users["referrer"])
    client.post(question("person"), PERSON)
    client.post(
        question("concern"),
        {**CONCERN, "summary": "Synthetic: found with a lock knife in his bag.", "indicators": []},
    )
    client.post(question("referrer"), referrer_page(world))
    client.post(reverse("referrals:check"))
    referral = Referral.objects.get(source_record__person__family_name="Nowak")
    entry = Entry.objects.get(referral=referral)
    assert entry.indicators is None
    assert entry.suggestion_state == SuggestionState.AWAITING


def test_a_suggestion_from_the_model_says_it_was_read_from_the_whole_sentence(
    world: World,
) -> None:
    client = signed_in(world.users["referrer"])
    client.post(question("person"), PERSON)
    summary = (
        "Synthetic: he talks about the Parkland shooter as if he were a role model and copies "
        "his clothes. He was found with a kitchen knife in his bag at school."
    )
    client.post(question("concern"), {**CONCERN, "summary": summary, "indicators": []})
    client.post(question("referrer"), referrer_page(world))
    check = client.get(reverse("referrals:check")).content.decode()
    model_hint = check[check.index('id="accepted-identification_with_attackers-hint"') :]
    assert model_hint[: model_hint.index("</div>")].count("From the sentence as a whole") == 1
    lexicon_hint = check[check.index('id="accepted-weapon_carrying-hint"') :]
    assert "From the sentence as a whole" not in lexicon_hint[: lexicon_hint.index("</div>")]
