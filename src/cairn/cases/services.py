"""Writes to cases: opening or joining a case for a referral, one service per move of the
workflow table, decisions proposed and approved by two people, overrides of blocking flags,
and the gateway's partner checklist and contact record.

Every service takes the acting user and the case `version` the user's page showed; it locks
the case, refuses a stale version, a move the table does not allow from the current state,
a role the row does not name or a precondition that does not hold (a `ServiceError` saying
why, and the case unchanged), then writes the case, its chronology entry and its audit entry
in one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cairn.accounts import permissions
from cairn.accounts.models import ApiToken, User
from cairn.accounts.roles import Role
from cairn.agencies.models import Agency
from cairn.audit.services import audit_record
from cairn.cases import judgement, selectors, workflow
from cairn.cases import permissions as case_permissions
from cairn.cases.models import (
    FINAL_RESPONSES,
    Assessment,
    AssessmentTemplate,
    Case,
    CaseReferral,
    CaseStatus,
    CaseTransition,
    ConflictResolution,
    ContactRecord,
    DecisionProposal,
    EditConflict,
    FlagOverride,
    OnwardReferral,
    PartnerCheck,
    ProposalStatus,
)
from cairn.chronology.models import Entry
from cairn.chronology.selectors import entries_visible_to
from cairn.chronology.services import EntryInput, entry_record, entry_suggestions_decide
from cairn.lib.errors import ServiceError
from cairn.lib.vocab import ASSESSMENTS as ASSESSMENT_LABELS
from cairn.lib.vocab import CHECK_STATUSES, DECISION_REASONS, ONWARD_RESPONSES, PARTNER_CHECKS
from cairn.referrals.models import Referral
from cairn.rules.policies import PolicySpec

RATIONALE_MAX_CHARS = 20_000
#: Ages below this need a parent's contact recorded (as the engagement-feedback rule reads).
CHILD_AGE = 18


# --- Opening a case ---------------------------------------------------------------------------


def case_for_referral(*, actor: User | ApiToken | None, referral: Referral) -> Case:
    """Gather a referral just received into the person's open case at the owning local
    authority, opening one (in `received`) if there is none. Called by `referral_submit`
    inside its transaction."""
    now = timezone.now()
    with transaction.atomic():
        person = referral.person
        case = selectors.open_case_for(person=person, agency_id=referral.owning_agency_id)
        opened = case is None
        if case is None:
            case = Case.objects.create(
                person=person, owning_agency=referral.owning_agency, opened_at=now
            )
        else:
            Case.objects.filter(pk=case.pk).update(version=F("version") + 1)
            case.refresh_from_db()
        CaseReferral.objects.create(case=case, referral=referral, added_at=now)
        audit_record(
            actor=actor,
            action="case.open" if opened else "case.referral_add",
            object_type="case",
            object_id=case.pk,
            person_id=person.pk,
            detail={"referral": referral.pk},
        )
    return case


# --- The checks every move makes --------------------------------------------------------------


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("person").get(pk=case.pk)


def _refuse_stale(case: Case, expected_version: int) -> None:
    if case.version != expected_version:
        raise ServiceError(
            "version",
            "Someone else changed this case since you opened it (you saw version "
            f"{expected_version}; it is now version {case.version}). Nothing was saved: "
            "reload the case, check their change and try again.",
        )


def _refuse_role(actor: User, case: Case, row: workflow.Transition) -> None:
    if actor.agency_id != case.owning_agency_id:
        raise ServiceError("case", "This case belongs to another agency")
    if not permissions.can_make_transition(actor, row.roles):
        who = " or ".join(Role(r).label.lower() for r in row.roles)
        raise ServiceError("case", f"Only a {who} may {row.label.lower()}")


def _row(name: str, case: Case, target: str | None = None) -> workflow.Transition:
    row = workflow.find(name, case.status, target)
    if row is None:
        allowed = sorted({r.source.label.lower() for r in workflow.TRANSITIONS if r.name == name})
        raise ServiceError(
            "case",
            f"A case that is {CaseStatus(case.status).label.lower()} cannot move by "
            f"{name.replace('_', ' ')}; that is allowed only from: " + ", ".join(allowed),
        )
    return row


def _precondition(row: workflow.Transition, case: Case) -> None:
    if row.precondition == "no_identity_review_pending" and selectors.identity_review_pending(
        case.person
    ):
        raise ServiceError(
            "case",
            "Refused while an identity review is pending for this person's records (rule "
            "identity-match): a person must confirm or reject each possible match first",
        )
    if row.precondition == "no_other_open_case" and selectors.open_case_for(
        person=case.person, agency_id=case.owning_agency_id
    ):
        raise ServiceError("case", "The person already has an open case; work on that one")


def _begin(
    actor: User, case: Case, expected_version: int, name: str, target: str | None = None
) -> tuple[Case, workflow.Transition]:
    """Lock the case and make every check of a move, in the order a person would want to be
    told: the agency and role, then whether the page was current, then the state, then the
    precondition."""
    locked = _locked(case)
    row = workflow.find(name, locked.status, target) or next(
        (r for r in workflow.TRANSITIONS if r.name == name), None
    )
    if row is None:
        raise ServiceError("case", f"No move named {name}")
    _refuse_role(actor, locked, row)
    _refuse_stale(locked, expected_version)
    row = _row(name, locked, target)
    _precondition(row, locked)
    return locked, row


def _referral_entry(case: Case) -> Entry:
    """The chronology entry of the case's newest referral: what its decisions refer to."""
    newest = case.case_referrals.order_by("-added_at", "-id").first()
    entry = (
        entries_visible_to(None).filter(referral_id=newest.referral_id).first() if newest else None
    )
    if entry is None:
        raise ServiceError("case", "The case has no referral on the chronology to decide on")
    return entry


def _record(
    actor: User,
    case: Case,
    kind: str,
    summary: str,
    details: dict[str, Any],
    refers_to: int,
    shared_with: tuple[str, ...] = (),
) -> Entry:
    referral = _referral_entry(case)
    return entry_record(
        actor=actor,
        owning_agency=case.owning_agency,
        source_record=referral.source_record,
        data=EntryInput(
            kind=kind,
            occurred_at=timezone.now(),
            summary=summary,
            indicators=(),
            details=details,
            refers_to=refers_to,
            shared_with=shared_with,
        ),
    )


