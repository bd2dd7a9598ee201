"""The rule engine: what a rule is, what it raises, and how a whole policy is evaluated.

A rule is a small class with a stable `id`, its docstring as the message a user sees, and the
parameters a policy may set (each with a default and a range). It is a pure function of one
person's chronology up to a moment and those parameters: the same events and parameters give
the same flags, whatever order the events came in. Rules are *causal*: a flag's `raised_at`
and `resolved_at` depend only on events at or before those moments, so the flags of an
evaluation at a late moment, cut at an earlier one, are the flags of an evaluation at the
earlier one. The replay relies on that to evaluate once and read every checkpoint off it.

Rules see the chronology through `Chronology`, built once per evaluation, which sorts the
events, indexes them by id and kind, and knows which referral each entry belongs to.
"""

from __future__ import annotations

import inspect
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, ClassVar

from cairn.lib import vocab
from cairn.lib.casefile import Event

#: Outcomes that end a case's time on the programme (closing outcomes, and exit).
ENDING_OUTCOMES = (*vocab.CLOSING_OUTCOMES, "exit")


class ParameterError(ValueError):
    """A parameter a policy may not hold; `field` names it (`rule-id.name`)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Param:
    """One parameter of a rule: an integer in a range, a yes/no, or a subset of choices."""

    name: str
    default: int | bool | tuple[str, ...]
    help: str
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] | None = None

    @property
    def kind(self) -> str:
        if isinstance(self.default, bool):
            return "boolean"
        if isinstance(self.default, int):
            return "integer"
        return "list"

    def check(self, value: Any, field: str) -> int | bool | tuple[str, ...]:
        """The value in its typed form, or `ParameterError` naming `field`."""
        if self.kind == "boolean":
            if not isinstance(value, bool):
                raise ParameterError(field, "must be true or false")
            return value
        if self.kind == "integer":
            if isinstance(value, bool) or not isinstance(value, int):
                raise ParameterError(field, "must be a whole number")
            if self.minimum is not None and value < self.minimum:
                raise ParameterError(field, f"must be at least {self.minimum}")
            if self.maximum is not None and value > self.maximum:
                raise ParameterError(field, f"must be at most {self.maximum}")
            return value
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise ParameterError(field, "must be a list of names")
        unknown = [v for v in value if v not in (self.choices or ())]
        if unknown:
            raise ParameterError(
                field, f"{unknown[0]!r} is not one of {', '.join(self.choices or ())}"
            )
        return tuple(dict.fromkeys(value))

    def describe_default(self) -> str:
        if isinstance(self.default, tuple):
            return ", ".join(self.default)
        if isinstance(self.default, bool):
            return "yes" if self.default else "no"
        return str(self.default)

    def describe_range(self) -> str:
        if self.kind == "integer":
            return f"{self.minimum} to {self.maximum}"
        if self.kind == "list":
            return "any of " + ", ".join(self.choices or ())
        return "yes or no"


@dataclass(frozen=True, slots=True)
class Flag:
    """What a rule raised: about which entries (`evidence`, event ids), when and by which entry
    (`raised_by`; `None` for a deadline that passed, whose `due` day it was), whether it blocks
    closure, what resolves it, and, once resolved, when and by which entry. `message` is the
    rule's own message; `detail` says what was found. `from_suggested_indicators`: the flag
    rests only on indicator codes the suggester read in a summary, which no person recorded."""

    rule: str
    blocking: bool
    evidence: tuple[str, ...]
    raised_at: datetime
    raised_by: str | None
    message: str
    detail: str
    resolves_by: str
    resolved_at: datetime | None = None
    resolved_by: str | None = None
    from_suggested_indicators: bool = False
    due: date | None = None

    def open_at(self, moment: datetime) -> bool:
        return self.raised_at <= moment and (self.resolved_at is None or self.resolved_at > moment)


@dataclass(frozen=True)
class Facts:
    """What the rules need beyond the entries: the subject's date of birth, the identity
    outcome of each entry that names the subject differently (`linked`, `review` or `new`,
    computed by the replay with the matching model), and, for rules that read other rules'
    flags, those flags."""

    date_of_birth: date | None = None
    identity: Mapping[str, str] = field(default_factory=dict)
    flags: tuple[Flag, ...] = ()


def _sort_key(event: Event) -> tuple[datetime, str]:
    return (event.at, event.id)


class Chronology:
    """One person's entries up to `at`, sorted by moment then id, with the indexes rules
    share."""

    def __init__(self, events: Sequence[Event], at: datetime, facts: Facts | None = None) -> None:
        self.at = at
        self.facts = facts or Facts()
        self.events: list[Event] = sorted((e for e in events if e.at <= at), key=_sort_key)
        self.by_id: dict[str, Event] = {e.id: e for e in self.events}
        self.by_kind: dict[str, list[Event]] = defaultdict(list)
        for event in self.events:
            self.by_kind[event.kind].append(event)
        self.resolutions: dict[str, list[Event]] = defaultdict(list)
        for event in self.by_kind["flag_resolution"]:
            self.resolutions[str(event.get("rule", ""))].append(event)
        self._referral_of: dict[str, Event | None] = {}
        self._decisions_on: dict[str | None, list[Event]] | None = None
        self._merged: dict[tuple[str, ...], list[Event]] = {}
        self._days: dict[str, date] = {}
        self._closing: list[Event] | None = None
        self._indicated: list[tuple[Event, tuple[str, ...]]] | None = None

    def kind(self, *kinds: str) -> list[Event]:
        """The entries of the given kinds, in order (shared: callers must not change it)."""
        if len(kinds) == 1:
            return self.by_kind.get(kinds[0], [])
        merged = self._merged.get(kinds)
        if merged is None:
            merged = sorted((e for k in kinds for e in self.by_kind.get(k, [])), key=_sort_key)
            self._merged[kinds] = merged
        return merged

    def day(self, event: Event) -> date:
        """`event.day` (its UK day), worked out once per evaluation."""
        found = self._days.get(event.id)
        if found is None:
            found = self._days[event.id] = event.day
        return found

    def closing(self) -> list[Event]:
        """The decisions that close the case, in order."""
        if self._closing is None:
            self._closing = [
                d
                for d in self.by_kind.get("decision", [])
                if d.fields.get("outcome") in vocab.CLOSING_OUTCOMES
            ]
        return self._closing

    def indicated(self) -> list[tuple[Event, tuple[str, ...]]]:
        """The entries carrying indicator codes (recorded, else suggested), with the codes."""
        if self._indicated is None:
            self._indicated = [(e, codes) for e in self.events if (codes := e.all_indicators)]
        return self._indicated

    def referral_of(self, event: Event) -> Event | None:
        """The referral an entry belongs to: itself, or the end of its `refers_to` chain."""
        if event.id in self._referral_of:
            return self._referral_of[event.id]
        seen: set[str] = set()
        current: Event | None = event
        while current is not None and current.kind != "referral" and current.id not in seen:
            seen.add(current.id)
            target = self.by_id.get(current.refers_to or "")
            # Only what was on record at the entry's moment: a rule stays causal.
            current = target if target is not None and target.at <= event.at else None
        found = current if current is not None and current.kind == "referral" else None
        self._referral_of[event.id] = found
        return found

    def decisions_on(self, referral: Event | None) -> list[Event]:
        """The decisions about one referral (or about none), in order."""
        if self._decisions_on is None:
            self._decisions_on = defaultdict(list)
            for decision in self.kind("decision"):
                about = self.referral_of(decision)
                self._decisions_on[about.id if about else None].append(decision)
        return self._decisions_on.get(referral.id if referral else None, [])

    def age_on(self, day: date) -> int | None:
        dob = self.facts.date_of_birth
        if dob is None:
            return None
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def closes(event: Event) -> bool:
    """A decision that closes the case to the programme."""
    return event.kind == "decision" and event.fields.get("outcome") in vocab.CLOSING_OUTCOMES


def ends(event: Event) -> bool:
    """A decision that closes the case or ends it by exit."""
    return event.kind == "decision" and event.fields.get("outcome") in ENDING_OUTCOMES


def is_senior(role: Any) -> bool:
    """Whether a recorded role (free text) is a senior decision-maker's or a supervisor's."""
    text = str(role or "").lower()
    return "senior" in text or "supervisor" in text or text in {"panel_chair", "manager"}


_MESSAGES: dict[type, str] = {}


def message_of(rule: type[Rule] | Rule) -> str:
    """The rule's docstring as one paragraph: the message a user sees."""
    cls = rule if isinstance(rule, type) else type(rule)
    if cls not in _MESSAGES:
        _MESSAGES[cls] = " ".join((inspect.getdoc(cls) or "").split())
    return _MESSAGES[cls]


