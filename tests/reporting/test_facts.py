"""Facts follow decisions recorded through the case services (the same records the bulk
path writes), and a refresh with nothing new does nothing."""

from __future__ import annotations

from cairn.cases import services
from cairn.reporting.models import ReferralFact, ReleaseCell
from cairn.reporting.services import facts_refresh, stage_of
from tests.cases.helpers import case_of, closing_proposal, fresh, to_state
from tests.conftest import World


def test_stage_of_decision_outcomes() -> None:
    assert stage_of([]) == "awaiting"
    assert stage_of(["no_further_action"]) == "nfa"
    assert stage_of(["no_further_action", "signposted"]) == "signposted"
    assert stage_of(["refer_to_panel"]) == "panel"
    assert stage_of(["refer_to_panel", "not_adopted"]) == "panel"
    assert stage_of(["refer_to_panel", "adopted"]) == "adopted"
    assert stage_of(["refer_to_panel", "adopted", "exit"]) == "exited"


def test_a_decision_approved_through_the_services_moves_the_referral(world: World) -> None:
    facts_refresh()
    fact = ReferralFact.objects.get(referral=world.referral_a)
    assert fact.stage == "awaiting"
    assert fact.decided_at is None
    assert fact.age_band in ("16_17", "18_20")  # born March 2010, referred now
    officer, senior = world.users["case_officer"], world.users["senior_officer"]
    case = to_state(case_of(world.referral_a), officer, "triage_start")
    proposal = services.decision_propose(
        actor=officer,
        case=case,
        expected_version=case.version,
        data=closing_proposal(outcome="refer_to_panel", reasons=[]),
    )
    services.decision_approve(actor=senior, proposal=proposal, expected_version=fresh(case).version)
    assert facts_refresh().referrals >= 1
    fact.refresh_from_db()
    assert fact.stage == "panel"
    assert fact.decided_at is not None
    panel = ReleaseCell.objects.filter(
        owning_agency=world.agency_a, dimension="all", stage="panel"
    ).values_list("n", flat=True)
    assert list(panel) == [1]
    assert facts_refresh().referrals == 0
