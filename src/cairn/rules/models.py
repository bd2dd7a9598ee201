"""Policies: versioned sets of rule parameters and enabled rules."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Policy(models.Model):
    """One version of a named policy: which rules are on and their numbers (thresholds,
    windows, deadlines). A change is a new version, never an edit, so a decision that recorded
    "2025, version 3" can always be replayed under exactly what was in force; the newest
    version of a name is the one in force. Written only by `services.policy_version_create`."""

    name = models.CharField(max_length=50)
    version = models.PositiveIntegerField()
    parameters = models.JSONField(default=dict)
    enabled = models.JSONField(default=list)
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="rules_policy_name_version")
        ]

    def __str__(self) -> str:
        return f"Policy {self.name} version {self.version}"
