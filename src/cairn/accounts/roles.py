"""The roles a user can hold at their agency."""

from django.db import models


class Role(models.TextChoices):
    REFERRER = "referrer", "Referrer"
    CASE_OFFICER = "case_officer", "Case officer"
    SENIOR_OFFICER = "senior_officer", "Senior officer"
    PANEL_CHAIR = "panel_chair", "Panel chair"
    PANEL_MEMBER = "panel_member", "Panel member"
    PARTNER_PRACTITIONER = "partner_practitioner", "Partner practitioner"
    ANALYST = "analyst", "Analyst"
    AUDITOR = "auditor", "Auditor"
    ADMINISTRATOR = "administrator", "Administrator"


#: Roles that work on the programme's own cases, and so see the people its agency holds.
PROGRAMME_ROLES = frozenset({Role.CASE_OFFICER, Role.SENIOR_OFFICER, Role.PANEL_CHAIR})

#: Roles at partner agencies that are sent entries and onward referrals to act on.
PARTNER_ROLES = frozenset({Role.PARTNER_PRACTITIONER, Role.PANEL_MEMBER})
