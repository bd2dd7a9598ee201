"""Administrators manage agencies, users, roles and API tokens through the web interface."""

from __future__ import annotations

import re
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from cairn.accounts.models import ApiToken, User
from cairn.accounts.roles import Role
from cairn.agencies.models import Agency
from cairn.audit.models import AuditEntry
from tests.conftest import World, signed_in


def test_admin_adds_and_changes_an_agency(world: World) -> None:
    admin = signed_in(world.users["administrator"])
    data = {"name": "Fenwick Police", "kind": "police_force", "sector": "police", "is_active": "on"}
    la = {"name": "Fenwick Council", "kind": "local_authority", "sector": "local_authority"}
    body = admin.post(reverse("accounts:agency-create"), la).content.decode()
    assert '<a href="#id_region">Select the region of the local authority</a>' in body
    admin.post(reverse("accounts:agency-create"), {**la, "region": "wales"})
    assert Agency.objects.get(name="Fenwick Council").region == "wales"
    assert admin.post(reverse("accounts:agency-create"), data)["Location"] == reverse(
        "accounts:agency-list"
    )
    agency = Agency.objects.get(name="Fenwick Police")
    assert (agency.kind, agency.sector, agency.is_active) == ("police_force", "police", True)
    edit = reverse("accounts:agency-edit", args=[agency.pk])
    admin.post(edit, {**data, "is_active": ""})
    agency.refresh_from_db()
    assert agency.is_active is False
    assert AuditEntry.objects.filter(action="agency.update", object_id=str(agency.pk)).exists()


def test_agency_form_errors_name_the_field_and_save_nothing(world: World) -> None:
    admin = signed_in(world.users["administrator"])
    count = Agency.objects.count()
    bad = {"name": "", "kind": "spaceship", "sector": "police"}
    body = admin.post(reverse("accounts:agency-create"), bad).content.decode()
    assert '<a href="#id_name">' in body
    assert '<a href="#id_kind">' in body
    duplicate = {"name": world.agency_a.name, "kind": "police_force", "sector": "police"}
    body = admin.post(reverse("accounts:agency-create"), duplicate).content.decode()
    assert "already exists" in body
    assert Agency.objects.count() == count


def test_admin_adds_a_user_who_then_enrols_two_factor(world: World) -> None:
    admin = signed_in(world.users["administrator"])
    data = {
        "username": "new_officer",
        "first_name": "Nia",
        "last_name": "Ward",
        "email": "nia@example.org",
        "agency": world.agency_a.pk,
        "roles": [Role.CASE_OFFICER, Role.PANEL_CHAIR],
    }
    page = admin.post(reverse("accounts:user-create"), data).content.decode()
    match = re.search(r'id="initial-password">([^<]+)<', page)
    assert match is not None
    user = User.objects.get(username="new_officer")
    assert set(user.role_assignments.values_list("role", flat=True)) == {
        "case_officer",
        "panel_chair",
    }
    client = Client()
    response = client.post(
        reverse("accounts:sign-in"), {"username": "new_officer", "password": match[1]}
    )
    assert response["Location"] == reverse("accounts:two-factor")
    assert client.get(reverse("accounts:two-factor"))["Location"] == reverse(
        "accounts:two-factor-set-up"
    )


def test_user_form_errors(world: World) -> None:
    admin = signed_in(world.users["administrator"])
    data = {
        "username": world.users["case_officer"].username,
        "first_name": "A",
        "last_name": "B",
        "email": "not-an-email",
        "agency": world.agency_a.pk,
    }
    body = admin.post(reverse("accounts:user-create"), data).content.decode()
    assert '<a href="#id_email">' in body
    assert '<a href="#id_roles_0">' in body
    data.update(email="a@example.org", roles=[Role.REFERRER])
    body = admin.post(reverse("accounts:user-create"), data).content.decode()
    assert "A user with that username already exists" in body


def test_admin_changes_roles_and_deactivates(world: World) -> None:
    admin = signed_in(world.users["administrator"])
    target = world.users["case_officer"]
    url = reverse("accounts:user-edit", args=[target.pk])
    base = {
        "first_name": "O",
        "last_name": "A",
        "email": "o@example.org",
        "agency": world.agency_a.pk,
    }
    admin.post(url, {**base, "roles": [Role.SENIOR_OFFICER], "is_active": "on"})
    assert list(target.role_assignments.values_list("role", flat=True)) == ["senior_officer"]
    admin.post(url, {**base, "roles": [Role.SENIOR_OFFICER], "is_active": ""})
    target.refresh_from_db()
    assert target.is_active is False
    assert signed_in(world.users["case_officer"]).get(reverse("web:home")).status_code == 302


def test_admin_cannot_remove_own_administrator_role(world: World) -> None:
    me = world.users["administrator"]
    admin = signed_in(me)
    url = reverse("accounts:user-edit", args=[me.pk])
    data = {
        "first_name": "A",
        "last_name": "B",
        "email": "a@example.org",
        "agency": world.agency_a.pk,
    }
    body = admin.post(url, {**data, "roles": [Role.AUDITOR], "is_active": "on"}).content.decode()
    assert "You cannot remove your own administrator role" in body
    assert me.role_assignments.filter(role=Role.ADMINISTRATOR).exists()


def test_admin_resets_two_factor(world: World) -> None:
    target = world.users["case_officer"]
    signed_in(world.users["administrator"]).post(
        reverse("accounts:user-reset-two-factor", args=[target.pk])
    )
    assert not TOTPDevice.objects.filter(user=target).exists()
    assert AuditEntry.objects.filter(
        action="user.reset_two_factor", object_id=str(target.pk)
    ).exists()


def test_admin_issues_a_token_that_works_once_shown_and_revokes_it(world: World) -> None:
    admin = signed_in(world.users["administrator"])
    data = {"name": "School MIS", "agency": world.school.pk, "scopes": ["referrals:write"]}
    page = admin.post(reverse("accounts:token-create"), data).content.decode()
    match = re.search(r'id="token-secret">([^<]+)<', page)
    assert match is not None
    secret = match[1]
    token = ApiToken.objects.get(name="School MIS")
    assert secret not in token.secret_hash
    assert secret not in admin.get(reverse("accounts:token-list")).content.decode()
    headers = {"Authorization": f"Bearer {secret}"}
    assert Client().get("/api/v1/whoami", headers=headers).status_code == 200
    admin.post(reverse("accounts:token-revoke", args=[token.pk]))
    assert Client().get("/api/v1/whoami", headers=headers).status_code == 401
    assert "Revoked" in admin.get(reverse("accounts:token-list")).content.decode()


def test_token_expiry_must_be_in_the_future(world: World) -> None:
    admin = signed_in(world.users["administrator"])
    yesterday = (timezone.localdate() - timedelta(days=1)).strftime("%d/%m/%Y")
    data = {"name": "Old", "agency": world.school.pk, "expires_at": yesterday}
    body = admin.post(reverse("accounts:token-create"), data).content.decode()
    assert '<a href="#id_expires_at">Expiry date must be in the future</a>' in body
    assert not ApiToken.objects.filter(name="Old").exists()
