"""The API shell: token authentication, scopes, one error shape for every failure, idempotency,
and an OpenAPI document that matches the routes."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cairn.accounts.models import ApiScope, ApiToken
from cairn.accounts.services import api_token_create, api_token_revoke
from cairn.audit.models import AuditEntry
from cairn.people.models import Person
from cairn.referrals.models import Referral
from tests.conftest import World

URL = "/api/v1/referrals"


@pytest.fixture
def token(world: World) -> tuple[ApiToken, str]:
    return api_token_create(
        actor=world.users["administrator"],
        agency=world.school,
        name="School MIS",
        scopes=[ApiScope.REFERRALS_WRITE],
        expires_at=None,
    )


def auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def body(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "person": {
            "given_name": "Sam",
            "family_name": "Orchard",
            "date_of_birth": "2011-05-02",
            "sex": "male",
            "postcode": "nx1 4ab",
        },
        "local_authority_id": world.agency_a.pk,
        "concern_type": "no_ideology_violence_fascination",
        "summary": "Synthetic: watched attack footage repeatedly in the library.",
        "indicators": ["mass_casualty_research"],
    }
    data.update(overrides)
    return data


def post(client: Client, secret: str, payload: Any, **headers: str) -> Any:
    raw = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    return client.post(
        URL, raw, content_type="application/json", headers={**auth(secret), **headers}
    )


def assert_error(response: Any, status: int, fragment: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"status", "code", "message", "fields", "request_id"}
    assert error["status"] == status
    assert fragment in error["message"], error["message"]
    assert error["request_id"] == response["X-Request-ID"]
    return dict(error)


def test_whoami_names_the_tokens_agency_and_is_audited(
    world: World, token: tuple[ApiToken, str]
) -> None:
    response = Client().get("/api/v1/whoami", headers=auth(token[1]))
    assert response.status_code == 200
    assert response.json()["agency"]["name"] == world.school.name
    assert response.json()["scopes"] == ["referrals:write"]
    entry = AuditEntry.objects.latest("id")
    assert (entry.action, entry.actor_kind, entry.actor_id) == (
        "api_token.use",
        "api_token",
        token[0].pk,
    )
    token[0].refresh_from_db()
    assert token[0].last_used_at is not None


def test_referral_is_created(world: World, token: tuple[ApiToken, str]) -> None:
    response = post(Client(), token[1], body(world))
    assert response.status_code == 201, response.content
    referral = Referral.objects.get(reference=response.json()["reference"])
    assert referral.referring_agency == world.school
    assert referral.owning_agency == world.agency_a
    assert referral.sector == "education"
    assert referral.person.postcode == "NX1 4AB"


def test_same_key_and_body_returns_first_result_and_writes_once(
    world: World, token: tuple[ApiToken, str]
) -> None:
    client = Client()
    first = post(client, token[1], body(world), **{"Idempotency-Key": "k-1"})
    again = post(client, token[1], body(world), **{"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Referral.objects.filter(source_record__person__family_name="Orchard").count() == 1


def test_same_key_different_body_is_409(world: World, token: tuple[ApiToken, str]) -> None:
    client = Client()
    post(client, token[1], body(world), **{"Idempotency-Key": "k-2"})
    response = post(
        client, token[1], body(world, summary="Something else."), **{"Idempotency-Key": "k-2"}
    )
    assert_error(response, 409, "Idempotency-Key")
    assert Referral.objects.filter(source_record__person__family_name="Orchard").count() == 1


def test_missing_token(world: World) -> None:
    assert_error(Client().get("/api/v1/whoami"), 401, "Authorization header")


@pytest.mark.parametrize(
    ("presented", "fragment"),
    [("nonsense", "malformed"), ("cairn_abcdef123456_wrong", "not recognised")],
)
def test_bad_token(world: World, presented: str, fragment: str) -> None:
    assert_error(Client().get("/api/v1/whoami", headers=auth(presented)), 401, fragment)


def test_revoked_token(world: World, token: tuple[ApiToken, str]) -> None:
    api_token_revoke(actor=world.users["administrator"], token=token[0])
    assert_error(Client().get("/api/v1/whoami", headers=auth(token[1])), 401, "revoked")


def test_expired_token(world: World) -> None:
    expired, secret = api_token_create(
        actor=world.users["administrator"],
        agency=world.school,
        name="Old",
        scopes=[],
        expires_at=timezone.now() + timedelta(minutes=1),
    )
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert_error(Client().get("/api/v1/whoami", headers=auth(secret)), 401, "expired")


def test_token_without_scope_is_forbidden(world: World) -> None:
    _, secret = api_token_create(
        actor=world.users["administrator"],
        agency=world.school,
        name="Read only",
        scopes=[],
        expires_at=None,
    )
    assert_error(post(Client(), secret, body(world)), 403, "referrals:write")
    assert not Referral.objects.filter(source_record__person__family_name="Orchard").exists()


def test_malformed_json(world: World, token: tuple[ApiToken, str]) -> None:
    assert_error(post(Client(), token[1], '{"person": '), 400, "not valid JSON")


def test_wrong_content_type(world: World, token: tuple[ApiToken, str]) -> None:
    response = Client().post(
        URL, "a=b", content_type="application/x-www-form-urlencoded", headers=auth(token[1])
    )
    assert_error(response, 415, "application/json")


def test_oversized_body(world: World, token: tuple[ApiToken, str], settings: Any) -> None:
    settings.API_MAX_BODY_BYTES = 2048
    huge = body(world, summary="x" * 4096)
    assert_error(post(Client(), token[1], huge), 413, "2048 bytes")


def test_unknown_fields_are_named(world: World, token: tuple[ApiToken, str]) -> None:
    payload = body(world, risk_score=9)
    payload["person"]["nickname"] = "Sammy"
    error = assert_error(post(Client(), token[1], payload), 422, "risk_score")
    assert {f["field"] for f in error["fields"]} == {"risk_score", "person.nickname"}


def test_missing_field_is_named(world: World, token: tuple[ApiToken, str]) -> None:
    payload = body(world)
    del payload["person"]["family_name"]
    error = assert_error(post(Client(), token[1], payload), 422, "person.family_name")
    assert error["fields"] == [{"field": "person.family_name", "message": "is required"}]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"concern_type": "made_up"}, "concern_type"),
        ({"indicators": ["risk_score"]}, "indicators"),
        ({"local_authority_id": 999_999}, "local_authority_id"),
        ({"received_at": "2099-01-01T00:00:00Z"}, "received_at"),
        (
            {"person": {"given_name": "A", "family_name": "B", "date_of_birth": "2099-01-01"}},
            "date_of_birth",
        ),
        (
            {"person": {"given_name": "A", "family_name": "B", "date_of_birth": "1850-01-01"}},
            "date_of_birth",
        ),
        (
            {"person": {"given_name": "A", "family_name": "B", "date_of_birth": "2011-02-30"}},
            "person.date_of_birth",
        ),
        ({"person": {"given_name": "A", "family_name": "B", "sex": "x"}}, "sex"),
        ({"summary": "y" * 20_001}, "summary"),
    ],
)
def test_invalid_values_name_the_field_and_write_nothing(
    world: World, token: tuple[ApiToken, str], change: dict[str, Any], field: str
) -> None:
    people, referrals = Person.objects.count(), Referral.objects.count()
    error = assert_error(post(Client(), token[1], body(world, **change)), 422, field)
    assert error["fields"][0]["field"].endswith(field.split(".")[-1])
    assert (Person.objects.count(), Referral.objects.count()) == (people, referrals)


def test_unknown_path_and_method_use_the_error_shape(
    world: World, token: tuple[ApiToken, str]
) -> None:
    assert_error(Client().get("/api/v1/nothing-here", headers=auth(token[1])), 404, "Not found")
    assert_error(Client().delete("/api/v1/whoami", headers=auth(token[1])), 405, "not allowed")


def test_openapi_document_matches_the_routes(world: World) -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert set(schema["paths"]) == {"/api/v1/whoami", "/api/v1/referrals", "/api/v1/events"}
    assert "post" in schema["paths"]["/api/v1/referrals"]
    assert "post" in schema["paths"]["/api/v1/events"]
    assert schema["components"]["schemas"]["EventIn"]["additionalProperties"] is False
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    referral_in = schema["components"]["schemas"]["ReferralIn"]
    assert referral_in["additionalProperties"] is False


def test_api_docs_page_uses_no_cdn(world: World) -> None:
    html = Client().get("/api/v1/docs").content.decode()
    assert "cdn." not in html
    assert "unpkg" not in html


def test_a_ten_megabyte_text_field_is_named_and_nothing_written(
    world: World, token: tuple[ApiToken, str]
) -> None:
    people = Person.objects.count()
    error = assert_error(
        post(Client(), token[1], body(world, summary="x" * 10_000_000)), 422, "summary"
    )
    assert error["fields"][0]["field"] == "summary"
    assert Person.objects.count() == people


def test_identifiers_are_checked(world: World, token: tuple[ApiToken, str]) -> None:
    payload = body(world)
    payload["person"]["nhs_number"] = "943 476 5918"
    error = assert_error(post(Client(), token[1], payload), 422, "nhs_number")
    assert "NHS number is not valid" in error["message"]
