"""Suggested indicators confirmed or rejected from the case page: the entries of the case's
person with suggestions awaiting a decision are listed, the officer decides those their agency
recorded (through the chronology's service), and every other attempt is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from cairn.cases.models import Case
from cairn.chronology.models import Entry, SuggestionState
from cairn.chronology.services import EntryInput, entries_suggestions_fill, entry_record
from tests.cases.helpers import case_of, to_state
from tests.conftest import ROLES, World, signed_in

TEXT = "He took a knife to school and showed it to other pupils."


def suggested_entry(world: World, agency: str = "a") -> Entry:
    owner = world.agency_a if agency == "a" else world.agency_b
    actor = world.users["case_officer" if agency == "a" else "officer_b"]
    entry = entry_record(
        actor=actor,
        owning_agency=owner,
        source_record=world.referral_a.source_record,
        data=EntryInput(
            kind="police_contact",
            occurred_at=timezone.now(),
            summary=TEXT,
            indicators=None,
            shared_with=("Ashby Council",) if agency == "b" else (),
        ),
    )
    entries_suggestions_fill(entry_ids=[entry.pk])
    entry.refresh_from_db()
    assert "weapon_carrying" in entry.indicators_suggested
    return entry


def gathering(world: World) -> Case:
    return to_state(case_of(world.referral_a), world.users["case_officer"], "triage_start")


def decisions(entry: Entry, choice: str) -> dict[str, str]:
    return {f"decision_{code}": choice for code in entry.indicators_suggested}


def test_the_case_page_lists_suggestions_and_the_officer_confirms_them(world: World) -> None:
    case = gathering(world)
    entry = suggested_entry(world)
    client = signed_in(world.users["case_officer"])
    page = client.get(reverse("cases:case", args=[case.pk])).content.decode()
    assert "Suggested indicators awaiting a decision" in page
    assert reverse("cases:suggestions", args=[case.pk, entry.pk]) in page
    response = client.post(
        reverse("cases:suggestions", args=[case.pk, entry.pk]), decisions(entry, "confirm")
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert "weapon_carrying" in (entry.indicators or [])
    assert entry.indicators_suggested == []
    page = client.get(reverse("cases:case", args=[case.pk])).content.decode()
    assert "Suggested indicators awaiting a decision" not in page


def test_rejected_suggestions_are_not_recorded(world: World) -> None:
    case = gathering(world)
    entry = suggested_entry(world)
    signed_in(world.users["senior_officer"]).post(
        reverse("cases:suggestions", args=[case.pk, entry.pk]), decisions(entry, "reject")
    )
    entry.refresh_from_db()
    assert entry.indicators == []
    assert all(s["status"] == "rejected" for s in entry.suggestions)


def test_an_undecided_suggestion_is_refused_with_a_message(world: World) -> None:
    case = gathering(world)
    entry = suggested_entry(world)
    client = signed_in(world.users["case_officer"])
    response = client.post(reverse("cases:suggestions", args=[case.pk, entry.pk]), {}, follow=True)
    assert "confirm or reject each suggested indicator" in response.content.decode()
    entry.refresh_from_db()
    assert entry.indicators is None
    assert entry.suggestion_state == SuggestionState.SUGGESTED


def test_a_second_decision_is_refused_with_a_message(world: World) -> None:
    case = gathering(world)
    entry = suggested_entry(world)
    client = signed_in(world.users["case_officer"])
    url = reverse("cases:suggestions", args=[case.pk, entry.pk])
    data = decisions(entry, "confirm")
    client.post(url, data)
    response = client.post(url, data, follow=True)
    assert "There are no suggestions waiting on this entry" in response.content.decode()


def test_another_agencys_entry_is_listed_but_decided_by_that_agency(world: World) -> None:
    case = gathering(world)
    entry = suggested_entry(world, agency="b")
    client = signed_in(world.users["case_officer"])
    page = client.get(reverse("cases:case", args=[case.pk])).content.decode()
    assert "Only Brookfield Council, which recorded the entry, decides them" in page
    response = client.post(
        reverse("cases:suggestions", args=[case.pk, entry.pk]),
        decisions(entry, "confirm"),
        follow=True,
    )
    assert "Only the agency that recorded the entry decides" in response.content.decode()
    entry.refresh_from_db()
    assert entry.indicators is None


@pytest.mark.parametrize("role", [*ROLES, "officer_b"])
def test_deciding_from_the_case_for_every_role(world: World, role: str) -> None:
    case = gathering(world)
    entry = suggested_entry(world)
    response = signed_in(world.users[role]).post(
        reverse("cases:suggestions", args=[case.pk, entry.pk]), decisions(entry, "confirm")
    )
    expected = {"case_officer": 302, "senior_officer": 302, "panel_chair": 403}.get(role, 404)
    assert response.status_code == expected
    entry.refresh_from_db()
    assert (entry.indicators is not None) == (expected == 302)


@pytest.mark.parametrize("role", [*ROLES, "officer_b"])
def test_the_assessment_page_for_every_role(world: World, role: str) -> None:
    case = to_state(
        case_of(world.referral_a),
        world.users["case_officer"],
        "triage_start",
        "information_gathering_start",
    )
    client = signed_in(world.users[role])
    url = reverse("cases:assessment", args=[case.pk])
    expected = {"case_officer": 200, "senior_officer": 200, "panel_chair": 403}.get(role, 404)
    assert client.get(url).status_code == expected
    response = client.post(url, {"version": case.version})
    assert response.status_code == expected
    assert not case.assessments.exists()
