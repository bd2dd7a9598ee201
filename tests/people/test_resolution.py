"""Identity resolution on intake: one person, one record, or a person decides."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from cairn.lib.errors import ServiceError
from cairn.people.models import IdentityReview, LinkEvent, LinkStatus, Person, ReviewStatus
from cairn.people.services import (
    IdentityInput,
    identity_clean,
    identity_resolve,
    identity_review_decide,
    source_record_unlink,
)
from cairn.referrals.models import Referral
from tests.conftest import World
from tests.factories import make_referral

NHS = "9434765919"
OTHER_NHS = "4010232137"


def refer(world: World, **identity: Any) -> Referral:
    return make_referral(owner=world.agency_a, source=world.agency_b, **identity)


def test_matching_identifier_with_a_second_field_links(world: World) -> None:
    first = refer(
        world,
        given_name="Amina",
        family_name="Warsame",
        nhs_number=NHS,
        date_of_birth=date(2011, 2, 3),
        postcode="NX3 1AA",
    )
    second = refer(
        world,
        given_name="Aminah",
        family_name="Warsame",
        nhs_number=NHS,
        date_of_birth=date(2011, 2, 3),
        postcode="NX4 9ZZ",
    )
    assert second.person == first.person
    record = second.source_record
    assert record.link_status == LinkStatus.AUTO
    assert record.match_probability is not None
    assert record.model_version


def test_conflicting_nhs_numbers_never_auto_link(world: World) -> None:
    base = {
        "given_name": "Amina",
        "family_name": "Warsame",
        "date_of_birth": date(2011, 2, 3),
        "postcode": "NX3 1AA",
        "address": "4 Mill Road",
    }
    first = refer(world, **base, nhs_number=NHS)
    second = refer(world, **base, nhs_number=OTHER_NHS)
    assert second.person != first.person
    assert second.source_record.link_status in (LinkStatus.REVIEW, LinkStatus.NEW)


def test_misspelt_surname_is_not_a_silent_new_person(world: World) -> None:
    first = refer(
        world,
        given_name="Jordan",
        family_name="Ellery",
        date_of_birth=date(2007, 3, 14),
        postcode="LS6 2AB",
        address="12 Example Road",
    )
    second = refer(
        world,
        given_name="Jordan",
        family_name="Elery",
        date_of_birth=date(2007, 3, 14),
        postcode="LS6 2AB",
        address="12 Example Road",
    )
    record = second.source_record
    if record.link_status == LinkStatus.AUTO:
        assert second.person == first.person
    else:
        assert record.link_status == LinkStatus.REVIEW
        assert record.reviews.get().candidate == first.source_record


def test_twins_always_go_to_review(world: World) -> None:
    base = {
        "family_name": "Okafor",
        "date_of_birth": date(2012, 5, 5),
        "postcode": "NX2 2BB",
        "address": "7 Lark Rise",
        "sex": "male",
    }
    first = refer(world, given_name="Chidi", **base)
    second = refer(world, given_name="Chinedu", **base)
    assert second.person != first.person
    review = IdentityReview.objects.get(record=second.source_record)
    assert review.reason == "twins"
    assert review.status == ReviewStatus.PENDING


TWINS: dict[str, Any] = {
    "family_name": "Okafor",
    "date_of_birth": date(2012, 5, 5),
    "postcode": "NX2 2BB",
    "address": "7 Lark Rise",
    "sex": "male",
}


def _review_pair(world: World) -> tuple[Referral, Referral, IdentityReview]:
    first = refer(world, given_name="Chidi", **TWINS)
    second = refer(world, given_name="Chinedu", **TWINS)
    return first, second, IdentityReview.objects.get(record=second.source_record)


def test_confirming_a_review_moves_the_record_and_its_referrals(world: World) -> None:
    first, second, review = _review_pair(world)
    provisional = second.person
    officer = world.users["case_officer"]
    identity_review_decide(
        actor=officer,
        review=review,
        same_person=True,
        reason="School confirms Chinedu is Chidi's registered name",
    )
    second.refresh_from_db()
    second.source_record.refresh_from_db()
    assert second.person == first.person
    assert second.source_record.link_status == LinkStatus.CONFIRMED
    assert not provisional.records.exists()
    assert LinkEvent.objects.filter(record=second.source_record, action="link").exists()
    with pytest.raises(ServiceError, match="already been decided"):
        identity_review_decide(actor=officer, review=review, same_person=False, reason="x")


def test_rejecting_a_review_keeps_them_apart_and_is_remembered(world: World) -> None:
    first, second, review = _review_pair(world)
    identity_review_decide(
        actor=world.users["case_officer"],
        review=review,
        same_person=False,
        reason="Twins: school register lists both",
    )
    review.refresh_from_db()
    assert review.status == ReviewStatus.REJECTED
    second.source_record.refresh_from_db()
    assert second.source_record.link_status == LinkStatus.NEW
    assert second.person != first.person


def test_a_decision_needs_a_reason(world: World) -> None:
    _, _, review = _review_pair(world)
    with pytest.raises(ServiceError, match="reason"):
        identity_review_decide(
            actor=world.users["case_officer"], review=review, same_person=True, reason=" "
        )


def test_unlink_splits_back_exactly_as_before(world: World) -> None:
    first, second, review = _review_pair(world)
    provisional = second.person
    officer = world.users["case_officer"]
    identity_review_decide(actor=officer, review=review, same_person=True, reason="Looked same")
    source_record_unlink(actor=officer, record=second.source_record, reason="Linked in error")
    second.source_record.refresh_from_db()
    assert second.person == provisional
    assert first.person != provisional
    assert list(first.person.records.all()) == [first.source_record]
    assert [e.action for e in LinkEvent.objects.filter(record=second.source_record)] == [
        "link",
        "unlink",
    ]


def test_cannot_unlink_a_persons_only_record(world: World) -> None:
    with pytest.raises(ServiceError, match="only record"):
        source_record_unlink(
            actor=world.users["case_officer"],
            record=world.referral_a.source_record,
            reason="Why not",
        )


def test_candidates_come_from_blocking_keys_not_a_scan(world: World) -> None:
    def queries_to_resolve(family: str) -> int:
        identity = identity_clean(
            IdentityInput(given_name="Solo", family_name=family, date_of_birth=date(2001, 1, 1))
        )
        with CaptureQueriesContext(connection) as captured:
            resolution = identity_resolve(identity)
        assert resolution.status == LinkStatus.NEW
        return len(captured)

    small = queries_to_resolve("Stranger")
    for n in range(30):
        refer(
            world,
            given_name=f"Name{n}",
            family_name=f"Family{n}",
            date_of_birth=date(2005, 1, 1 + n % 28),
        )
    assert queries_to_resolve("Outsider") == small
    refer(world, given_name="Solo", family_name="Stranger", date_of_birth=date(2001, 1, 1))
    assert Person.objects.filter(family_name="Stranger").count() == 1


def test_link_train_stores_a_new_model_version_used_from_then_on(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    from django.core.management import call_command

    from cairn.people.models import LinkageModel

    shipped_version = world.referral_a.source_record.model_version
    for n in range(6):
        first = refer(
            world,
            given_name=f"Kid{n}",
            family_name="Marsh",
            nhs_number="",
            date_of_birth=date(2010, 1, 1 + n),
            postcode=f"NX{n + 1} 1AA",
        )
        refer(
            world,
            given_name=f"Kid{n}",
            family_name="Marsh",
            person=first.person,
            date_of_birth=date(2010, 1, 1 + n),
            postcode=f"NX{n + 1} 1AA",
        )
    call_command("link", "train")
    model = LinkageModel.objects.get()
    assert f"Model {model.version} stored" in capsys.readouterr().out
    later = refer(world, given_name="Newcomer", family_name="Quist", date_of_birth=date(2011, 1, 1))
    assert later.source_record.model_version == model.version != shipped_version


def test_link_train_refuses_an_index_with_nothing_linked(db: None) -> None:
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="at least one linked pair"):
        call_command("link", "train")


def test_thresholds_are_settings(world: World, settings: Any) -> None:
    same = {
        "given_name": "Ola",
        "family_name": "Berg",
        "date_of_birth": date(2010, 9, 9),
        "postcode": "NX7 7GG",
        "address": "2 Fen Lane",
        "sex": "female",
    }
    first = refer(world, **same)
    assert refer(world, **same).person == first.person
    settings.MATCH_AUTO_LINK_THRESHOLD = 1.0
    third = refer(world, **same)
    assert third.source_record.link_status == LinkStatus.REVIEW
    assert third.person != first.person


def _pending_between(a: Person, b: Person) -> int:
    """Pending reviews pairing a record of one person with a record of the other."""
    return IdentityReview.objects.filter(
        Q(record__person=a, candidate__person=b) | Q(record__person=b, candidate__person=a),
        status=ReviewStatus.PENDING,
    ).count()


def test_a_rejected_pair_is_not_proposed_again_after_rekey_or_re_registration(
    world: World,
) -> None:
    from django.core.management import call_command

    first, second, review = _review_pair(world)
    officer = world.users["case_officer"]
    identity_review_decide(actor=officer, review=review, same_person=False, reason="Twins")
    call_command("link", "rekey")
    # Both children are referred again, exactly as before: each new record joins its own
    # child, and nothing asks again whether the two children are one person.
    again_second = refer(world, given_name="Chinedu", **TWINS)
    again_first = refer(world, given_name="Chidi", **TWINS)
    assert again_second.person == second.person
    assert again_first.person == first.person
    assert _pending_between(first.person, second.person) == 0
    review.refresh_from_db()
    assert review.status == ReviewStatus.REJECTED
    assert IdentityReview.objects.filter(status=ReviewStatus.REJECTED).count() == 1


def test_a_rejected_pair_cannot_be_joined_through_another_review(world: World) -> None:
    """Chika was decided to be a different child from Chidi. Chinedu, another of Chika's
    candidates, is later confirmed to be Chidi; confirming Chika as Chinedu would now put
    Chika with Chidi after all, so it is refused, and rejecting it is allowed."""
    chidi = refer(world, given_name="Chidi", **TWINS)
    chinedu = refer(world, given_name="Chinedu", **TWINS)
    chika = refer(world, given_name="Chika", **TWINS)
    officer = world.users["case_officer"]
    reviews = {r.candidate_id: r for r in IdentityReview.objects.filter(record=chika.source_record)}
    assert set(reviews) == {chidi.source_record.pk, chinedu.source_record.pk}
    identity_review_decide(
        actor=officer,
        review=IdentityReview.objects.get(record=chinedu.source_record),
        same_person=True,
        reason="Chinedu is Chidi's registered name",
    )
    identity_review_decide(
        actor=officer,
        review=reviews[chidi.source_record.pk],
        same_person=False,
        reason="Chika is Chidi's sister",
    )
    moot = reviews[chinedu.source_record.pk]
    with pytest.raises(ServiceError, match="different people") as raised:
        identity_review_decide(actor=officer, review=moot, same_person=True, reason="Looks same")
    assert raised.value.field == "review"
    chika.source_record.refresh_from_db()
    assert chika.source_record.person != chidi.person
    identity_review_decide(actor=officer, review=moot, same_person=False, reason="As decided")
    moot.refresh_from_db()
    assert moot.status == ReviewStatus.REJECTED


def test_a_pair_already_linked_cannot_be_rejected_without_unlinking(world: World) -> None:
    chidi = refer(world, given_name="Chidi", **TWINS)
    chinedu = refer(world, given_name="Chinedu", **TWINS)
    chika = refer(world, given_name="Chika", **TWINS)
    officer = world.users["case_officer"]
    identity_review_decide(
        actor=officer,
        review=IdentityReview.objects.get(record=chinedu.source_record),
        same_person=True,
        reason="Chinedu is Chidi's registered name",
    )
    identity_review_decide(
        actor=officer,
        review=IdentityReview.objects.get(
            record=chika.source_record, candidate=chinedu.source_record
        ),
        same_person=True,
        reason="Chika is Chinedu's nickname",
    )
    later = IdentityReview.objects.get(record=chika.source_record, candidate=chidi.source_record)
    with pytest.raises(ServiceError, match="unlink"):
        identity_review_decide(actor=officer, review=later, same_person=False, reason="No")
    chika.source_record.refresh_from_db()
    assert chika.source_record.link_status == LinkStatus.CONFIRMED


def test_linking_and_unlinking_evaluate_both_chronologies_again(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    first, second, review = _review_pair(world)
    provisional = second.person
    assert first.person is not None
    assert provisional is not None
    officer = world.users["case_officer"]
    evaluations = DBTaskResult.objects.filter(task_path="cairn.rules.tasks.persons_evaluate")
    with django_capture_on_commit_callbacks(execute=True):
        identity_review_decide(actor=officer, review=review, same_person=True, reason="Same")
    assert [r.args_kwargs["args"] for r in evaluations] == [[[provisional.pk, first.person.pk]]]
    second.source_record.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        source_record_unlink(actor=officer, record=second.source_record, reason="Not the same")
    assert [r.args_kwargs["args"] for r in evaluations.order_by("enqueued_at")][1] == [
        [first.person.pk, provisional.pk]
    ]
