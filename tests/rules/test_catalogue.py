"""Example-based tests for every rule: raising, not raising, resolving, and the boundaries of
every window."""

from __future__ import annotations

from datetime import date

import pytest

from cairn.lib.casefile import Event
from cairn.rules.catalogue import REGISTRY, RULES
from cairn.rules.engine import ParameterError, evaluate_rules, message_of, resolve_params
from tests.rules.helpers import closing, ev, moment, run


def test_registry_holds_every_rule_of_the_catalogue_once_with_a_message() -> None:
    ids = [rule.id for rule in REGISTRY]
    assert len(ids) == len(set(ids)) == 19
    for rule in REGISTRY:
        assert len(message_of(rule)) > 40
        assert rule.resolves_by


def test_parameters_out_of_range_or_unknown_are_refused_naming_the_field() -> None:
    rule = RULES["support-plan-missing"]
    with pytest.raises(ParameterError) as error:
        resolve_params(rule, {"working_days": 0})
    assert error.value.field == "support-plan-missing.working_days"
    with pytest.raises(ParameterError, match="not a parameter"):
        resolve_params(rule, {"days": 3})
    with pytest.raises(ParameterError, match="whole number"):
        resolve_params(rule, {"working_days": True})
    with pytest.raises(ParameterError, match="not one of"):
        resolve_params(RULES["information-gathering"], {"partners": ["police", "vicar"]})


# --- identity-match ---------------------------------------------------------------------------


def test_identity_match_raised_when_the_record_would_not_link_and_resolved_by_a_decision() -> None:
    events = [ev("r1", "2024-01-10", "referral", sector="education")]
    assert run("identity-match", events, identity={"r1": "linked"}) == []
    [flag] = run("identity-match", events, identity={"r1": "review"})
    assert flag.blocking
    assert flag.evidence == ("r1",)
    assert flag.resolved_at is None
    events.append(ev("i1", "2024-01-11", "identity_decision", decision="confirmed", refers_to="r1"))
    [flag] = run("identity-match", events, identity={"r1": "review"})
    assert flag.resolved_by == "i1"


def test_identity_match_raised_where_the_file_records_a_person_deciding() -> None:
    events = [
        ev("r1", "2024-01-10", "referral", sector="education"),
        ev("i1", "2024-01-11", "identity_decision", decision="confirmed", refers_to="r1"),
    ]
    [flag] = run("identity-match", events, identity={"r1": "linked"})
    assert flag.resolved_by == "i1"


def test_identity_match_blocks_progress_past_triage() -> None:
    rule = RULES["identity-match"]
    [flag] = run("identity-match", [ev("r1", "2024-01-10", "referral")], identity={"r1": "new"})
    onward = ev(
        "d1", "2024-01-12", "decision", refers_to="r1", stage="gateway", outcome="refer_to_panel"
    )
    gathering = ev(
        "d2",
        "2024-01-12",
        "decision",
        refers_to="r1",
        stage="gateway",
        outcome="information_gathering",
    )
    assert rule.blocks(flag, onward) == "proceeded past triage while identity-match was open"
    assert rule.blocks(flag, gathering) is None


# --- repeat referrals -------------------------------------------------------------------------


def test_repeat_referral_counts_referrals_within_24_months_inclusive() -> None:
    first = ev("r1", "2020-01-15", "referral", sector="police")
    [flag] = run("repeat-referral", [first, ev("r2", "2022-01-15", "referral", sector="police")])
    assert flag.raised_by == "r2"
    assert flag.evidence == ("r1", "r2")
    assert not flag.blocking
    assert (
        run("repeat-referral", [first, ev("r2", "2022-01-16", "referral", sector="police")]) == []
    )
    assert run("repeat-referral", [first]) == []


def test_repeat_referral_resolved_by_a_decision_citing_every_earlier_referral() -> None:
    events = [
        ev("r1", "2021-01-15", "referral"),
        ev("r2", "2022-01-15", "referral"),
        ev(
            "d1",
            "2022-01-20",
            "decision",
            refers_to="r2",
            stage="gateway",
            outcome="continue",
            evidence=["r2"],
        ),
    ]
    assert run("repeat-referral", events)[0].resolved_at is None
    events.append(
        ev(
            "d2",
            "2022-01-21",
            "decision",
            refers_to="r2",
            stage="gateway",
            outcome="continue",
            evidence=["r1"],
        )
    )
    assert run("repeat-referral", events)[0].resolved_by == "d2"


