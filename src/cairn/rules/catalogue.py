"""The rules of the domain brief's catalogue, one small class each, and `REGISTRY`.

Each docstring is the message a user sees. How a rule that the catalogue states loosely is
read on a chronology alone (what resolves it, what counts as closing, how referrals are
counted) is recorded in docs/adr/0011-policy-rules-and-replay.md and in each class's comments.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta
from heapq import heappop, heappush
from typing import Any

from cairn.lib import vocab
from cairn.lib.casefile import Event
from cairn.rules.engine import Chronology, Flag, Param, Rule, closes, first_from, is_senior
from cairn.rules.workdays import add_months, add_working_days, end_of_day, next_working_day

RED_FLAGS = frozenset(vocab.RED_FLAG_INDICATORS)
#: Concern types that say "no ideology"; `mixed_unclear` alone does not require a
#: violence-fixation assessment (see ADR 0011).
NO_IDEOLOGY = frozenset(c for c in vocab.CONCERN_TYPES if c.startswith("no_ideology"))
VIOLENCE_FASCINATION = frozenset(
    ["no_ideology_violence_fascination", "no_ideology_school_massacre"]
)
CHILD_NEEDS = frozenset(
    [
        "send_ehcp",
        "neurodivergence_diagnosed",
        "neurodivergence_suspected",
        "mental_health_need",
        "violence_history",
        "exclusion",
    ]
)
POLICE_MARKER_INDICATORS = frozenset(
    ["weapon_carrying", "weapon_acquisition", "violence_history", "missing_episode"]
)
CONCERNING_INDICATORS = RED_FLAGS | {
    "violence_history",
    "fixation_on_violence",
    "ideology_engagement",
    "extremist_material",
    "missing_episode",
    "online_activity_concern",
}
#: The entries that tell what someone saw (referrals and partners' contacts).
NARRATIVE_KINDS = frozenset(["referral", *vocab.CONTACT_KINDS])
ENDING = (*vocab.CLOSING_OUTCOMES, "exit")
PENDING_KINDS = ("neurodevelopmental", "camhs", "forensic")
REPLIES_THAT_ESCALATE = ("closed_no_action", "declined")
BELOW_THRESHOLD_TYPES = ("no_ideology_vulnerability", "no_ideology_violence_fascination")


def _codes(event: Event, wanted: frozenset[str]) -> list[str]:
    return [c for c in event.all_indicators if c in wanted]


def _only_suggested(events: Iterable[Event]) -> bool:
    """Every entry the flag rests on had its codes suggested, not recorded."""
    found = list(events)
    return bool(found) and all(e.indicators is None for e in found)


def _first(events: Sequence[Event], after: Event | None = None) -> Event | None:
    """The first of `events` (in time order) at or after `after`."""
    index = 0 if after is None else first_from(events, after.at)
    return events[index] if index < len(events) else None


def _superseding(chron: Chronology, decision: Event) -> Event | None:
    """The next decision on the same referral, which replaces this one's judgement."""
    same = chron.decisions_on(chron.referral_of(decision))
    index = first_from(same, decision.at, strictly=True)
    return same[index] if index < len(same) else None


def _checks(event: Event) -> dict[str, tuple[str | None, str | None]]:
    out: dict[str, tuple[str | None, str | None]] = {}
    for partner, value in (event.fields.get("checks") or {}).items():
        if isinstance(value, dict):
            out[partner] = (value.get("status"), value.get("at"))
        elif value is not None:
            out[partner] = (str(value), None)
    return out


class _DecisionRule(Rule):
    """A rule that judges each closing decision for what it lacked."""

    judges_decisions = True
    blocking = True
    resolves_by = (
        "a later decision on the same referral that records what was missing, or a "
        "flag_resolution for this rule with a rationale"
    )

    def problems(self, chron: Chronology, decision: Event, p: Mapping[str, Any]) -> list[str]:
        raise NotImplementedError

    def applies(self, chron: Chronology, decision: Event, p: Mapping[str, Any]) -> bool:
        """Whether the rule judges `decision`; only closing decisions are offered."""
        return closes(decision)

    def evidence(self, chron: Chronology, decision: Event) -> list[str]:
        referral = chron.referral_of(decision)
        return [decision.id] + ([referral.id] if referral else [])

    def check(self, chron: Chronology, p: Mapping[str, Any]) -> Iterator[Flag]:
        # Every `applies` requires a closing decision, so only those are looked at.
        for decision in chron.closing():
            if not self.applies(chron, decision, p):
                continue
            problems = self.problems(chron, decision, p)
            if problems:
                yield self.flag(
                    evidence=self.evidence(chron, decision),
                    raised_at=decision.at,
                    raised_by=decision.id,
                    detail=f"{decision.id}: " + "; ".join(problems),
                    resolved=_superseding(chron, decision),
                )


