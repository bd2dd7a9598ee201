"""The case workflow: every state a case can be in and the one table of the moves between
them. A move not in `TRANSITIONS` cannot happen; each row names the roles that may make it,
the precondition checked before it is made (a name in `PRECONDITIONS`, checked by
`services`), and, for a move that is a decision on the person, the stage and outcome it is
recorded with on their chronology.

Decisions (`decision_propose`, `decision_approve`, `decision_return`) are rows too: a
proposal moves the case to `awaiting_decision`, approval moves it on according to the
outcome, a return moves it back to the state it was proposed from.
"""

from __future__ import annotations

from dataclasses import dataclass

from cairn.accounts.roles import Role
from cairn.cases.models import CaseStatus

S = CaseStatus
OFFICERS = (Role.CASE_OFFICER, Role.SENIOR_OFFICER)
SENIOR = (Role.SENIOR_OFFICER,)
CHAIR = (Role.PANEL_CHAIR,)

#: Where a case may be when a decision is proposed on it.
DECIDING_FROM = (S.GATEWAY, S.INFORMATION_GATHERING, S.ASSESSMENT)


@dataclass(frozen=True)
class Transition:
    """One allowed move. `stage` and `outcome` are set for moves recorded on the chronology
    as a `decision` entry; `label` is the button's text."""

    name: str
    source: S
    target: S
    roles: tuple[Role, ...]
    precondition: str
    label: str
    stage: str = ""
    outcome: str = ""
    #: Made through a form of its own (a proposal, an approval), not a plain button.
    by_form: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "triage_start",
        S.RECEIVED,
        S.GATEWAY,
        OFFICERS,
        "no_identity_review_pending",
        "Start triage",
        "gateway",
        "continue",
    ),
    Transition(
        "information_gathering_start",
        S.GATEWAY,
        S.INFORMATION_GATHERING,
        OFFICERS,
        "no_identity_review_pending",
        "Start information gathering",
        "gateway",
        "information_gathering",
    ),
    Transition(
        "assessment_start",
        S.INFORMATION_GATHERING,
        S.ASSESSMENT,
        OFFICERS,
        "no_identity_review_pending",
        "Start assessment",
        "assessment",
        "continue",
    ),
    *(
        Transition(
            "decision_propose",
            source,
            S.AWAITING_DECISION,
            OFFICERS,
            "no_identity_review_pending",
            "Propose a decision",
            by_form=True,
        )
        for source in DECIDING_FROM
    ),
    *(
        Transition(
            "decision_return",
            S.AWAITING_DECISION,
            target,
            SENIOR,
            "not_the_proposer",
            "Return the proposal",
            by_form=True,
        )
        for target in DECIDING_FROM
    ),
    Transition(
        "decision_approve_close",
        S.AWAITING_DECISION,
        S.CLOSED,
        SENIOR,
        "policy_allows_decision",
        "Approve",
        by_form=True,
    ),
    Transition(
        "decision_approve_panel",
        S.AWAITING_DECISION,
        S.PANEL,
        SENIOR,
        "policy_allows_decision",
        "Approve",
        by_form=True,
    ),
    Transition(
        "decision_approve_continue",
        S.AWAITING_DECISION,
        S.ASSESSMENT,
        SENIOR,
        "policy_allows_decision",
        "Approve",
        by_form=True,
    ),
    Transition(
        "panel_adopt",
        S.PANEL,
        S.ADOPTED,
        CHAIR,
        "none",
        "Adopt",
        "panel",
        "adopted",
    ),
    Transition(
        "panel_not_adopt",
        S.PANEL,
        S.CLOSED,
        CHAIR,
        "policy_allows_decision",
        "Do not adopt",
        "panel",
        "not_adopted",
    ),
    Transition(
        "case_exit",
        S.ADOPTED,
        S.EXITED,
        CHAIR,
        "policy_allows_decision",
        "Exit",
        "panel",
        "exit",
    ),
    Transition("case_close_after_exit", S.EXITED, S.CLOSED, SENIOR, "none", "Close the case"),
    Transition(
        "case_reopen",
        S.CLOSED,
        S.REOPENED,
        SENIOR,
        "no_other_open_case",
        "Reopen",
        "gateway",
        "continue",
    ),
    Transition(
        "case_reopen_after_exit",
        S.EXITED,
        S.REOPENED,
        SENIOR,
        "none",
        "Reopen",
        "gateway",
        "continue",
    ),
    Transition(
        "triage_restart",
        S.REOPENED,
        S.GATEWAY,
        OFFICERS,
        "no_identity_review_pending",
        "Start triage",
        "gateway",
        "continue",
    ),
    # --- The panel's own decision (cairn.panels, issue 8): a meeting may keep a case on the
    # agenda or an adopted case in the programme; adopt, not adopt and exit are the rows above.
    *(
        Transition(
            "panel_continue",
            source,
            source,
            CHAIR,
            "none",
            "Continue",
            "panel",
            "continue",
            by_form=True,
        )
        for source in (S.PANEL, S.ADOPTED)
    ),
)

#: What each precondition means, for the refusal message and the ADR.
PRECONDITIONS: dict[str, str] = {
    "none": "nothing beyond the role and the state",
    "no_identity_review_pending": (
        "no identity review is pending for any of the person's records (rule identity-match)"
    ),
    "not_the_proposer": "the senior officer is not the officer who proposed the decision",
    "policy_allows_decision": "the policy in force would not call the decision divergent",
    "no_other_open_case": "the person has no other open case at this agency",
}

#: Approval moves by the proposed outcome.
APPROVAL_BY_OUTCOME: dict[str, str] = {
    "no_further_action": "decision_approve_close",
    "signposted": "decision_approve_close",
    "refer_to_panel": "decision_approve_panel",
    "continue": "decision_approve_continue",
}
PROPOSABLE_OUTCOMES = tuple(APPROVAL_BY_OUTCOME)


def find(name: str, source: str, target: str | None = None) -> Transition | None:
    """The row for a named move from a state (and to a state, where a name has several)."""
    for row in TRANSITIONS:
        if row.name == name and row.source == source and (target is None or row.target == target):
            return row
    return None


def from_state(source: str) -> list[Transition]:
    """Every row leaving a state, in table order."""
    return [row for row in TRANSITIONS if row.source == source]


def simple(name: str) -> bool:
    """Whether the move is a plain button (no form of its own)."""
    return any(row.name == name and not row.by_form for row in TRANSITIONS)
