"""Stored blocking keys follow the code: `cairn link rekey` rebuilds them after a release
changes which keys a record has; `cairn link train` leaves them alone."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from cairn.audit.models import AuditEntry
from cairn.lib.errors import ServiceError
from cairn.people.linkage.features import blocking_keys
from cairn.people.models import BlockingKey, LinkStatus, SourceRecord
from cairn.people.services import (
    IdentityInput,
    blocking_keys_rebuild,
    identity_clean,
    identity_resolve,
    record_for_matching,
)
from cairn.referrals.models import Referral
from tests.conftest import World
from tests.factories import make_referral


def refer(world: World, **identity: Any) -> Referral:
    return make_referral(owner=world.agency_a, source=world.agency_b, **identity)


def stored_keys() -> set[tuple[int, str]]:
    return set(BlockingKey.objects.values_list("record_id", "key"))


def expected_keys() -> set[tuple[int, str]]:
    return {
        (record.pk, key)
        for record in SourceRecord.objects.all()
        for key in blocking_keys(record_for_matching(record))
    }


def make_stale(record: SourceRecord) -> None:
    """The record's keys as an older release made them: none of today's, one of its own."""
    BlockingKey.objects.filter(record=record).delete()
    BlockingKey.objects.create(record=record, key="retired_rule:2010|ellery")


def test_rekey_rebuilds_stale_keys_in_batches_and_is_audited_once(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    for n in range(4):
        refer(world, given_name=f"Kid{n}", family_name="Marsh", date_of_birth=date(2010, 1, 1 + n))
    stale = world.referral_a.source_record
    make_stale(stale)
    kept = len(expected_keys()) - len(blocking_keys(record_for_matching(stale)))
    assert stored_keys() != expected_keys()

    call_command("link", "rekey", batch_size=2)

    assert stored_keys() == expected_keys()
    records = SourceRecord.objects.count()
    added = len(blocking_keys(record_for_matching(stale)))
    assert capsys.readouterr().out.strip() == (
        f"Blocking keys rebuilt for {records} records: 1 changed, {added} keys added, 1 removed."
    )
    assert BlockingKey.objects.count() == kept + added
    entry = AuditEntry.objects.get(action="blocking_keys.rebuild")
    assert entry.actor_kind == "system"
    assert entry.detail == {
        "records": records,
        "records_changed": 1,
        "keys_added": added,
        "keys_removed": 1,
        "completed": True,
    }


def test_rekey_again_changes_nothing(world: World) -> None:
    refer(world, given_name="Ola", family_name="Berg", date_of_birth=date(2010, 9, 9))
    before = set(BlockingKey.objects.values_list("pk", "record_id", "key"))
    result = blocking_keys_rebuild(actor=world.users["administrator"], batch_size=1)
    assert (result.records, result.changed, result.added, result.removed) == (
        SourceRecord.objects.count(),
        0,
        0,
        0,
    )
    assert set(BlockingKey.objects.values_list("pk", "record_id", "key")) == before


def test_a_record_with_stale_keys_is_found_again_after_rekey(world: World) -> None:
    first = refer(
        world,
        given_name="Ola",
        family_name="Berg",
        date_of_birth=date(2010, 9, 9),
        postcode="NX7 7GG",
        address="2 Fen Lane",
    )
    make_stale(first.source_record)
    identity = identity_clean(
        IdentityInput(
            given_name="Ola",
            family_name="Berg",
            date_of_birth=date(2010, 9, 9),
            postcode="NX7 7GG",
            address="2 Fen Lane",
        )
    )
    assert identity_resolve(identity).status == LinkStatus.NEW  # the index cannot find it
    blocking_keys_rebuild(actor=None)
    resolution = identity_resolve(identity)
    assert resolution.status == LinkStatus.AUTO
    assert resolution.person == first.person


def test_a_batch_size_below_one_is_refused(db: None) -> None:
    with pytest.raises(ServiceError, match="at least 1"):
        blocking_keys_rebuild(actor=None, batch_size=0)
    with pytest.raises(CommandError, match="at least 1"):
        call_command("link", "rekey", batch_size=0)
    assert not AuditEntry.objects.filter(action="blocking_keys.rebuild").exists()


def test_a_failed_run_is_audited_with_what_it_did(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cairn.people import services

    for n in range(3):
        refer(world, given_name=f"Kid{n}", family_name="Marsh", date_of_birth=date(2010, 1, 1 + n))
    calls = 0

    def failing_on_the_second_batch(record: dict[str, str | None]) -> list[str]:
        nonlocal calls
        calls += 1
        if calls > 2:
            raise RuntimeError("disk full")
        return blocking_keys(record)

    monkeypatch.setattr(services, "blocking_keys", failing_on_the_second_batch)
    with pytest.raises(RuntimeError):
        blocking_keys_rebuild(actor=None, batch_size=2)
    entry = AuditEntry.objects.get(action="blocking_keys.rebuild")
    assert entry.detail["completed"] is False
    assert entry.detail["records"] == 2


def test_link_train_leaves_the_keys_alone(world: World) -> None:
    for n in range(6):
        first = refer(
            world,
            given_name=f"Kid{n}",
            family_name="Marsh",
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
    make_stale(world.referral_a.source_record)
    before = set(BlockingKey.objects.values_list("pk", "record_id", "key"))
    call_command("link", "train")
    assert set(BlockingKey.objects.values_list("pk", "record_id", "key")) == before
