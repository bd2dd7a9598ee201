"""Writes to agencies."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from cairn.agencies.models import Agency
from cairn.audit.services import audit_record

if TYPE_CHECKING:
    from cairn.accounts.models import User


def agency_create(*, actor: User | None, name: str, kind: str, sector: str) -> Agency:
    """Register a new agency taking part in the programme."""
    with transaction.atomic():
        agency = Agency(name=name, kind=kind, sector=sector)
        agency.full_clean()
        agency.save()
        audit_record(actor=actor, action="agency.create", object_type="agency", object_id=agency.pk)
    return agency


def agency_update(
    *, actor: User, agency: Agency, name: str, kind: str, sector: str, is_active: bool
) -> Agency:
    """Rename, reclassify, deactivate or reactivate an agency; its records keep pointing at it."""
    changed = [
        field
        for field, value in (
            ("name", name),
            ("kind", kind),
            ("sector", sector),
            ("is_active", is_active),
        )
        if getattr(agency, field) != value
    ]
    with transaction.atomic():
        agency.name, agency.kind, agency.sector, agency.is_active = name, kind, sector, is_active
        agency.full_clean()
        agency.save()
        audit_record(
            actor=actor,
            action="agency.update",
            object_type="agency",
            object_id=agency.pk,
            detail={"changed": changed},
        )
    return agency
