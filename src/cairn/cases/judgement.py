"""What the policy in force says about a case now, and about a decision before it is made.

The rules read the person's whole chronology (every agency's entries: the policy judges the
full picture, whatever one viewer may see) as `lib.casefile` events. A proposed decision is
added as one more event, and it is allowed exactly when the replay would not call it
divergent (`rules.replay.divergences_of`): the same judgement a learning review applies
afterwards is applied before the decision is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cairn.chronology.selectors import chronologies_of
from cairn.lib.casefile import Event
from cairn.people.models import Person
from cairn.rules.catalogue import REGISTRY
from cairn.rules.engine import Facts, Flag, evaluate_rules
from cairn.rules.policies import PolicySpec
from cairn.rules.replay import divergences_of
from cairn.rules.selectors import POLICY_IN_FORCE, policy_in_force

PROPOSED_ID = "proposed"


def event_id(entry_pk: int) -> str:
    return f"c{entry_pk}"


def entry_pk(event: str | None) -> int | None:
    """The chronology entry behind an event id of `chronology_events`, if it is one."""
    if event and event.startswith("c") and event[1:].isdigit():
        return int(event[1:])
    return None


def chronology_events(person: Person) -> list[Event]:
    """Every current entry of the person's chronology as an event `c<entry id>`, oldest
    first (evidence cited by entry id is mapped to those ids)."""
    return chronologies_of([person.pk], case_file_ids=False)[person.pk][0]


@dataclass(frozen=True)
class Judgement:
    """What the rules found: the flags open at the moment, and why the decision (if one was
    judged) would not be allowed."""

    policy: PolicySpec
    open_flags: list[Flag]
    refusals: list[str]

    @property
    def allowed(self) -> bool:
        return not self.refusals


def _evaluate(
    person: Person, policy: PolicySpec, at: datetime, extra: list[Event]
) -> tuple[list[Event], list[Flag]]:
    events = [*chronology_events(person), *extra]
    rules = [rule for rule in REGISTRY if rule.id in set(policy.enabled)]
    facts = Facts(date_of_birth=person.date_of_birth)
    flags = evaluate_rules(rules, events, at, policy.parameters, facts)
    return events, flags


def policy_now(name: str = POLICY_IN_FORCE) -> PolicySpec:
    return policy_in_force(name=name)


def open_flags(person: Person, at: datetime, policy: PolicySpec) -> list[Flag]:
    """The flags open on the person's chronology at `at`."""
    _, flags = _evaluate(person, policy, at, [])
    return [f for f in flags if f.open_at(at)]


def judge_decision(
    person: Person, policy: PolicySpec, at: datetime, decision: dict[str, Any]
) -> Judgement:
    """Judge a decision about to be recorded (its case-file fields, `refers_to` an event id)
    as the replay would judge it once made."""
    proposed = Event(id=PROPOSED_ID, at=at, kind="decision", fields=decision)
    events, flags = _evaluate(person, policy, at, [proposed])
    open_now = [f for f in flags if f.open_at(at)]
    decision_ids = frozenset(e.id for e in events if e.kind == "decision")
    messages = {rule.id: rule.message for rule in REGISTRY}
    refusals: list[str] = []
    # The replay's judgement (`divergences_of`) flag by flag, so each refusal carries its
    # rule's message; together they are exactly the replay's divergences.
    for flag in open_now:
        for reason in divergences_of(proposed, [flag], decision_ids):
            text = f"{reason} ({flag.rule}: {messages[flag.rule]})"
            if text not in refusals:
                refusals.append(text)
    return Judgement(policy, [f for f in open_now if f.raised_by != PROPOSED_ID], refusals)