# --- Identity and repeat referrals ------------------------------------------------------------


class IdentityMatch(Rule):
    """A new referral with candidate matches in the uncertain band cannot proceed past triage
    until a person confirms or rejects each."""

    id = "identity-match"
    group = "Identity and repeat referrals"
    blocking = True
    resolves_by = "an identity_decision (confirmed or rejected) that refers to the record"

    def check(self, chron: Chronology, p: Mapping[str, Any]) -> Iterator[Flag]:
        answers: dict[str, list[Event]] = defaultdict(list)
        for event in chron.kind("identity_decision"):
            if event.refers_to:
                answers[event.refers_to].append(event)
        for event in chron.events:
            outcome = chron.facts.identity.get(event.id)
            if outcome is None:
                continue
            if outcome == "linked":
                # The model would link it, but the file records that a person had to decide.
                if not answers.get(event.id):
                    continue
                outcome = "linked, but sent to a person"
            yield self.flag(
                evidence=[event.id],
                raised_at=event.at,
                raised_by=event.id,
                detail=(
                    f"{event.id} names the subject differently and would not have been linked "
                    f"automatically (matching model: {outcome})"
                ),
                resolved=_first(answers.get(event.id, []), after=event),
            )

    def blocks(self, flag: Flag, decision: Event) -> str | None:
        outcome, stage = decision.fields.get("outcome"), decision.fields.get("stage")
        if stage in ("assessment", "panel") or outcome in ("refer_to_panel", "adopted"):
            return "proceeded past triage while identity-match was open"
        return super().blocks(flag, decision)


def _window(refs: Sequence[Event], days: Sequence[date], index: int, months: int) -> list[Event]:
    start = add_months(days[index], -months)
    return list(refs[bisect_left(days, start) : index + 1])


class RepeatReferral(Rule):
    """Two or more referrals within 24 months: a review is required, with all prior referrals
    and their outcomes shown side by side."""

    id = "repeat-referral"
    group = "Identity and repeat referrals"
    params = (
        Param("min_referrals", 2, "Referrals within the window that require a review", 2, 20),
        Param("window_months", 24, "The window, in calendar months, counted back", 1, 240),
    )
    resolves_by = (
        "a decision on the new referral whose evidence cites every earlier referral in the "
        "window, or a flag_resolution for this rule"
    )

    def check(self, chron: Chronology, p: Mapping[str, Any]) -> Iterator[Flag]:
        refs = chron.kind("referral")
        days = [chron.day(r) for r in refs]
        for index, referral in enumerate(refs):
            window = _window(refs, days, index, p["window_months"])
            if len(window) < p["min_referrals"]:
                continue
            earlier = {r.id for r in window if r is not referral}
            review = next(
                (
                    d
                    for d in chron.decisions_on(referral)
                    if d.at >= referral.at and earlier <= set(d.fields.get("evidence") or [])
                ),
                None,
            )
            yield self.flag(
                evidence=[r.id for r in window],
                raised_at=referral.at,
                raised_by=referral.id,
                detail=(
                    f"{len(window)} referrals within {p['window_months']} months: "
                    + ", ".join(r.id for r in window)
                ),
                resolved=review,
            )