def test_repeat_referral_gateway_needs_three_in_36_months_and_panel_consideration() -> None:
    refs = [
        ev("r1", "2020-03-01", "referral"),
        ev("r2", "2021-03-01", "referral"),
        ev("r3", "2023-03-01", "referral"),
    ]
    [flag] = run("repeat-referral-gateway", refs)
    assert flag.blocking
    assert flag.raised_by == "r3"
    assert run("repeat-referral-gateway", [*refs[:2], ev("r3", "2023-03-02", "referral")]) == []
    rule = RULES["repeat-referral-gateway"]
    gateway_close = closing("d1", "2023-03-10", refers_to="r3", approved_by_role="case_officer")
    assert rule.blocks(flag, gateway_close) is not None
    flags = run("repeat-referral-gateway", [*refs, gateway_close])
    assert any(f.raised_by == "d1" and "senior" in f.detail for f in flags)
    with_panel = [*refs, ev("p1", "2023-03-05", "panel_meeting", refers_to="r3")]
    assert run("repeat-referral-gateway", with_panel)[0].resolved_by == "p1"
    signed = closing("d1", "2023-03-10", refers_to="r3", approved_by_role="senior_officer")
    assert [f.raised_by for f in run("repeat-referral-gateway", [*with_panel, signed])] == ["r3"]


# --- closure ----------------------------------------------------------------------------------


def test_ideology_not_sufficient() -> None:
    ref = ev("r1", "2024-01-02", "referral", concern_type="no_ideology_school_massacre")
    [flag] = run(
        "ideology-not-sufficient", [ref, closing("d1", "2024-01-20", reasons=["no_ideology"])]
    )
    assert "only reason" in flag.detail
    assert "violence-fixation assessment" in flag.detail
    assessed = ev("a1", "2024-01-19", "assessment_completed", assessment="violence_fixation")
    both = closing("d1", "2024-01-20", reasons=["no_ideology", "needs_met_elsewhere"])
    assert run("ideology-not-sufficient", [ref, assessed, both]) == []
    late = ev("a1", "2024-01-21", "assessment_completed", assessment="violence_fixation")
    assert len(run("ideology-not-sufficient", [ref, late, both])) == 1
    islamist = ev("r1", "2024-01-02", "referral", concern_type="islamist")
    assert run("ideology-not-sufficient", [islamist, closing("d1", "2024-01-20")]) == []


def test_ideology_not_sufficient_is_resolved_by_a_later_decision_on_the_referral() -> None:
    ref = ev("r1", "2024-01-02", "referral", concern_type="no_ideology_incel")
    later = ev("d2", "2024-02-01", "decision", refers_to="r1", stage="gateway", outcome="continue")
    [flag] = run("ideology-not-sufficient", [ref, closing("d1", "2024-01-20"), later])
    assert flag.resolved_by == "d2"


def test_violence_fixation_raised_per_red_flag_entry_and_resolved_with_a_rationale() -> None:
    events = [
        ev("c1", "2024-01-02", "police_contact", indicators=["weapon_carrying", "grievance"]),
        ev("c2", "2024-01-05", "education_event", indicators=["threat_made"]),
        ev("c3", "2024-01-06", "education_event", indicators=["grievance"]),
    ]
    flags = run("violence-fixation", events)
    assert [(f.raised_by, f.blocking) for f in flags] == [("c1", True), ("c2", True)]
    assert flags[0].detail == "c1: weapon_carrying"
    events.append(
        ev(
            "x1",
            "2024-01-10",
            "flag_resolution",
            rule="violence-fixation",
            rationale="r",
            refers_to="c1",
        )
    )
    events.append(ev("x2", "2024-01-10", "flag_resolution", rule="repeat-referral", rationale="r"))
    flags = run("violence-fixation", events)
    assert [f.resolved_by for f in flags] == ["x1", None]
    events.append(ev("a1", "2024-01-11", "assessment_completed", assessment="violence_fixation"))
    assert [f.resolved_by for f in run("violence-fixation", events)] == ["x1", "a1"]


