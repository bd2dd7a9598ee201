"""Policies: shipped by migration, new versions only through the service (checked, audited,
never edited in place), and the administrators' pages for every role."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from cairn.audit.models import AuditEntry
from cairn.lib.errors import ServiceError
from cairn.rules.catalogue import REGISTRY
from cairn.rules.models import Policy
from cairn.rules.policies import POLICY_2019_ENABLED, shipped
from cairn.rules.selectors import PolicyNotFound, policy_in_force
from cairn.rules.services import policy_version_create
from tests.conftest import ROLES, World, signed_in

pytestmark = pytest.mark.django_db


def test_a_migrated_database_holds_2025_and_2019_as_the_code_defines_them() -> None:
    for name, (parameters, enabled, note) in shipped().items():
        policy = Policy.objects.get(name=name, version=1)
        assert policy.parameters == parameters
        assert policy.enabled == list(enabled)
        assert policy.note == note
    assert policy_in_force(name="2025").enabled == tuple(rule.id for rule in REGISTRY)
    assert set(policy_in_force(name="2019").enabled) == set(POLICY_2019_ENABLED)
    assert (
        policy_in_force(name="2019").parameters["information-gathering"]["require_dates"] is False
    )


def test_a_change_is_a_new_audited_version_and_the_newest_is_in_force(world: World) -> None:
    admin = world.users["administrator"]
    policy = policy_version_create(
        actor=admin,
        name="2025",
        parameters={"support-plan-missing": {"working_days": 15}},
        enabled=["support-plan-missing", "violence-fixation"],
        note="Plans within 15 working days",
    )
    assert policy.version == 2
    assert Policy.objects.get(name="2025", version=1).parameters["support-plan-missing"] == {
        "working_days": 10
    }
    spec = policy_in_force(name="2025")
    assert spec.version == 2
    assert spec.enabled == ("violence-fixation", "support-plan-missing")
    assert spec.parameters["support-plan-missing"] == {"working_days": 15}
    assert spec.parameters["panel-review-gap"] == {"weeks": 8}  # defaults filled in
    assert policy_in_force(name="2025", version=1).version == 1
    entry = AuditEntry.objects.filter(action="policy.version_create").get()
    assert entry.object_id == str(policy.pk)
    assert entry.actor_id == admin.pk
    assert entry.detail["version"] == 2
    with pytest.raises(PolicyNotFound):
        policy_in_force(name="2025", version=9)


@pytest.mark.parametrize(
    ("parameters", "enabled", "field"),
    [
        ({}, ["violence-fixation", "no-such-rule"], "enabled"),
        ({"no-such-rule": {}}, [], "parameters.no-such-rule"),
        (
            {"support-plan-missing": {"working_days": 0}},
            [],
            "parameters.support-plan-missing.working_days",
        ),
        ({"panel-review-gap": {"weeks": 53}}, [], "parameters.panel-review-gap.weeks"),
        ({"panel-review-gap": {"days": 5}}, [], "parameters.panel-review-gap.days"),
        (
            {"closure-rationale": {"require_evidence": "yes"}},
            [],
            "parameters.closure-rationale.require_evidence",
        ),
        ([], [], "parameters"),
    ],
)
def test_bad_policies_are_refused_naming_the_field_and_nothing_is_written(
    world: World, parameters: Any, enabled: list[str], field: str
) -> None:
    before = (Policy.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ServiceError) as error:
        policy_version_create(
            actor=world.users["administrator"], name="2025", parameters=parameters, enabled=enabled
        )
    assert error.value.field == field
    assert (Policy.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.parametrize("role", ROLES)
def test_only_administrators_see_the_policy_pages(world: World, role: str) -> None:
    client = signed_in(world.users[role])
    for url in (reverse("rules:policy-list"), reverse("rules:policy-version-new", args=["2025"])):
        response = client.get(url)
        if role == "administrator":
            assert response.status_code == 200
        else:
            assert response.status_code == 403
    if role != "administrator":
        response = client.post(
            reverse("rules:policy-version-new", args=["2025"]),
            {"enabled": ["violence-fixation"], "parameters": "{}", "note": "x"},
        )
        assert response.status_code == 403
        assert Policy.objects.filter(name="2025").count() == 1


def test_an_administrator_makes_a_new_version_from_the_newest(world: World) -> None:
    client = signed_in(world.users["administrator"])
    listing = client.get(reverse("rules:policy-list")).content.decode()
    assert "2019" in listing
    assert "2025" in listing
    url = reverse("rules:policy-version-new", args=["2019"])
    page = client.get(url).content.decode()
    assert "require_dates" in page
    response = client.post(
        url,
        {
            "enabled": ["information-gathering", "support-plan-missing"],
            "parameters": '{"support-plan-missing": {"working_days": 99}}',
            "note": "Too long",
        },
    )
    assert response.status_code == 200
    assert (
        "parameters.support-plan-missing.working_days: must be at most 60"
        in response.content.decode()
    )
    assert Policy.objects.filter(name="2019").count() == 1
    response = client.post(
        url,
        {
            "enabled": ["information-gathering", "support-plan-missing"],
            "parameters": '{"support-plan-missing": {"working_days": 20}}',
            "note": "Plans within 20 working days",
        },
    )
    assert response.status_code == 302
    assert policy_in_force(name="2019").parameters["support-plan-missing"] == {"working_days": 20}
    assert client.get(reverse("rules:policy-version-new", args=["1999"])).status_code == 404
    bad_json = client.post(url, {"enabled": [], "parameters": "{", "note": "x"})
    assert "not valid JSON" in bad_json.content.decode()


def test_replay_applies_the_newest_version_and_says_which(world: World, tmp_path: Any) -> None:
    from io import StringIO
    from pathlib import Path

    from django.core.management import call_command

    policy_version_create(
        actor=world.users["administrator"], name="2025", parameters={}, enabled=[]
    )
    out = StringIO()
    example = Path(__file__).resolve().parents[2] / "examples" / "minimal.casefile.json"
    call_command(
        "replay",
        str(example),
        "--format",
        "json",
        "--until",
        date(2025, 1, 1).isoformat(),
        stdout=out,
    )
    assert '"policy_version":2' in out.getvalue()
    assert '"flags":[]' in out.getvalue()


@pytest.mark.parametrize("role", ROLES)
def test_learning_review_for_senior_officers_of_the_owning_agency(world: World, role: str) -> None:
    url = reverse("rules:learning-review", args=[world.referral_a.person_id])
    response = signed_in(world.users[role]).get(url, {"policy": "2025:1", "compare": "2019:1"})
    if role in ("senior_officer", "auditor"):
        # Auditors read a chronology in a learning review only, as their agency's officers do.
        assert response.status_code == 200
        page = response.content.decode()
        assert "under policy 2025 (version 1)" in page
        assert "under policy 2019 (version 1)" in page
        assert "<svg" in page
        assert AuditEntry.objects.filter(
            action="chronology.view",
            purpose="learning review",
            actor_name=world.users[role].username,
        ).exists()
    else:
        assert response.status_code == 403


def test_learning_review_of_a_person_the_viewer_may_not_see_is_not_found(world: World) -> None:
    from cairn.accounts.roles import Role
    from tests.factories import make_user

    senior_b = make_user("senior_b", world.agency_b, Role.SENIOR_OFFICER)
    url = reverse("rules:learning-review", args=[world.referral_a.person_id])
    assert signed_in(senior_b).get(url).status_code == 404
    assert (
        signed_in(senior_b).get(reverse("rules:learning-review", args=[999_999])).status_code == 404
    )
    own = signed_in(world.users["senior_officer"])
    bad = own.get(url, {"policy": "nonsense:1"})
    assert bad.status_code == 200
    assert "govuk-error-summary" in bad.content.decode()
