"""Decisions with the two-person rule: proposals judged by the policy in force before they
are saved, approval and return by a senior officer who is not the proposer, overrides of
blocking flags with a written reason."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cairn.audit.models import AuditEntry
from cairn.cases import judgement, services
from cairn.cases.models import Case, CaseStatus, DecisionProposal, FlagOverride, ProposalStatus
from cairn.chronology.models import Entry
from cairn.chronology.services import EntryInput, entry_record
from cairn.lib.errors import ServiceError
from tests.cases.helpers import (
    case_of,
    closing_proposal,
    complete_gateway,
    fresh,
    record_entry,
    referral_entry,
    to_state,
)
from tests.conftest import World, signed_in
from tests.factories import make_referral

S = CaseStatus


def _gathering(world: World) -> Case:
    officer = world.users["case_officer"]
    return to_state(
        case_of(world.referral_a), officer, "triage_start", "information_gathering_start"
    )


def _propose(world: World, case: Case, **overrides: Any) -> DecisionProposal:
    case = fresh(case)
    overrides.setdefault("evidence", [referral_entry(world.referral_a).pk])
    return services.decision_propose(
        actor=world.users["case_officer"],
        case=case,
        expected_version=case.version,
        data=closing_proposal(**overrides),
    )


def test_closure_is_refused_while_a_blocking_flag_is_open(world: World) -> None:
    case = _gathering(world)
    page = signed_in(world.users["case_officer"]).get(reverse("cases:case", args=[case.pk]))
    assert reverse("panels:case", args=[case.pk]) not in page.content.decode()
    before = (case.version, Entry.objects.count())
    with pytest.raises(ServiceError) as refused:
        _propose(world, case)
    message = refused.value.message
    assert "closed while blocking flag violence-fixation was open" in message
    assert "Red-flag indicators" in message  # the rule's own message
    assert "2025 (version" in message
    case = fresh(case)
    assert case.status == S.INFORMATION_GATHERING
    assert (case.version, Entry.objects.count()) == before


def test_no_ideology_alone_is_refused_as_a_reason(world: World) -> None:
    case = complete_gateway(_gathering(world), world.users["case_officer"])
    with pytest.raises(ServiceError, match="no ideology was the only reason given"):
        _propose(world, case, reasons=["no_ideology"])


def test_a_pending_assessment_is_never_a_reason(world: World) -> None:
    case = complete_gateway(_gathering(world), world.users["case_officer"])
    with pytest.raises(ServiceError, match="pending-assessment"):
        _propose(world, case, outcome="continue", reasons=["awaiting_assessment"])


def test_the_partner_checklist_and_contact_are_required_for_closure(world: World) -> None:
    officer = world.users["case_officer"]
    case = _gathering(world)
    record_entry(case, officer, "assessment_completed", assessment="violence_fixation")
    with pytest.raises(ServiceError) as refused:
        _propose(world, case)
    assert "information-gathering" in refused.value.message
    assert "no check marked for police" in refused.value.message
    assert "engagement-feedback" in refused.value.message


def test_evidence_the_proposer_cannot_see_is_refused(world: World) -> None:
    case = complete_gateway(_gathering(world), world.users["case_officer"])
    theirs = entry_record(
        actor=world.users["officer_b"],
        owning_agency=world.agency_b,
        source_record=world.referral_a.source_record,
        data=EntryInput(kind="social_care_event", occurred_at=timezone.now(), indicators=()),
    )
    with pytest.raises(ServiceError) as refused:
        _propose(world, case, evidence=[theirs.pk])
    assert refused.value.field == "evidence"
    assert str(theirs.pk) in refused.value.message
    with pytest.raises(ServiceError, match="Evidence must be"):
        _propose(world, case, evidence=[999_999])
    assert fresh(case).status == S.INFORMATION_GATHERING


def test_a_closure_proposed_then_approved_by_another_senior(world: World) -> None:
    officer, senior = world.users["case_officer"], world.users["senior_officer"]
    case = complete_gateway(_gathering(world), officer)
    proposal = _propose(world, case)
    case = fresh(case)
    assert case.status == S.AWAITING_DECISION
    assert proposal.policy_name == "2025"
    # Neither the proposer nor a case officer approves.
    for who in (officer, world.users["panel_chair"]):
        with pytest.raises(ServiceError):
            services.decision_approve(actor=who, proposal=proposal, expected_version=case.version)
    assert fresh(case).status == S.AWAITING_DECISION
    proposal = services.decision_approve(
        actor=senior, proposal=proposal, expected_version=case.version
    )
    case = fresh(case)
    assert case.status == S.CLOSED
    assert case.closed_at is not None
    assert proposal.status == ProposalStatus.APPROVED
    entry = proposal.entry
    assert entry is not None
    assert entry.kind == "decision"
    assert entry.details["outcome"] == "no_further_action"
    assert entry.details["proposed_by_role"] == "case_officer"
    assert entry.details["approved_by_role"] == "senior_officer"
    assert entry.details["policy"] == "2025"
    assert entry.details["policy_version"] == proposal.policy_version
    assert entry.details["evidence"] == [str(referral_entry(world.referral_a).pk)]
    assert set(entry.details["checks"]) == {
        "police",
        "social_care",
        "education",
        "health",
        "youth_justice",
    }
    assert AuditEntry.objects.filter(action="case.decision_approved").exists()
    # The recorded decision is one the replay would not call divergent.
    events = judgement.chronology_events(case.person)
    recorded = next(e for e in events if e.id == judgement.event_id(entry.pk))
    assert recorded.get("evidence") == [judgement.event_id(referral_entry(world.referral_a).pk)]


def test_a_senior_cannot_approve_their_own_proposal(world: World) -> None:
    senior = world.users["senior_officer"]
    case = complete_gateway(_gathering(world), world.users["case_officer"])
    case = fresh(case)
    proposal = services.decision_propose(
        actor=senior,
        case=case,
        expected_version=case.version,
        data=closing_proposal(evidence=[referral_entry(world.referral_a).pk]),
    )
    case = fresh(case)
    with pytest.raises(ServiceError, match="two-person rule"):
        services.decision_approve(actor=senior, proposal=proposal, expected_version=case.version)


def test_approval_judges_the_chronology_as_it_is_now(world: World) -> None:
    officer, senior = world.users["case_officer"], world.users["senior_officer"]
    case = complete_gateway(_gathering(world), officer)
    proposal = _propose(world, case)
    entry_record(
        actor=officer,
        owning_agency=world.agency_a,
        source_record=world.referral_a.source_record,
        data=EntryInput(
            kind="police_contact",
            occurred_at=timezone.now(),
            summary="Found carrying a knife.",
            indicators=("weapon_carrying",),
        ),
    )
    case = fresh(case)
    with pytest.raises(ServiceError, match="violence-fixation"):
        services.decision_approve(actor=senior, proposal=proposal, expected_version=case.version)
    assert fresh(case).status == S.AWAITING_DECISION


def test_a_return_sends_the_case_back_with_the_reason(world: World) -> None:
    officer, senior = world.users["case_officer"], world.users["senior_officer"]
    case = complete_gateway(_gathering(world), officer)
    proposal = _propose(world, case)
    case = fresh(case)
    with pytest.raises(ServiceError, match="why"):
        services.decision_return(
            actor=senior, proposal=proposal, expected_version=case.version, reason=" "
        )
    entries = Entry.objects.count()
    proposal = services.decision_return(
        actor=senior,
        proposal=proposal,
        expected_version=case.version,
        reason="Speak to the youth offending team first.",
    )
    assert proposal.status == ProposalStatus.RETURNED
    assert fresh(case).status == S.INFORMATION_GATHERING
    assert Entry.objects.count() == entries
    with pytest.raises(ServiceError):
        services.decision_approve(
            actor=senior, proposal=proposal, expected_version=fresh(case).version
        )


def test_a_referral_to_panel_moves_the_case_to_panel(world: World) -> None:
    officer, senior = world.users["case_officer"], world.users["senior_officer"]
    case = _gathering(world)
    proposal = _propose(world, case, outcome="refer_to_panel", reasons=[])
    case = fresh(case)
    assert proposal.sign_off_needed == []
    services.decision_approve(actor=senior, proposal=proposal, expected_version=case.version)
    case = fresh(case)
    assert case.status == S.PANEL
    panel = reverse("panels:case", args=[case.pk])
    page = signed_in(officer).get(reverse("cases:case", args=[case.pk])).content.decode()
    assert panel in page
    case = to_state(case, world.users["panel_chair"], "panel_adopt")
    assert case.status == S.ADOPTED
    with pytest.raises(ServiceError, match="panel chair"):
        services.case_exit(actor=officer, case=case, expected_version=case.version)


def test_a_child_with_complex_needs_needs_a_seniors_sign_off_to_close(world: World) -> None:
    officer = world.users["case_officer"]
    referral = make_referral(
        owner=world.agency_a,
        source=world.school,
        given_name="Alex",
        family_name="Marsh",
        date_of_birth=date(2012, 5, 2),
        postcode="NX9 9ZZ",
        concern_type="islamist",
        indicators=["send_ehcp"],
    )
    case = to_state(case_of(referral), officer, "triage_start", "information_gathering_start")
    case = complete_gateway(case, officer)
    proposal = services.decision_propose(
        actor=officer,
        case=case,
        expected_version=case.version,
        data=closing_proposal(evidence=[referral_entry(referral).pk]),
    )
    assert any("child-complex-needs" in why for why in proposal.sign_off_needed)
    assert any("closed a child's case" in why for why in proposal.sign_off_needed)
    case = fresh(case)
    with pytest.raises(ServiceError, match="senior officer"):
        services.decision_approve(
            actor=world.users["panel_chair"], proposal=proposal, expected_version=case.version
        )
    services.decision_approve(
        actor=world.users["senior_officer"], proposal=proposal, expected_version=case.version
    )
    assert fresh(case).status == S.CLOSED


def test_a_senior_override_needs_a_reason_and_is_recorded_and_reported(world: World) -> None:
    officer, senior = world.users["case_officer"], world.users["senior_officer"]
    case = _gathering(world)
    record_entry(case, officer, "assessment_completed", assessment="programme")
    raised_by = referral_entry(world.referral_a).pk
    with pytest.raises(ServiceError, match="reason"):
        services.flag_override(
            actor=senior,
            case=case,
            expected_version=case.version,
            rule="violence-fixation",
            raised_by=raised_by,
            reason="ok",
        )
    with pytest.raises(ServiceError, match="senior officer"):
        services.flag_override(
            actor=officer,
            case=case,
            expected_version=case.version,
            rule="violence-fixation",
            raised_by=raised_by,
            reason="The research was set work for a history lesson.",
        )
    with pytest.raises(ServiceError, match="No such blocking flag"):
        services.flag_override(
            actor=senior,
            case=case,
            expected_version=case.version,
            rule="consent-obstruction",
            raised_by=raised_by,
            reason="The research was set work for a history lesson.",
        )
    override = services.flag_override(
        actor=senior,
        case=case,
        expected_version=case.version,
        rule="violence-fixation",
        raised_by=raised_by,
        reason="The research was set work for a history lesson.",
    )
    assert override.entry.kind == "flag_resolution"
    assert override.entry.details["action"] == "overridden"
    assert override.entry.details["rationale"].startswith("The research")
    assert override.entry.refers_to_id == raised_by
    assert FlagOverride.objects.filter(case=case).count() == 1
    assert AuditEntry.objects.filter(action="case.flag_override").exists()
    open_rules = {
        f.rule for f in judgement.open_flags(case.person, timezone.now(), judgement.policy_now())
    }
    assert "violence-fixation" not in open_rules


def test_the_referrer_is_told_the_outcome_in_the_words_policy_allows(world: World) -> None:

    from cairn.referrals.models import ReferralStatus
    from cairn.referrals.services import REFERRER_OUTCOMES
    from cairn.work.models import Notification

    officer, senior = world.users["case_officer"], world.users["senior_officer"]
    case = complete_gateway(_gathering(world), officer)
    proposal = _propose(world, case)
    services.decision_approve(actor=senior, proposal=proposal, expected_version=fresh(case).version)
    referral = world.referral_a
    referral.refresh_from_db()
    told = REFERRER_OUTCOMES["no_further_action"]
    assert referral.outcome_for_referrer == told
    assert referral.status == ReferralStatus.CLOSED
    notice = Notification.objects.get(recipient=world.users["referrer"])
    assert notice.text == f"Referral {referral.reference}: {told}"
    page = signed_in(world.users["referrer"]).get(reverse("referrals:mine")).content.decode()
    assert told in page
    # Only the outcome: not the reasons, the rationale or the person.
    assert "no_ideology" not in page
    assert "Jordan" not in page
    assert proposal.rationale not in page