def test_a_resolution_naming_no_entry_resolves_every_open_flag_of_its_rule_before_it() -> None:
    events = [
        ev("c1", "2024-01-02", "police_contact", indicators=["weapon_carrying"]),
        ev("x1", "2024-01-03", "flag_resolution", rule="violence-fixation", rationale="seen"),
        ev("c2", "2024-01-05", "police_contact", indicators=["weapon_carrying"]),
    ]
    assert [f.resolved_by for f in run("violence-fixation", events)] == ["x1", None]


def test_violence_fixation_from_suggested_codes_is_marked() -> None:
    from dataclasses import replace

    event = replace(ev("c1", "2024-01-02", "police_contact"), suggested=("weapon_carrying",))
    [flag] = run("violence-fixation", [event])
    assert flag.from_suggested_indicators
    recorded = ev("c1", "2024-01-02", "police_contact", indicators=[])
    assert run("violence-fixation", [replace(recorded, suggested=("weapon_carrying",))]) == []


def test_child_complex_needs_below_18_only() -> None:
    dob = date(2010, 1, 1)
    before = [ev("r1", "2027-12-31", "referral", indicators=["send_ehcp"])]
    [flag] = run("child-complex-needs", before, dob=dob)
    assert "aged 17" in flag.detail
    assert (
        run(
            "child-complex-needs",
            [ev("r1", "2028-01-01", "referral", indicators=["send_ehcp"])],
            dob=dob,
        )
        == []
    )
    assert run("child-complex-needs", before, dob=None) == []
    assert (
        run(
            "child-complex-needs",
            [ev("r1", "2020-01-01", "referral", indicators=["grievance"])],
            dob=dob,
        )
        == []
    )
    panel = ev(
        "d1", "2028-01-05", "decision", refers_to="r1", stage="gateway", outcome="refer_to_panel"
    )
    assert run("child-complex-needs", [*before, panel], dob=dob)[0].resolved_by == "d1"
    rule = RULES["child-complex-needs"]
    assert rule.blocks(flag, closing("d1", "2028-01-05", approved_by_role="case_officer"))
    assert rule.blocks(flag, closing("d1", "2028-01-05", approved_by_role="senior_officer")) is None


def test_pending_assessment_needs_an_interim_plan_and_is_never_a_reason() -> None:
    request = ev("a1", "2024-01-02", "assessment_requested", assessment="camhs")
    [flag] = run("pending-assessment", [request])
    assert flag.blocking
    assert flag.resolved_at is None
    plan = ev("p1", "2024-01-09", "interim_plan", owner="Officer", review_by="2024-02-09")
    assert run("pending-assessment", [request, plan])[0].resolved_by == "p1"
    done = ev("a2", "2024-01-05", "assessment_completed", assessment="camhs")
    assert run("pending-assessment", [request, done, plan])[0].resolved_by == "a2"
    other = ev("a1", "2024-01-02", "assessment_requested", assessment="violence_fixation")
    assert run("pending-assessment", [other]) == []
    paused = closing("d1", "2024-01-20", reasons=["awaiting_assessment"])
    assert any(f.raised_by == "d1" for f in run("pending-assessment", [request, plan, paused]))


def test_information_gathering_checks_every_partner_with_a_date() -> None:
    ref = ev("r1", "2024-01-02", "referral")
    assert run("information-gathering", [ref, closing("d1", "2024-01-20")]) == []
    partial = closing(
        "d1", "2024-01-20", checks={"police": "checked", "health": {"status": "refused"}}
    )
    [flag] = run("information-gathering", [ref, partial])
    assert "no check marked for social_care, education, youth_justice" in flag.detail
    assert "no date on the check of police, health" in flag.detail
    [flag] = run("information-gathering", [ref, partial], params={"require_dates": False})
    assert "no date" not in flag.detail
    earlier = ev(
        "d0",
        "2024-01-10",
        "decision",
        refers_to="r1",
        stage="gateway",
        outcome="information_gathering",
        checks={
            p: {"status": "not_available", "at": "2024-01-09"}
            for p in ("social_care", "education", "youth_justice", "police", "health")
        },
    )
    dated = closing(
        "d1", "2024-01-20", checks={"health": {"status": "refused", "at": "2024-01-19"}}
    )
    assert (
        run("information-gathering", [ref, earlier, dated]) == []
    )  # checks of the referral add up
    assert run("information-gathering", [ref, earlier]) == []  # not a closure


