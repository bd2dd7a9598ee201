"""Reads of agencies (organisations, not personal data)."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from cairn.agencies.models import Agency


def agency_list() -> QuerySet[Agency]:
    return Agency.objects.annotate(user_count=Count("users")).order_by("name")


def agency_get(*, agency_id: int) -> Agency | None:
    return Agency.objects.filter(pk=agency_id).first()


def agency_choices(*, active_only: bool = True) -> QuerySet[Agency]:
    agencies = Agency.objects.order_by("name")
    return agencies.filter(is_active=True) if active_only else agencies
