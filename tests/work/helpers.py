"""Builders for the work tests: chronology entries recorded by a given user, and stored flags
as the live evaluation would write them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone

from cairn.accounts.models import User
from cairn.agencies.models import Agency
from cairn.chronology.models import Entry
from cairn.chronology.services import EntryInput, entry_record
from cairn.people.models import Person
from cairn.referrals.models import Referral
from cairn.rules.models import PersonFlag


def person_of(referral: Referral) -> Person:
    person = referral.source_record.person
    assert person is not None
    return person


def contact(
    referral: Referral,
    by: User,
    agency: Agency,
    *,
    kind: str = "police_contact",
    indicators: tuple[str, ...] = ("weapon_carrying",),
    **details: Any,
) -> Entry:
    """An entry about the referral's person, recorded by `by` for `agency`."""
    return entry_record(
        actor=by,
        owning_agency=agency,
        source_record=referral.source_record,
        data=EntryInput(
            kind=kind,
            occurred_at=timezone.now(),
            summary="Synthetic contact for tests.",
            indicators=indicators,
            details=details,
        ),
    )


def flag(
    person: Person,
    rule: str,
    key: str,
    *,
    entry: Entry | None = None,
    evidence: list[Any] | None = None,
    state: str = "open",
    due: date | None = None,
    at: datetime | None = None,
) -> PersonFlag:
    now = at or timezone.now()
    found, _ = PersonFlag.objects.update_or_create(
        person=person,
        key=key,
        defaults={
            "rule": rule,
            "policy_name": "2025",
            "policy_version": 1,
            "blocking": True,
            "message": "Synthetic flag message.",
            "raised_at": now,
            "due": due,
            "raised_by_entry": entry,
            "evidence": evidence if evidence is not None else ([entry.pk] if entry else []),
            "state": state,
            "first_seen_at": now,
            "updated_at": now,
        },
    )
    return found
