"""Users, the roles they hold at their agency, and the API tokens machine clients use."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models

from cairn.accounts.roles import Role
from cairn.agencies.models import Agency


class User(AbstractUser):
    """A person who signs in to Cairn. Each belongs to one agency and holds one or more roles
    there; what they may see and do follows from those roles and that agency. Users are
    deactivated, never deleted, so the audit log always names who did what."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, related_name="users")

    class Meta:
        ordering = ["username"]


class RoleAssignment(models.Model):
    """One role held by one user at their agency."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=32, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="unique_role_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.role}"


class ApiScope(models.TextChoices):
    REFERRALS_WRITE = "referrals:write", "Submit referrals"
    EVENTS_WRITE = "events:write", "Send chronology events"


class ApiToken(models.Model):
    """A credential a partner system uses to call the API on behalf of one agency. Only a hash
    of the secret is stored; the secret is shown once, when the token is made. Tokens carry
    scopes, may expire, and are revoked rather than deleted so the audit log keeps its meaning."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    scopes = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    def status_at(self, now: datetime) -> str:
        """'revoked', 'expired' or 'active'."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        return "active"


class IdempotentRequest(models.Model):
    """The first answer given to an agency's API request carrying an Idempotency-Key, so that
    a retry gets the same answer instead of doing the work twice."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=128)
    body_sha256 = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "key"], name="unique_idempotency_key")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}:{self.key}"
