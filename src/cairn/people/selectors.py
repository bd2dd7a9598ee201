"""Reads of people. Each takes the viewer, applies what they may see in one place, records the
read in the audit log, and treats "not there" and "not yours" alike."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from cairn.accounts import permissions
from cairn.accounts.models import User
from cairn.audit.services import audit_record
from cairn.people.models import Person


def _visible_to(user: User) -> QuerySet[Person]:
    if not permissions.can_view_people(user):
        return Person.objects.none()
    return Person.objects.filter(referrals__owning_agency_id=user.agency_id).distinct()


def person_list_for(*, user: User) -> QuerySet[Person]:
    """People the viewer's agency holds referrals about, with their referral counts."""
    people = _visible_to(user).annotate(referral_count=Count("referrals", distinct=True))
    return people.order_by("family_name", "given_name", "id")


def person_list_record(*, user: User, person_ids: list[int]) -> None:
    """Record that a page of people was shown to the viewer."""
    audit_record(actor=user, action="person.list", object_type="person", detail={"ids": person_ids})


def person_get_for(*, user: User, person_id: int, purpose: str = "") -> Person | None:
    person = _visible_to(user).filter(pk=person_id).first()
    if person is not None:
        audit_record(
            actor=user,
            action="person.view",
            object_type="person",
            object_id=person.pk,
            person_id=person.pk,
            purpose=purpose,
        )
    return person
