"""Replay: a person's chronology read again under a policy, as the `cairn replay` document.

`replay` is pure given its inputs: the case file, the policy, the day to evaluate up to, the
suggester and the identity outcome function. `replay_file` supplies the real suggester and
matching model. The rules are evaluated once, at the end of `until`; because every rule is
causal (see `engine`), the flags open at each checkpoint are read off that one evaluation.

A checkpoint is every `decision` entry and every day a time-based rule fell due with its
deadline unmet. A decision is divergent when policy would not have allowed it as made: it
closed (or exited) while a blocking flag was open, skipped a required route (a rule's
`blocks` says so), or lacked a required record (a flag the decision itself raised).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from cairn.lib.casefile import UK, CaseFile, Event, Subject, format_moment
from cairn.rules.catalogue import NARRATIVE_KINDS, REGISTRY, RULES
from cairn.rules.engine import Facts, Flag, evaluate_rules
from cairn.rules.policies import PolicySpec
from cairn.rules.workdays import end_of_day

logger = logging.getLogger(__name__)

Suggester = Callable[[str], Sequence[str]]
IdentityCheck = Callable[[Subject, Mapping[str, Any]], str]


def default_suggester() -> Suggester | None:
    """`cairn.indicators.suggest.suggest` as codes, or None while it is not installed."""
    try:
        from cairn.indicators.suggest import suggest  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None

    def codes(text: str) -> list[str]:
        return list(dict.fromkeys(s.code for s in suggest(text)))

    return codes


def with_suggestions(events: Sequence[Event], suggester: Suggester | None) -> list[Event]:
    """Referrals and partners' contacts with no recorded indicators get the suggester's codes
    for their summary. Other entries (decisions, plans, assessments) describe the programme's
    own work, whose words about a subject's needs are not new observations of them."""
    if suggester is None:
        return list(events)
    out = []
    for event in events:
        if event.indicators is None and event.summary and event.kind in NARRATIVE_KINDS:
            out.append(replace(event, suggested=tuple(suggester(event.summary))))
        else:
            out.append(event)
    return out


def identity_outcomes(case_file: CaseFile, check: IdentityCheck | None) -> dict[str, str]:
    """For each entry naming the subject differently, what the matching model would do with
    that record against the subject: `linked`, `review` or `new`."""
    if check is None:
        return {}
    found = {}
    for event in case_file.events:
        recorded = event.fields.get("subject_as_recorded")
        if isinstance(recorded, dict) and recorded:
            found[event.id] = check(case_file.subject, recorded)
    return found


def _moment_text(event: Event | None, moment: datetime) -> str:
    if event is not None:
        return format_moment(event.at, event.at_is_date)
    return moment.astimezone(UK).date().isoformat()


def _flag_at(flag: Flag, by_id: Mapping[str, Event]) -> str:
    if flag.raised_by is None and flag.due is not None:
        return flag.due.isoformat()
    return _moment_text(by_id.get(flag.raised_by or ""), flag.raised_at)


def _open_flag(flag: Flag) -> dict[str, Any]:
    """A flag as a checkpoint lists it: `message` says what was found; the rule's own message
    is given once, in the document's `rules`."""
    return {
        "rule": flag.rule,
        "blocking": flag.blocking,
        "evidence": list(flag.evidence),
        "from_suggested_indicators": flag.from_suggested_indicators,
        "message": flag.detail,
    }


def divergences_of(
    decision: Event, open_flags: Sequence[Flag], decision_ids: frozenset[str] = frozenset()
) -> list[str]:
    """Why policy would not have allowed `decision` as made (empty if it would). Flags an
    earlier decision raised for what it lacked judge that decision, not this one."""
    reasons: list[str] = []
    for flag in open_flags:
        if flag.raised_by == decision.id:
            if RULES[flag.rule].judges_decisions:
                reasons.append(f"{flag.rule}: {flag.detail}")
            continue
        if flag.raised_by in decision_ids:
            continue
        why = RULES[flag.rule].blocks(flag, decision)
        if why:
            reasons.append(why)
    return list(dict.fromkeys(reasons))


