"""Reads of cases, each scoped to the viewer and audited. A viewer sees a case when they hold
a programme role at the local authority that owns it; anyone else is answered exactly as if
the case did not exist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from cairn.accounts import permissions
from cairn.accounts.models import User
from cairn.audit.services import audit_record
from cairn.cases import judgement, workflow
from cairn.cases.models import (
    Case,
    CaseStatus,
    DecisionProposal,
    FlagOverride,
    OnwardReferral,
    PartnerCheck,
    ProposalStatus,
)
from cairn.chronology.selectors import entries_visible_to
from cairn.lib.vocab import PARTNER_CHECKS
from cairn.people.models import Person, ReviewStatus


def _visible(user: User) -> QuerySet[Case]:
    if not permissions.can_view_cases(user):
        return Case.objects.none()
    return Case.objects.filter(owning_agency_id=user.agency_id)


def case_get_for(*, user: User, case_id: int) -> Case | None:
    """The case, if the viewer may see it; the read is audited."""
    case = _visible(user).select_related("person", "owning_agency").filter(pk=case_id).first()
    if case is None:
        return None
    audit_record(
        actor=user,
        action="case.view",
        object_type="case",
        object_id=case.pk,
        person_id=case.person_id,
    )
    return case


def case_list_for(*, user: User) -> list[Case]:
    """The viewer's agency's open cases, newest first; audited as one read."""
    if not permissions.can_view_cases(user):
        return []
    cases = list(_visible(user).exclude(status=CaseStatus.CLOSED).select_related("person")[:500])
    audit_record(actor=user, action="case.list", detail={"count": len(cases)})
    return cases


def proposals_awaiting_for(*, user: User) -> list[DecisionProposal]:
    """The senior officers' queue: proposals at the viewer's agency awaiting approval."""
    if not permissions.can_approve_decisions(user):
        return []
    proposals = list(
        DecisionProposal.objects.filter(
            case__owning_agency_id=user.agency_id, status=ProposalStatus.PENDING
        )
        .select_related("case", "case__person", "proposed_by")
        .order_by("proposed_at", "pk")
    )
    audit_record(actor=user, action="case.approvals_list", detail={"count": len(proposals)})
    return proposals


def overrides_for(*, user: User) -> list[FlagOverride]:
    """Every override of a blocking flag on the viewer's agency's cases, newest first."""
    if not permissions.can_view_override_report(user):
        return []
    found = list(
        FlagOverride.objects.filter(case__owning_agency_id=user.agency_id).select_related(
            "case", "by"
        )
    )
    audit_record(actor=user, action="case.overrides_list", detail={"count": len(found)})
    return found


def onward_inbox_for(*, user: User) -> list[OnwardReferral]:
    """Onward referrals addressed to the viewer's agency, unanswered first; audited."""
    if not permissions.can_respond_onward_referrals(user):
        return []
    found = sorted(
        OnwardReferral.objects.filter(to_agency_id=user.agency_id).select_related(
            "case__person", "case__owning_agency"
        ),
        key=lambda o: (o.is_finished, -o.sent_at.timestamp()),
    )
    audit_record(actor=user, action="case.onward_inbox", detail={"count": len(found)})
    return found


@dataclass(frozen=True)
class Escalation:
    """An onward referral the onward-referral-unacknowledged rule flags: no reply in time, or
    a reply of closed or declined with no action."""

    onward: OnwardReferral
    detail: str


def escalations_for(*, user: User, at: datetime) -> list[Escalation]:
    """The senior officers' escalation queue: onward referrals from the viewer's agency that
    the policy in force flags at `at`; audited as one read."""
    if not permissions.can_approve_decisions(user):
        return []
    policy = judgement.policy_now()
    found: list[Escalation] = []
    candidates = (
        OnwardReferral.objects.filter(case__owning_agency_id=user.agency_id)
        .exclude(status__in=("accepted", "action_taken"))
        .select_related("case__person", "to_agency")
        .order_by("sent_at", "pk")
    )
    flags_by_person: dict[int, list[Any]] = {}
    for onward in candidates:
        person = onward.case.person
        if person.pk not in flags_by_person:
            flags_by_person[person.pk] = judgement.open_flags(person, at, policy)
        decision = judgement.event_id(onward.decision_id)
        for flag in flags_by_person[person.pk]:
            if flag.rule == "onward-referral-unacknowledged" and decision in flag.evidence:
                found.append(Escalation(onward, flag.detail))
                break
    audit_record(actor=user, action="case.escalations_list", detail={"count": len(found)})
    return found


