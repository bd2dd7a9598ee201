"""Two people working on one case: the second change made on a page that is out of date is
refused with a clear message, the first change stands, and the refused input is handed back
to its author rather than lost."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from cairn.cases import services
from cairn.cases.models import CaseStatus, PartnerCheck, ProposalStatus
from cairn.lib.errors import ServiceError
from tests.cases.helpers import (
    case_of,
    closing_proposal,
    complete_gateway,
    fresh,
    referral_entry,
    to_state,
)
from tests.conftest import World, signed_in


def test_a_proposal_on_a_stale_page_is_refused_and_the_checks_kept(world: World) -> None:
    first, second = world.users["case_officer"], world.users["senior_officer"]
    case = to_state(case_of(world.referral_a), first, "triage_start")
    seen = case.version
    services.checks_record(
        actor=first,
        case=case,
        expected_version=seen,
        checks=[services.CheckInput("police", "checked", date(2026, 1, 5))],
    )
    with pytest.raises(ServiceError) as refused:
        services.decision_propose(
            actor=second,
            case=case,
            expected_version=seen,
            data=closing_proposal(outcome="refer_to_panel", reasons=[]),
        )
    assert refused.value.field == "version"
    case = fresh(case)
    assert case.status == CaseStatus.GATEWAY
    assert case.version == seen + 1
    assert PartnerCheck.objects.filter(case=case, partner="police").exists()
    assert not case.proposals.exists()
    services.decision_propose(
        actor=second,
        case=case,
        expected_version=case.version,
        data=closing_proposal(outcome="refer_to_panel", reasons=[]),
    )
    assert fresh(case).status == CaseStatus.AWAITING_DECISION


def test_two_seniors_deciding_one_proposal(world: World) -> None:
    officer = world.users["case_officer"]
    case = complete_gateway(to_state(case_of(world.referral_a), officer, "triage_start"), officer)
    proposal = services.decision_propose(
        actor=officer,
        case=case,
        expected_version=case.version,
        data=closing_proposal(evidence=[referral_entry(world.referral_a).pk]),
    )
    seen = fresh(case).version
    other = signed_in(world.users["senior_officer"])
    services.decision_approve(
        actor=world.users["senior_officer"], proposal=proposal, expected_version=seen
    )
    response = other.post(
        reverse("cases:return", args=[case.pk, proposal.pk]),
        {"version": seen, "reason": "Check with health first."},
    )
    assert response.status_code == 200
    assert "Someone else changed this case" in response.content.decode()
    assert "Check with health first." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    assert fresh(case).status == CaseStatus.CLOSED


def test_a_stale_proposal_form_keeps_what_the_officer_wrote(world: World) -> None:
    officer = world.users["case_officer"]
    case = to_state(case_of(world.referral_a), officer, "triage_start")
    seen = case.version
    services.case_information_gathering_start(
        actor=world.users["senior_officer"], case=case, expected_version=seen
    )
    response = signed_in(officer).post(
        reverse("cases:propose", args=[case.pk]),
        {
            "version": seen,
            "outcome": "refer_to_panel",
            "rationale": "A long rationale the officer must not lose.",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Someone else changed this case" in text
    assert "A long rationale the officer must not lose." in text
    assert fresh(case).status == CaseStatus.INFORMATION_GATHERING


def test_the_refused_form_can_be_sent_again_once_seen(world: World) -> None:
    officer = world.users["case_officer"]
    case = to_state(case_of(world.referral_a), officer, "triage_start")
    seen = case.version
    services.case_information_gathering_start(
        actor=world.users["senior_officer"], case=case, expected_version=seen
    )
    client = signed_in(officer)
    url = reverse("cases:propose", args=[case.pk])
    data = {"version": seen, "outcome": "refer_to_panel", "rationale": "Panel should see this."}
    response = client.post(url, data)
    assert f'value="{seen + 1}"' in response.content.decode()
    response = client.post(url, {**data, "version": seen + 1})
    assert response.status_code == 302
    assert fresh(case).status == CaseStatus.AWAITING_DECISION