def _move(
    actor: User,
    case: Case,
    row: workflow.Transition,
    *,
    policy: PolicySpec,
    entry: Entry | None = None,
    note: str = "",
) -> Case:
    now = timezone.now()
    updates: dict[str, Any] = {"status": row.target, "version": F("version") + 1}
    if row.target == CaseStatus.CLOSED:
        updates["closed_at"] = now
    elif row.target == CaseStatus.REOPENED:
        updates["closed_at"] = None
    Case.objects.filter(pk=case.pk).update(**updates)
    CaseTransition.objects.create(
        case=case,
        name=row.name,
        from_status=row.source,
        to_status=row.target,
        by=actor,
        at=now,
        entry=entry,
        policy_name=policy.name,
        policy_version=policy.version,
        note=note,
    )
    audit_record(
        actor=actor,
        action=f"case.{row.name}",
        object_type="case",
        object_id=case.pk,
        person_id=case.person_id,
        detail={"from": row.source, "to": row.target, "policy": policy.label},
    )
    case.refresh_from_db()
    return case


def _role_of(actor: User) -> str:
    for role in (Role.SENIOR_OFFICER, Role.PANEL_CHAIR, Role.CASE_OFFICER):
        if permissions.has_role(actor, role):
            return str(role)
    return ""


# --- Moves that are a button ------------------------------------------------------------------


def _simple_move(actor: User, case: Case, expected_version: int, name: str, note: str) -> Case:
    with transaction.atomic():
        locked, row = _begin(actor, case, expected_version, name)
        policy = judgement.policy_now()
        entry = None
        if row.outcome:
            details: dict[str, Any] = {
                "stage": row.stage,
                "outcome": row.outcome,
                "rationale": note,
                "proposed_by_role": _role_of(actor),
                "approved_by_role": _role_of(actor),
                "policy": policy.name,
                "policy_version": policy.version,
            }
            if row.precondition == "policy_allows_decision":
                _refuse_divergent(locked, policy, details)
            entry = _record(
                actor,
                locked,
                "decision",
                f"Case {row.label.lower()}",
                details,
                _referral_entry(locked).pk,
            )
        return _move(actor, locked, row, policy=policy, entry=entry, note=note)


def case_triage_start(*, actor: User, case: Case, expected_version: int, note: str = "") -> Case:
    """Take a received referral into gateway triage; refused while an identity review is
    pending for any of the person's records."""
    return _simple_move(actor, case, expected_version, "triage_start", note)


def case_information_gathering_start(
    *, actor: User, case: Case, expected_version: int, note: str = ""
) -> Case:
    """Ask partners what they hold: the gateway's outcome of further information gathering."""
    return _simple_move(actor, case, expected_version, "information_gathering_start", note)


def case_assessment_start(
    *, actor: User, case: Case, expected_version: int, note: str = ""
) -> Case:
    """Begin the assessment of the case once information has been gathered."""
    return _simple_move(actor, case, expected_version, "assessment_start", note)


def case_panel_adopt(*, actor: User, case: Case, expected_version: int, note: str = "") -> Case:
    """The panel adopts the case (the panels work extends this)."""
    return _simple_move(actor, case, expected_version, "panel_adopt", note)


def case_panel_not_adopt(*, actor: User, case: Case, expected_version: int, note: str = "") -> Case:
    """The panel does not adopt the case, which closes it if the policy allows."""
    return _simple_move(actor, case, expected_version, "panel_not_adopt", note)


def case_exit(*, actor: User, case: Case, expected_version: int, note: str = "") -> Case:
    """An adopted case leaves the programme, if the policy allows the exit."""
    return _simple_move(actor, case, expected_version, "case_exit", note)


def case_close_after_exit(
    *, actor: User, case: Case, expected_version: int, note: str = ""
) -> Case:
    """Close an exited case once its follow-up is done."""
    return _simple_move(actor, case, expected_version, "case_close_after_exit", note)


def case_reopen(*, actor: User, case: Case, expected_version: int, note: str = "") -> Case:
    """A senior officer reopens a closed or exited case, with the reason."""
    if not note.strip():
        raise ServiceError("note", "Say why the case is being reopened")
    name = "case_reopen_after_exit" if case.status == CaseStatus.EXITED else "case_reopen"
    return _simple_move(actor, case, expected_version, name, note)


def case_triage_restart(*, actor: User, case: Case, expected_version: int, note: str = "") -> Case:
    """Take a reopened case back into gateway triage."""
    return _simple_move(actor, case, expected_version, "triage_restart", note)


#: The button moves by name, for the view that makes them.
SIMPLE_MOVES = {
    "triage_start": case_triage_start,
    "information_gathering_start": case_information_gathering_start,
    "assessment_start": case_assessment_start,
    "panel_adopt": case_panel_adopt,
    "panel_not_adopt": case_panel_not_adopt,
    "case_exit": case_exit,
    "case_close_after_exit": case_close_after_exit,
    "case_reopen": case_reopen,
    "case_reopen_after_exit": case_reopen,
    "triage_restart": case_triage_restart,
}


# --- Decisions: proposed by one, approved by another -----------------------------------------


def _refuse_divergent(case: Case, policy: PolicySpec, details: dict[str, Any]) -> None:
    found = judgement.judge_decision(
        case.person, policy, timezone.now(), _as_event_fields(case, details)
    )
    if not found.allowed:
        raise ServiceError(
            "outcome",
            f"The policy in force ({policy.label}) does not allow this decision: "
            + "; ".join(found.refusals),
        )


def _as_event_fields(case: Case, details: dict[str, Any]) -> dict[str, Any]:
    """A decision's details as the rules read them: entry ids as event ids."""
    fields = dict(details)
    fields["refers_to"] = judgement.event_id(_referral_entry(case).pk)
    fields["evidence"] = [judgement.event_id(int(pk)) for pk in details.get("evidence") or []]
    return fields