class RepeatReferralGateway(Rule):
    """Three or more referrals within 36 months: closure at gateway is blocked without senior
    sign-off and panel consideration."""

    id = "repeat-referral-gateway"
    group = "Identity and repeat referrals"
    params = (
        Param(
            "min_referrals", 3, "Referrals within the window that block a gateway closure", 2, 20
        ),
        Param("window_months", 36, "The window, in calendar months, counted back", 1, 240),
    )
    blocking = True
    judges_decisions = True
    resolves_by = "panel consideration (a panel_meeting or a panel-stage decision)"

    def check(self, chron: Chronology, p: Mapping[str, Any]) -> Iterator[Flag]:
        refs = chron.kind("referral")
        days = [chron.day(r) for r in refs]
        panel = [
            e
            for e in chron.kind("panel_meeting", "decision")
            if e.kind == "panel_meeting" or e.fields.get("stage") == "panel"
        ]
        counted: dict[str, list[Event]] = {}
        for index, referral in enumerate(refs):
            window = _window(refs, days, index, p["window_months"])
            if len(window) < p["min_referrals"]:
                continue
            counted[referral.id] = window
            yield self.flag(
                evidence=[r.id for r in window],
                raised_at=referral.at,
                raised_by=referral.id,
                detail=(
                    f"{len(window)} referrals within {p['window_months']} months: "
                    + ", ".join(r.id for r in window)
                ),
                resolved=_first(panel, after=referral),
            )
        # Even after panel consideration, a gateway closure needs a senior's sign-off.
        for decision in chron.closing():
            about = chron.referral_of(decision)
            if (
                decision.fields.get("stage") == "gateway"
                and about is not None
                and about.id in counted
                and not is_senior(decision.fields.get("approved_by_role"))
            ):
                yield self.flag(
                    evidence=[decision.id, *(r.id for r in counted[about.id])],
                    raised_at=decision.at,
                    raised_by=decision.id,
                    detail=f"{decision.id}: closed at gateway without a senior's sign-off",
                    resolved=_superseding(chron, decision),
                )

    def blocks(self, flag: Flag, decision: Event) -> str | None:
        if closes(decision) and decision.fields.get("stage") == "gateway":
            return (
                "closed at gateway without panel consideration while "
                "repeat-referral-gateway was open"
            )
        return super().blocks(flag, decision)


# --- Closure ----------------------------------------------------------------------------------


class IdeologyNotSufficient(_DecisionRule):
    """ "No ideology" can never be the only closure reason; for no or unclear ideology, or a
    fascination with violence, a violence-fixation assessment is required first."""

    id = "ideology-not-sufficient"
    group = "Closure"

    def _firsts(self, chron: Chronology) -> tuple[Any, Any]:
        """When the chronology first said "no ideology" or violence fascination, and when a
        violence-fixation assessment was first completed (None: never)."""
        cached = getattr(chron, "_ideology_firsts", None)
        if cached is None:
            needs = next(
                (
                    e.at
                    for e in chron.events
                    if (e.kind == "referral" and e.fields.get("concern_type") in NO_IDEOLOGY)
                    or "fixation_on_violence" in e.all_indicators
                ),
                None,
            )
            assessed = next(
                (
                    e.at
                    for e in chron.kind("assessment_completed")
                    if e.fields.get("assessment") == "violence_fixation"
                ),
                None,
            )
            cached = (needs, assessed)
            chron._ideology_firsts = cached  # type: ignore[attr-defined]
        return cached

    def problems(self, chron: Chronology, decision: Event, p: Mapping[str, Any]) -> list[str]:
        reasons = list(decision.fields.get("reasons") or [])
        problems = []
        if reasons and set(reasons) == {"no_ideology"}:
            problems.append("no ideology was the only reason given")
        first_need, first_assessed = self._firsts(chron)
        needs = "no_ideology" in reasons or (first_need is not None and first_need <= decision.at)
        assessed = first_assessed is not None and first_assessed <= decision.at
        if needs and not assessed:
            problems.append("no violence-fixation assessment was completed before closure")
        return problems


class ViolenceFixation(Rule):
    """Red-flag indicators (weapon carrying or acquisition, stated intent to harm, research into
    mass-casualty attacks, approval of attacks, identification with attackers, threats) open
    the violence-fixation pathway and block closure until each is resolved with a rationale."""

    id = "violence-fixation"
    group = "Violence fixation"
    blocking = True
    resolves_by = (
        "a flag_resolution for this rule with a rationale (naming the entry, or all open ones), "
        "or a completed violence_fixation assessment"
    )

    def check(self, chron: Chronology, p: Mapping[str, Any]) -> Iterator[Flag]:
        assessments = [
            e
            for e in chron.kind("assessment_completed")
            if e.fields.get("assessment") == "violence_fixation"
        ]
        for event, found in chron.indicated():
            codes = [c for c in found if c in RED_FLAGS]
            if not codes:
                continue
            yield self.flag(
                evidence=[event.id],
                raised_at=event.at,
                raised_by=event.id,
                detail=f"{event.id}: " + ", ".join(codes),
                resolved=_first(assessments, after=event),
                from_suggested=event.indicators is None,
            )


