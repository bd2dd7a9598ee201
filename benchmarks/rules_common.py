"""A long synthetic chronology for the rules benchmarks: a person referred again and again
over twenty years, with partners' contacts, decisions, panel cases, reviews and resolutions,
each entry shaped as the case-file format says. Deterministic for a given seed."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

PARTNERS = ("police", "social_care", "education", "health", "youth_justice")
CONTACTS = (
    "police_contact",
    "education_event",
    "health_event",
    "social_care_event",
    "online_activity",
)
CODES = (
    "weapon_carrying",
    "threat_made",
    "violence_history",
    "missing_episode",
    "mental_health_need",
    "exclusion",
    "grievance",
    "social_isolation",
)
SUMMARIES = (
    "Seen in school after a fight in the yard; he said he would get them back.",
    "Reported missing overnight, found at a friend's address, no injuries.",
    "Low mood reported by the GP, awaiting a CAMHS appointment.",
    "Police stop: kitchen knife found in his bag near the station.",
    "Parent says things are calmer at home and he has started a course.",
)


def chronology(n: int, seed: int = 1) -> dict[str, Any]:
    """A case-file document with `n` entries."""
    rnd = random.Random(seed)
    day = date(2005, 1, 3)
    events: list[dict[str, Any]] = []
    referral = None
    last_decision = None

    def add(kind: str, **fields: Any) -> dict[str, Any]:
        event = {"id": f"e{len(events) + 1:04d}", "at": day.isoformat(), "kind": kind, **fields}
        events.append(event)
        return event

    while len(events) < n:
        day += timedelta(days=rnd.randint(1, 9))
        roll = rnd.random()
        if referral is None or roll < 0.04:
            referral = add(
                "referral",
                sector=rnd.choice(["education", "police", "health"]),
                concern_type=rnd.choice(
                    ["no_ideology_violence_fascination", "islamist", "mixed_unclear"]
                ),
                indicators=rnd.sample(CODES, 2),
            )
        elif roll < 0.55:
            if rnd.random() < 0.3:
                add(rnd.choice(CONTACTS), summary=rnd.choice(SUMMARIES))
            else:
                add(rnd.choice(CONTACTS), indicators=rnd.sample(CODES, rnd.randint(0, 2)))
        elif roll < 0.70:
            outcome = rnd.choice(
                ["information_gathering", "no_further_action", "signposted", "adopted", "exit"]
            )
            last_decision = add(
                "decision",
                refers_to=referral["id"],
                stage="gateway",
                outcome=outcome,
                reasons=[rnd.choice(["no_ideology", "no_concern", "needs_met_elsewhere"])],
                rationale="Because.",
                evidence=[referral["id"]],
                signposted_to="CAMHS" if outcome == "signposted" else None,
                checks={
                    p: {"status": "checked", "at": day.isoformat()}
                    for p in PARTNERS[: rnd.randint(2, 5)]
                },
            )
        elif roll < 0.75 and last_decision is not None:
            add(
                "onward_response",
                refers_to=last_decision["id"],
                response=rnd.choice(["acknowledged", "closed_no_action"]),
            )
        elif roll < 0.80:
            add(
                "flag_resolution",
                rule=rnd.choice(["violence-fixation", "known-marker"]),
                rationale="Reviewed.",
            )
        elif roll < 0.85:
            add(
                rnd.choice(["panel_review", "support_plan", "post_exit_review"]),
                refers_to=referral["id"],
            )
        elif roll < 0.90:
            add("intervention_session", status=rnd.choice(["delivered", "missed"]))
        elif roll < 0.93:
            add("assessment_requested", assessment=rnd.choice(["camhs", "neurodevelopmental"]))
        elif roll < 0.96:
            add("assessment_completed", assessment=rnd.choice(["camhs", "violence_fixation"]))
        else:
            add("consent", given_by="parent", status=rnd.choice(["given", "obstructed"]))
    for event in events:
        for key in [k for k, v in event.items() if v is None]:
            del event[key]
    return {
        "format": "cairn-casefile/1",
        "subject": {
            "ref": "bench",
            "given_name": "Sam",
            "family_name": "Bench",
            "date_of_birth": "1995-06-01",
        },
        "events": events,
    }
