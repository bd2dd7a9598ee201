"""The audit log: entries for reads and writes, a valid chain, tampering detected, appends only."""

from __future__ import annotations

import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from cairn.accounts.roles import Role
from cairn.accounts.services import user_create
from cairn.audit.chain import audit_chain_verify
from cairn.audit.models import AuditEntry, AuditLogImmutable
from cairn.audit.services import audit_record
from cairn.cli import main
from tests.conftest import World, signed_in

TABLE = AuditEntry._meta.db_table


def test_reading_a_person_is_recorded_with_who_what_and_request(world: World) -> None:
    officer = world.users["case_officer"]
    person_id = world.referral_a.person_id
    client = signed_in(officer)
    response = client.get(
        reverse("people:detail", args=[person_id]), headers={"X-Request-ID": "req-12345678"}
    )
    assert response.status_code == 200
    entry = AuditEntry.objects.filter(action="person.view").latest("id")
    assert entry.actor_kind == "user"
    assert entry.actor_id == officer.pk
    assert entry.actor_name == officer.username
    assert entry.actor_roles == Role.CASE_OFFICER
    assert entry.actor_agency_id == world.agency_a.pk
    assert (entry.object_type, entry.object_id, entry.person_id) == (
        "person",
        str(person_id),
        person_id,
    )
    assert entry.request_id == "req-12345678"
    assert response["X-Request-ID"] == "req-12345678"


def test_a_refused_read_records_nothing_about_the_person(world: World) -> None:
    before = AuditEntry.objects.filter(action="person.view").count()
    signed_in(world.users["officer_b"]).get(
        reverse("people:detail", args=[world.referral_a.person_id])
    )
    assert AuditEntry.objects.filter(action="person.view").count() == before


def test_writes_are_recorded(world: World) -> None:
    admin = world.users["administrator"]
    user_create(
        actor=admin,
        username="newbie",
        first_name="New",
        last_name="Bie",
        email="n@example.org",
        agency=world.agency_a,
        roles=[Role.CASE_OFFICER],
        password="a-long-enough-password",
    )
    entry = AuditEntry.objects.latest("id")
    assert (entry.action, entry.actor_id) == ("user.create", admin.pk)
    assert AuditEntry.objects.filter(
        action="referral.submit", person_id=world.referral_a.person_id
    ).exists()


def test_a_write_that_rolls_back_leaves_no_entry(world: World) -> None:
    count = AuditEntry.objects.count()

    def write_then_fail() -> None:
        with transaction.atomic():
            audit_record(actor=None, action="test.rolled_back")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert AuditEntry.objects.count() == count


def test_chain_is_valid_and_linked(world: World) -> None:
    report = audit_chain_verify()
    assert report.ok
    assert report.checked == AuditEntry.objects.count() > 10
    entries = list(AuditEntry.objects.order_by("id"))
    for before, after in itertools.pairwise(entries):
        assert after.prev_hash == before.hash


def test_application_refuses_update_and_delete(world: World) -> None:
    entry = AuditEntry.objects.first()
    assert entry is not None
    entry.action = "changed"
    with pytest.raises(AuditLogImmutable):
        entry.save()
    with pytest.raises(AuditLogImmutable):
        entry.delete()
    with pytest.raises(AuditLogImmutable):
        AuditEntry.objects.filter(pk=entry.pk).update(action="changed")
    with pytest.raises(AuditLogImmutable):
        AuditEntry.objects.all().delete()


def _tamper(sql: str, params: list[str | int]) -> None:
    """Alter the table behind the application's back, as an attacker with database access would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER audit_auditentry_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER audit_auditentry_append_only")


def test_verify_finds_an_altered_field(world: World) -> None:
    victim = AuditEntry.objects.order_by("id")[3]
    _tamper(f"UPDATE {TABLE} SET action = %s WHERE id = %s", ["person.innocent", victim.pk])
    report = audit_chain_verify()
    assert report.first_broken_id == victim.pk
    assert report.checked == 3
    assert "do not match its hash" in report.reason


def test_verify_finds_a_removed_entry(world: World) -> None:
    victim = AuditEntry.objects.order_by("id")[2]
    _tamper(f"DELETE FROM {TABLE} WHERE id = %s", [victim.pk])
    report = audit_chain_verify()
    assert not report.ok
    following = AuditEntry.objects.filter(id__gt=victim.pk).order_by("id").first()
    assert following is not None
    assert report.first_broken_id == following.pk
    assert "does not link" in report.reason


def test_audit_verify_command_exit_codes(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("audit", "verify")
    assert "audit log intact" in capsys.readouterr().out
    victim = AuditEntry.objects.order_by("id")[1]
    _tamper(f"UPDATE {TABLE} SET purpose = %s WHERE id = %s", ["edited", victim.pk])
    with pytest.raises(CommandError, match=f"entry {victim.pk}"):
        call_command("audit", "verify")
    with pytest.raises(SystemExit) as exit_info:
        main(["audit", "verify"])
    assert exit_info.value.code == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)
@pytest.mark.parametrize("sql", [f"UPDATE {TABLE} SET action = 'x'", f"DELETE FROM {TABLE}"])
def test_postgresql_trigger_refuses_update_and_delete(world: World, sql: str) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert audit_chain_verify().ok


def test_auditor_searches_by_person_user_and_date(world: World) -> None:
    officer = world.users["case_officer"]
    person_id = world.referral_a.person_id
    signed_in(officer).get(reverse("people:detail", args=[person_id]))
    auditor = signed_in(world.users["auditor"])
    by_person = auditor.get(reverse("audit:search"), {"person_id": person_id}).content.decode()
    assert "person.view" in by_person
    assert "referral.submit" in by_person
    by_user = auditor.get(reverse("audit:search"), {"user": officer.username}).content.decode()
    assert "person.view" in by_user
    assert "user.create" not in by_user
    future = auditor.get(reverse("audit:search"), {"date_from": "01/01/2099"}).content.decode()
    assert "No entries match" in future
    bad = auditor.get(reverse("audit:search"), {"date_from": "02/02/2026", "date_to": "01/01/2026"})
    assert "must be the same as or after" in bad.content.decode()
    assert AuditEntry.objects.filter(
        action="audit.search", actor_id=world.users["auditor"].pk
    ).exists()


def test_auditor_page_reports_tampering(world: World) -> None:
    auditor = signed_in(world.users["auditor"])
    assert "The audit log is intact" in auditor.post(reverse("audit:verify")).content.decode()
    victim = AuditEntry.objects.order_by("id")[0]
    _tamper(f"UPDATE {TABLE} SET actor_name = %s WHERE id = %s", ["someone-else", victim.pk])
    assert "has been altered" in auditor.post(reverse("audit:verify")).content.decode()