def _gathered(case: Case) -> dict[str, Any]:
    """The case's partner checklist and contact record as a decision's fields."""
    fields: dict[str, Any] = {}
    checks = selectors.latest_checks(case)
    if checks:
        fields["checks"] = {
            p: {"status": c.status, "at": c.on.isoformat(), "note": c.note or None}
            for p, c in checks.items()
        }
    contact = case.contacts.first()
    if contact is not None:
        fields["subject_engaged"] = contact.subject_engaged
        if contact.parent_engaged is not None:
            fields["parent_engaged"] = contact.parent_engaged
        if contact.not_engaged_reason:
            fields["not_engaged_reason"] = contact.not_engaged_reason
    return fields


def _decision_details(
    case: Case, proposal: DecisionProposal, policy: PolicySpec, approved_by: str | None
) -> dict[str, Any]:
    details: dict[str, Any] = {
        "stage": proposal.stage,
        "outcome": proposal.outcome,
        "reasons": list(proposal.reasons),
        "rationale": proposal.rationale,
        "evidence": [str(pk) for pk in proposal.evidence],
        **_gathered(case),
        "proposed_by_role": _role_of(proposal.proposed_by),
        "policy": policy.name,
        "policy_version": policy.version,
    }
    if approved_by:
        details["approved_by_role"] = approved_by
    if proposal.referrer_feedback:
        details["referrer_feedback"] = proposal.referrer_feedback
    if proposal.signposted_to_id is not None:
        assert proposal.signposted_to is not None
        details["signposted_to"] = proposal.signposted_to.name
        if proposal.signpost_request:
            details["signpost_request"] = proposal.signpost_request
    for name in ("forum", "owner"):
        if getattr(proposal, name):
            details[name] = getattr(proposal, name)
    return details


@dataclass(frozen=True)
class ProposalInput:
    """What an officer proposes: an outcome, the reasons and rationale, the chronology entries
    relied on, and for a signpost the receiving agency and what is asked of it."""

    outcome: str
    rationale: str
    reasons: Sequence[str] = ()
    evidence: Sequence[int] = ()
    signposted_to: Agency | None = None
    signpost_request: str = ""
    forum: str = ""
    owner: str = ""
    referrer_feedback: str = ""


def _check_proposal(actor: User, case: Case, data: ProposalInput) -> None:
    if data.outcome not in workflow.PROPOSABLE_OUTCOMES:
        raise ServiceError("outcome", "Choose an outcome Cairn knows")
    unknown = [r for r in data.reasons if r not in DECISION_REASONS]
    if unknown:
        raise ServiceError("reasons", f"Unknown reason: {unknown[0]}")
    if not data.rationale.strip():
        raise ServiceError("rationale", "Write the rationale for the decision")
    if len(data.rationale) > RATIONALE_MAX_CHARS:
        raise ServiceError("rationale", f"Must be {RATIONALE_MAX_CHARS:,} characters or fewer")
    if data.outcome == "signposted":
        if data.signposted_to is None or not data.signposted_to.is_active:
            raise ServiceError("signposted_to", "Name the agency the case is signposted to")
    elif data.signposted_to is not None:
        raise ServiceError("signposted_to", "Only a signpost names a receiving agency")
    _refuse_hidden_evidence(actor, case, data.evidence, "evidence")


def _refuse_hidden_evidence(
    actor: User, case: Case, evidence: Sequence[int], field: str, where: str = ""
) -> None:
    """Evidence may only be entries of the case's person that the actor can see: linking to
    an entry they cannot read would let them cite what they do not know."""
    wanted = set(evidence)
    seen = set(
        entries_visible_to(actor)
        .filter(pk__in=wanted, source_record__person=case.person)
        .values_list("pk", flat=True)
    )
    hidden = sorted(wanted - seen)
    if hidden:
        raise ServiceError(
            field,
            f"{where}Evidence must be entries of this person's chronology that you can see; "
            "not: " + ", ".join(f"entry {pk}" for pk in hidden),
        )


def decision_propose(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    data: ProposalInput,
    resolves: int | None = None,
) -> DecisionProposal:
    """An officer proposes an outcome for the case. It is judged at once as it would be once
    approved by a senior officer: what the policy in force would not allow even then is
    refused with the rules' messages. What the rules allow only with a senior's sign-off is
    kept with the proposal for the approver to read."""
    with transaction.atomic():
        locked, row = _begin(actor, case, expected_version, "decision_propose")
        _check_proposal(actor, locked, data)
        policy = judgement.policy_now()
        proposal = DecisionProposal(
            case=locked,
            outcome=data.outcome,
            stage="assessment" if locked.status == CaseStatus.ASSESSMENT else "gateway",
            reasons=list(dict.fromkeys(data.reasons)),
            rationale=data.rationale.strip(),
            evidence=sorted(set(data.evidence)),
            signposted_to=data.signposted_to,
            signpost_request=data.signpost_request.strip(),
            forum=data.forum.strip(),
            owner=data.owner.strip(),
            referrer_feedback=data.referrer_feedback.strip(),
            from_status=locked.status,
            proposed_by=actor,
            proposed_at=timezone.now(),
            policy_name=policy.name,
            policy_version=policy.version,
        )
        _refuse_divergent(
            locked, policy, _decision_details(locked, proposal, policy, str(Role.SENIOR_OFFICER))
        )
        unsigned = judgement.judge_decision(
            locked.person,
            policy,
            timezone.now(),
            _as_event_fields(locked, _decision_details(locked, proposal, policy, None)),
        )
        proposal.sign_off_needed = unsigned.refusals
        proposal.save()
        _conflict_resolved(actor, locked, resolves)
        _move(actor, locked, row, policy=policy, note=f"proposal {proposal.pk}")
        audit_record(
            actor=actor,
            action="case.decision_proposed",
            object_type="proposal",
            object_id=proposal.pk,
            person_id=locked.person_id,
            detail={"case": locked.pk, "outcome": proposal.outcome},
        )
    return proposal


