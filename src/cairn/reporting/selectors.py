"""Aggregate figures: counts only, never a person, with small counts suppressed."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count

from cairn.accounts import permissions
from cairn.accounts.models import User
from cairn.agencies.models import Sector
from cairn.audit.services import audit_record
from cairn.lib.disclosure import suppress
from cairn.lib.vocab import CONCERN_TYPES
from cairn.referrals.models import Referral


@dataclass(frozen=True)
class CountTable:
    title: str
    rows: list[tuple[str, int | None]]
    total: int


def _table(user: User, field: str, labels: dict[str, str], title: str) -> CountTable:
    counts = dict.fromkeys(labels, 0)
    grouped = (
        Referral.objects.filter(owning_agency_id=user.agency_id)
        .values_list(field)
        .annotate(n=Count("id"))
        .order_by()
    )
    for value, n in grouped:
        counts[value] = n
    shown = suppress(counts, settings.DISCLOSURE_THRESHOLD)
    return CountTable(title, [(labels[k], shown[k]) for k in labels], sum(counts.values()))


def referral_count_tables_for(*, user: User) -> list[CountTable]:
    """Referral counts by referring sector and by concern type for the viewer's agency."""
    if not permissions.can_view_aggregates(user):
        return []
    audit_record(actor=user, action="statistics.view", object_type="statistics")
    return [
        _table(user, "sector", dict(Sector.choices), "Referrals by referring sector"),
        _table(user, "concern_type", CONCERN_TYPES, "Referrals by concern type"),
    ]
