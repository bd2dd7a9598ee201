"""Writing to the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from cairn.audit.context import current_request_id
from cairn.audit.models import AuditEntry
from cairn.lib.hashchain import GENESIS, link_hash

if TYPE_CHECKING:
    from cairn.accounts.models import ApiToken, User

# An arbitrary constant naming the advisory lock that serialises appends on PostgreSQL.
_CHAIN_LOCK = 7_236_451


def audit_record(
    *,
    actor: User | ApiToken | None,
    action: str,
    object_type: str = "",
    object_id: str | int | None = None,
    person_id: int | None = None,
    purpose: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit log, chained to the entry before it.

    Called inside the caller's transaction, so a write that rolls back leaves no entry and an
    entry never describes a write that did not happen. `detail` must hold no personal data:
    ids, field names and counts only.
    """
    from cairn.accounts.models import ApiToken, User
    from cairn.accounts.selectors import user_role_codes

    if isinstance(actor, User):
        kind, actor_id, name = "user", actor.pk, actor.get_username()
        roles, agency_id = ",".join(sorted(user_role_codes(actor))), actor.agency_id
    elif isinstance(actor, ApiToken):
        kind, actor_id, name = "api_token", actor.pk, actor.prefix
        roles, agency_id = ",".join(sorted(actor.scopes)), actor.agency_id
    else:
        kind, actor_id, name, roles, agency_id = "system", None, "", "", None

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
        last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
        entry = AuditEntry(
            at=timezone.now(),
            actor_kind=kind,
            actor_id=actor_id,
            actor_name=name,
            actor_roles=roles,
            actor_agency_id=agency_id,
            action=action,
            object_type=object_type,
            object_id="" if object_id is None else str(object_id),
            person_id=person_id,
            purpose=purpose,
            request_id=current_request_id.get(),
            detail=detail or {},
            prev_hash=last or GENESIS,
        )
        entry.hash = link_hash(entry.prev_hash, entry.chained_fields())
        entry.save()
    return entry
