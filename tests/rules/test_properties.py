"""Property-based tests of the engine and the replay: deterministic, order-free, causal,
monotone in red flags, and silent on an empty chronology."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cairn.lib.casefile import CaseFile, Event, Subject
from cairn.lib.vocab import INDICATORS, RED_FLAG_INDICATORS
from cairn.rules.catalogue import REGISTRY
from cairn.rules.engine import Facts, evaluate_rules
from cairn.rules.policies import PolicySpec, shipped
from cairn.rules.replay import replay
from cairn.rules.workdays import end_of_day
from tests.rules.helpers import ev

START = date(2021, 1, 4)
UNTIL = date(2025, 6, 30)
POLICY = PolicySpec("2025", 1, tuple(shipped()["2025"][1]), shipped()["2025"][0])
SUBJECT = Subject(ref="s", date_of_birth=date(2007, 5, 1))

day = st.integers(min_value=0, max_value=40).map(
    lambda n: (START + timedelta(days=7 * n)).isoformat()
)
codes = st.lists(st.sampled_from(sorted(INDICATORS)), max_size=3, unique=True)
partners = ("police", "social_care", "education", "health", "youth_justice")


@st.composite
def entry(draw: Any, index: int) -> dict[str, Any]:
    kind = draw(
        st.sampled_from(
            [
                "referral",
                "police_contact",
                "education_event",
                "decision",
                "flag_resolution",
                "assessment_requested",
                "assessment_completed",
                "interim_plan",
                "onward_response",
                "consent",
                "support_plan",
                "panel_review",
                "intervention_planned",
                "intervention_session",
                "exit",
                "post_exit_review",
                "identity_decision",
            ]
        )
    )
    fields: dict[str, Any] = {"id": f"e{index:02d}", "at": draw(day), "kind": kind}
    if kind in ("referral", "police_contact", "education_event"):
        fields["indicators"] = draw(st.one_of(st.none(), codes))
        fields["concern_type"] = draw(
            st.sampled_from(["islamist", "no_ideology_incel", "no_ideology_vulnerability"])
        )
    elif kind == "decision":
        fields.update(
            refers_to="e00",
            stage=draw(st.sampled_from(["gateway", "assessment", "panel"])),
            outcome=draw(
                st.sampled_from(
                    [
                        "information_gathering",
                        "no_further_action",
                        "signposted",
                        "adopted",
                        "exit",
                        "refer_to_panel",
                    ]
                )
            ),
            reasons=draw(
                st.lists(
                    st.sampled_from(["no_ideology", "no_concern", "awaiting_assessment"]),
                    max_size=2,
                )
            ),
            rationale=draw(st.sampled_from([None, "Because."])),
            approved_by_role=draw(st.sampled_from([None, "senior_officer"])),
            checks={
                p: draw(st.sampled_from(["checked", "refused"]))
                for p in partners[: draw(st.integers(0, 5))]
            },
            signposted_to=draw(st.sampled_from([None, "CAMHS"])),
        )
    elif kind == "flag_resolution":
        fields.update(rule=draw(st.sampled_from([r.id for r in REGISTRY])), rationale="Seen.")
    elif kind in ("assessment_requested", "assessment_completed"):
        fields["assessment"] = draw(st.sampled_from(["camhs", "violence_fixation", "forensic"]))
    elif kind == "interim_plan":
        fields.update(owner="Officer", review_by="2030-01-01")
    elif kind == "onward_response":
        fields.update(
            refers_to="e00", response=draw(st.sampled_from(["acknowledged", "closed_no_action"]))
        )
    elif kind == "consent":
        fields.update(given_by="parent", status=draw(st.sampled_from(["given", "obstructed"])))
    elif kind == "intervention_planned":
        fields["sessions"] = draw(st.integers(0, 6))
    elif kind == "intervention_session":
        fields["status"] = draw(st.sampled_from(["delivered", "missed"]))
    elif kind == "identity_decision":
        fields.update(refers_to="e00", decision="confirmed")
    return fields


@st.composite
def chronology(draw: Any) -> list[Event]:
    count = draw(st.integers(min_value=1, max_value=25))
    raws = [draw(entry(i)) for i in range(count)]
    raws[0].update(kind="referral", sector="education")  # so refers_to="e00" names a referral
    out = []
    for raw in raws:
        indicators = raw.pop("indicators", None)
        event = ev(raw.pop("id"), raw.pop("at"), raw.pop("kind"), indicators, **raw)
        if indicators is None and event.kind != "decision":
            event = replace(event, suggested=("weapon_carrying",) if len(event.id) % 2 else ())
        out.append(event)
    return out


def _replay(events: list[Event]) -> dict[str, Any]:
    return replay(
        CaseFile(SUBJECT, tuple(events)), POLICY, until=UNTIL, identity=lambda s, r: "review"
    )


fast = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fast
@given(chronology())
def test_replay_is_deterministic(events: list[Event]) -> None:
    assert _replay(events) == _replay(list(events))


@fast
@given(chronology(), st.randoms())
def test_order_of_entries_does_not_matter(events: list[Event], rnd: random.Random) -> None:
    shuffled = list(events)
    rnd.shuffle(shuffled)
    assert _replay(shuffled) == _replay(events)


@fast
@given(
    chronology(),
    day,
    st.lists(st.sampled_from(sorted(RED_FLAG_INDICATORS)), min_size=1, max_size=3, unique=True),
)
def test_adding_a_red_flag_never_removes_a_blocking_flag(
    events: list[Event], at: str, red: list[str]
) -> None:
    rules = list(REGISTRY)

    def blocking(chron: list[Event]) -> set[tuple[str, str | None]]:
        flags = evaluate_rules(
            rules, chron, end_of_day(UNTIL), POLICY.parameters, Facts(SUBJECT.date_of_birth)
        )
        return {(f.rule, f.raised_by) for f in flags if f.blocking}

    added = ev("zz", at, "police_contact", red)
    assert blocking(events) <= blocking([*events, added])


@fast
@given(chronology(), day)
def test_rules_are_causal(events: list[Event], cut_day: str) -> None:
    """Flags evaluated late, cut at an earlier moment, are the flags evaluated then."""
    rules = list(REGISTRY)
    facts = Facts(SUBJECT.date_of_birth, {"e00": "review"})
    cut = end_of_day(date.fromisoformat(cut_day))
    late = evaluate_rules(rules, events, end_of_day(UNTIL), POLICY.parameters, facts)
    early = evaluate_rules(rules, events, cut, POLICY.parameters, facts)
    expected = [
        f
        if f.resolved_at is None or f.resolved_at <= cut
        else replace(f, resolved_at=None, resolved_by=None)
        for f in late
        if f.raised_at <= cut
    ]
    assert early == expected


def test_no_entries_raise_nothing() -> None:
    document = _replay([])
    assert document["flags"] == []
    assert document["checkpoints"] == []
    for rule in REGISTRY:
        assert rule.evaluate([], end_of_day(UNTIL), None, Facts(SUBJECT.date_of_birth)) == []