class ChildComplexNeeds(Rule):
    """Under 18 with any of SEND or an EHCP, neurodivergence (diagnosed or suspected), a
    mental-health need, prior violence or exclusion: panel is the default route, and not
    referring needs senior sign-off."""

    id = "child-complex-needs"
    group = "Children and vulnerability"
    params = (Param("age_limit", 18, "Ages below this are children", 10, 25),)
    blocking = True
    resolves_by = "a referral to panel (a refer_to_panel outcome or a panel-stage decision)"

    def check(self, chron: Chronology, p: Mapping[str, Any]) -> Iterator[Flag]:
        if chron.facts.date_of_birth is None:
            return
        needs: list[Event] = []
        referred = False
        for event in chron.events:
            referred = referred or event.kind == "referral"
            if _codes(event, CHILD_NEEDS):
                needs.append(event)
            if not (needs and referred):
                continue
            age = chron.age_on(chron.day(event))
            if age is not None and age < p["age_limit"]:
                panel = [
                    d
                    for d in chron.kind("decision")
                    if d.fields.get("outcome") == "refer_to_panel"
                    or d.fields.get("stage") == "panel"
                ]
                codes = sorted({c for e in needs for c in _codes(e, CHILD_NEEDS)})
                yield self.flag(
                    evidence=[e.id for e in needs] + [event.id],
                    raised_at=event.at,
                    raised_by=event.id,
                    detail=f"aged {age} with " + ", ".join(codes),
                    resolved=_first(panel, after=event),
                    from_suggested=_only_suggested(needs),
                )
                return

    def blocks(self, flag: Flag, decision: Event) -> str | None:
        if closes(decision) and not is_senior(decision.fields.get("approved_by_role")):
            return "closed a child's case without referral to panel or senior sign-off"
        return None


class PendingAssessment(Rule):
    """A pending neurodevelopmental, CAMHS or forensic assessment is never a reason to close,
    defer or pause; an interim plan with an owner and review date is required."""

    id = "pending-assessment"
    group = "Children and vulnerability"
    blocking = True
    judges_decisions = True
    resolves_by = "an interim_plan with an owner and a review date, or the assessment completed"

    def check(self, chron: Chronology, p: Mapping[str, Any]) -> Iterator[Flag]:
        plans = [
            e
            for e in chron.kind("interim_plan")
            if e.fields.get("owner") and e.fields.get("review_by")
        ]
        done = [
            e
            for e in chron.kind("assessment_completed")
            if e.fields.get("assessment") in PENDING_KINDS
        ]
        raised: list[Flag] = []
        for event in chron.events:
            if (
                event.kind == "assessment_requested"
                and event.fields.get("assessment") in PENDING_KINDS
            ):
                kind = event.fields.get("assessment")
                same = [e for e in done if e.fields.get("assessment") == kind]
                suggested = False
            elif (
                "assessment_pending" in event.all_indicators
                and event.kind != "assessment_completed"
            ):
                # A pending assessment mentioned in a record, unless one requested is already open.
                if any(f.resolved_at is None or f.resolved_at > event.at for f in raised):
                    continue
                kind, same, suggested = "an", done, event.indicators is None
            else:
                continue
            ends = [e for e in (_first(plans, event), _first(same, event)) if e is not None]
            flag = self.flag(
                evidence=[event.id],
                raised_at=event.at,
                raised_by=event.id,
                detail=f"{event.id}: {kind} assessment pending",
                resolved=min(ends, key=lambda e: e.at) if ends else None,
                from_suggested=suggested,
            )
            raised.append(flag)
            yield flag
        for decision in chron.kind("decision"):
            if "awaiting_assessment" in (decision.fields.get("reasons") or []):
                yield self.flag(
                    evidence=[decision.id],
                    raised_at=decision.at,
                    raised_by=decision.id,
                    detail=f"{decision.id}: gave a pending assessment as a reason",
                    resolved=_superseding(chron, decision),
                )


class InformationGathering(_DecisionRule):
    """Closure needs the partner checklist (police, social care, education, health, youth
    justice) each marked checked, not available or refused, with its date."""

    id = "information-gathering"
    group = "Closure"
    params = (
        Param(
            "partners",
            tuple(vocab.PARTNER_CHECKS),
            "The partners whose check must be marked",
            choices=tuple(vocab.PARTNER_CHECKS),
        ),
        Param("require_dates", True, "Each check must carry its date"),
    )

    def problems(self, chron: Chronology, decision: Event, p: Mapping[str, Any]) -> list[str]:
        referral = chron.referral_of(decision)
        merged: dict[str, tuple[str | None, str | None]] = {}
        if referral is not None:
            for earlier in chron.decisions_on(referral):
                if earlier.at > decision.at:
                    break
                merged.update(_checks(earlier))
        merged.update(_checks(decision))
        missing = [c for c in p["partners"] if merged.get(c, (None, None))[0] is None]
        problems = []
        if missing:
            problems.append("no check marked for " + ", ".join(missing))
        if p["require_dates"]:
            undated = [c for c in p["partners"] if c not in missing and not merged[c][1]]
            if undated:
                problems.append("no date on the check of " + ", ".join(undated))
        return problems


