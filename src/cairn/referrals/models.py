"""Referrals: a concern about a person, sent to the programme by an agency."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cairn.agencies.models import Agency, Sector
from cairn.lib.vocab import CONCERN_TYPES, ETHNICITIES, GENDERS
from cairn.people.models import Person, SourceRecord


class ReferralStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    IN_TRIAGE = "in_triage", "In triage"
    CLOSED = "closed", "Closed"


class Referral(models.Model):
    """A concern about one person from one referring agency, received by the programme team
    of the local authority that owns the case. The narrative is kept as the referrer wrote it;
    indicators are the structured codes the referrer recorded. The person is reached through
    the source record the referral made in the person index, never stored twice."""

    reference = models.CharField(max_length=20, unique=True)
    source_record = models.ForeignKey(
        SourceRecord, on_delete=models.PROTECT, related_name="referrals"
    )
    referring_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="referrals_made"
    )
    owning_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="referrals_owned"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sector = models.CharField(max_length=32, choices=Sector.choices)
    concern_type = models.CharField(max_length=40, choices=list(CONCERN_TYPES.items()))
    gender = models.CharField(max_length=16, choices=list(GENDERS.items()), default="not_known")
    ethnicity = models.CharField(
        max_length=32, choices=list(ETHNICITIES.items()), default="not_stated"
    )
    summary = models.TextField()
    indicators = models.JSONField(default=list)
    received_at = models.DateTimeField(db_index=True)
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_role = models.CharField(max_length=200, blank=True)
    referrer_email = models.CharField(max_length=200, blank=True)
    referrer_phone = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.RECEIVED
    )
    #: What the referrer has been told of the outcome, in the words `services.REFERRER_OUTCOMES`
    #: allows (never the reasons, the chronology or another agency's name), and when.
    outcome_for_referrer = models.CharField(max_length=300, blank=True)
    outcome_told_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return self.reference

    @property
    def person(self) -> Person:
        """Who the referral is about: whoever its source record is linked to now, so that
        linking or unlinking the record carries the referral with it."""
        person = self.source_record.person
        assert person is not None
        return person

    @property
    def person_id(self) -> int:
        return self.person.pk


class PublicSubmission(models.Model):
    """One attempt to use the public referral form, kept to limit how often one address may
    use it. The address is stored only as a keyed hash."""

    address_hash = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.address_hash[:8]} {self.at:%Y-%m-%d %H:%M}"