def replay(
    case_file: CaseFile,
    policy: PolicySpec,
    *,
    until: date,
    suggester: Suggester | None = None,
    identity: IdentityCheck | None = None,
) -> dict[str, Any]:
    """The replay document of CASEFILE.md for one case file under one policy."""
    cut = end_of_day(until)
    events = [e for e in with_suggestions(case_file.events, suggester) if e.at <= cut]
    by_id = {e.id: e for e in events}
    facts = Facts(
        date_of_birth=case_file.subject.date_of_birth,
        identity=identity_outcomes(case_file, identity),
    )
    rules = [rule for rule in REGISTRY if rule.id in set(policy.enabled)]
    flags = evaluate_rules(rules, events, cut, policy.parameters, facts)

    points: list[tuple[datetime, int, str, dict[str, Any]]] = []
    decisions = sorted((e for e in events if e.kind == "decision"), key=lambda e: (e.at, e.id))
    divergent = 0
    decision_ids = frozenset(d.id for d in decisions)
    shown = {id(f): _open_flag(f) for f in flags}  # one dict per flag, shared by checkpoints
    for decision in decisions:
        open_now = [f for f in flags if f.open_at(decision.at)]
        reasons = divergences_of(decision, open_now, decision_ids)
        divergent += bool(reasons)
        points.append(
            (
                decision.at,
                0,
                decision.id,
                {
                    "event_id": decision.id,
                    "at": _moment_text(decision, decision.at),
                    "kind": "decision",
                    "outcome": decision.get("outcome"),
                    "policy_recorded": decision.get("policy"),
                    "open_flags": [shown[id(f)] for f in open_now],
                    "divergent": bool(reasons),
                    "divergences": reasons,
                },
            )
        )
    dues: dict[date, list[str]] = {}
    for flag in flags:
        if flag.due is not None and flag.raised_by is None:
            dues.setdefault(flag.due, [])
            if flag.rule not in dues[flag.due]:
                dues[flag.due].append(flag.rule)
    for due, due_rules in sorted(dues.items()):
        moment = end_of_day(due)
        points.append(
            (
                moment,
                1,
                "",
                {
                    "event_id": None,
                    "at": due.isoformat(),
                    "kind": "deadline",
                    "deadlines": due_rules,
                    "open_flags": [shown[id(f)] for f in flags if f.open_at(moment)],
                    "divergent": False,
                    "divergences": [],
                },
            )
        )
    points.sort(key=lambda p: (p[0], p[1], p[2]))
    return {
        "subject": case_file.subject.ref,
        "policy": policy.name,
        "policy_version": policy.version,
        "until": until.isoformat(),
        "rules": {rule.id: rule.message for rule in rules if any(f.rule == rule.id for f in flags)},
        "checkpoints": [p[3] for p in points],
        "flags": [
            {
                "rule": f.rule,
                "raised_at": _flag_at(f, by_id),
                "raised_by": f.raised_by,
                "resolved_at": (
                    _moment_text(by_id.get(f.resolved_by or ""), f.resolved_at)
                    if f.resolved_at is not None
                    else None
                ),
                "resolved_by": f.resolved_by,
                "evidence": list(f.evidence),
                "blocking": f.blocking,
                "due": f.due.isoformat() if f.due else None,
                "from_suggested_indicators": f.from_suggested_indicators,
                "message": f.detail,
                "resolves_by": f.resolves_by,
            }
            for f in flags
        ],
        "summary": {
            "decisions": len(decisions),
            "divergent_decisions": divergent,
            "deadlines_missed": sum(len(v) for v in dues.values()),
            "flags_raised": len(flags),
            "flags_open": sum(1 for f in flags if f.resolved_at is None),
        },
    }