def test_engagement_feedback() -> None:
    ref = ev("r1", "2024-01-02", "referral")
    adult, child = date(1990, 1, 1), date(2012, 1, 1)
    assert run("engagement-feedback", [ref, closing("d1", "2024-01-20")], dob=child) == []
    [flag] = run(
        "engagement-feedback", [ref, closing("d1", "2024-01-20", subject_engaged=None)], dob=adult
    )
    assert "subject" in flag.detail
    why_not = closing(
        "d1", "2024-01-20", subject_engaged=False, parent_engaged=None, not_engaged_reason="moved"
    )
    assert run("engagement-feedback", [ref, why_not], dob=child) == []
    no_parent = closing("d1", "2024-01-20", parent_engaged=None)
    assert run("engagement-feedback", [ref, no_parent], dob=adult) == []
    assert "parent" in run("engagement-feedback", [ref, no_parent], dob=child)[0].detail
    silent = closing("d1", "2024-01-20", referrer_feedback=None)
    assert "referrer" in run("engagement-feedback", [ref, silent], dob=adult)[0].detail


def test_closure_rationale_and_countersignature_of_flagged_cases() -> None:
    ref = ev("r1", "2024-01-02", "referral", indicators=["weapon_carrying"])
    rules = [RULES["violence-fixation"], RULES["closure-rationale"]]
    ok = closing("d1", "2024-01-20")
    assert [f.rule for f in evaluate_rules(rules, [ref, ok], moment("2030-01-01"))] == [
        "violence-fixation"
    ]
    unsigned = closing("d1", "2024-01-20", approved_by_role="case_officer")
    flags = evaluate_rules(rules, [ref, unsigned], moment("2030-01-01"))
    assert "countersignature" in next(f for f in flags if f.rule == "closure-rationale").detail
    bare = closing("d1", "2024-01-20", rationale=None, evidence=None)
    [flag] = run("closure-rationale", [ev("r1", "2024-01-02", "referral"), bare])
    assert "no rationale" in flag.detail
    assert "cites no evidence" in flag.detail
    lenient = {"require_evidence": False, "countersign_flagged": False}
    no_evidence = closing("d1", "2024-01-20", evidence=None, approved_by_role=None)
    assert (
        evaluate_rules(
            rules[1:], [ref, no_evidence], moment("2030-01-01"), {"closure-rationale": lenient}
        )
        == []
    )


# --- after closure ----------------------------------------------------------------------------


def test_known_marker_re_review_due_within_one_working_day() -> None:
    ref = ev("r1", "2020-01-06", "referral")
    contact = ev("c1", "2022-03-04", "police_contact", indicators=["weapon_carrying"])  # a Friday
    on_time = ev(
        "d1", "2022-03-07", "decision", refers_to="r1", stage="gateway", outcome="continue"
    )
    late = ev("d1", "2022-03-08", "decision", refers_to="r1", stage="gateway", outcome="continue")
    assert run("known-marker", [ref, contact, on_time]) == []
    [flag] = run("known-marker", [ref, contact, late])
    assert flag.due == date(2022, 3, 7)
    assert flag.resolved_by == "d1"
    assert flag.raised_by is None
    assert run("known-marker", [contact]) == []
    calm = ev("c1", "2022-03-04", "police_contact", indicators=["grievance"])
    assert run("known-marker", [ref, calm]) == []


def test_known_marker_lasts_the_retention_period() -> None:
    ref = ev("r1", "2015-01-01", "referral")
    inside = ev("c1", "2021-01-01", "police_contact", indicators=["missing_episode"])
    outside = ev("c1", "2021-01-02", "police_contact", indicators=["missing_episode"])
    assert len(run("known-marker", [ref, inside])) == 1
    assert run("known-marker", [ref, outside]) == []


