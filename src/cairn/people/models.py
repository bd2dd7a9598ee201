"""People that referrals and records are about."""

from __future__ import annotations

from django.db import models


class Sex(models.TextChoices):
    MALE = "male", "Male"
    FEMALE = "female", "Female"
    UNKNOWN = "unknown", "Not known"


class Person(models.Model):
    """Someone a referral or a partner's record is about: usually a child. One real person
    should be one Person; the identity-resolution capability links the records that agencies
    hold about them. Only the names and details needed to tell people apart are held here."""

    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    postcode = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        indexes = [models.Index(fields=["family_name", "given_name"])]

    def __str__(self) -> str:
        return f"Person {self.pk}"

    @property
    def display_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class LinkStatus(models.TextChoices):
    AUTO = "auto", "Linked automatically"
    CONFIRMED = "confirmed", "Linked by a person"
    NEW = "new", "New person"
    REVIEW = "review", "Awaiting identity review"


class SourceRecord(models.Model):
    """What one agency holds about a person, exactly as that agency recorded it: names, other
    names, date of birth, sex, address and identifiers. Linking a record to a person never
    changes the record; unlinking it puts it back where it was. A record awaiting identity
    review belongs to no person until someone decides."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="records"
    )
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=32, help_text="How it came in: referral, partner event")
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    other_names = models.JSONField(default=list, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    postcode = models.CharField(max_length=10, blank=True)
    address = models.CharField(max_length=300, blank=True)
    address_from = models.DateField(null=True, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True, db_index=True)
    upn = models.CharField(max_length=13, blank=True, db_index=True)
    pnc_id = models.CharField(max_length=20, blank=True, db_index=True)
    recorded_at = models.DateTimeField()
    link_status = models.CharField(max_length=16, choices=LinkStatus.choices)
    match_probability = models.FloatField(null=True, blank=True)
    model_version = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"Record {self.pk}"


class BlockingKey(models.Model):
    """One key under which a record can be found as a candidate for an incoming record, so
    matching fetches candidates by indexed equality instead of scanning the index."""

    record = models.ForeignKey(SourceRecord, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=200, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["record", "key"], name="unique_record_key")]

    def __str__(self) -> str:
        return self.key


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "Awaiting decision"
    CONFIRMED = "confirmed", "Same person"
    REJECTED = "rejected", "Different people"


class IdentityReview(models.Model):
    """A pair that the matching model could not settle: an incoming record and an existing
    record that may be the same person. A person decides; a rejected pair is never proposed
    again. The scores and the model version are kept with the decision."""

    record = models.ForeignKey(SourceRecord, on_delete=models.PROTECT, related_name="reviews")
    candidate = models.ForeignKey(SourceRecord, on_delete=models.PROTECT, related_name="+")
    match_probability = models.FloatField()
    match_weight = models.FloatField()
    reason = models.CharField(max_length=100, blank=True)
    model_version = models.CharField(max_length=40)
    status = models.CharField(
        max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["record", "candidate"], name="unique_review_pair")
        ]

    def __str__(self) -> str:
        return f"Review {self.pk}"


class LinkEvent(models.Model):
    """Each time a record moved between people (a link or an unlink), with who, when and
    why, so that any link can be undone exactly."""

    record = models.ForeignKey(SourceRecord, on_delete=models.PROTECT, related_name="link_events")
    from_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    to_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=16)
    reason = models.TextField()
    by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} record {self.record_id}"


class LinkageModel(models.Model):
    """A version of the matching model trained on this deployment's own index by
    `cairn link train`. The newest one scores new records; with none, the model shipped with
    Cairn (trained on synthetic data) does. Kept, never edited, so every link's recorded
    model version can be looked up."""

    version = models.CharField(max_length=40, unique=True)
    description = models.CharField(max_length=200)
    records = models.PositiveIntegerField()
    model = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Linkage model {self.version}"


class CommunalAddress(models.Model):
    """An address an administrator has listed as communal: a children's home, hostel, refuge
    or any other place where unrelated people share an address, whatever its name says.
    Pairs of records at a communal address always go to a person to decide, never linked
    automatically, because living there says nothing about who someone is. Matching compares
    `normalised` (the address as the matching features normalise it); the postcode and note
    only help an administrator tell entries apart. Removing an entry deactivates it, so the
    list's history stays readable."""

    address = models.CharField(max_length=300, help_text="As entered")
    normalised = models.CharField(max_length=300, db_index=True)
    postcode = models.CharField(max_length=10, blank=True)
    note = models.CharField(max_length=500, blank=True)
    is_active = models.BooleanField(default=True)
    added_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    removed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-is_active", "normalised", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["normalised"],
                condition=models.Q(is_active=True),
                name="unique_active_communal_address",
            )
        ]

    def __str__(self) -> str:
        return f"Communal address {self.pk}"