class Rule:
    """A policy rule. Subclasses set `id`, `params`, `blocking` and `resolves_by`, write the
    user's message as their docstring, and implement `check`."""

    id: ClassVar[str]
    group: ClassVar[str] = ""
    params: ClassVar[tuple[Param, ...]] = ()
    blocking: ClassVar[bool] = False
    resolves_by: ClassVar[str] = ""
    #: Whether `check` reads other rules' flags (`chron.facts.flags`); such rules run last.
    reads_flags: ClassVar[bool] = False
    #: Whether the rule raises flags on a decision for what that decision lacked.
    judges_decisions: ClassVar[bool] = False

    @property
    def message(self) -> str:
        return message_of(self)

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}

    def evaluate(
        self,
        events: Sequence[Event],
        at: datetime,
        params: Mapping[str, Any] | None = None,
        facts: Facts | None = None,
    ) -> list[Flag]:
        """This rule's flags for the entries up to `at`, resolved where the chronology
        resolves them by `at`."""
        return evaluate_rules([self], events, at, {self.id: dict(params or {})}, facts)

    def check(self, chron: Chronology, p: Mapping[str, Any]) -> Iterable[Flag]:
        raise NotImplementedError

    def flag(
        self,
        *,
        evidence: Iterable[str],
        raised_at: datetime,
        raised_by: str | None,
        detail: str,
        resolved: Event | None = None,
        from_suggested: bool = False,
        due: date | None = None,
        blocking: bool | None = None,
    ) -> Flag:
        # Positional, in the order of `Flag`'s fields: a frozen dataclass built from keywords
        # took nearly twice as long, and a long chronology raises hundreds of flags.
        return Flag(
            self.id,  # rule
            self.blocking if blocking is None else blocking,
            tuple(dict.fromkeys(evidence)),
            raised_at,
            raised_by,
            _MESSAGES.get(type(self)) or message_of(self),  # message
            detail,
            self.resolves_by,
            resolved.at if resolved else None,  # resolved_at
            resolved.id if resolved else None,  # resolved_by
            from_suggested,  # from_suggested_indicators
            due,
        )

    def blocks(self, flag: Flag, decision: Event) -> str | None:
        """Why `decision` was not allowed while `flag` (this rule's, open, raised by another
        entry) stood, or None. By default a blocking flag forbids ending the case."""
        if flag.blocking and ends(decision):
            verb = "exited" if decision.get("outcome") == "exit" else "closed"
            return f"{verb} while blocking flag {self.id} was open"
        return None


