"""Searching the audit log: auditors only, and each search is itself recorded."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from cairn.accounts import permissions
from cairn.accounts.models import User
from cairn.audit.models import AuditEntry
from cairn.audit.services import audit_record


def audit_search_for(
    *,
    user: User,
    person_id: int | None = None,
    actor_name: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEntry]:
    if not permissions.can_view_audit_log(user):
        return AuditEntry.objects.none()
    entries = AuditEntry.objects.order_by("-id")
    if person_id is not None:
        entries = entries.filter(person_id=person_id)
    if actor_name:
        entries = entries.filter(actor_name__iexact=actor_name)
    if date_from is not None:
        entries = entries.filter(at__gte=timezone.make_aware(datetime.combine(date_from, time.min)))
    if date_to is not None:
        end = timezone.make_aware(datetime.combine(date_to + timedelta(days=1), time.min))
        entries = entries.filter(at__lt=end)
    audit_record(
        actor=user,
        action="audit.search",
        object_type="audit_log",
        detail={
            "person_id": person_id,
            "actor_name": actor_name,
            "from": date_from.isoformat() if date_from else None,
            "to": date_to.isoformat() if date_to else None,
        },
    )
    return entries