def _begin_decision(
    actor: User, proposal: DecisionProposal, expected_version: int, name: str, target: str
) -> tuple[Case, workflow.Transition]:
    locked, row = _begin(actor, proposal.case, expected_version, name, target)
    proposal.refresh_from_db()
    if proposal.status != ProposalStatus.PENDING:
        raise ServiceError("proposal", "This proposal has already been decided")
    if proposal.proposed_by_id == actor.pk:
        raise ServiceError(
            "proposal",
            "The two-person rule: a decision is approved or returned by a senior officer "
            "other than the one who proposed it",
        )
    return locked, row


def decision_approve(
    *, actor: User, proposal: DecisionProposal, expected_version: int
) -> DecisionProposal:
    """A senior officer who did not propose it approves a decision. It is judged again against
    the chronology as it is now and refused if the policy in force would call it divergent;
    otherwise it is recorded on the person's chronology as a `decision` with both roles and
    the policy version, and the case moves on by its outcome."""
    name = workflow.APPROVAL_BY_OUTCOME[proposal.outcome]
    target = next(r.target for r in workflow.TRANSITIONS if r.name == name)
    with transaction.atomic():
        locked, row = _begin_decision(actor, proposal, expected_version, name, target)
        policy = judgement.policy_now()
        details = _decision_details(locked, proposal, policy, str(Role.SENIOR_OFFICER))
        _refuse_divergent(locked, policy, details)
        receiver = proposal.signposted_to
        # A signpost is shared with the receiving agency, which must be able to read it.
        entry = _record(
            actor,
            locked,
            "decision",
            f"Decision: {proposal.get_outcome_display()}",
            details,
            _referral_entry(locked).pk,
            shared_with=(receiver.name,) if receiver is not None else (),
        )
        now = timezone.now()
        if receiver is not None:
            OnwardReferral.objects.create(
                case=locked,
                decision=entry,
                to_agency=receiver,
                request=proposal.signpost_request,
                sent_at=now,
            )
        DecisionProposal.objects.filter(pk=proposal.pk).update(
            status=ProposalStatus.APPROVED,
            decided_by=actor,
            decided_at=now,
            entry=entry,
            policy_name=policy.name,
            policy_version=policy.version,
        )
        _move(actor, locked, row, policy=policy, entry=entry, note=f"proposal {proposal.pk}")
        _tell_referrers(locked, proposal.outcome, now)
        audit_record(
            actor=actor,
            action="case.decision_approved",
            object_type="proposal",
            object_id=proposal.pk,
            person_id=locked.person_id,
            detail={"case": locked.pk, "outcome": proposal.outcome, "entry": entry.pk},
        )
    proposal.refresh_from_db()
    return proposal


def _tell_referrers(case: Case, outcome: str, now: datetime) -> None:
    """Each referral on the case learns the outcome, in the words policy allows a referrer."""
    from cairn.referrals.services import referral_outcome_tell

    for link in case.case_referrals.select_related("referral__submitted_by"):
        referral_outcome_tell(referral=link.referral, outcome=outcome, now=now)


def decision_return(
    *,
    actor: User,
    proposal: DecisionProposal,
    expected_version: int,
    reason: str,
    resolves: int | None = None,
) -> DecisionProposal:
    """A senior officer returns a proposal to the officer with the reason; the case goes back
    to the state it was proposed from. Nothing is recorded on the person's chronology: no
    decision was made."""
    if not reason.strip():
        raise ServiceError("reason", "Say why the proposal is returned")
    with transaction.atomic():
        locked, row = _begin_decision(
            actor, proposal, expected_version, "decision_return", proposal.from_status
        )
        DecisionProposal.objects.filter(pk=proposal.pk).update(
            status=ProposalStatus.RETURNED,
            decided_by=actor,
            decided_at=timezone.now(),
            return_reason=reason.strip(),
        )
        _conflict_resolved(actor, locked, resolves)
        _move(actor, locked, row, policy=judgement.policy_now(), note=reason.strip())
        audit_record(
            actor=actor,
            action="case.decision_returned",
            object_type="proposal",
            object_id=proposal.pk,
            person_id=locked.person_id,
            detail={"case": locked.pk},
        )
    proposal.refresh_from_db()
    return proposal


# --- Overrides of blocking flags --------------------------------------------------------------


def flag_override(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    rule: str,
    raised_by: int,
    reason: str,
    resolves: int | None = None,
) -> FlagOverride:
    """A senior officer sets aside a blocking flag that is open on the case, with a written
    reason: recorded on the chronology as a `flag_resolution` (action `overridden`) referring
    to the entry that raised it, which the rules read as resolving it, and listed on the
    overrides report."""
    if not permissions.can_override_flags(actor):
        raise ServiceError("case", "Only a senior officer may override a blocking flag")
    if len(reason.strip()) < 20:
        raise ServiceError("reason", "Write the reason for the override (at least 20 characters)")
    with transaction.atomic():
        locked = _locked(case)
        if actor.agency_id != locked.owning_agency_id:
            raise ServiceError("case", "This case belongs to another agency")
        _refuse_stale(locked, expected_version)
        if not locked.is_open:
            raise ServiceError("case", "The case is closed")
        policy = judgement.policy_now()
        open_now = judgement.open_flags(locked.person, timezone.now(), policy)
        flag = next(
            (
                f
                for f in open_now
                if f.rule == rule and f.blocking and f.raised_by == judgement.event_id(raised_by)
            ),
            None,
        )
        if flag is None:
            raise ServiceError("rule", "No such blocking flag is open on this case")
        entry = _record(
            actor,
            locked,
            "flag_resolution",
            f"Flag {rule} overridden",
            {
                "rule": rule,
                "action": "overridden",
                "rationale": reason.strip(),
                "by_role": str(Role.SENIOR_OFFICER),
                "policy": policy.name,
                "policy_version": policy.version,
            },
            raised_by,
        )
        override = FlagOverride.objects.create(
            case=locked,
            rule=rule,
            raised_by_id=raised_by,
            reason=reason.strip(),
            by=actor,
            at=timezone.now(),
            entry=entry,
            policy_name=policy.name,
            policy_version=policy.version,
        )
        _conflict_resolved(actor, locked, resolves)
        Case.objects.filter(pk=locked.pk).update(version=F("version") + 1)
        audit_record(
            actor=actor,
            action="case.flag_override",
            object_type="case",
            object_id=locked.pk,
            person_id=locked.person_id,
            detail={"rule": rule, "raised_by": raised_by, "entry": entry.pk},
        )
    return override


