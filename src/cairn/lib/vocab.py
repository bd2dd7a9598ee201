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

# --- The case-file format (`cairn-casefile/1`) and the chronology -----------------------------

SECTORS: dict[str, str] = {
    "education": "Education",
    "police": "Police",
    "health": "Health",
    "local_authority": "Local authority",
    "social_care": "Social care",
    "community": "Community",
    "family": "Family",
    "prison_probation": "Prison or probation",
    "helpline": "Helpline",
    "other": "Other",
}

#: Every kind of chronology entry, as the case-file format names them.
EVENT_KINDS: dict[str, str] = {
    "referral": "Referral",
    "decision": "Decision",
    "onward_referral": "Onward referral",
    "onward_response": "Response to an onward referral",
    "police_contact": "Police contact",
    "education_event": "Education",
    "health_event": "Health",
    "social_care_event": "Social care",
    "helpline_contact": "Helpline contact",
    "court_outcome": "Court outcome",
    "online_activity": "Online activity",
    "family_report": "Family report",
    "assessment_requested": "Assessment requested",
    "assessment_completed": "Assessment completed",
    "interim_plan": "Interim plan",
    "flag_resolution": "Flag resolved",
    "identity_decision": "Identity decision",
    "consent": "Consent",
    "panel_meeting": "Panel meeting",
    "support_plan": "Support plan",
    "panel_review": "Panel review",
    "exit": "Exit from the programme",
    "post_exit_review": "Post-exit review",
    "intervention_planned": "Intervention planned",
    "intervention_session": "Intervention session",
    "provider_report": "Provider report",
}

#: The kinds a partner agency reports about what it saw (the contacts of the chronology).
CONTACT_KINDS = (
    "police_contact",
    "education_event",
    "health_event",
    "social_care_event",
    "helpline_contact",
    "court_outcome",
    "online_activity",
    "family_report",
)

DECISION_STAGES: dict[str, str] = {
    "gateway": "Gateway",
    "assessment": "Assessment",
    "panel": "Panel",
}

DECISION_OUTCOMES: dict[str, str] = {
    "information_gathering": "Further information gathering",
    "continue": "Continue",
    "no_further_action": "No further action",
    "signposted": "Signposted to another service",
    "refer_to_panel": "Refer to panel",
    "adopted": "Adopted by the panel",
    "not_adopted": "Not adopted",
    "exit": "Exit",
}

#: Outcomes that close the case to the programme.
CLOSING_OUTCOMES = ("no_further_action", "signposted", "not_adopted")

DECISION_REASONS: dict[str, str] = {
    "no_ideology": "No ideology",
    "needs_met_elsewhere": "Needs met elsewhere",
    "insufficient_information": "Insufficient information",
    "awaiting_assessment": "Awaiting assessment",
    "no_concern": "No concern",
    "consent_refused": "Consent refused",
    "other": "Other",
}

ONWARD_RESPONSES: dict[str, str] = {
    "acknowledged": "Acknowledged",
    "accepted": "Accepted",
    "declined": "Declined",
    "closed_no_action": "Closed to their service with no action",
    "action_taken": "Action taken",
}

ASSESSMENTS: dict[str, str] = {
    "neurodevelopmental": "Neurodevelopmental",
    "camhs": "CAMHS",
    "forensic": "Forensic",
    "violence_fixation": "Violence fixation",
    "programme": "Programme assessment",
}

#: The partners an information-gathering checklist covers, and what each check can say.
PARTNER_CHECKS: dict[str, str] = {
    "police": "Police",
    "social_care": "Social care",
    "education": "Education",
    "health": "Health",
    "youth_justice": "Youth justice",
}
CHECK_STATUSES: dict[str, str] = {
    "checked": "Checked",
    "not_available": "Not available",
    "refused": "Refused",
}

CONSENT_GIVERS: dict[str, str] = {
    "subject": "The person",
    "parent": "A parent",
    "local_authority": "The local authority (corporate parent)",
}
CONSENT_STATUSES: dict[str, str] = {
    "given": "Given",
    "refused": "Refused",
    "obstructed": "Obstructed",
}

SESSION_STATUSES: dict[str, str] = {"delivered": "Delivered", "missed": "Missed"}
FLAG_ACTIONS: dict[str, str] = {"resolved": "Resolved", "overridden": "Overridden"}
IDENTITY_DECISIONS: dict[str, str] = {"confirmed": "Confirmed", "rejected": "Rejected"}
SUBJECT_SEXES: dict[str, str] = {"male": "Male", "female": "Female", "unknown": "Not known"}

#: How widely an entry may be read. Restricted entries never leave the agency that owns
#: them; an official-sensitive entry shows a partner its kind, date and agency but not its
#: summary or attachments.
SENSITIVITIES: dict[str, str] = {
    "official": "Official",
    "official_sensitive": "Official-sensitive",
    "restricted": "Restricted",
}
