"""Builders for case tests: a case walked through the workflow by its services, and the
records a closure needs."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from cairn.accounts.models import User
from cairn.cases import services
from cairn.cases.models import Case, CaseReferral
from cairn.chronology.models import Entry
from cairn.chronology.services import EntryInput, entry_record
from cairn.lib.vocab import PARTNER_CHECKS
from cairn.referrals.models import Referral


def case_of(referral: Referral) -> Case:
    return CaseReferral.objects.select_related("case").get(referral=referral).case


def fresh(case: Case) -> Case:
    case.refresh_from_db()
    return case


def referral_entry(referral: Referral) -> Entry:
    return Entry.objects.get(referral=referral)


def to_state(case: Case, officer: User, *names: str) -> Case:
    for name in names:
        case = fresh(case)
        services.SIMPLE_MOVES[name](actor=officer, case=case, expected_version=case.version)
    return fresh(case)


def record_entry(case: Case, actor: User, kind: str, **details: Any) -> Entry:
    """An entry on the case's person's chronology, recorded by the case's agency."""
    link = CaseReferral.objects.filter(case=case).first()
    assert link is not None
    summary = details.pop("summary", "")
    return entry_record(
        actor=actor,
        owning_agency=case.owning_agency,
        source_record=link.referral.source_record,
        data=EntryInput(
            kind=kind,
            occurred_at=timezone.now(),
            summary=summary,
            indicators=(),
            details=details,
        ),
    )


def complete_gateway(case: Case, officer: User) -> Case:
    """Every partner checked with a date, the subject and a parent spoken to, and a completed
    violence-fixation assessment: what a closure of the standard referral needs."""
    today = timezone.localdate()
    case = fresh(case)
    services.checks_record(
        actor=officer,
        case=case,
        expected_version=case.version,
        checks=[services.CheckInput(p, "checked", today, "") for p in PARTNER_CHECKS],
    )
    case = fresh(case)
    services.contact_record(
        actor=officer,
        case=case,
        expected_version=case.version,
        subject_engaged=True,
        parent_engaged=True,
        not_engaged_reason="",
        on=today,
    )
    record_entry(
        case, officer, "assessment_completed", assessment="violence_fixation", result="low"
    )
    return fresh(case)


def closing_proposal(**overrides: Any) -> services.ProposalInput:
    fields: dict[str, Any] = {
        "outcome": "no_further_action",
        "reasons": ["no_concern"],
        "rationale": "Checks with every partner and the assessment show no concern remains.",
        "referrer_feedback": "The school was told the outcome.",
        "forum": "Early help panel",
        "owner": "Early help lead",
    }
    fields.update(overrides)
    return services.ProposalInput(**fields)
