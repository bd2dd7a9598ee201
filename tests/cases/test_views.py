"""The case pages for every role: who sees a case (programme roles at the owning agency; for
everyone else it does not exist), who may make each move (403 for a viewer who may see the
case but not act), the senior officers' queue and the overrides report, and a whole journey
through the forms."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cairn.cases import services
from cairn.cases.models import Case, CaseStatus, DecisionProposal, ProposalStatus
from tests.cases.helpers import (
    case_of,
    closing_proposal,
    complete_gateway,
    fresh,
    record_entry,
    referral_entry,
    to_state,
)
from tests.conftest import ROLES, World, signed_in

EVERYONE = [*ROLES, "officer_b"]
SEES = {"case_officer", "senior_officer", "panel_chair"}
WORKS = {"case_officer", "senior_officer"}


def _expected(role: str, allowed: set[str]) -> int:
    if role not in SEES:
        return 404
    return 200 if role in allowed else 403


def _statuses(world: World, method: str, url: str, data: Any = None) -> dict[str, int]:
    found = {}
    for role in EVERYONE:
        client = signed_in(world.users[role])
        response = client.post(url, data or {}) if method == "post" else client.get(url)
        found[role] = response.status_code
    return found


def _gathering(world: World) -> Case:
    return to_state(
        case_of(world.referral_a),
        world.users["case_officer"],
        "triage_start",
        "information_gathering_start",
    )


def _pending(world: World) -> tuple[Case, DecisionProposal]:
    case = complete_gateway(_gathering(world), world.users["case_officer"])
    proposal = services.decision_propose(
        actor=world.users["case_officer"],
        case=case,
        expected_version=case.version,
        data=closing_proposal(evidence=[referral_entry(world.referral_a).pk]),
    )
    return fresh(case), proposal


def test_the_case_page_is_for_the_owning_agencys_programme_roles(world: World) -> None:
    case = _gathering(world)
    url = reverse("cases:case", args=[case.pk])
    assert _statuses(world, "get", url) == {r: 200 if r in SEES else 404 for r in EVERYONE}
    missing = reverse("cases:case", args=[case.pk + 1000])
    assert signed_in(world.users["case_officer"]).get(missing).status_code == 404


def test_the_case_page_shows_state_flags_evidence_and_next_moves(world: World) -> None:
    case = _gathering(world)
    referral = referral_entry(world.referral_a)
    page = signed_in(world.users["case_officer"]).get(reverse("cases:case", args=[case.pk]))
    text = page.content.decode()
    assert "Information gathering" in text
    assert world.referral_a.reference in text
    assert "violence-fixation" in text
    assert reverse("chronology:entry", args=[referral.pk]) in text
    assert reverse("cases:move", args=[case.pk, "assessment_start"]) in text
    assert reverse("cases:propose", args=[case.pk]) in text
    assert "Override this flag" not in text
    senior = signed_in(world.users["senior_officer"]).get(reverse("cases:case", args=[case.pk]))
    assert "Override this flag" in senior.content.decode()
    chair = signed_in(world.users["panel_chair"]).get(reverse("cases:case", args=[case.pk]))
    assert reverse("cases:move", args=[case.pk, "assessment_start"]) not in chair.content.decode()


def test_the_case_list_shows_only_the_agencys_cases(world: World) -> None:
    url = reverse("cases:list")
    assert _statuses(world, "get", url) == {
        r: 200 if r in SEES | {"officer_b"} else 403 for r in EVERYONE
    }
    a = case_of(world.referral_a)
    b = case_of(world.referral_b)
    theirs = signed_in(world.users["officer_b"]).get(url).content.decode()
    assert f"Case {a.pk}<" not in theirs
    assert f"Case {b.pk}<" in theirs


def test_the_case_list_reads_in_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    client = signed_in(world.users["case_officer"])
    for n in range(3):
        from tests.factories import make_referral

        make_referral(
            owner=world.agency_a,
            source=world.school,
            given_name=f"Sam{n}",
            family_name=f"Other{n}",
            postcode=f"NX{n} 1AA",
        )
    with django_assert_max_num_queries(20):
        assert client.get(reverse("cases:list")).status_code == 200


def test_a_move_by_every_role(world: World) -> None:
    case = case_of(world.referral_a)
    url = reverse("cases:move", args=[case.pk, "triage_start"])
    data = {"version": case.version}
    for role in EVERYONE:
        if role in WORKS:
            continue
        response = signed_in(world.users[role]).post(url, data)
        assert response.status_code == _expected(role, WORKS), role
    assert fresh(case).status == CaseStatus.RECEIVED
    response = signed_in(world.users["case_officer"]).post(url, data)
    assert response.status_code == 302
    assert fresh(case).status == CaseStatus.GATEWAY


def test_a_stale_page_is_refused_with_a_message_and_nothing_changes(world: World) -> None:
    case = case_of(world.referral_a)
    stale = case.version
    services.case_triage_start(
        actor=world.users["senior_officer"], case=case, expected_version=stale
    )
    client = signed_in(world.users["case_officer"])
    response = client.post(
        reverse("cases:move", args=[case.pk, "information_gathering_start"]),
        {"version": stale},
        follow=True,
    )
    assert "Someone else changed this case" in response.content.decode()
    assert fresh(case).status == CaseStatus.GATEWAY


def test_a_move_not_allowed_now_says_why(world: World) -> None:
    case = case_of(world.referral_a)
    response = signed_in(world.users["case_officer"]).post(
        reverse("cases:move", args=[case.pk, "assessment_start"]),
        {"version": case.version},
        follow=True,
    )
    assert "allowed only from: information gathering" in response.content.decode()
    assert fresh(case).status == CaseStatus.RECEIVED


def test_unknown_moves_are_not_found(world: World) -> None:
    case = case_of(world.referral_a)
    response = signed_in(world.users["case_officer"]).post(
        reverse("cases:move", args=[case.pk, "delete"]), {"version": case.version}
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("cases:propose", WORKS),
        ("cases:checks", WORKS),
        ("cases:contact", WORKS),
        ("cases:override", {"senior_officer"}),
    ],
)
def test_the_form_pages_by_role(world: World, name: str, allowed: set[str]) -> None:
    case = _gathering(world)
    url = reverse(name, args=[case.pk])
    assert _statuses(world, "get", url) == {r: _expected(r, allowed) for r in EVERYONE}


def test_approval_and_return_by_role(world: World) -> None:
    case, proposal = _pending(world)
    approve = reverse("cases:approve", args=[case.pk, proposal.pk])
    back = reverse("cases:return", args=[case.pk, proposal.pk])
    senior_only = {"senior_officer"}
    assert _statuses(world, "get", back) == {r: _expected(r, senior_only) for r in EVERYONE}
    for role in EVERYONE:
        if role == "senior_officer":
            continue
        response = signed_in(world.users[role]).post(approve, {"version": case.version})
        assert response.status_code == _expected(role, senior_only), role
    assert fresh(case).status == CaseStatus.AWAITING_DECISION
    response = signed_in(world.users["senior_officer"]).post(approve, {"version": case.version})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    assert fresh(case).status == CaseStatus.CLOSED


def test_the_senior_officers_queue(world: World) -> None:
    case, proposal = _pending(world)
    url = reverse("cases:approvals")
    assert _statuses(world, "get", url) == {
        r: 200 if r == "senior_officer" else 403 for r in EVERYONE
    }
    text = signed_in(world.users["senior_officer"]).get(url).content.decode()
    assert reverse("cases:case", args=[case.pk]) in text
    assert "No further action" in text
    title = text.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Decisions awaiting approval" in title
    assert "<" not in title
    assert text.count('<h2 class="govuk-heading-m">Escalations</h2>') == 1
    page = signed_in(world.users["senior_officer"]).get(reverse("cases:case", args=[case.pk]))
    assert reverse("cases:approve", args=[case.pk, proposal.pk]) in page.content.decode()
    own = signed_in(world.users["case_officer"]).get(reverse("cases:case", args=[case.pk]))
    assert reverse("cases:approve", args=[case.pk, proposal.pk]) not in own.content.decode()


def test_the_overrides_report(world: World) -> None:
    case = _gathering(world)
    services.flag_override(
        actor=world.users["senior_officer"],
        case=case,
        expected_version=case.version,
        rule="violence-fixation",
        raised_by=referral_entry(world.referral_a).pk,
        reason="The research was set work for a history lesson.",
    )
    url = reverse("cases:overrides")
    assert _statuses(world, "get", url) == {
        r: 200 if r in {"senior_officer", "auditor"} else 403 for r in EVERYONE
    }
    text = signed_in(world.users["senior_officer"]).get(url).content.decode()
    assert "violence-fixation" in text
    assert "set work for a history lesson" in text


def test_a_refused_proposal_on_the_page_names_the_rule(world: World) -> None:
    case = _gathering(world)
    response = signed_in(world.users["case_officer"]).post(
        reverse("cases:propose", args=[case.pk]),
        {
            "version": case.version,
            "outcome": "no_further_action",
            "reasons": ["no_concern"],
            "rationale": "Nothing to see.",
        },
    )
    assert response.status_code == 200
    assert "violence-fixation" in response.content.decode()
    assert fresh(case).status == CaseStatus.INFORMATION_GATHERING


def test_a_journey_through_the_forms(world: World) -> None:
    officer = signed_in(world.users["case_officer"])
    senior = signed_in(world.users["senior_officer"])
    case = _gathering(world)
    today = timezone.localdate()
    day = {"_day": today.day, "_month": today.month, "_year": today.year}
    checks: dict[str, Any] = {"version": case.version}
    for partner in ("police", "social_care", "education", "health", "youth_justice"):
        checks[f"{partner}_status"] = "checked"
        checks.update({f"{partner}_on{k}": v for k, v in day.items()})
    response = officer.post(reverse("cases:checks", args=[case.pk]), checks)
    assert response.status_code == 302, response.content.decode()[:3000]
    case = fresh(case)
    contact = {
        "version": case.version,
        "subject_engaged": "yes",
        "parent_engaged": "yes",
        **{f"on{k}": v for k, v in day.items()},
    }
    assert officer.post(reverse("cases:contact", args=[case.pk]), contact).status_code == 302
    record_entry(
        case, world.users["case_officer"], "assessment_completed", assessment="violence_fixation"
    )
    case = fresh(case)
    evidence = referral_entry(world.referral_a).pk
    form = officer.get(reverse("cases:propose", args=[case.pk])).content.decode()
    assert f'value="{evidence}"' in form
    response = officer.post(
        reverse("cases:propose", args=[case.pk]),
        {
            "version": case.version,
            "outcome": "signposted",
            "reasons": ["needs_met_elsewhere"],
            "rationale": "Needs are met by the youth service; checks show no further concern.",
            "evidence": [str(evidence)],
            "signposted_to": world.agency_b.pk,
            "signpost_request": "Mentoring through the youth service.",
            "forum": "Early help panel",
            "owner": "Early help lead",
            "referrer_feedback": "The school was told.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case = fresh(case)
    proposal = case.proposals.get()
    assert senior.get(reverse("cases:case", args=[case.pk])).status_code == 200
    response = senior.post(
        reverse("cases:approve", args=[case.pk, proposal.pk]), {"version": case.version}
    )
    assert response.status_code == 302
    case = fresh(case)
    assert case.status == CaseStatus.CLOSED
    decision = case.proposals.get().entry
    assert decision is not None
    assert decision.details["signposted_to"] == world.agency_b.name
    page = senior.get(reverse("cases:case", args=[case.pk])).content.decode()
    assert "Closed" in page


def test_returning_through_the_page(world: World) -> None:
    case, proposal = _pending(world)
    senior = signed_in(world.users["senior_officer"])
    url = reverse("cases:return", args=[case.pk, proposal.pk])
    response = senior.post(url, {"version": case.version, "reason": ""})
    assert response.status_code == 200
    assert "Say why the proposal is returned" in response.content.decode()
    response = senior.post(url, {"version": case.version, "reason": "Check with health."})
    assert response.status_code == 302
    assert fresh(case).status == CaseStatus.INFORMATION_GATHERING


def test_overriding_through_the_page(world: World) -> None:
    case = _gathering(world)
    senior = signed_in(world.users["senior_officer"])
    raised_by = referral_entry(world.referral_a).pk
    url = (
        reverse("cases:override", args=[case.pk]) + f"?rule=violence-fixation&raised_by={raised_by}"
    )
    page = senior.get(url).content.decode()
    assert "violence-fixation" in page
    response = senior.post(
        url,
        {
            "version": case.version,
            "rule": "violence-fixation",
            "raised_by": raised_by,
            "reason": "The research was set work for a history lesson.",
        },
    )
    assert response.status_code == 302
    assert case.overrides.count() == 1