def flag_resolve(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    rule: str,
    raised_by: int | None,
    rationale: str,
    resolves: int | None = None,
) -> Entry:
    """An officer resolves a non-blocking flag open on the case with a written rationale,
    recorded on the chronology as a `flag_resolution` (action `resolved`) referring to the
    entry that raised it, or to the case's referral for a deadline that passed (which covers
    that rule's open flags on the case). A blocking flag cannot be dismissed this way."""
    if not case_permissions.can_resolve_flags(actor):
        raise ServiceError("case", "Only a case officer or senior officer may resolve a flag")
    if len(rationale.strip()) < 20:
        raise ServiceError(
            "rationale", "Write the rationale for resolving the flag (at least 20 characters)"
        )
    with transaction.atomic():
        locked = _locked(case)
        if actor.agency_id != locked.owning_agency_id:
            raise ServiceError("case", "This case belongs to another agency")
        _refuse_stale(locked, expected_version)
        if not locked.is_open:
            raise ServiceError("case", "The case is closed")
        policy = judgement.policy_now()
        raised = judgement.event_id(raised_by) if raised_by is not None else None
        flag = next(
            (
                f
                for f in judgement.open_flags(locked.person, timezone.now(), policy)
                if f.rule == rule and f.raised_by == raised
            ),
            None,
        )
        if flag is None:
            raise ServiceError("rule", "No such flag is open on this case")
        if flag.blocking:
            raise ServiceError(
                "rule",
                "A blocking flag cannot be dismissed: it is resolved by "
                f"{flag.resolves_by}, or a senior officer may override it with a written reason",
            )
        entry = _record(
            actor,
            locked,
            "flag_resolution",
            f"Flag {rule} resolved",
            {
                "rule": rule,
                "action": "resolved",
                "rationale": rationale.strip(),
                "by_role": _role_of(actor),
                "policy": policy.name,
                "policy_version": policy.version,
            },
            raised_by if raised_by is not None else _referral_entry(locked).pk,
        )
        _conflict_resolved(actor, locked, resolves)
        Case.objects.filter(pk=locked.pk).update(version=F("version") + 1)
        audit_record(
            actor=actor,
            action="case.flag_resolve",
            object_type="case",
            object_id=locked.pk,
            person_id=locked.person_id,
            detail={"rule": rule, "raised_by": raised_by, "entry": entry.pk},
        )
    return entry


# --- The gateway: partner checklist and contact -----------------------------------------------

#: States in which the gateway's records may be added.
GATHERING = (CaseStatus.GATEWAY, CaseStatus.INFORMATION_GATHERING, CaseStatus.ASSESSMENT)


@dataclass(frozen=True)
class CheckInput:
    partner: str
    status: str
    on: date
    note: str = ""


def _begin_gathering(
    actor: User, case: Case, expected_version: int, what: str = "Checks and contact are"
) -> Case:
    locked = _locked(case)
    if actor.agency_id != locked.owning_agency_id:
        raise ServiceError("case", "This case belongs to another agency")
    if not permissions.can_work_cases(actor):
        raise ServiceError("case", "Only a case officer or senior officer may record this")
    _refuse_stale(locked, expected_version)
    if locked.status not in GATHERING:
        raise ServiceError(
            "case",
            f"{what} recorded at gateway, information gathering or assessment; "
            f"this case is {CaseStatus(locked.status).label.lower()}",
        )
    return locked


def _gateway_details(policy: PolicySpec, actor: User, **fields: Any) -> dict[str, Any]:
    return {
        "stage": "gateway",
        "outcome": "information_gathering",
        **fields,
        "proposed_by_role": _role_of(actor),
        "policy": policy.name,
        "policy_version": policy.version,
    }


def checks_record(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    checks: Sequence[CheckInput],
    resolves: int | None = None,
) -> list[PartnerCheck]:
    """Record lines of the information-gathering checklist (police, social care, education,
    health, youth justice: checked, not available or refused, with the day and a note), as
    one chronology entry whose `checks` the information-gathering rule reads."""
    if not checks:
        raise ServiceError("checks", "Record at least one partner's check")
    today = timezone.localdate()
    seen: set[str] = set()
    for check in checks:
        if check.partner not in PARTNER_CHECKS:
            raise ServiceError("checks", f"Unknown partner: {check.partner}")
        if check.partner in seen:
            raise ServiceError(check.partner, "Each partner once per record")
        seen.add(check.partner)
        if check.status not in CHECK_STATUSES:
            raise ServiceError(check.partner, "Choose checked, not available or refused")
        if check.on > today:
            raise ServiceError(check.partner, "The date of a check cannot be in the future")
    with transaction.atomic():
        locked = _begin_gathering(actor, case, expected_version)
        policy = judgement.policy_now()
        details = _gateway_details(
            policy,
            actor,
            checks={
                c.partner: {"status": c.status, "at": c.on.isoformat(), "note": c.note or None}
                for c in checks
            },
        )
        entry = _record(
            actor,
            locked,
            "decision",
            "Partner checks recorded",
            details,
            _referral_entry(locked).pk,
        )
        made = [
            PartnerCheck.objects.create(
                case=locked,
                partner=c.partner,
                status=c.status,
                on=c.on,
                note=c.note.strip(),
                by=actor,
                entry=entry,
            )
            for c in checks
        ]
        _conflict_resolved(actor, locked, resolves)
        Case.objects.filter(pk=locked.pk).update(version=F("version") + 1)
        audit_record(
            actor=actor,
            action="case.checks_record",
            object_type="case",
            object_id=locked.pk,
            person_id=locked.person_id,
            detail={"partners": sorted(seen), "entry": entry.pk},
        )
    return made


def _is_child(case: Case, on: date) -> bool:
    dob = case.person.date_of_birth
    if dob is None:
        return False
    age = on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))
    return age < CHILD_AGE