def test_onward_referral_acknowledged_within_20_working_days() -> None:
    ref = ev("r1", "2021-09-02", "referral")
    signposted = closing("d1", "2021-10-20", outcome="signposted", signposted_to="CAMHS")

    def reply(day: str, response: str = "acknowledged") -> Event:
        return ev("o1", day, "onward_response", refers_to="d1", response=response)

    assert run("onward-referral-unacknowledged", [ref, signposted, reply("2021-11-17")]) == []
    [flag] = run("onward-referral-unacknowledged", [ref, signposted, reply("2021-11-18")])
    assert flag.due == date(2021, 11, 17)
    assert flag.resolved_by == "o1"
    assert not flag.blocking
    [flag] = run("onward-referral-unacknowledged", [ref, signposted])
    assert flag.resolved_at is None
    [flag] = run(
        "onward-referral-unacknowledged", [ref, signposted, reply("2021-11-01", "closed_no_action")]
    )
    assert flag.raised_by == "o1"
    unnamed = closing("d1", "2021-10-20", outcome="signposted")
    assert any(
        f.blocking and f.raised_by == "d1"
        for f in run("onward-referral-unacknowledged", [ref, unnamed])
    )


def test_below_threshold_routing_needs_a_forum_and_an_owner() -> None:
    ref = ev("r1", "2024-01-02", "referral", concern_type="no_ideology_vulnerability")
    [flag] = run("below-threshold-routing", [ref, closing("d1", "2024-01-20")])
    assert flag.detail == "d1: no forum and no owner named"
    routed = closing("d1", "2024-01-20", forum="Early help panel", owner="Early help lead")
    assert run("below-threshold-routing", [ref, routed]) == []
    other = ev("r1", "2024-01-02", "referral", concern_type="islamist")
    assert run("below-threshold-routing", [other, closing("d1", "2024-01-20")]) == []


def test_reopen_review_after_a_closed_referral_within_six_years() -> None:
    ref = ev("r1", "2018-01-01", "referral")
    closed = closing("d1", "2018-02-01", refers_to="r1")
    inside = ev("c1", "2024-01-01", "police_contact", indicators=["violence_history"])
    outside = ev("c1", "2024-01-02", "police_contact", indicators=["violence_history"])
    [flag] = run("reopen-review", [ref, closed, inside])
    assert flag.evidence == ("c1", "r1")
    assert run("reopen-review", [ref, closed, outside]) == []
    still_open = ev(
        "d1", "2018-02-01", "decision", refers_to="r1", stage="gateway", outcome="continue"
    )
    assert run("reopen-review", [ref, still_open, inside]) == []
    review = ev("d2", "2024-01-03", "decision", refers_to="r1", stage="gateway", outcome="continue")
    assert run("reopen-review", [ref, closed, inside, review])[0].resolved_by == "d2"


# --- panel cases ------------------------------------------------------------------------------


def _adopted(day: str = "2023-10-25") -> list[Event]:
    return [
        ev("r1", "2023-09-01", "referral"),
        ev("d1", day, "decision", refers_to="r1", stage="panel", outcome="adopted"),
    ]


def test_support_plan_within_10_working_days() -> None:
    assert run("support-plan-missing", [*_adopted(), ev("s1", "2023-11-08", "support_plan")]) == []
    [flag] = run("support-plan-missing", [*_adopted(), ev("s1", "2023-11-09", "support_plan")])
    assert flag.due == date(2023, 11, 8)
    assert flag.resolved_by == "s1"
    [flag] = run("support-plan-missing", _adopted())
    assert flag.resolved_at is None
    assert run("support-plan-missing", _adopted(), at="2023-11-07") == []  # not yet due


