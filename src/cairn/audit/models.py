"""The tamper-evident audit log."""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models


class AuditLogImmutable(Exception):
    """Raised when anything tries to change or remove an audit entry."""


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditLogImmutable("the audit log is append-only: entries cannot be updated")

    def delete(self) -> NoReturn:
        raise AuditLogImmutable("the audit log is append-only: entries cannot be deleted")


class AuditEntry(models.Model):
    """One thing that happened: a read of personal data or a write, by whom (user or API token,
    with role and agency), to what, for what purpose, when, in which request. Each entry holds
    the hash of the one before it and its own hash over its fields, so any change to the
    history shows up when the chain is verified. Entries are only ever appended: the
    application refuses updates and deletes, and on PostgreSQL a trigger refuses them too."""

    at = models.DateTimeField(db_index=True)
    actor_kind = models.CharField(max_length=16)
    actor_id = models.BigIntegerField(null=True, db_index=True)
    actor_name = models.CharField(max_length=150, blank=True, db_index=True)
    actor_roles = models.CharField(max_length=300, blank=True)
    actor_agency_id = models.BigIntegerField(null=True)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    person_id = models.BigIntegerField(null=True, db_index=True)
    purpose = models.CharField(max_length=500, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.pk} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditLogImmutable("the audit log is append-only: entries cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditLogImmutable("the audit log is append-only: entries cannot be deleted")

    def chained_fields(self) -> dict[str, Any]:
        """The fields the hash covers, in a form that survives a round trip to the database."""
        return {
            "at": self.at.isoformat(),
            "actor_kind": self.actor_kind,
            "actor_id": self.actor_id,
            "actor_name": self.actor_name,
            "actor_roles": self.actor_roles,
            "actor_agency_id": self.actor_agency_id,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "person_id": self.person_id,
            "purpose": self.purpose,
            "request_id": self.request_id,
            "detail": self.detail,
        }
