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


class FlagState(models.TextChoices):
    #: A deadline still to come: the flag its rule will raise at the end of `due` unless what
    #: it asks for is recorded by then (what work queues list as due).
    DUE = "due", "Due"
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"
    #: No longer raised at all: the entry behind it corrected or unlinked from the person,
    #: or the policy in force no longer has its rule. (A deadline met in time, or no longer
    #: coming, goes from `DUE` to `RESOLVED`.)
    WITHDRAWN = "withdrawn", "Withdrawn"


class PersonFlag(models.Model):
    """A flag the live evaluation found on a person's whole chronology under the policy in
    force, or a deadline that will raise one if nothing is recorded in time (`DUE`), kept so
    that work queues, notifications and the sweep know what is open without evaluating every
    person, and when each flag was first seen. The rules stay the authority:
    each evaluation brings these rows up to date (`services.person_flags_refresh`), and pages
    that show flags to a viewer evaluate what that viewer may see. `key` names the flag within
    the person (rule, the entry that raised it or the day it fell due, and a counter)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="flags")
    key = models.CharField(max_length=200)
    rule = models.CharField(max_length=100)
    policy_name = models.CharField(max_length=50)
    policy_version = models.PositiveIntegerField()
    blocking = models.BooleanField()
    message = models.TextField()
    detail = models.TextField(blank=True)
    resolves_by = models.TextField(blank=True)
    raised_at = models.DateTimeField()
    due = models.DateField(null=True, blank=True)
    raised_by_entry = models.ForeignKey(
        "chronology.Entry", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: Chronology entry ids the flag cites.
    evidence = models.JSONField(default=list)
    from_suggested = models.BooleanField(default=False)
    state = models.CharField(max_length=16, choices=FlagState.choices, default=FlagState.OPEN)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by_entry = models.ForeignKey(
        "chronology.Entry", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    first_seen_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["person", "-blocking", "raised_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="rules_personflag_person_key")
        ]
        indexes = [models.Index(fields=["state", "rule"], name="rules_personflag_state_rule")]

    def __str__(self) -> str:
        return f"Flag {self.rule} on person {self.person_id} ({self.state})"


class SweepRun(models.Model):
    """One run of the scheduled sweep, one a day: the scheduler enqueues it at most once per
    day (the unique day), so restarting the worker never doubles it."""

    day = models.DateField(unique=True)
    enqueued_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    persons = models.PositiveIntegerField(default=0)
    opened = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"Sweep of {self.day}"
