"""The identity review queue, the side-by-side comparison, and unlinking, as users use them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from cairn.audit.models import AuditEntry
from cairn.people.models import IdentityReview, ReviewStatus
from cairn.referrals.models import Referral
from tests.conftest import ROLES, World, signed_in
from tests.factories import make_referral

TWINS: dict[str, Any] = {
    "family_name": "Okafor",
    "date_of_birth": date(2012, 5, 5),
    "postcode": "NX2 2BB",
    "address": "7 Lark Rise",
    "sex": "male",
}


def twins(world: World) -> tuple[Referral, Referral, IdentityReview]:
    first = make_referral(owner=world.agency_a, source=world.school, given_name="Chidi", **TWINS)
    second = make_referral(owner=world.agency_a, source=world.school, given_name="Chinedu", **TWINS)
    return first, second, IdentityReview.objects.get(record=second.source_record)


def test_queue_and_comparison_show_the_pair_and_the_models_reasons(world: World) -> None:
    _, second, review = twins(world)
    officer = signed_in(world.users["case_officer"])
    queue = officer.get(reverse("people:review-queue")).content.decode()
    assert "Chinedu Okafor" in queue
    assert "twins" in queue
    page = officer.get(reverse("people:review-detail", args=[review.pk])).content.decode()
    assert "Chidi" in page
    assert "Chinedu" in page
    assert 'id="waterfall"' in page
    assert "Starting point" in page
    person_page = officer.get(reverse("people:detail", args=[second.person_id])).content.decode()
    assert "Identity review pending (rule identity-match)" in person_page
    assert AuditEntry.objects.filter(
        action="identity_review.view", object_id=str(review.pk)
    ).exists()


def test_deciding_from_the_page(world: World) -> None:
    first, second, review = twins(world)
    officer = signed_in(world.users["case_officer"])
    url = reverse("people:review-detail", args=[review.pk])
    body = officer.post(url, {"decision": "same"}).content.decode()
    assert '<a href="#id_reason">Give the reason for your decision</a>' in body
    response = officer.post(url, {"decision": "same", "reason": "GP confirms one child"})
    assert response["Location"] == reverse("people:review-queue")
    second.source_record.refresh_from_db()
    assert second.person == first.person
    review.refresh_from_db()
    assert review.status == ReviewStatus.CONFIRMED
    assert "Chinedu" not in officer.get(reverse("people:review-queue")).content.decode()
    assert "Decided:" in officer.get(url).content.decode()


def test_unlinking_from_the_identity_view(world: World) -> None:
    first, second, review = twins(world)
    officer = signed_in(world.users["case_officer"])
    officer.post(
        reverse("people:review-detail", args=[review.pk]),
        {"decision": "same", "reason": "Looked the same"},
    )
    person_page = officer.get(reverse("people:detail", args=[first.person_id])).content.decode()
    unlink = reverse("people:record-unlink", args=[second.source_record.pk])
    assert unlink in person_page
    response = officer.post(unlink, {"reason": "They are twins after all"})
    second.source_record.refresh_from_db()
    assert second.person != first.person
    assert response["Location"] == reverse("people:detail", args=[second.person_id])


@pytest.mark.parametrize("role", ROLES)
def test_review_pages_by_role(world: World, role: str) -> None:
    _, second, review = twins(world)
    client = signed_in(world.users[role])
    allowed = role in {"case_officer", "senior_officer", "panel_chair"}
    urls = [
        reverse("people:review-queue"),
        reverse("people:review-detail", args=[review.pk]),
        reverse("people:record-unlink", args=[second.source_record.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == (200 if allowed else 403), url
        assert ("Chinedu" in response.content.decode()) is allowed


def test_another_agencys_officer_cannot_see_or_decide(world: World) -> None:
    _, _, review = twins(world)
    officer_b = signed_in(world.users["officer_b"])
    assert "Chinedu" not in officer_b.get(reverse("people:review-queue")).content.decode()
    url = reverse("people:review-detail", args=[review.pk])
    assert officer_b.get(url).status_code == 404
    assert officer_b.post(url, {"decision": "same", "reason": "x"}).status_code == 404
    review.refresh_from_db()
    assert review.status == ReviewStatus.PENDING


def test_a_possible_match_held_by_another_agency_is_withheld(world: World) -> None:
    make_referral(owner=world.agency_b, source=world.school, given_name="Chidi", **TWINS)
    second = make_referral(owner=world.agency_a, source=world.school, given_name="Chinedu", **TWINS)
    review = IdentityReview.objects.get(record=second.source_record)
    officer = signed_in(world.users["case_officer"])
    queue = officer.get(reverse("people:review-queue")).content.decode()
    assert "Chinedu Okafor" in queue
    assert "Chidi" not in queue
    assert "Details withheld" in queue
    page = officer.get(reverse("people:review-detail", args=[review.pk])).content.decode()
    assert "Chidi" not in page
    assert f"Withheld: held by {world.school.name}" in page
    officer_b = signed_in(world.users["officer_b"])
    assert "Chinedu" not in officer_b.get(reverse("people:review-queue")).content.decode()