def contact_record(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    subject_engaged: bool,
    parent_engaged: bool | None,
    not_engaged_reason: str,
    on: date,
    resolves: int | None = None,
) -> ContactRecord:
    """Record whether the subject, and for a child a parent, was spoken to, or why not; one
    chronology entry whose fields the engagement-feedback rule reads."""
    reason = not_engaged_reason.strip()
    if on > timezone.localdate():
        raise ServiceError("on", "The date cannot be in the future")
    with transaction.atomic():
        locked = _begin_gathering(actor, case, expected_version)
        if _is_child(locked, on) and parent_engaged is None:
            raise ServiceError(
                "parent_engaged", "The subject is a child: say whether a parent was spoken to"
            )
        if (not subject_engaged or parent_engaged is False) and not reason:
            raise ServiceError("not_engaged_reason", "Say why they were not spoken to")
        policy = judgement.policy_now()
        fields: dict[str, Any] = {"subject_engaged": subject_engaged}
        if parent_engaged is not None:
            fields["parent_engaged"] = parent_engaged
        if reason:
            fields["not_engaged_reason"] = reason
        entry = _record(
            actor,
            locked,
            "decision",
            "Contact recorded",
            _gateway_details(policy, actor, **fields),
            _referral_entry(locked).pk,
        )
        contact = ContactRecord.objects.create(
            case=locked,
            subject_engaged=subject_engaged,
            parent_engaged=parent_engaged,
            not_engaged_reason=reason,
            on=on,
            by=actor,
            entry=entry,
        )
        _conflict_resolved(actor, locked, resolves)
        Case.objects.filter(pk=locked.pk).update(version=F("version") + 1)
        audit_record(
            actor=actor,
            action="case.contact_record",
            object_type="case",
            object_id=locked.pk,
            person_id=locked.person_id,
            detail={"entry": entry.pk},
        )
    return contact


# --- Onward referrals -------------------------------------------------------------------------


def onward_respond(
    *, actor: User, onward: OnwardReferral, response: str, note: str = ""
) -> OnwardReferral:
    """A practitioner at the receiving agency answers an onward referral addressed to it:
    acknowledged, accepted, declined (with the reason), closed to their service with no action,
    or action taken. The reply is an `onward_response` entry on the person's chronology,
    owned by the receiving agency and shared with the programme team, referring to the
    decision that signposted the case."""
    if not permissions.can_respond_onward_referrals(actor):
        raise ServiceError("response", "Only a partner practitioner answers onward referrals")
    if response not in ONWARD_RESPONSES:
        raise ServiceError("response", "Choose one of the replies Cairn knows")
    text = note.strip()
    if response in ("declined", "closed_no_action") and not text:
        raise ServiceError("note", "Say why the referral is declined or closed with no action")
    with transaction.atomic():
        locked = OnwardReferral.objects.select_for_update().get(pk=onward.pk)
        if actor.agency_id != locked.to_agency_id:
            raise ServiceError("response", "This onward referral is addressed to another agency")
        if locked.status in FINAL_RESPONSES:
            raise ServiceError(
                "response", f"Already answered: {locked.get_status_display().lower()}"
            )
        case = Case.objects.select_related("owning_agency").get(pk=locked.case_id)
        decision = Entry.objects.select_related("source_record").get(pk=locked.decision_id)
        entry = entry_record(
            actor=actor,
            owning_agency=locked.to_agency,
            source_record=decision.source_record,
            data=EntryInput(
                kind="onward_response",
                occurred_at=timezone.now(),
                summary=text,
                indicators=(),
                details={"response": response},
                refers_to=decision.pk,
                shared_with=(case.owning_agency.name,),
            ),
        )
        OnwardReferral.objects.filter(pk=locked.pk).update(
            status=response, responded_at=timezone.now(), responded_by=actor, note=text
        )
        audit_record(
            actor=actor,
            action="case.onward_respond",
            object_type="onward_referral",
            object_id=locked.pk,
            person_id=decision.source_record.person_id,
            detail={"response": response, "entry": entry.pk},
        )
    onward.refresh_from_db()
    return onward


# --- Assessment templates: versioned data --------------------------------------------------

_SECTION_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_TEMPLATE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,99}$")
MAX_SECTIONS = 20


def _checked_sections(sections: Any) -> list[dict[str, str]]:
    if not isinstance(sections, list) or not sections:
        raise ServiceError("sections", "Give a list of sections, each with a key and a heading")
    if len(sections) > MAX_SECTIONS:
        raise ServiceError("sections", f"At most {MAX_SECTIONS} sections")
    checked: list[dict[str, str]] = []
    keys: set[str] = set()
    for number, section in enumerate(sections, start=1):
        where = f"Section {number}"
        if not isinstance(section, dict):
            raise ServiceError("sections", f"{where}: must be an object with key and heading")
        unknown = sorted(set(section) - {"key", "heading", "guidance"})
        if unknown:
            raise ServiceError("sections", f"{where}: unknown field {unknown[0]}")
        key, heading = section.get("key"), section.get("heading")
        guidance = section.get("guidance", "")
        if not isinstance(key, str) or not _SECTION_KEY.match(key):
            raise ServiceError("sections", f"{where}: key must be lower-case letters and _")
        if key in keys:
            raise ServiceError("sections", f"{where}: key {key} is used twice")
        keys.add(key)
        if not isinstance(heading, str) or not heading.strip() or len(heading) > 200:
            raise ServiceError("sections", f"{where}: give a heading of up to 200 characters")
        if not isinstance(guidance, str) or len(guidance) > 2000:
            raise ServiceError("sections", f"{where}: guidance is text of up to 2,000 characters")
        checked.append({"key": key, "heading": heading.strip(), "guidance": guidance.strip()})
    return checked