def onward_get_for(*, user: User, onward_id: int) -> OnwardReferral | None:
    """One onward referral, if it is addressed to the viewer's agency; audited."""
    if not permissions.can_respond_onward_referrals(user):
        return None
    onward = (
        OnwardReferral.objects.filter(pk=onward_id, to_agency_id=user.agency_id)
        .select_related("case__person", "case__owning_agency")
        .first()
    )
    if onward is None:
        return None
    audit_record(
        actor=user,
        action="case.onward_view",
        object_type="onward_referral",
        object_id=onward.pk,
        person_id=onward.case.person_id,
    )
    return onward


def open_case_for(*, person: Person, agency_id: int) -> Case | None:
    """The person's open case at a programme team, for services (no viewer)."""
    return (
        Case.objects.filter(person=person, owning_agency_id=agency_id)
        .exclude(status=CaseStatus.CLOSED)
        .first()
    )


def identity_review_pending(person: Person) -> bool:
    """Whether any of the person's records waits on a person to confirm or reject a match."""
    from cairn.people.models import IdentityReview

    return IdentityReview.objects.filter(
        Q(record__person=person) | Q(candidate__person=person), status=ReviewStatus.PENDING
    ).exists()


def pending_proposal(case: Case) -> DecisionProposal | None:
    return case.proposals.filter(status=ProposalStatus.PENDING).first()


def latest_checks(case: Case) -> dict[str, PartnerCheck]:
    """The newest record of each partner's check on the case."""
    found: dict[str, PartnerCheck] = {}
    for check in case.checks.order_by("-id"):
        found.setdefault(check.partner, check)
    return {p: found[p] for p in PARTNER_CHECKS if p in found}


@dataclass(frozen=True)
class FlagView:
    """An open flag as the case page shows it: its evidence as chronology entries, linked
    where the viewer may see them."""

    rule: str
    blocking: bool
    message: str
    detail: str
    raised_by: int | None
    evidence: list[tuple[int, bool]]
    from_suggested: bool
    overridable: bool


@dataclass(frozen=True)
class CasePage:
    case: Case
    referrals: list[object]
    flags: list[FlagView]
    policy_label: str
    proposal: DecisionProposal | None
    transitions: list[workflow.Transition]
    checks: dict[str, PartnerCheck]
    history: list[object]
    identity_pending: bool
    onward: list[OnwardReferral]


def case_page_for(*, user: User, case: Case, at: datetime) -> CasePage:
    """What the case page shows a viewer already allowed to see the case (`case_get_for`)."""
    policy = judgement.policy_now()
    flags = judgement.open_flags(case.person, at, policy)
    visible_ids = set(
        entries_visible_to(user)
        .filter(source_record__person=case.person)
        .values_list("pk", flat=True)
    )
    views = []
    for flag in flags:
        evidence = [
            (pk, pk in visible_ids)
            for pk in (judgement.entry_pk(e) for e in flag.evidence)
            if pk is not None
        ]
        views.append(
            FlagView(
                rule=flag.rule,
                blocking=flag.blocking,
                message=flag.message,
                detail=flag.detail,
                raised_by=judgement.entry_pk(flag.raised_by),
                evidence=evidence,
                from_suggested=flag.from_suggested_indicators,
                overridable=flag.blocking and flag.raised_by is not None,
            )
        )
    transitions = [
        row
        for row in workflow.from_state(case.status)
        if not row.by_form and permissions.can_make_transition(user, row.roles)
    ]
    return CasePage(
        case=case,
        referrals=[cr.referral for cr in case.case_referrals.select_related("referral")],
        flags=views,
        policy_label=policy.label,
        proposal=pending_proposal(case),
        transitions=transitions,
        checks=latest_checks(case),
        history=list(case.transitions.select_related("by")),
        identity_pending=identity_review_pending(case.person),
        onward=list(case.onward_referrals.select_related("to_agency")),
    )
