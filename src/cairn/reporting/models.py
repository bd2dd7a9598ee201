"""Reporting's own tables: derived figures, rebuilt from the live records at any time.

Nothing here is a record of its own: every row can be worked out again from referrals, the
chronology and the cases (`services.facts_refresh(full=True)`), and nothing outside this app
reads these tables."""

from __future__ import annotations

from django.db import models

from cairn.agencies.models import Agency
from cairn.referrals.models import Referral


class Stage(models.TextChoices):
    """How far a referral has gone, from the decisions on the chronology. Each later stage
    counts in the earlier ones of the funnel: a referral that left the programme was
    adopted and was discussed at panel."""

    AWAITING = "awaiting", "Awaiting a decision"
    NO_FURTHER_ACTION = "nfa", "No further action"
    SIGNPOSTED = "signposted", "Signposted"
    PANEL = "panel", "Discussed at panel, not adopted"
    ADOPTED = "adopted", "Adopted"
    EXITED = "exited", "Left the programme"


class ReferralFact(models.Model):
    """One referral as the statistics see it: the financial year and quarter it was received
    in, where it counts (the owning local authority and its region), each breakdown's value
    ("" where the field was not recorded), and the stage reached. No name, date of birth or
    narrative: the age band is derived once, here."""

    referral = models.OneToOneField(
        Referral, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    fy = models.PositiveSmallIntegerField(help_text="The financial year by its first year")
    quarter = models.PositiveSmallIntegerField(help_text="1 (April-June) to 4 (January-March)")
    received_at = models.DateTimeField()
    owning_agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    region = models.CharField(max_length=32, blank=True)
    sector = models.CharField(max_length=32, blank=True)
    concern_type = models.CharField(max_length=40, blank=True)
    age_band = models.CharField(max_length=12, blank=True)
    gender = models.CharField(max_length=16, blank=True)
    ethnicity = models.CharField(max_length=32, blank=True)
    consent = models.CharField(max_length=16, blank=True)
    mh_nd = models.CharField(max_length=4, help_text="yes / no")
    stage = models.CharField(max_length=12, choices=Stage.choices)
    decided_at = models.DateTimeField(null=True, blank=True)
    repeat = models.BooleanField(default=False, help_text="Another referral within 24 months")

    class Meta:
        indexes = [
            models.Index(fields=["fy", "owning_agency"]),
            models.Index(fields=["owning_agency", "received_at"]),
        ]

    def __str__(self) -> str:
        return f"Fact {self.pk}"


class ReleaseCell(models.Model):
    """A count of referrals: received in one quarter of one financial year, owned by one local
    authority, with one value of one breakdown, at one stage. Maintained from `ReferralFact`
    by adding and taking away as facts change, so that a year's release reads a few thousand
    cells instead of every referral."""

    fy = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    owning_agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    region = models.CharField(max_length=32, blank=True)
    dimension = models.CharField(max_length=16)
    value = models.CharField(max_length=40, blank=True)
    stage = models.CharField(max_length=12, choices=Stage.choices)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["fy", "quarter", "owning_agency", "dimension", "value", "stage"],
                name="reporting_release_cell_unique",
            )
        ]
        indexes = [models.Index(fields=["fy", "region"])]

    def __str__(self) -> str:
        return f"{self.fy} Q{self.quarter} {self.dimension}={self.value} {self.stage}: {self.n}"


class FactsState(models.Model):
    """How far the facts have caught up with the live records: the highest referral, chronology
    entry and link event ids already read, and when."""

    last_referral = models.BigIntegerField(default=0)
    last_entry = models.BigIntegerField(default=0)
    last_link_event = models.BigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Facts as at {self.refreshed_at}"