def test_panel_review_gap_of_eight_weeks() -> None:
    base = _adopted("2024-01-03")
    assert (
        run("panel-review-gap", [*base, ev("p1", "2024-02-28", "panel_review")], at="2024-03-01")
        == []
    )
    [flag] = run(
        "panel-review-gap", [*base, ev("p1", "2024-02-29", "panel_review")], at="2024-03-01"
    )
    assert flag.due == date(2024, 2, 28)
    assert flag.resolved_by == "p1"
    exited = ev("x1", "2024-02-20", "exit", refers_to="r1")
    assert run("panel-review-gap", [*base, exited]) == []
    flags = run(
        "panel-review-gap", [*base, ev("p1", "2024-02-28", "panel_review")], at="2024-06-01"
    )
    assert [f.due for f in flags] == [date(2024, 4, 24)]


def test_intervention_delivery_and_provider_report_before_exit() -> None:
    def case(delivered: int, report: bool) -> list[Event]:
        events = [
            *_adopted(),
            ev("i0", "2023-11-01", "intervention_planned", provider="Mentor", sessions=4),
        ]
        events += [
            ev(f"s{n}", f"2023-11-{10 + n}", "intervention_session", status="delivered")
            for n in range(delivered)
        ]
        if report:
            events.append(ev("pr", "2023-12-01", "provider_report", provider="Mentor"))
        return [
            *events,
            ev("x1", "2023-12-05", "decision", refers_to="r1", stage="panel", outcome="exit"),
        ]

    assert run("intervention-delivery-gap", case(4, True)) == []
    [flag] = run("intervention-delivery-gap", case(3, True))
    assert flag.blocking
    assert flag.raised_by == "x1"
    assert "3 of 4" in flag.detail
    assert "provider" in run("intervention-delivery-gap", case(4, False))[0].detail
    assert run("intervention-delivery-gap", case(3, True), params={"min_percent": 75}) == []


def test_post_exit_reviews_at_6_and_12_months() -> None:
    exit_ = ev("x1", "2024-09-18", "exit", refers_to="r1")
    base = [*_adopted(), exit_]
    on_time = [
        ev("v1", "2025-03-18", "post_exit_review"),
        ev("v2", "2025-09-18", "post_exit_review"),
    ]
    assert run("post-exit-review", [*base, *on_time]) == []
    flags = run("post-exit-review", base)
    assert [f.due for f in flags] == [date(2025, 3, 18), date(2025, 9, 18)]
    late = [ev("v1", "2025-03-19", "post_exit_review")]
    assert run("post-exit-review", [*base, *late])[0].resolved_by == "v1"
    rolled = [*_adopted(), ev("x1", "2023-06-25", "exit")]
    assert run("post-exit-review", rolled)[0].due == date(2023, 12, 27)
    extended = run("post-exit-review", base, params={"second_months": 24})
    assert extended[1].due == date(2026, 9, 18)


def test_consent_obstruction_by_a_parent() -> None:
    obstructed = ev("c1", "2024-01-02", "consent", given_by="parent", status="obstructed")
    [flag] = run("consent-obstruction", [obstructed])
    assert flag.blocking
    refused_by_subject = ev("c1", "2024-01-02", "consent", given_by="subject", status="refused")
    assert run("consent-obstruction", [refused_by_subject]) == []
    task = ev("s1", "2024-01-03", "social_care_event", sector="social_care")
    assert run("consent-obstruction", [obstructed, task])[0].resolved_by == "s1"


def test_a_resolution_naming_the_referral_covers_the_case_and_one_naming_an_entry_only_that() -> (
    None
):
    events = [
        ev("c1", "2024-01-02", "police_contact", indicators=["weapon_carrying"]),
        ev("r1", "2024-01-03", "referral", indicators=["threat_made"]),
        ev("c2", "2024-01-04", "police_contact", indicators=["attack_approval"]),
        ev(
            "x1",
            "2024-01-05",
            "flag_resolution",
            rule="violence-fixation",
            rationale="c2 only",
            refers_to="c2",
        ),
    ]
    assert [f.resolved_by for f in run("violence-fixation", events)] == [None, None, "x1"]
    events.append(
        ev(
            "x2",
            "2024-01-06",
            "flag_resolution",
            rule="violence-fixation",
            rationale="all",
            refers_to="r1",
        )
    )
    assert [f.resolved_by for f in run("violence-fixation", events)] == ["x2", "x2", "x1"]
