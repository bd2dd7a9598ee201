"""The case workflow through its services: opening and joining cases, every button move
from the states it is allowed in and refused from the others, roles, stale versions, the
identity-match precondition, and what each move records."""

from __future__ import annotations

from datetime import date

import pytest

from cairn.audit.models import AuditEntry
from cairn.cases import services, workflow
from cairn.cases.models import Case, CaseStatus, CaseTransition
from cairn.chronology.models import Entry
from cairn.lib.errors import ServiceError
from cairn.people.models import IdentityReview
from tests.cases.helpers import case_of, fresh, to_state
from tests.conftest import World
from tests.factories import make_referral

S = CaseStatus


def test_a_referral_opens_a_case_and_later_ones_join_it(world: World) -> None:
    case = case_of(world.referral_a)
    assert case.status == S.RECEIVED
    assert case.owning_agency == world.agency_a
    assert case.person == world.referral_a.person
    again = make_referral(owner=world.agency_a, source=world.school, person=case.person)
    assert case_of(again) == case
    assert fresh(case).version == 2
    assert AuditEntry.objects.filter(action="case.referral_add", object_id=str(case.pk)).exists()


def test_another_person_or_agency_has_a_case_of_their_own(world: World) -> None:
    assert case_of(world.referral_b) != case_of(world.referral_a)
    at_b = make_referral(owner=world.agency_b, source=world.school, person=world.referral_a.person)
    assert case_of(at_b).owning_agency == world.agency_b
    assert case_of(at_b) != case_of(world.referral_a)


def test_a_referral_after_closure_opens_a_new_case(world: World) -> None:
    case = case_of(world.referral_a)
    Case.objects.filter(pk=case.pk).update(status=S.CLOSED)
    later = make_referral(owner=world.agency_a, source=world.school, person=case.person)
    assert case_of(later) != case
    assert case_of(later).status == S.RECEIVED


def test_the_moves_of_the_gateway_are_recorded_on_the_chronology(world: World) -> None:
    officer = world.users["case_officer"]
    case = to_state(
        case_of(world.referral_a),
        officer,
        "triage_start",
        "information_gathering_start",
        "assessment_start",
    )
    assert case.status == S.ASSESSMENT
    assert case.version == 4
    moves = list(CaseTransition.objects.filter(case=case))
    assert [(m.from_status, m.to_status) for m in moves] == [
        (S.RECEIVED, S.GATEWAY),
        (S.GATEWAY, S.INFORMATION_GATHERING),
        (S.INFORMATION_GATHERING, S.ASSESSMENT),
    ]
    for move in moves:
        assert move.policy_name == "2025"
        assert move.policy_version >= 1
        assert move.entry is not None
        assert move.entry.kind == "decision"
        assert move.entry.details["policy"] == "2025"
        assert move.entry.refers_to == Entry.objects.get(referral=world.referral_a)
    outcomes = [m.entry.details["outcome"] for m in moves if m.entry]
    assert outcomes == ["continue", "information_gathering", "continue"]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"case.triage_start", "case.information_gathering_start"} <= actions


@pytest.mark.parametrize(
    "name",
    ["information_gathering_start", "assessment_start", "panel_adopt", "case_exit", "case_reopen"],
)
def test_a_move_not_allowed_from_the_state_is_refused_and_changes_nothing(
    world: World, name: str
) -> None:
    case = case_of(world.referral_a)
    user = world.users[
        "panel_chair" if name.startswith(("panel", "case_exit")) else "senior_officer"
    ]
    before = (case.status, case.version, Entry.objects.count())
    with pytest.raises(ServiceError) as refused:
        services.SIMPLE_MOVES[name](
            actor=user, case=case, expected_version=case.version, note="A reason to reopen."
        )
    assert "received" in refused.value.message
    case = fresh(case)
    assert (case.status, case.version, Entry.objects.count()) == before


@pytest.mark.parametrize(
    "role", ["panel_chair", "panel_member", "analyst", "auditor", "administrator", "referrer"]
)
def test_triage_by_a_role_the_table_does_not_name_is_refused(world: World, role: str) -> None:
    case = case_of(world.referral_a)
    with pytest.raises(ServiceError) as refused:
        services.case_triage_start(
            actor=world.users[role], case=case, expected_version=case.version
        )
    assert "Only a case officer or senior officer" in refused.value.message or (
        "another agency" in refused.value.message
    )
    assert fresh(case).status == S.RECEIVED


def test_another_agencys_officer_cannot_move_the_case(world: World) -> None:
    case = case_of(world.referral_a)
    with pytest.raises(ServiceError, match="another agency"):
        services.case_triage_start(
            actor=world.users["officer_b"], case=case, expected_version=case.version
        )
    assert fresh(case).status == S.RECEIVED


def test_a_stale_version_is_refused_and_the_other_officers_work_kept(world: World) -> None:
    officer = world.users["case_officer"]
    senior = world.users["senior_officer"]
    case = case_of(world.referral_a)
    seen = case.version
    services.case_triage_start(actor=senior, case=case, expected_version=seen)
    with pytest.raises(ServiceError) as refused:
        services.case_triage_start(actor=officer, case=case, expected_version=seen)
    assert refused.value.field == "version"
    assert f"you saw version {seen}" in refused.value.message
    case = fresh(case)
    assert case.status == S.GATEWAY
    assert case.version == seen + 1
    assert CaseTransition.objects.filter(case=case).count() == 1


