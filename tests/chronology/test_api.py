"""POST /api/v1/events: partner systems send events, singly or in batches."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from cairn.accounts.models import ApiScope, ApiToken
from cairn.accounts.services import api_token_create
from cairn.audit.models import AuditEntry
from cairn.chronology.models import Entry
from cairn.people.models import Person
from tests.conftest import World

URL = "/api/v1/events"


@pytest.fixture
def token(world: World) -> tuple[ApiToken, str]:
    return api_token_create(
        actor=world.users["administrator"],
        agency=world.agency_b,
        name="Records system",
        scopes=[ApiScope.EVENTS_WRITE],
        expires_at=None,
    )


def event(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "external_id": "cad-2024-0001",
        "kind": "police_contact",
        "occurred_at": "2024-05-01T21:40:00+01:00",
        "summary": "Synthetic: stop and search under s.60, lock knife recovered from waistband.",
        "indicators": ["weapon_carrying"],
        "person": {
            "given_name": "Jordan",
            "family_name": "Ellery",
            "date_of_birth": "2010-03-14",
            "sex": "male",
            "postcode": "NX1 2AB",
        },
    }
    data.update(overrides)
    return data


def post(secret: str, payload: Any) -> Any:
    return Client().post(
        URL,
        json.dumps(payload),
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )


def test_one_event_is_received_resolved_and_shared(
    world: World, token: tuple[ApiToken, str]
) -> None:
    response = post(token[1], event())
    assert response.status_code == 201, response.content
    answer = response.json()["received"]
    assert [a["status"] for a in answer] == ["created"]
    assert set(answer[0]) == {"external_id", "id", "status"}
    entry = Entry.objects.get(pk=answer[0]["id"])
    assert entry.person == world.referral_a.person
    assert entry.owning_agency == world.agency_b
    assert entry.occurred_date_only is False
    assert list(entry.shared_with.values_list("name", flat=True)) == ["Ashby Council"]
    assert AuditEntry.objects.filter(action="chronology.receive", object_id=str(entry.pk)).exists()


def test_a_batch_is_received_whole_and_repeats_are_duplicates(
    world: World, token: tuple[ApiToken, str]
) -> None:
    batch = {"events": [event(), event(external_id="cad-2", occurred_at="2024-05-02")]}
    first = post(token[1], batch)
    assert first.status_code == 201
    again = post(token[1], batch)
    assert again.status_code == 200
    assert [a["status"] for a in again.json()["received"]] == ["duplicate", "duplicate"]
    assert [a["id"] for a in again.json()["received"]] == [
        a["id"] for a in first.json()["received"]
    ]
    assert Entry.objects.filter(external_source=f"agency:{world.agency_b.pk}").count() == 2


def test_the_same_id_with_different_content_is_409(
    world: World, token: tuple[ApiToken, str]
) -> None:
    post(token[1], event())
    response = post(token[1], event(summary="Synthetic: something else"))
    assert response.status_code == 409
    assert "already received" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "decision"}, "event cad-2024-0001, field kind"),
        ({"occurred_at": "2099-01-01"}, "event cad-2024-0001, field at"),
        ({"occurred_at": "31/12/2023"}, "event cad-2024-0001, field occurred_at"),
        ({"indicators": ["grumpy"]}, "event cad-2024-0001, field indicators.0"),
        ({"summary": "x" * 20_001}, "summary"),
        ({"person": {"given_name": "Jordan", "family_name": ""}}, "person.family_name"),
        ({"person": {"given_name": "J", "family_name": "E", "nhs_number": "123"}}, "nhs_number"),
        ({"shared_with": ["Nowhere"]}, "field shared_with"),
    ],
)
def test_bad_events_are_422_naming_the_field_and_nothing_is_written(
    world: World, token: tuple[ApiToken, str], overrides: dict[str, Any], field: str
) -> None:
    before = (Entry.objects.count(), Person.objects.count())
    response = post(token[1], {"events": [event(external_id="fine"), event(**overrides)]})
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert field in error["message"], error
    assert (Entry.objects.count(), Person.objects.count()) == before


def test_events_for_another_agency_are_refused_and_audited(
    world: World, token: tuple[ApiToken, str]
) -> None:
    response = post(token[1], event(agency="Ashby Council"))
    assert response.status_code == 403
    assert Entry.objects.filter(external_source=f"agency:{world.agency_b.pk}").count() == 0
    refused = AuditEntry.objects.get(action="chronology.receive_refused")
    assert refused.actor_kind == "api_token"


def test_a_token_without_the_scope_is_refused(world: World) -> None:
    _, secret = api_token_create(
        actor=world.users["administrator"],
        agency=world.agency_b,
        name="Referrals only",
        scopes=[ApiScope.REFERRALS_WRITE],
        expires_at=None,
    )
    assert post(secret, event()).status_code == 403
    assert (
        Client().post(URL, json.dumps(event()), content_type="application/json").status_code == 401
    )


def test_the_answer_never_reveals_the_person(world: World, token: tuple[ApiToken, str]) -> None:
    answer = post(token[1], event()).json()
    assert answer == {
        "received": [
            {"external_id": "cad-2024-0001", "id": answer["received"][0]["id"], "status": "created"}
        ]
    }