def resolve_params(rule: Rule, given: Mapping[str, Any] | None) -> dict[str, Any]:
    """The rule's defaults overlaid with the policy's values, each checked."""
    values = rule.defaults()
    for name, value in (given or {}).items():
        param = next((p for p in rule.params if p.name == name), None)
        if param is None:
            raise ParameterError(f"{rule.id}.{name}", "is not a parameter of this rule")
        values[name] = param.check(value, f"{rule.id}.{name}")
    return values


def first_from(events: Sequence[Event], moment: datetime, *, strictly: bool = False) -> int:
    """The index of the first of `events` (in time order) at or after `moment` (after it,
    if `strictly`)."""
    if strictly:
        return bisect_right(events, moment, key=_at)
    return bisect_left(events, moment, key=_at)


def _at(event: Event) -> datetime:
    return event.at


def _first_resolution(chron: Chronology, flag: Flag) -> Event | None:
    """The first `flag_resolution` of the flag's rule at or after it was raised that covers
    it: one naming no entry, or naming a referral (the case as a whole), covers every flag of
    its rule open then; one naming another entry covers the flags raised by or citing it."""
    resolutions = chron.resolutions.get(flag.rule, [])
    for event in resolutions[first_from(resolutions, flag.raised_at) :]:
        target = event.refers_to
        named = chron.by_id.get(target) if target else None
        if named is None or named.kind == "referral":
            return event
        if target == flag.raised_by or target in flag.evidence:
            return event
    return None


def _settle(chron: Chronology, flag: Flag) -> Flag | None:
    """Apply `flag_resolution` entries and cut the flag at the evaluation moment."""
    if flag.raised_at > chron.at:
        return None
    resolved_at, resolved_by = flag.resolved_at, flag.resolved_by
    if flag.rule in chron.resolutions:
        resolution = _first_resolution(chron, flag)
        if resolution is not None and (resolved_at is None or resolution.at < resolved_at):
            resolved_at, resolved_by = resolution.at, resolution.id
    if resolved_at is not None and resolved_at > chron.at:
        resolved_at = resolved_by = None
    if resolved_at is flag.resolved_at and resolved_by is flag.resolved_by:
        return flag
    return replace(flag, resolved_at=resolved_at, resolved_by=resolved_by)


def flag_sort_key(flag: Flag) -> tuple[datetime, str, str, tuple[str, ...]]:
    return (flag.raised_at, flag.rule, flag.raised_by or "", flag.evidence)


def evaluate_rules(
    rules: Sequence[Rule],
    events: Sequence[Event],
    at: datetime,
    params: Mapping[str, Mapping[str, Any]] | None = None,
    facts: Facts | None = None,
) -> list[Flag]:
    """Every flag the given rules raise on the entries up to `at`, in a stable order."""
    params = params or {}
    chron = Chronology(events, at, facts)
    flags: list[Flag] = []
    later: list[Rule] = []
    for rule in rules:
        if rule.reads_flags:
            later.append(rule)
            continue
        p = resolve_params(rule, params.get(rule.id))
        flags.extend(f for raw in rule.check(chron, p) if (f := _settle(chron, raw)))
    if later:
        chron.facts = replace(chron.facts, flags=tuple(flags))
        for rule in later:
            p = resolve_params(rule, params.get(rule.id))
            flags.extend(f for raw in rule.check(chron, p) if (f := _settle(chron, raw)))
    return sorted(flags, key=flag_sort_key)