def test_triage_is_refused_while_an_identity_review_is_pending(world: World) -> None:
    officer = world.users["case_officer"]
    case = case_of(world.referral_a)
    review = IdentityReview.objects.create(
        record=world.referral_a.source_record,
        candidate=world.referral_b.source_record,
        match_probability=0.6,
        match_weight=1.0,
        model_version="test",
    )
    with pytest.raises(ServiceError, match="identity-match"):
        services.case_triage_start(actor=officer, case=case, expected_version=case.version)
    assert fresh(case).status == S.RECEIVED
    IdentityReview.objects.filter(pk=review.pk).update(status="rejected")
    services.case_triage_start(actor=officer, case=case, expected_version=case.version)
    assert fresh(case).status == S.GATEWAY


def test_reopening_needs_a_senior_and_a_reason(world: World) -> None:
    case = case_of(world.referral_a)
    Case.objects.filter(pk=case.pk).update(status=S.CLOSED)
    case = fresh(case)
    with pytest.raises(ServiceError, match="why"):
        services.case_reopen(
            actor=world.users["senior_officer"], case=case, expected_version=case.version
        )
    with pytest.raises(ServiceError, match="senior officer"):
        services.case_reopen(
            actor=world.users["case_officer"],
            case=case,
            expected_version=case.version,
            note="A new police contact.",
        )
    services.case_reopen(
        actor=world.users["senior_officer"],
        case=case,
        expected_version=case.version,
        note="A new police contact.",
    )
    case = to_state(fresh(case), world.users["case_officer"], "triage_restart")
    assert case.status == S.GATEWAY
    assert case.closed_at is None


def test_reopening_is_refused_while_another_case_is_open(world: World) -> None:
    case = case_of(world.referral_a)
    Case.objects.filter(pk=case.pk).update(status=S.CLOSED)
    make_referral(owner=world.agency_a, source=world.school, person=case.person)
    case = fresh(case)
    with pytest.raises(ServiceError, match="already has an open case"):
        services.case_reopen(
            actor=world.users["senior_officer"],
            case=case,
            expected_version=case.version,
            note="A new police contact.",
        )


def test_the_table_is_complete() -> None:
    """Every row names roles and a known precondition; every button row has its service;
    a move's name with a state picks one row."""
    seen = set()
    for row in workflow.TRANSITIONS:
        assert row.roles
        assert row.precondition in workflow.PRECONDITIONS
        assert (row.name, row.source, row.target) not in seen
        seen.add((row.name, row.source, row.target))
        if not row.by_form:
            assert row.name in services.SIMPLE_MOVES
    for name in services.SIMPLE_MOVES:
        assert workflow.simple(name)
    reachable = {row.target for row in workflow.TRANSITIONS} | {S.RECEIVED}
    assert reachable == set(S)


def test_the_contact_record_asks_a_childs_parent(world: World) -> None:
    officer = world.users["case_officer"]
    case = to_state(case_of(world.referral_a), officer, "triage_start")
    with pytest.raises(ServiceError, match="parent"):
        services.contact_record(
            actor=officer,
            case=case,
            expected_version=case.version,
            subject_engaged=True,
            parent_engaged=None,
            not_engaged_reason="",
            on=date.today(),
        )
    with pytest.raises(ServiceError, match="why"):
        services.contact_record(
            actor=officer,
            case=case,
            expected_version=case.version,
            subject_engaged=False,
            parent_engaged=True,
            not_engaged_reason="",
            on=date.today(),
        )
    seen = case.version
    contact = services.contact_record(
        actor=officer,
        case=case,
        expected_version=case.version,
        subject_engaged=False,
        parent_engaged=True,
        not_engaged_reason="Declined through the parent.",
        on=date.today(),
    )
    assert contact.entry.details["subject_engaged"] is False
    assert contact.entry.details["not_engaged_reason"] == "Declined through the parent."
    assert fresh(case).version == seen + 1


def test_the_checklist_is_recorded_as_a_decision_the_rules_read(world: World) -> None:
    officer = world.users["case_officer"]
    case = to_state(case_of(world.referral_a), officer, "triage_start")
    with pytest.raises(ServiceError, match="future"):
        services.checks_record(
            actor=officer,
            case=case,
            expected_version=case.version,
            checks=[services.CheckInput("police", "checked", date(2999, 1, 1))],
        )
    with pytest.raises(ServiceError, match="Unknown partner"):
        services.checks_record(
            actor=officer,
            case=case,
            expected_version=case.version,
            checks=[services.CheckInput("astrology", "checked", date.today())],
        )
    made = services.checks_record(
        actor=officer,
        case=case,
        expected_version=case.version,
        checks=[
            services.CheckInput("police", "checked", date(2026, 1, 5), "No trace"),
            services.CheckInput("health", "refused", date(2026, 1, 6)),
        ],
    )
    entry = made[0].entry
    assert entry.details["checks"] == {
        "police": {"status": "checked", "at": "2026-01-05", "note": "No trace"},
        "health": {"status": "refused", "at": "2026-01-06", "note": None},
    }
    assert entry.details["outcome"] == "information_gathering"


def test_checks_are_refused_before_triage(world: World) -> None:
    case = case_of(world.referral_a)
    with pytest.raises(ServiceError, match="gateway"):
        services.checks_record(
            actor=world.users["case_officer"],
            case=case,
            expected_version=case.version,
            checks=[services.CheckInput("police", "checked", date.today())],
        )