class EngagementFeedback(_DecisionRule):
    """Closure records whether the subject (and for a child a parent) was spoken to, or why
    not, and the feedback given to the referrer."""

    id = "engagement-feedback"
    group = "Closure"
    params = (Param("age_limit", 18, "Ages below this need a parent spoken to", 10, 25),)

    def problems(self, chron: Chronology, decision: Event, p: Mapping[str, Any]) -> list[str]:
        reason = decision.fields.get("not_engaged_reason")
        problems = []
        if decision.fields.get("subject_engaged") is not True and not reason:
            problems.append("not recorded whether the subject was spoken to, or why not")
        age = chron.age_on(chron.day(decision))
        if (
            age is not None
            and age < p["age_limit"]
            and decision.fields.get("parent_engaged") is not True
            and not reason
        ):
            problems.append("not recorded whether a parent was spoken to, or why not")
        if not decision.fields.get("referrer_feedback"):
            problems.append("no feedback to the referrer recorded")
        return problems


def _open_case_rules(chron: Chronology) -> dict[str, list[str]]:
    """For each decision, the rules with a flag about the case (not one an earlier decision
    raised for what it lacked) open at its moment: one sweep over flags and decisions."""
    cached: dict[str, list[str]] | None = getattr(chron, "_open_case_rules", None)
    if cached is not None:
        return cached
    flags = sorted(
        (
            f
            for f in chron.facts.flags
            if not (f.raised_by in chron.by_id and chron.by_id[f.raised_by].kind == "decision")
        ),
        key=lambda f: f.raised_at,
    )
    counts: Counter[str] = Counter()
    ending: list[tuple[datetime, int, str]] = []
    cached, index = {}, 0
    for decision in chron.kind("decision"):
        while index < len(flags) and flags[index].raised_at <= decision.at:
            flag = flags[index]
            counts[flag.rule] += 1
            if flag.resolved_at is not None:
                heappush(ending, (flag.resolved_at, index, flag.rule))
            index += 1
        while ending and ending[0][0] <= decision.at:
            counts[heappop(ending)[2]] -= 1
        cached[decision.id] = sorted(rule for rule, n in counts.items() if n > 0)
    chron._open_case_rules = cached  # type: ignore[attr-defined]
    return cached


class ClosureRationale(_DecisionRule):
    """Every closure states why there are reasonable grounds to believe there is no concern,
    linked to evidence; supervisors countersign closures of flagged cases."""

    id = "closure-rationale"
    group = "Closure"
    reads_flags = True
    params = (
        Param("require_evidence", True, "The rationale must cite entries as evidence"),
        Param("countersign_flagged", True, "Closing a case with an open flag needs a senior"),
    )

    def problems(self, chron: Chronology, decision: Event, p: Mapping[str, Any]) -> list[str]:
        problems = []
        if not str(decision.get("rationale", "")).strip():
            problems.append("no rationale recorded")
        if p["require_evidence"] and not decision.fields.get("evidence"):
            problems.append("the rationale cites no evidence")
        if p["countersign_flagged"] and not is_senior(decision.fields.get("approved_by_role")):
            flagged = _open_case_rules(chron)[decision.id]
            if flagged:
                problems.append(
                    "a flagged case (" + ", ".join(flagged) + ") closed without a supervisor's "
                    "countersignature"
                )
        return problems


# --- After closure: markers, onward referrals, routing, reopening -----------------------------


def _deadline(
    rule: Rule,
    *,
    due: date,
    met_by: Event | None,
    evidence: Iterable[str],
    detail: str,
    from_suggested: bool = False,
) -> Flag | None:
    """A flag raised at the end of `due` unless `met_by` came by then; a late `met_by`
    resolves it."""
    if met_by is not None and met_by.at <= end_of_day(due):
        return None
    return rule.flag(
        evidence=evidence,
        raised_at=end_of_day(due),
        raised_by=None,
        detail=detail,
        resolved=met_by,
        due=due,
        from_suggested=from_suggested,
    )


