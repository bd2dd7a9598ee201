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

#: ONS 2021 census ethnic groups (England and Wales), with "not stated".
ETHNICITIES: dict[str, str] = {
    "asian_bangladeshi": "Asian, Asian British or Asian Welsh: Bangladeshi",
    "asian_chinese": "Asian, Asian British or Asian Welsh: Chinese",
    "asian_indian": "Asian, Asian British or Asian Welsh: Indian",
    "asian_pakistani": "Asian, Asian British or Asian Welsh: Pakistani",
    "asian_other": "Asian, Asian British or Asian Welsh: Other Asian",
    "black_african": "Black, Black British, Black Welsh, Caribbean or African: African",
    "black_caribbean": "Black, Black British, Black Welsh, Caribbean or African: Caribbean",
    "black_other": "Black, Black British, Black Welsh, Caribbean or African: Other Black",
    "mixed_white_asian": "Mixed or Multiple ethnic groups: White and Asian",
    "mixed_white_black_african": "Mixed or Multiple ethnic groups: White and Black African",
    "mixed_white_black_caribbean": "Mixed or Multiple ethnic groups: White and Black Caribbean",
    "mixed_other": "Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups",
    "white_british": "White: English, Welsh, Scottish, Northern Irish or British",
    "white_irish": "White: Irish",
    "white_gypsy_traveller": "White: Gypsy or Irish Traveller",
    "white_roma": "White: Roma",
    "white_other": "White: Other White",
    "other_arab": "Other ethnic group: Arab",
    "other_any": "Other ethnic group: Any other ethnic group",
    "not_stated": "Not stated",
}

GENDERS: dict[str, str] = {
    "male": "Male",
    "female": "Female",
    "other": "Another gender",
    "not_known": "Not known",
}

#: The English regions and Wales, as the national statistics break them down.
REGIONS: dict[str, str] = {
    "north_east": "North East",
    "north_west": "North West",
    "yorkshire_humber": "Yorkshire and The Humber",
    "east_midlands": "East Midlands",
    "west_midlands": "West Midlands",
    "east_of_england": "East of England",
    "london": "London",
    "south_east": "South East",
    "south_west": "South West",
    "wales": "Wales",
}
