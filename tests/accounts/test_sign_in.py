"""Signing in: password then a TOTP code, lockout, idle timeout, and the demo's shown code."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from cairn.accounts.models import User
from cairn.accounts.roles import Role
from cairn.audit.models import AuditEntry
from tests.conftest import World, signed_in
from tests.factories import PASSWORD, make_agency, make_user

HOME = reverse("web:home")
SIGN_IN = reverse("accounts:sign-in")
TWO_FACTOR = reverse("accounts:two-factor")


def current_code(user: User) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def password_step(client: Client, username: str, password: str = PASSWORD) -> Any:
    return client.post(SIGN_IN, {"username": username, "password": password})


def test_password_alone_does_not_reach_any_page(world: World) -> None:
    client = Client()
    user = world.users["case_officer"]
    response = password_step(client, user.username)
    assert response.status_code == 302
    assert response["Location"] == TWO_FACTOR
    for url in (HOME, reverse("people:list"), reverse("audit:search")):
        blocked = client.get(url)
        assert blocked.status_code == 302
        assert blocked["Location"] == TWO_FACTOR


def test_full_sign_in_with_code_reaches_home_and_is_audited(world: World) -> None:
    client = Client()
    user = world.users["case_officer"]
    password_step(client, user.username)
    response = client.post(TWO_FACTOR, {"token": current_code(user)})
    assert response.status_code == 302
    assert response["Location"] == HOME
    assert client.get(HOME).status_code == 200
    actions = list(AuditEntry.objects.filter(actor_id=user.pk).values_list("action", flat=True))
    assert "sign_in.password" in actions
    assert "sign_in.two_factor" in actions


def test_wrong_code_is_refused_with_a_field_error(world: World) -> None:
    client = Client()
    user = world.users["case_officer"]
    password_step(client, user.username)
    wrong = f"{(int(current_code(user)) + 1) % 1_000_000:06d}"
    response = client.post(TWO_FACTOR, {"token": wrong})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "The security code is not correct" in body
    assert client.get(HOME).status_code == 302


def test_malformed_code_names_the_field(world: World) -> None:
    client = Client()
    password_step(client, world.users["case_officer"].username)
    body = client.post(TWO_FACTOR, {"token": "12ab56"}).content.decode()
    assert 'href="#id_token"' in body
    assert "numbers only" in body


def test_user_without_device_must_enrol_before_anything(db: None) -> None:
    user = make_user("newcomer", make_agency(), Role.CASE_OFFICER, two_factor=False)
    client = Client()
    password_step(client, user.username)
    assert client.get(TWO_FACTOR)["Location"] == reverse("accounts:two-factor-set-up")
    page = client.get(reverse("accounts:two-factor-set-up"))
    assert page.status_code == 200
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    response = client.post(reverse("accounts:two-factor-set-up"), {"token": f"{code:06d}"})
    assert response["Location"] == HOME
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    assert client.get(HOME).status_code == 200


def test_wrong_password_gives_one_message_for_unknown_and_known_users(world: World) -> None:
    known = password_step(Client(), world.users["case_officer"].username, "wrong-password-1")
    unknown = password_step(Client(), "nobody-here", "wrong-password-1")
    for response in (known, unknown):
        assert response.status_code == 200
        assert "Enter a correct username and password" in response.content.decode()


def test_lockout_after_repeated_failures_even_with_right_password(
    world: World, settings: Any
) -> None:
    user = world.users["case_officer"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_step(Client(), user.username, "wrong-password-1")
    locked = password_step(Client(), user.username)
    assert locked.status_code == 429
    assert "Your account is locked" in locked.content.decode()
    admin = signed_in(world.users["administrator"])
    edit_page = admin.get(reverse("accounts:user-edit", args=[user.pk])).content.decode()
    assert "locked after repeated failed sign-ins" in edit_page
    admin.post(reverse("accounts:user-unlock", args=[user.pk]))
    assert password_step(Client(), user.username)["Location"] == TWO_FACTOR


def test_lockout_expires_after_cool_off(world: World, settings: Any) -> None:
    user = world.users["case_officer"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_step(Client(), user.username, "wrong-password-1")
    assert password_step(Client(), user.username).status_code == 429
    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)):
        assert password_step(Client(), user.username)["Location"] == TWO_FACTOR


def test_session_ends_after_idle_timeout_but_not_while_active(world: World, settings: Any) -> None:
    client = signed_in(world.users["case_officer"])
    idle = timedelta(minutes=settings.SESSION_IDLE_MINUTES)
    start = timezone.now()
    with time_machine.travel(start + idle - timedelta(minutes=1)):
        assert client.get(HOME).status_code == 200
    with time_machine.travel(start + 2 * idle - timedelta(minutes=2)):
        assert client.get(HOME).status_code == 200  # activity pushed the expiry forward
    with time_machine.travel(start + 3 * idle + timedelta(minutes=1)):
        response = client.get(HOME)
        assert response.status_code == 302
        assert response["Location"].startswith(SIGN_IN)


def test_sign_out_ends_the_session(world: World) -> None:
    client = signed_in(world.users["case_officer"])
    assert client.post(reverse("accounts:sign-out"))["Location"] == SIGN_IN
    assert client.get(HOME)["Location"].startswith(SIGN_IN)


def test_sign_out_needs_post(world: World) -> None:
    client = signed_in(world.users["case_officer"])
    assert client.get(reverse("accounts:sign-out")).status_code == 405
    assert client.get(HOME).status_code == 200


@pytest.mark.parametrize(
    ("target", "expected"), [("/people/", "/people/"), ("https://evil.example/", HOME)]
)
def test_next_is_followed_only_within_the_site(world: World, target: str, expected: str) -> None:
    user = world.users["case_officer"]
    client = Client()
    data = {"username": user.username, "password": PASSWORD, "next": target}
    client.post(f"{SIGN_IN}?next={target}", data)
    assert client.post(TWO_FACTOR, {"token": current_code(user)})["Location"] == expected


def test_a_code_cannot_be_used_twice(world: World) -> None:
    user = world.users["case_officer"]
    code = current_code(user)
    first, second = Client(), Client()
    password_step(first, user.username)
    password_step(second, user.username)
    assert first.post(TWO_FACTOR, {"token": code})["Location"] == HOME
    assert second.post(TWO_FACTOR, {"token": code}).status_code == 200


def test_demo_code_is_shown_only_in_demo_mode(world: World, settings: Any) -> None:
    user = world.users["case_officer"]
    client = Client()
    password_step(client, user.username)
    settings.DEMO = False
    assert 'id="demo-code"' not in client.get(TWO_FACTOR).content.decode()
    settings.DEMO = True
    body = client.get(TWO_FACTOR).content.decode()
    assert 'id="demo-code"' in body
    assert current_code(user) in body
    assert "Demonstration only" in body


def test_a_user_with_no_role_cannot_sign_in(db: None) -> None:
    user = make_user("roleless", make_agency(), Role.CASE_OFFICER)
    user.role_assignments.all().delete()
    response = password_step(Client(), user.username)
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()


def test_passwords_are_hashed_with_argon2_in_the_real_settings() -> None:
    from cairn.config import settings as real_settings

    assert real_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.parametrize("field", ["username", "password"])
def test_sign_in_form_reports_missing_field(db: None, field: str) -> None:
    data = {"username": "someone", "password": "something-long"}
    data[field] = ""
    body = Client().post(SIGN_IN, data).content.decode()
    assert f'<a href="#id_{field}">Enter your {field}</a>' in body
