"""Reads of cases, each scoped to the viewer and audited. A viewer sees a case when they hold
a programme role at the local authority that owns it; anyone else is answered exactly as if
the case did not exist."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from cairn.accounts import permissions
from cairn.accounts.models import User
from cairn.audit.services import audit_record
from cairn.cases import judgement, workflow
from cairn.cases import permissions as case_permissions
from cairn.cases.models import (
    FINAL_RESPONSES,
    Assessment,
    AssessmentTemplate,
    Case,
    CaseStatus,
    DecisionProposal,
    EditConflict,
    FlagOverride,
    OnwardReferral,
    PartnerCheck,
    ProposalStatus,
)
from cairn.chronology.models import Entry, Sensitivity, SuggestionState
from cairn.chronology.selectors import entries_visible_to
from cairn.lib.vocab import ASSESSMENTS, DECISION_OUTCOMES, PARTNER_CHECKS
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


def onward_waiting_count(user: User) -> int:
    """How many onward referrals addressed to the viewer's agency still await its answer (no
    personal data, not audited)."""
    if not permissions.can_respond_onward_referrals(user):
        return 0
    return (
        OnwardReferral.objects.filter(to_agency_id=user.agency_id)
        .exclude(status__in=FINAL_RESPONSES)
        .count()
    )


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
class SuggestionsView:
    """An entry of the case's person with suggested indicators awaiting a person's decision,
    and whether this viewer may decide them from the case."""

    entry: Entry
    codes: list[str]
    decidable: bool


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
    assessments: list[Assessment] = field(default_factory=list)
    suggestions: list[SuggestionsView] = field(default_factory=list)
    conflicts: list[EditConflict] = field(default_factory=list)


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
        assessments=list(case.assessments.select_related("template", "by")),
        suggestions=suggestions_awaiting_for(user=user, case=case),
        conflicts=list(case.conflicts.filter(by=user, resolved_at__isnull=True)),
    )


# --- Suggested indicators awaiting a decision -------------------------------------------------


def _suggestion_entries(user: User, case: Case) -> QuerySet[Entry]:
    """Entries of the case's person that the viewer may read in full and whose suggestions
    wait on a person (an official-sensitive entry of another agency shows only its kind)."""
    return (
        entries_visible_to(user)
        .filter(source_record__person=case.person, suggestion_state=SuggestionState.SUGGESTED)
        .exclude(
            Q(sensitivity=Sensitivity.OFFICIAL_SENSITIVE) & ~Q(owning_agency_id=user.agency_id)
        )
        .select_related("owning_agency")
    )


def suggestions_awaiting_for(*, user: User, case: Case) -> list[SuggestionsView]:
    """The case's person's entries with suggestions awaiting a decision, oldest first."""
    found = []
    for entry in _suggestion_entries(user, case).order_by("occurred_at", "pk"):
        codes = entry.indicators_suggested
        if codes:
            decidable = case_permissions.can_decide_suggestions_on_case(user, entry)
            found.append(SuggestionsView(entry, codes, decidable))
    return found


def suggestion_entry_for(*, user: User, case: Case, entry_id: int) -> Entry | None:
    """One entry of the case's person with suggestions the viewer may read; for the view that
    decides them from the case."""
    return (
        _suggestion_entries(user, case).select_related("source_record").filter(pk=entry_id).first()
    )


# --- Assessment templates and assessments ----------------------------------------------------


def assessment_templates_current() -> list[AssessmentTemplate]:
    """The newest version of each named template: what an officer is offered."""
    newest: dict[str, AssessmentTemplate] = {}
    for template in AssessmentTemplate.objects.order_by("name", "-version"):
        newest.setdefault(template.name, template)
    return list(newest.values())


def assessment_template_list() -> list[AssessmentTemplate]:
    """Every version of every template, for administrators."""
    return list(
        AssessmentTemplate.objects.select_related("created_by").order_by("name", "-version")
    )


def assessment_template_get(*, template_id: int) -> AssessmentTemplate | None:
    return AssessmentTemplate.objects.filter(pk=template_id).first()


# --- Edit conflicts ----------------------------------------------------------------------------


def conflict_get_for(*, user: User, case: Case, conflict_id: int) -> EditConflict | None:
    """A refused change kept for its author: nobody else's."""
    return EditConflict.objects.filter(pk=conflict_id, case=case, by=user).first()


@dataclass(frozen=True)
class ConflictView:
    """A refused change beside what the case holds now, as rows of label and value."""

    conflict: EditConflict
    saved: list[tuple[str, str]]
    yours: list[tuple[str, str]]


def _saved_rows(case: Case, kind: str) -> list[tuple[str, str]]:
    rows = [
        ("Case status", CaseStatus(case.status).label),
        ("Version", str(case.version)),
    ]
    if kind in ("proposal", "return"):
        proposal = case.proposals.select_related("proposed_by").order_by("-proposed_at").first()
        if proposal is None:
            rows.append(("Decision proposed", "None"))
        else:
            rows += [
                ("Decision proposed", DECISION_OUTCOMES.get(proposal.outcome, proposal.outcome)),
                ("Proposal status", ProposalStatus(proposal.status).label),
                ("Proposed by", proposal.proposed_by.get_username()),
                ("Rationale", proposal.rationale),
            ]
            if proposal.return_reason:
                rows.append(("Returned because", proposal.return_reason))
    elif kind == "checks":
        for partner, check in latest_checks(case).items():
            note = f" ({check.note})" if check.note else ""
            rows.append(
                (
                    PARTNER_CHECKS[partner],
                    f"{check.get_status_display()}, {check.on:%d %b %Y}{note}",
                )
            )
    elif kind == "contact":
        contact = case.contacts.first()
        if contact is not None:
            rows += [
                ("Subject spoken to", "Yes" if contact.subject_engaged else "No"),
                (
                    "Parent spoken to",
                    {True: "Yes", False: "No", None: "Not recorded"}[contact.parent_engaged],
                ),
                ("Why not", contact.not_engaged_reason or "-"),
                ("Date", f"{contact.on:%d %b %Y}"),
            ]
    elif kind == "override":
        for override in case.overrides.all()[:5]:
            rows.append((f"Override of {override.rule}", override.reason))
    elif kind == "assessment":
        assessment = case.assessments.select_related("template").first()
        if assessment is not None:
            rows += [
                ("Assessment", ASSESSMENTS.get(assessment.assessment, assessment.assessment)),
                ("Template", assessment.template.label),
                *[(str(s["heading"]), str(s["judgement"])) for s in assessment.sections],
                ("Overall conclusion", assessment.result),
            ]
    return rows


def conflict_view_for(*, case: Case, conflict: EditConflict) -> ConflictView:
    """What the conflict page and a refused form show side by side."""
    case.refresh_from_db()
    yours = [(str(a), str(b)) for a, b in conflict.submitted.get("shown", [])]
    return ConflictView(conflict, _saved_rows(case, conflict.kind), yours)
