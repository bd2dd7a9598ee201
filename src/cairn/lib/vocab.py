"""The shared vocabularies of the domain brief and the case-file format, as plain data."""

from __future__ import annotations

CONCERN_TYPES: dict[str, str] = {
    "islamist": "Islamist",
    "extreme_right_wing": "Extreme right-wing",
    "left_wing_single_issue": "Left-wing, anarchist or single-issue",
    "no_ideology_violence_fascination": (
        "No ideology: fascination with extreme violence or mass-casualty attacks"
    ),
    "no_ideology_school_massacre": "No ideology: school massacre",
    "no_ideology_incel": "No ideology: incel",
    "no_ideology_conflicted": "No ideology: conflicted",
    "no_ideology_vulnerability": (
        "No ideology: vulnerability present but no ideology or terrorism risk"
    ),
    "mixed_unclear": "Mixed or unclear",
    "other": "Other",
}

RED_FLAG_INDICATORS: dict[str, str] = {
    "weapon_carrying": "Weapon carrying",
    "weapon_acquisition": "Weapon acquisition",
    "stated_intent_to_harm": "Stated intent to harm",
    "mass_casualty_research": "Research into mass-casualty attacks",
    "attack_approval": "Approval of attacks",
    "identification_with_attackers": "Identification with attackers",
    "threat_made": "Threat made",
}

OTHER_INDICATORS: dict[str, str] = {
    "violence_history": "History of violence",
    "fixation_on_violence": "Fixation on violence",
    "ideology_engagement": "Engagement with an ideology",
    "extremist_material": "Extremist material",
    "grievance": "Grievance",
    "missing_episode": "Missing episode",
    "neurodivergence_diagnosed": "Neurodivergence (diagnosed)",
    "neurodivergence_suspected": "Neurodivergence (suspected)",
    "assessment_pending": "Assessment pending",
    "mental_health_need": "Mental-health need",
    "send_ehcp": "SEND or EHCP",
    "exclusion": "Exclusion from school",
    "victim_of_bullying": "Victim of bullying",
    "social_isolation": "Social isolation",
    "family_conflict": "Family conflict",
    "online_activity_concern": "Online activity concern",
}

INDICATORS: dict[str, str] = {**RED_FLAG_INDICATORS, **OTHER_INDICATORS}
