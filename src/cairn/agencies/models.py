"""Agencies: the organisations that refer, hold records, run the programme or sit on panels."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from cairn.lib.vocab import REGIONS


class AgencyKind(models.TextChoices):
    POLICE_FORCE = "police_force", "Police force"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    SCHOOL = "school", "School or college"
    NHS_BODY = "nhs_body", "NHS body"
    HELPLINE = "helpline", "Helpline"
    YOUTH_JUSTICE = "youth_justice", "Youth justice service"
    OTHER = "other", "Other"


class Sector(models.TextChoices):
    """The referring-sector vocabulary of the case-file format."""

    EDUCATION = "education", "Education"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    SOCIAL_CARE = "social_care", "Social care"
    COMMUNITY = "community", "Community"
    FAMILY = "family", "Family"
    PRISON_PROBATION = "prison_probation", "Prison or probation"
    HELPLINE = "helpline", "Helpline"
    OTHER = "other", "Other"


class Agency(models.Model):
    """An organisation taking part in the programme: a police force, a council, a school, an NHS
    body, a helpline, a youth justice service or another partner. Every user and every API token
    belongs to exactly one agency, and what a person may see is scoped by it. Agencies are never
    deleted, only deactivated, because records keep pointing at the agency that made them."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=AgencyKind.choices)
    sector = models.CharField(max_length=32, choices=Sector.choices)
    region = models.CharField(
        max_length=32,
        choices=list(REGIONS.items()),
        blank=True,
        help_text="For a local authority, the English region (or Wales) its cases count under",
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == AgencyKind.LOCAL_AUTHORITY and not self.region:
            raise ValidationError({"region": "Select the region of the local authority"})