class KnownMarker(Rule):
    """A person with any referral carries a marker for the retention period; a new police
    contact (weapon, violence, missing) on a marked person creates a re-review task due
    within 1 working day."""

    id = "known-marker"
    group = "After closure"
    params = (
        Param("retention_years", 6, "How long a referral marks a person", 1, 25),
        Param("working_days", 1, "Working days to re-review after the contact", 0, 20),
    )
    resolves_by = "a decision (the re-review) or a flag_resolution for this rule"

    def check(self, chron: Chronology, p: Mapping[str, Any]) -> Iterator[Flag]:
        refs = chron.kind("referral")
        days = [chron.day(r) for r in refs]
        decisions = chron.kind("decision")
        for contact in chron.kind("police_contact"):
            codes = _codes(contact, POLICE_MARKER_INDICATORS)
            if not codes:
                continue
            start = add_months(chron.day(contact), -12 * p["retention_years"])
            marked = refs[bisect_left(days, start) : first_from(refs, contact.at)]
            if not marked:
                continue
            due = add_working_days(chron.day(contact), p["working_days"])
            flag = _deadline(
                self,
                due=due,
                met_by=_first(decisions, after=contact),
                evidence=[contact.id, *(r.id for r in marked)],
                detail=f"{contact.id} ({', '.join(codes)}) on a marked person; re-review due {due}",
                from_suggested=contact.indicators is None,
            )
            if flag:
                yield flag


def _onwards(chron: Chronology) -> list[tuple[Event, str | None]]:
    found: list[tuple[Event, str | None]] = []
    for event in chron.kind("onward_referral", "decision"):
        if event.kind == "onward_referral":
            found.append((event, event.fields.get("to_agency")))
        elif event.fields.get("outcome") == "signposted":
            found.append((event, event.fields.get("signposted_to")))
    return found


class OnwardReferralUnacknowledged(Rule):
    """A "signposted / needs met elsewhere" outcome names the receiving agency; no
    acknowledgement within 20 working days, or a reply of "closed to our service" with no
    action, escalates."""

    id = "onward-referral-unacknowledged"
    group = "After closure"
    params = (Param("working_days", 20, "Working days for the receiving agency to reply", 1, 120),)
    judges_decisions = True
    resolves_by = (
        "a reply from the receiving agency (acknowledged, accepted or action taken), a later "
        "decision on the referral, or a flag_resolution for this rule"
    )

    def check(self, chron: Chronology, p: Mapping[str, Any]) -> Iterator[Flag]:
        replies: dict[str, list[Event]] = defaultdict(list)
        for event in chron.kind("onward_response"):
            if event.refers_to:
                replies[event.refers_to].append(event)
        for onward, agency in _onwards(chron):
            if onward.kind == "decision" and not agency:
                yield self.flag(
                    evidence=[onward.id],
                    raised_at=onward.at,
                    raised_by=onward.id,
                    detail=f"{onward.id}: signposted without naming the receiving agency",
                    resolved=_superseding(chron, onward),
                    blocking=True,
                )
            answers = replies.get(onward.id, [])
            due = add_working_days(chron.day(onward), p["working_days"])
            flag = _deadline(
                self,
                due=due,
                met_by=_first(answers, after=onward),
                evidence=[onward.id],
                detail=f"{onward.id}: no reply from {agency or 'the receiving agency'} by {due}",
            )
            if flag:
                yield flag
            for reply in answers:
                if reply.fields.get("response") not in REPLIES_THAT_ESCALATE:
                    continue
                later = [
                    e
                    for e in answers
                    if e.at > reply.at and e.fields.get("response") in ("accepted", "action_taken")
                ]
                same = chron.decisions_on(chron.referral_of(onward))
                redecided = [
                    d for d in same[first_from(same, reply.at, strictly=True) :] if d is not onward
                ]
                ends = [e for e in (_first(later), _first(redecided)) if e is not None]
                yield self.flag(
                    evidence=[onward.id, reply.id],
                    raised_at=reply.at,
                    raised_by=reply.id,
                    detail=f"{reply.id}: {agency or 'the receiving agency'} replied "
                    f"{reply.fields.get('response')} with no action",
                    resolved=min(ends, key=lambda e: e.at) if ends else None,
                )


class BelowThresholdRouting(_DecisionRule):
    """ "Vulnerability present, no terrorism risk" or "violence fascination, no ideology"
    outcomes must route to a named multi-agency forum with an owner."""

    id = "below-threshold-routing"
    group = "After closure"

    def applies(self, chron: Chronology, decision: Event, p: Mapping[str, Any]) -> bool:
        referral = chron.referral_of(decision)
        return (
            closes(decision)
            and referral is not None
            and referral.fields.get("concern_type") in BELOW_THRESHOLD_TYPES
        )

    def problems(self, chron: Chronology, decision: Event, p: Mapping[str, Any]) -> list[str]:
        missing = [name for name in ("forum", "owner") if not decision.fields.get(name)]
        return ["no " + " and no ".join(missing) + " named"] if missing else []