def assessment_template_version_create(
    *, actor: User | None, name: str, sections: Any, note: str = ""
) -> AssessmentTemplate:
    """Store a new version of the named assessment template (version 1 if the name is new).
    Templates are never edited: an assessment names the version it answered, which must keep
    meaning what it meant. Only administrators change them (`actor` None is the system, for
    loading data)."""
    if actor is not None and not case_permissions.can_manage_assessment_templates(actor):
        raise ServiceError("name", "Only an administrator may change assessment templates")
    if not _TEMPLATE_NAME.match(name or ""):
        raise ServiceError("name", "Give a name of letters, digits, spaces, dots or dashes")
    if len(note) > 500:
        raise ServiceError("note", "The note must be 500 characters or fewer")
    checked = _checked_sections(sections)
    with transaction.atomic():
        newest = (
            AssessmentTemplate.objects.select_for_update()
            .filter(name=name)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
        )
        template = AssessmentTemplate.objects.create(
            name=name,
            version=(newest or 0) + 1,
            sections=checked,
            note=note.strip(),
            created_by=actor,
            created_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            action="case.assessment_template_version_create",
            object_type="assessment_template",
            object_id=template.pk,
            detail={"name": name, "version": template.version, "sections": len(checked)},
        )
    return template


# --- Assessments on a case ------------------------------------------------------------------

#: The assessments a programme officer makes on a case; the others (neurodevelopmental, CAMHS,
#: forensic) are made by partners and reach the chronology as their entries.
CASE_ASSESSMENTS = ("programme", "violence_fixation")


@dataclass(frozen=True)
class SectionInput:
    """One section of an assessment: the officer's judgement and the entries it rests on."""

    key: str
    judgement: str
    evidence: Sequence[int] = ()


@dataclass(frozen=True)
class AssessmentInput:
    template: AssessmentTemplate
    assessment: str
    result: str
    sections: Sequence[SectionInput]


def _check_assessment(data: AssessmentInput) -> dict[str, SectionInput]:
    if data.assessment not in CASE_ASSESSMENTS:
        raise ServiceError("assessment", "Choose a programme or a violence-fixation assessment")
    if not data.result.strip():
        raise ServiceError("result", "Write the overall conclusion of the assessment")
    if len(data.result) > RATIONALE_MAX_CHARS:
        raise ServiceError("result", f"Must be {RATIONALE_MAX_CHARS:,} characters or fewer")
    given = {s.key: s for s in data.sections}
    wanted = [str(s["key"]) for s in data.template.sections]
    unknown = sorted(set(given) - set(wanted))
    if unknown:
        raise ServiceError("sections", f"The template has no section {unknown[0]}")
    for section in data.template.sections:
        key = str(section["key"])
        answer = given.get(key)
        if answer is None or not answer.judgement.strip():
            raise ServiceError(f"{key}_judgement", f"Write your judgement on {section['heading']}")
        if len(answer.judgement) > RATIONALE_MAX_CHARS:
            raise ServiceError(
                f"{key}_judgement", f"Must be {RATIONALE_MAX_CHARS:,} characters or fewer"
            )
    return given


def assessment_record(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    data: AssessmentInput,
    resolves: int | None = None,
) -> Assessment:
    """An officer assesses the case against a template version: per section a judgement and
    the chronology entries it rests on (only entries of the person the officer can see). It
    is recorded on the chronology as an `assessment_completed` entry naming the assessment,
    the template and its version, which the rules read (a completed violence-fixation
    assessment resolves the violence-fixation flags raised before it)."""
    given = _check_assessment(data)
    with transaction.atomic():
        locked = _begin_gathering(actor, case, expected_version, "Assessments are")
        for section in data.template.sections:
            key = str(section["key"])
            _refuse_hidden_evidence(
                actor, locked, given[key].evidence, f"{key}_evidence", f"{section['heading']}: "
            )
        sections = [
            {
                "key": str(section["key"]),
                "heading": str(section["heading"]),
                "judgement": given[str(section["key"])].judgement.strip(),
                "evidence": [str(pk) for pk in sorted(set(given[str(section["key"])].evidence))],
            }
            for section in data.template.sections
        ]
        evidence = sorted({int(pk) for s in sections for pk in s["evidence"]})
        template = data.template
        entry = _record(
            actor,
            locked,
            "assessment_completed",
            f"{ASSESSMENT_LABELS[data.assessment]} assessment against {template.label}",
            {
                "assessment": data.assessment,
                "status": "completed",
                "result": data.result.strip(),
                "template": template.name,
                "template_version": template.version,
                "sections": sections,
                "evidence": [str(pk) for pk in evidence],
                "by_role": _role_of(actor),
            },
            _referral_entry(locked).pk,
        )
        made = Assessment.objects.create(
            case=locked,
            template=template,
            assessment=data.assessment,
            sections=sections,
            result=data.result.strip(),
            by=actor,
            at=timezone.now(),
            entry=entry,
        )
        _conflict_resolved(actor, locked, resolves)
        Case.objects.filter(pk=locked.pk).update(version=F("version") + 1)
        audit_record(
            actor=actor,
            action="case.assessment_record",
            object_type="case",
            object_id=locked.pk,
            person_id=locked.person_id,
            detail={
                "assessment": data.assessment,
                "template": template.name,
                "template_version": template.version,
                "entry": entry.pk,
            },
        )
    return made


# --- Edit conflicts: a stale change kept to reconcile ---------------------------------------

#: The forms whose refused changes are kept.
CONFLICT_KINDS = ("proposal", "return", "override", "checks", "contact", "assessment")


def edit_conflict_keep(
    *,
    actor: User,
    case: Case,
    kind: str,
    data: Mapping[str, Sequence[str]],
    shown: Sequence[tuple[str, str]],
    url: str,
    seen_version: int,
) -> EditConflict:
    """Keep a change refused because the case changed since the officer's page was drawn:
    what they sent (`data`, the form's fields; `shown`, the same as labels and values, for
    comparing) and where it was sent (`url`), so they can compare it with what is saved now
    and send it again or discard it. Nothing they wrote is lost."""
    if kind not in CONFLICT_KINDS:
        raise ServiceError("kind", f"Unknown kind of change: {kind}")
    if actor.agency_id != case.owning_agency_id or not permissions.can_view_cases(actor):
        raise ServiceError("case", "This case belongs to another agency")
    kept = {k: [str(v) for v in values] for k, values in data.items() if k != "csrfmiddlewaretoken"}
    with transaction.atomic():
        current = Case.objects.values_list("version", flat=True).get(pk=case.pk)
        conflict = EditConflict.objects.create(
            case=case,
            kind=kind,
            submitted={"data": kept, "shown": [[str(a), str(b)] for a, b in shown], "url": url},
            seen_version=seen_version,
            current_version=current,
            by=actor,
            at=timezone.now(),
        )
        audit_record(
            actor=actor,
            action="case.edit_conflict",
            object_type="case",
            object_id=case.pk,
            person_id=case.person_id,
            detail={"conflict": conflict.pk, "kind": kind, "seen": seen_version, "now": current},
        )
    return conflict


