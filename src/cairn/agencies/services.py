"""Writes to agencies."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from cairn.agencies.models import Agency
from cairn.audit.services import audit_record

if TYPE_CHECKING:
    from cairn.accounts.models import User


def agency_create(
    *, actor: User | None, name: str, kind: str, sector: str, region: str = ""
) -> Agency:
    """Register a new agency taking part in the programme. A local authority names its region,
    which its cases count under in the national statistics."""
    with transaction.atomic():
        agency = Agency(name=name, kind=kind, sector=sector, region=region)
        agency.full_clean()
        agency.save()
        audit_record(actor=actor, action="agency.create", object_type="agency", object_id=agency.pk)
    return agency


def agency_update(
    *,
    actor: User,
    agency: Agency,
    name: str,
    kind: str,
    sector: str,
    is_active: bool,
    region: str = "",
) -> Agency:
    """Rename, reclassify, deactivate or reactivate an agency; its records keep pointing at it."""
    changed = [
        field
        for field, value in (
            ("name", name),
            ("kind", kind),
            ("sector", sector),
            ("is_active", is_active),
            ("region", region),
        )
        if getattr(agency, field) != value
    ]
    with transaction.atomic():
        agency.name, agency.kind, agency.sector, agency.is_active = name, kind, sector, is_active
        agency.region = region
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