class ReopenReview(Rule):
    """Any new concerning event within 6 years of a prior referral opens a review with the
    full chronology."""

    id = "reopen-review"
    group = "After closure"
    params = (Param("window_years", 6, "Years after a referral that a new concern reopens", 1, 25),)
    resolves_by = "a decision (the review) or a flag_resolution for this rule"

    def check(self, chron: Chronology, p: Mapping[str, Any]) -> Iterator[Flag]:
        refs = chron.kind("referral")
        decisions = chron.kind("decision")
        contacts = chron.kind(*vocab.CONTACT_KINDS)
        days = [chron.day(r) for r in refs]
        for event in contacts:
            codes = _codes(event, CONCERNING_INDICATORS)
            if not codes:
                continue
            following = first_from(decisions, event.at)
            if following == 0 or decisions[following - 1].fields.get("outcome") not in ENDING:
                continue
            start = add_months(chron.day(event), -12 * p["window_years"])
            prior = refs[bisect_left(days, start) : first_from(refs, event.at)]
            if not prior:
                continue
            yield self.flag(
                evidence=[event.id, *(r.id for r in prior)],
                raised_at=event.at,
                raised_by=event.id,
                detail=f"{event.id} ({', '.join(codes)}) after the case was closed",
                resolved=decisions[following] if following < len(decisions) else None,
                from_suggested=event.indicators is None,
            )


# --- Panel cases ------------------------------------------------------------------------------


def _exits(chron: Chronology) -> list[Event]:
    return [
        e
        for e in chron.kind("exit", "decision")
        if e.kind == "exit" or e.fields.get("outcome") == "exit"
    ]


def _panel_cases(chron: Chronology) -> list[tuple[Event | None, Event | None]]:
    """(adoption, exit) of each panel case; an exit recorded both as a decision and as an
    `exit` entry ends one case."""
    cases: list[tuple[Event | None, Event | None]] = []
    open_start: Event | None = None
    for event in chron.kind("decision", "exit"):
        if event.kind == "decision" and event.fields.get("outcome") == "adopted":
            if open_start is None:
                open_start = event
        elif event.kind == "exit" or event.fields.get("outcome") == "exit":
            if open_start is not None:
                cases.append((open_start, event))
                open_start = None
            elif not cases:
                cases.append((None, event))
    if open_start is not None:
        cases.append((open_start, None))
    return cases


class SupportPlanMissing(Rule):
    """An adopted panel case has a written support plan within 10 working days."""

    id = "support-plan-missing"
    group = "Panel cases"
    params = (Param("working_days", 10, "Working days from adoption to a written plan", 1, 60),)
    resolves_by = "a support_plan entry"

    def check(self, chron: Chronology, p: Mapping[str, Any]) -> Iterator[Flag]:
        plans = chron.kind("support_plan")
        for adoption in chron.kind("decision"):
            if adoption.fields.get("outcome") != "adopted":
                continue
            due = add_working_days(chron.day(adoption), p["working_days"])
            flag = _deadline(
                self,
                due=due,
                met_by=_first(plans, after=adoption),
                evidence=[adoption.id],
                detail=f"adopted at {adoption.id}; no written support plan by {due}",
            )
            if flag:
                yield flag


class PanelReviewGap(Rule):
    """A panel case goes no more than 8 weeks without a review."""

    id = "panel-review-gap"
    group = "Panel cases"
    params = (Param("weeks", 8, "Longest gap between reviews, in weeks", 1, 52),)
    resolves_by = "a panel_review or panel_meeting entry, or the case's exit"

    def check(self, chron: Chronology, p: Mapping[str, Any]) -> Iterator[Flag]:
        reviews = chron.kind("panel_review", "panel_meeting")
        for start, end in _panel_cases(chron):
            if start is None:
                continue
            last = start
            for review in [
                r for r in reviews if r.at > start.at and (end is None or r.at <= end.at)
            ] + [end]:
                due = next_working_day(chron.day(last) + timedelta(weeks=p["weeks"]))
                flag = _deadline(
                    self,
                    due=due,
                    met_by=review,
                    evidence=[start.id, last.id],
                    detail=f"no review of the panel case since {last.id} by {due}",
                )
                if flag:
                    yield flag
                if review is None:
                    break
                last = review