def _conflict_resolved(actor: User, case: Case, conflict_id: int | None) -> None:
    """Inside a service that has just saved a change sent again from a kept conflict: mark
    the conflict resolved. Only the author's open conflict on this case is touched."""
    if conflict_id is None:
        return
    done = EditConflict.objects.filter(
        pk=conflict_id, case=case, by=actor, resolved_at__isnull=True
    ).update(resolved_at=timezone.now(), resolution=ConflictResolution.RESUBMITTED)
    if done:
        audit_record(
            actor=actor,
            action="case.edit_conflict_resubmitted",
            object_type="case",
            object_id=case.pk,
            person_id=case.person_id,
            detail={"conflict": conflict_id},
        )


def edit_conflict_discard(*, actor: User, conflict: EditConflict) -> EditConflict:
    """The author of a refused change decides not to send it again. It stays stored, marked
    discarded."""
    with transaction.atomic():
        locked = EditConflict.objects.select_for_update().select_related("case").get(pk=conflict.pk)
        if locked.by_id != actor.pk:
            raise ServiceError("conflict", "Only the officer whose change it was may discard it")
        if locked.resolved_at is not None:
            raise ServiceError("conflict", f"Already {locked.get_resolution_display().lower()}")
        EditConflict.objects.filter(pk=locked.pk).update(
            resolved_at=timezone.now(), resolution=ConflictResolution.DISCARDED
        )
        audit_record(
            actor=actor,
            action="case.edit_conflict_discarded",
            object_type="case",
            object_id=locked.case_id,
            person_id=locked.case.person_id,
            detail={"conflict": locked.pk, "kind": locked.kind},
        )
    conflict.refresh_from_db()
    return conflict


# --- Suggested indicators, decided from the case --------------------------------------------


def case_suggestions_decide(
    *, actor: User, case: Case, entry: Entry, confirmed: Sequence[str], rejected: Sequence[str]
) -> Entry:
    """An officer confirms or rejects, from the case, the indicators suggested from an entry
    of the case's person that their agency recorded (the chronology's service does the work
    and writes its audit entry)."""
    if actor.agency_id != case.owning_agency_id or not permissions.can_work_cases(actor):
        raise ServiceError("suggestions", "Only a case officer or senior officer of this case")
    if entry.source_record.person_id != case.person_id:
        raise ServiceError("suggestions", "The entry is not on this person's chronology")
    if not case_permissions.can_decide_suggestions_on_case(actor, entry):
        raise ServiceError(
            "suggestions", "Only the agency that recorded the entry decides its suggestions"
        )
    return entry_suggestions_decide(
        actor=actor, entry=entry, confirmed=confirmed, rejected=rejected
    )


# --- The panel (cairn.panels, issue 8) --------------------------------------------------------

#: A panel's decision at a meeting, by outcome, to its row of the table.
PANEL_MOVES = {
    "adopted": "panel_adopt",
    "not_adopted": "panel_not_adopt",
    "continue": "panel_continue",
    "exit": "case_exit",
}


def case_panel_decide(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    outcome: str,
    details: Mapping[str, Any],
    shared_with: tuple[str, ...] = (),
) -> tuple[Case, Entry]:
    """A panel's decision on a case at its meeting (adopt; not adopt, with the alternative
    route; continue; exit) moves the case by its row of the table and is recorded as a
    `decision` entry at the panel stage carrying the meeting's fields (rationale, evidence,
    consensus, dissent, alternative route), with the case's checks and contact as any decision
    is. A decision the policy in force would call divergent is refused and nothing changes.
    `cairn.panels` calls it inside its own transaction."""
    name = PANEL_MOVES.get(outcome)
    if name is None:
        raise ServiceError("outcome", "Choose adopt, not adopt, continue or exit")
    with transaction.atomic():
        locked, row = _begin(actor, case, expected_version, name)
        policy = judgement.policy_now()
        fields: dict[str, Any] = {
            "stage": "panel",
            "outcome": row.outcome,
            **_gathered(locked),
            **details,
            "proposed_by_role": _role_of(actor),
            "approved_by_role": _role_of(actor),
            "policy": policy.name,
            "policy_version": policy.version,
        }
        if row.precondition == "policy_allows_decision":
            _refuse_divergent(locked, policy, fields)
        entry = _record(
            actor,
            locked,
            "decision",
            f"Panel decision: {row.label.lower()}",
            fields,
            _referral_entry(locked).pk,
            shared_with,
        )
        moved = _move(
            actor, locked, row, policy=policy, entry=entry, note=str(details.get("rationale", ""))
        )
    return moved, entry


def case_entry_record(
    *,
    actor: User,
    case: Case,
    kind: str,
    summary: str,
    details: Mapping[str, Any],
    occurred_at: datetime | None = None,
    date_only: bool = False,
    shared_with: tuple[str, ...] = (),
) -> Entry:
    """Record a panel event of the case (consent, a support plan, a review, a session, a
    provider's report, a post-exit review) on the person's chronology, owned by the case's
    agency and referring to the case's newest referral, as the case-file format asks of panel
    events. The caller has checked who may record it."""
    with transaction.atomic():
        referral = _referral_entry(case)
        return entry_record(
            actor=actor,
            owning_agency=case.owning_agency,
            source_record=referral.source_record,
            data=EntryInput(
                kind=kind,
                occurred_at=occurred_at or timezone.now(),
                occurred_date_only=date_only,
                summary=summary,
                indicators=(),
                details=dict(details),
                refers_to=referral.pk,
                shared_with=shared_with,
            ),
        )
