"""Aggregate figures: counts only, never a person, with small counts suppressed. Each takes
the viewer, refuses (None) a viewer the predicate refuses, and records the read."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from cairn.accounts.models import User
from cairn.audit.services import audit_record
from cairn.reporting import permissions
from cairn.reporting.equality import EqualityTable, equality_tables
from cairn.reporting.operations import Operations, operations_for_agency
from cairn.reporting.release import (
    Release,
    ReleaseError,
    area_parse,
    quarter_parse,
    release_build,
    threshold_check,
    year_cells,
    year_parse,
    years_available,
)


def release_for(
    *,
    user: User,
    year: str,
    quarter: str | None = None,
    area: str = "ew",
    threshold: int | None = None,
) -> Release | None:
    """The release for a financial year (or quarter) and area; unknown years and areas, a
    quarter outside 1-4 and a threshold below 1 raise `ReleaseError` naming the field."""
    if not permissions.can_view_release(user):
        return None
    chosen = threshold_check(settings.DISCLOSURE_THRESHOLD if threshold is None else threshold)
    fy, q, where = year_parse(year), quarter_parse(quarter), area_parse(area)
    audit_record(
        actor=user,
        action="statistics.view",
        object_type="statistics",
        detail={"release": fy, "quarter": q, "area": where.slug},
    )
    return release_build(
        fy=fy, quarter=q, area=where, threshold=chosen, rounding=settings.DISCLOSURE_ROUNDING
    )


def equality_for(*, user: User, year: str, area: str = "ew") -> list[EqualityTable] | None:
    if not permissions.can_view_release(user):
        return None
    fy, where = year_parse(year), area_parse(area)
    audit_record(
        actor=user,
        action="statistics.view",
        object_type="statistics",
        detail={"equality": fy, "area": where.slug},
    )
    return equality_tables(year_cells(fy, settings.DISCLOSURE_THRESHOLD), where)


def _day(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ReleaseError(field, "Enter a real date, for example 2025-04-01") from None


def operations_for(
    *, user: User, date_from: str | None = None, date_to: str | None = None
) -> Operations | None:
    """The dashboard of the viewer's own agency, over a period of days (default: the last
    year); a period that ends before it starts is refused naming `date_to`."""
    if not permissions.can_view_operations(user) or user.agency_id is None:
        return None
    start, end = _day(date_from, "date_from"), _day(date_to, "date_to")
    if start and end and end < start:
        raise ReleaseError("date_to", "The end of the period must be on or after its start")
    now = timezone.now()
    tz = timezone.get_current_timezone()
    since = datetime.combine(start, time.min, tz) if start else None
    until = datetime.combine(end + timedelta(days=1), time.min, tz) if end else None
    audit_record(actor=user, action="statistics.operations", object_type="statistics")
    return operations_for_agency(user.agency_id, now, since, until)


def latest_year() -> str | None:
    years = years_available()
    return str(years[0]) if years else None
