"""Security headers, production checks, and error pages that leak nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import World, signed_in


def test_headers_on_every_page(world: World) -> None:
    response = signed_in(world.users["case_officer"]).get(reverse("web:home"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script(world: World) -> None:
    for role in ("case_officer", "administrator", "auditor"):
        html = signed_in(world.users[role]).get(reverse("web:home")).content.decode()
        assert "<script>" not in html
        assert 'type="module" src="/static/' in html
    assert "<script>" not in Client().get(reverse("accounts:sign-in")).content.decode()


def test_cookies_are_http_only(world: World) -> None:
    client = Client()
    client.get(reverse("accounts:sign-in"))
    from tests.factories import PASSWORD

    client.post(reverse("accounts:sign-in"), {"username": "officer_a", "password": PASSWORD})
    assert client.cookies["sessionid"]["httponly"]
    assert client.cookies["sessionid"]["samesite"] == "Lax"


def _production_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAIRN_")}
    env.update(
        CAIRN_SECRET_KEY="x" * 20 + "production-secret-key-that-is-long-and-random-7f3a9c",
        CAIRN_ALLOWED_HOSTS="cairn.example.org",
        CAIRN_DATA_DIR=str(data_dir / "data"),
        **extra,
    )
    env.pop("DATABASE_URL", None)
    return env


def test_check_deploy_is_clean_under_production_settings(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cairn", "check", "--deploy", "--fail-level", "WARNING"],
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_https_is_off(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cairn", "check", "--deploy", "--fail-level", "WARNING"],
        env=_production_env(tmp_path, CAIRN_HTTPS="false"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "security.W008" in result.stderr + result.stdout


def test_check_deploy_refuses_demo_mode(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cairn", "check", "--deploy"],
        env=_production_env(tmp_path, CAIRN_DEMO="true"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "cairn.E001" in result.stderr


def test_bad_environment_values_stop_start_up(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cairn", "check"],
        env=_production_env(tmp_path, CAIRN_SESSION_IDLE_MINUTES="half an hour"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "CAIRN_SESSION_IDLE_MINUTES must be a whole number" in result.stderr


def test_https_mode_sets_hsts_and_secure_cookies(world: World, settings: Any) -> None:
    settings.SECURE_HSTS_SECONDS = 63072000
    settings.SECURE_SSL_REDIRECT = True
    insecure = Client().get(reverse("accounts:sign-in"))
    assert insecure.status_code == 301
    assert insecure["Location"].startswith("https://")
    secure = Client().get(reverse("accounts:sign-in"), secure=True)
    assert "max-age=63072000" in secure["Strict-Transport-Security"]


def test_not_found_page_does_not_echo_the_address(world: World) -> None:
    response = signed_in(world.users["case_officer"]).get("/people/12345/extra-words-jordan/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert "jordan" not in body.lower()
    assert "Traceback" not in body


def test_server_error_page_leaks_nothing(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret detail: Jordan Ellery 2010-03-14")

    monkeypatch.setattr("cairn.people.views.selectors.person_list_for", explode)
    client = signed_in(world.users["case_officer"])
    client.raise_request_exception = False
    response = client.get(reverse("people:list"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "Sorry, there is a problem with the service" in body
    assert "Ellery" not in body
    assert "secret detail" not in body


def test_bad_host_gets_a_plain_400(world: World) -> None:
    response = Client().get(reverse("accounts:sign-in"), HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "evil.example" not in response.content.decode()


def test_csrf_failure_page(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:sign-in"), {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert "Your session has expired or the form was out of date" in response.content.decode()
