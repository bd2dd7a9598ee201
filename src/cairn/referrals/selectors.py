"""Reads of referrals."""

from __future__ import annotations

from django.db.models import QuerySet

from cairn.accounts import permissions
from cairn.accounts.models import User
from cairn.audit.services import audit_record
from cairn.people.models import Person
from cairn.referrals.models import Referral


def referral_list_for_person(*, user: User, person: Person) -> QuerySet[Referral]:
    """The referrals about a person that the viewer's agency owns. The caller has already
    fetched the person through `person_get_for`, which recorded the read."""
    if not permissions.can_view_people(user):
        return Referral.objects.none()
    return (
        Referral.objects.filter(source_record__person=person, owning_agency_id=user.agency_id)
        .select_related("referring_agency")
        .order_by("received_at")
    )


def referral_list_mine(*, user: User) -> QuerySet[Referral]:
    """A referrer's own referrals: reference, date, status and what they have been told of the
    outcome, nothing else about the person."""
    if not permissions.can_view_own_referrals(user):
        return Referral.objects.none()
    audit_record(actor=user, action="referral.list_own", object_type="referral")
    return Referral.objects.filter(submitted_by=user).only(
        "reference", "received_at", "status", "outcome_for_referrer", "outcome_told_at"
    )