def _upto(chron: Chronology, kind: str, moment: Event) -> list[Event]:
    found = chron.kind(kind)
    return found[: first_from(found, moment.at, strictly=True)]


class InterventionDeliveryGap(Rule):
    """Planned and delivered intervention sessions are tracked; exit is blocked until delivery
    and the provider's report are recorded; a shortfall is flagged."""

    id = "intervention-delivery-gap"
    group = "Panel cases"
    params = (
        Param("min_percent", 100, "Share of planned sessions to deliver before exit", 0, 100),
    )
    blocking = True
    judges_decisions = True
    resolves_by = "a flag_resolution for this rule with a rationale"

    def check(self, chron: Chronology, p: Mapping[str, Any]) -> Iterator[Flag]:
        for _, exit_event in _panel_cases(chron):
            if exit_event is None:
                continue
            plans = _upto(chron, "intervention_planned", exit_event)
            planned = sum(int(e.get("sessions", 0)) for e in plans)
            delivered = sum(
                1
                for e in _upto(chron, "intervention_session", exit_event)
                if e.fields.get("status") == "delivered"
            )
            reported = bool(_upto(chron, "provider_report", exit_event))
            problems = []
            if delivered * 100 < planned * p["min_percent"]:
                problems.append(f"{delivered} of {planned} planned sessions delivered")
            if planned and not reported:
                problems.append("no provider's report")
            if problems:
                yield self.flag(
                    evidence=[exit_event.id] + [e.id for e in plans],
                    raised_at=exit_event.at,
                    raised_by=exit_event.id,
                    detail=f"{exit_event.id}: " + "; ".join(problems),
                )


class PostExitReview(Rule):
    """Exit schedules reviews at 6 and 12 months (extendable to 24); they can be completed,
    never deleted."""

    id = "post-exit-review"
    group = "Panel cases"
    params = (
        Param("first_months", 6, "Months after exit of the first review", 1, 24),
        Param("second_months", 12, "Months after exit of the second review", 1, 24),
    )
    resolves_by = "a post_exit_review entry"

    def check(self, chron: Chronology, p: Mapping[str, Any]) -> Iterator[Flag]:
        reviews = chron.kind("post_exit_review")
        for _, exit_event in _panel_cases(chron):
            if exit_event is None:
                continue
            after = [r for r in reviews if r.at >= exit_event.at]
            for number, months in enumerate((p["first_months"], p["second_months"])):
                due = next_working_day(add_months(chron.day(exit_event), months))
                flag = _deadline(
                    self,
                    due=due,
                    met_by=after[number] if number < len(after) else None,
                    evidence=[exit_event.id],
                    detail=f"{months}-month review after exit at {exit_event.id} not held by {due}",
                )
                if flag:
                    yield flag


class ConsentObstruction(Rule):
    """Refusal or obstruction of engagement by a parent or carer creates a safeguarding task,
    never a silent closure."""

    id = "consent-obstruction"
    group = "Children and vulnerability"
    blocking = True
    resolves_by = "a social_care_event after it (the safeguarding task) or a flag_resolution"

    def check(self, chron: Chronology, p: Mapping[str, Any]) -> Iterator[Flag]:
        care = chron.kind("social_care_event")
        for consent in chron.kind("consent"):
            if consent.fields.get("given_by") != "parent" or consent.fields.get("status") not in (
                "refused",
                "obstructed",
            ):
                continue
            yield self.flag(
                evidence=[consent.id],
                raised_at=consent.at,
                raised_by=consent.id,
                detail=f"{consent.id}: consent {consent.fields.get('status')} by a parent",
                resolved=_first(care, after=consent),
            )


REGISTRY: tuple[Rule, ...] = (
    IdentityMatch(),
    RepeatReferral(),
    RepeatReferralGateway(),
    IdeologyNotSufficient(),
    ViolenceFixation(),
    ChildComplexNeeds(),
    PendingAssessment(),
    InformationGathering(),
    EngagementFeedback(),
    ClosureRationale(),
    KnownMarker(),
    OnwardReferralUnacknowledged(),
    BelowThresholdRouting(),
    ReopenReview(),
    SupportPlanMissing(),
    PanelReviewGap(),
    InterventionDeliveryGap(),
    PostExitReview(),
    ConsentObstruction(),
)
RULES: dict[str, Rule] = {rule.id: rule for rule in REGISTRY}
