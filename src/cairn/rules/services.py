"""Writes to policies: a new version, audited. There is no update and no delete."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.db import transaction

from cairn.audit.services import audit_record
from cairn.lib.errors import ServiceError
from cairn.rules.engine import ParameterError
from cairn.rules.models import Policy
from cairn.rules.policies import check_policy

if TYPE_CHECKING:
    from cairn.accounts.models import User

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$")


def policy_version_create(
    *, actor: User | None, name: str, parameters: Any, enabled: Any, note: str = ""
) -> Policy:
    """Store a new version of the named policy (version 1 if the name is new). Unknown rule
    ids and out-of-range parameters are refused with a `ServiceError` naming the field
    (`enabled`, `parameters.<rule>.<name>`); nothing is written then. The stored parameters
    are complete (every rule's, defaults filled in), so a version never changes meaning when
    a default does."""
    if not _NAME.match(name or ""):
        raise ServiceError("name", "Give a name of letters, digits, dots, dashes or underscores")
    if len(note) > 500:
        raise ServiceError("note", "The note must be 500 characters or fewer")
    try:
        checked, ordered = check_policy(parameters, enabled)
    except ParameterError as error:
        raise ServiceError(error.field, error.message) from error
    with transaction.atomic():
        newest = (
            Policy.objects.select_for_update()
            .filter(name=name)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
        )
        policy = Policy.objects.create(
            name=name,
            version=(newest or 0) + 1,
            parameters=checked,
            enabled=list(ordered),
            note=note,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="policy.version_create",
            object_type="policy",
            object_id=policy.pk,
            detail={"name": name, "version": policy.version, "enabled": list(ordered)},
        )
    return policy
