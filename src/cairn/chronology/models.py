"""The chronology: everything known about a person, from every agency, as one timeline."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cairn.agencies.models import Agency
from cairn.lib.vocab import EVENT_KINDS, SECTORS, SENSITIVITIES
from cairn.people.models import Person, SourceRecord
from cairn.referrals.models import Referral


class Sensitivity(models.TextChoices):
    OFFICIAL = "official", SENSITIVITIES["official"]
    OFFICIAL_SENSITIVE = "official_sensitive", SENSITIVITIES["official_sensitive"]
    RESTRICTED = "restricted", SENSITIVITIES["restricted"]


class SuggestionState(models.TextChoices):
    NOT_NEEDED = "not_needed", "Indicators recorded"
    AWAITING = "awaiting", "Awaiting suggestion"
    SUGGESTED = "suggested", "Suggested"


class Entry(models.Model):
    """One thing that happened to a person, as one agency recorded it: a referral, a decision,
    a police contact, an assessment, a panel event. The person is reached through the source
    record the entry came in under, so linking or unlinking that record carries the entry with
    it. An entry is never edited or deleted by a user: a correction is a new entry that
    supersedes it, and the old one stays in the history.

    `indicators` are the codes someone recorded; `None` means none were recorded, and then
    `suggestions` holds what the suggester read in the summary until a person confirms or
    rejects each. `details` holds the kind's own fields, named as the case-file format names
    them; references to other entries are kept as relations (`refers_to`) or entry ids."""

    source_record = models.ForeignKey(
        SourceRecord, on_delete=models.PROTECT, related_name="entries"
    )
    kind = models.CharField(max_length=32, choices=list(EVENT_KINDS.items()))
    occurred_at = models.DateTimeField()
    occurred_date_only = models.BooleanField(default=False)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    owning_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    source_agency = models.CharField(
        max_length=200, blank=True, help_text="The agency the information came from, as named"
    )
    sector = models.CharField(max_length=32, choices=list(SECTORS.items()), blank=True)
    summary = models.TextField(blank=True)
    indicators = models.JSONField(null=True, blank=True)
    suggestions = models.JSONField(default=list, blank=True)
    indicator_index = models.CharField(
        max_length=1000, blank=True, help_text="Recorded and pending suggested codes, for filters"
    )
    suggestion_state = models.CharField(
        max_length=16, choices=SuggestionState.choices, default=SuggestionState.NOT_NEEDED
    )
    sensitivity = models.CharField(
        max_length=24, choices=Sensitivity.choices, default=Sensitivity.OFFICIAL
    )
    shared_with = models.ManyToManyField(Agency, blank=True, related_name="+")
    details = models.JSONField(default=dict, blank=True)
    refers_to = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    referral = models.OneToOneField(
        Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="entry"
    )
    external_source = models.CharField(max_length=120, blank=True)
    external_id = models.CharField(max_length=100, blank=True)
    request_hash = models.CharField(max_length=64, blank=True)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    correction_reason = models.TextField(blank=True)
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name_plural = "entries"
        indexes = [
            models.Index(fields=["source_record", "is_current", "occurred_at"]),
            models.Index(fields=["suggestion_state"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["external_source", "external_id"],
                condition=~models.Q(external_id=""),
                name="chronology_entry_external_id_unique",
            )
        ]

    def __str__(self) -> str:
        return f"Entry {self.pk}"

    @property
    def person(self) -> Person:
        person = self.source_record.person
        assert person is not None
        return person

    @property
    def indicators_suggested(self) -> list[str]:
        """Codes suggested from the summary and not yet confirmed or rejected."""
        return [s["code"] for s in self.suggestions if s.get("status") == "suggested"]


class Attachment(models.Model):
    """A document an entry carries (PDF, image, office document). The bytes live outside the
    web root under a random name; the original file name is shown only to those who may see
    the entry, and the file is served only through an authorised, audited view."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="attachments")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=80, unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"Attachment {self.pk}"


class ImportedCaseFile(models.Model):
    """A case file loaded with `cairn import` or the import page: which subject reference it
    named and which source record its events came in under, so `cairn export` can find the
    person by the file's own reference."""

    subject_ref = models.CharField(max_length=100, db_index=True)
    source_record = models.ForeignKey(SourceRecord, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64)
    events = models.PositiveIntegerField()
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"Case file {self.subject_ref}"
