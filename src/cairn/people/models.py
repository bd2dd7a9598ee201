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
