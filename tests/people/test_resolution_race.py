"""Two registrations of one new person at the same moment make one person: resolution runs
inside the registering transaction, under a lock on the incoming record's blocking keys."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from django.db import connection

from cairn.people import services
from cairn.people.models import LinkStatus, Person, SourceRecord
from cairn.people.services import (
    CleanIdentity,
    IdentityInput,
    Resolution,
    identity_clean,
    source_record_register,
)
from tests.factories import make_agency

IDENTITY = IdentityInput(
    given_name="Ola",
    family_name="Berg",
    date_of_birth=date(2010, 9, 9),
    sex="female",
    postcode="NX7 7GG",
    address="2 Fen Lane",
    nhs_number="9434765919",
)


def test_resolution_runs_inside_the_registering_transaction(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite this is the whole guarantee: every transaction begins IMMEDIATE, holding
    the one write lock, so a resolution inside it cannot interleave with another write."""
    depths: list[int] = []
    resolve = services.identity_resolve

    def spy(identity: CleanIdentity) -> Resolution:
        depths.append(len(connection.atomic_blocks))
        return resolve(identity)

    monkeypatch.setattr(services, "identity_resolve", spy)
    outside = len(connection.atomic_blocks)
    source_record_register(
        actor=None, agency=make_agency(), source="test", identity=identity_clean(IDENTITY)
    )
    assert depths == [outside + 1]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent writers: SQLite serialises them (BEGIN IMMEDIATE), and its "
    "in-memory test database reports a held lock as an error instead of waiting",
)
@pytest.mark.django_db(transaction=True)
def test_simultaneous_registrations_of_one_new_person_make_one_person(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    agency = make_agency()
    identity = identity_clean(IDENTITY)
    resolve = services.identity_resolve

    def slow(identity: CleanIdentity) -> Resolution:
        # Widen the window between deciding and storing, so that without the lock every
        # registration would decide "new person" before any of them had stored its record.
        resolution = resolve(identity)
        time.sleep(0.5)
        return resolution

    monkeypatch.setattr(services, "identity_resolve", slow)
    start = threading.Barrier(3)
    errors: list[BaseException] = []

    def register() -> None:
        try:
            start.wait()
            source_record_register(actor=None, agency=agency, source="test", identity=identity)
        except BaseException as error:  # reported below, in the test's own thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert Person.objects.count() == 1
    statuses = sorted(SourceRecord.objects.values_list("link_status", flat=True))
    assert statuses == sorted([LinkStatus.NEW, LinkStatus.AUTO, LinkStatus.AUTO])
