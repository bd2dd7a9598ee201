"""Resolving a non-blocking flag with a written rationale from the case; a blocking flag is
never dismissed that way."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from cairn.audit.models import AuditEntry
from cairn.cases import judgement, services
from cairn.cases.models import Case
from cairn.chronology.models import Entry
from cairn.lib.errors import ServiceError
from tests.cases.helpers import case_of, fresh, referral_entry
from tests.conftest import ROLES, World, signed_in
from tests.factories import make_referral

RATIONALE = "Both referrals were read together at triage; the second adds nothing new."


def _repeat(world: World) -> tuple[Case, int]:
    """Jordan referred a second time: a `repeat-referral` flag (not blocking) on the case,
    raised by the second referral's entry."""
    again = make_referral(owner=world.agency_a, source=world.school, indicators=[])
    assert again.person == world.referral_a.person
    case = case_of(world.referral_a)
    return fresh(case), referral_entry(again).pk


def _open_rules(case: Case) -> set[str]:
    flags = judgement.open_flags(case.person, timezone.now(), judgement.policy_now())
    return {f.rule for f in flags}


def test_an_officer_resolves_a_non_blocking_flag_with_a_rationale(world: World) -> None:
    case, raised_by = _repeat(world)
    version = case.version
    assert "repeat-referral" in _open_rules(case)
    entry = services.flag_resolve(
        actor=world.users["case_officer"],
        case=case,
        expected_version=case.version,
        rule="repeat-referral",
        raised_by=raised_by,
        rationale=RATIONALE,
    )
    assert entry.kind == "flag_resolution"
    assert entry.details["action"] == "resolved"
    assert entry.details["rationale"] == RATIONALE
    assert entry.details["by_role"] == "case_officer"
    assert entry.refers_to_id == raised_by
    assert "repeat-referral" not in _open_rules(case)
    assert fresh(case).version == version + 1
    assert AuditEntry.objects.filter(action="case.flag_resolve", object_id=str(case.pk)).exists()


def test_a_blocking_flag_cannot_be_dismissed_with_a_rationale(world: World) -> None:
    case = fresh(case_of(world.referral_a))
    before = (Entry.objects.count(), case.version)
    with pytest.raises(ServiceError, match="cannot be dismissed") as refused:
        services.flag_resolve(
            actor=world.users["senior_officer"],
            case=case,
            expected_version=case.version,
            rule="violence-fixation",
            raised_by=referral_entry(world.referral_a).pk,
            rationale=RATIONALE,
        )
    assert "override" in refused.value.message
    assert (Entry.objects.count(), fresh(case).version) == before


@pytest.mark.parametrize(
    ("actor", "rule", "rationale", "version_offset", "message"),
    [
        ("case_officer", "repeat-referral", "fine", 0, "at least 20 characters"),
        ("officer_b", "repeat-referral", RATIONALE, 0, "another agency"),
        ("panel_member", "repeat-referral", RATIONALE, 0, "case officer or senior officer"),
        ("case_officer", "consent-obstruction", RATIONALE, 0, "No such flag"),
        ("case_officer", "repeat-referral", RATIONALE, -1, "changed"),
    ],
)
def test_refusals_name_the_problem_and_change_nothing(
    world: World, actor: str, rule: str, rationale: str, version_offset: int, message: str
) -> None:
    case, raised_by = _repeat(world)
    before = Entry.objects.count()
    with pytest.raises(ServiceError, match=message):
        services.flag_resolve(
            actor=world.users[actor],
            case=case,
            expected_version=case.version + version_offset,
            rule=rule,
            raised_by=raised_by,
            rationale=rationale,
        )
    assert Entry.objects.count() == before
    assert "repeat-referral" in _open_rules(case)


def test_the_case_page_offers_resolving_only_non_blocking_flags(world: World) -> None:
    case, raised_by = _repeat(world)
    page = signed_in(world.users["case_officer"]).get(reverse("cases:case", args=[case.pk]))
    body = page.content.decode()
    resolve = reverse("cases:resolve", args=[case.pk])
    assert f"{resolve}?rule=repeat-referral&amp;raised_by={raised_by}" in body
    assert f"{resolve}?rule=violence-fixation" not in body


def test_resolving_through_the_page(world: World) -> None:
    case, raised_by = _repeat(world)
    url = reverse("cases:resolve", args=[case.pk])
    client = signed_in(world.users["case_officer"])
    refused = client.post(
        url,
        {"version": case.version, "rule": "repeat-referral", "raised_by": raised_by},
    )
    assert refused.status_code == 200
    assert "Write the rationale for resolving the flag" in refused.content.decode()
    done = client.post(
        url,
        {
            "version": case.version,
            "rule": "repeat-referral",
            "raised_by": raised_by,
            "rationale": RATIONALE,
        },
    )
    assert done.status_code == 302
    assert "repeat-referral" not in _open_rules(case)


def test_the_resolve_page_by_role(world: World) -> None:
    case, raised_by = _repeat(world)
    url = reverse("cases:resolve", args=[case.pk]) + f"?rule=repeat-referral&raised_by={raised_by}"
    allowed = {"case_officer", "senior_officer"}
    seen = {"case_officer", "senior_officer", "panel_chair", "analyst", "auditor"}
    for role in [*ROLES, "officer_b"]:
        status = signed_in(world.users[role]).get(url).status_code
        if role in allowed:
            assert status == 200, role
        else:
            assert status in (403, 404), role
            if role not in seen:
                assert status == 404, role
