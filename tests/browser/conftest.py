"""Headless Chromium for the browser journeys, driven by Playwright's sync API against
pytest-django's live server.

Playwright's sync API keeps an asyncio event loop running on the main thread while it is
started, so Django's guard against ORM calls from async code (`DJANGO_ALLOW_ASYNC_UNSAFE`) has
to be switched off for the test code that makes users and reads TOTP devices. Both the browser
and that switch last only as long as one module of browser tests: set for the whole session,
the variable would reach other tests and their subprocesses (`check --deploy` refuses it).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from playwright.sync_api import Browser, Page, sync_playwright
from pytest_django.live_server_helper import LiveServer

from cairn.accounts.models import User
from tests.browser.steps import Desk, sign_in

CHROMIUM = Path("/usr/bin/chromium")
STATIC_STORAGE = "django.contrib.staticfiles.storage.StaticFilesStorage"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session", autouse=True)
def _plain_http_live_server(request: pytest.FixtureRequest) -> None:
    """Start the live server with the HTTPS redirect off.

    The settings default to `CAIRN_HTTPS=true`, and the live server speaks plain HTTP, so
    every page would redirect to an https:// address nothing answers. `SecurityMiddleware`
    reads `SECURE_SSL_REDIRECT` once, when the server's handler is built, so the override is
    needed only while the server starts and is not left on for the rest of the session.
    The secure-only cookies stay as configured: Chromium accepts them from localhost.
    """
    with override_settings(SECURE_SSL_REDIRECT=False):
        request.getfixturevalue("live_server")


@pytest.fixture(scope="module", autouse=True)
def _unhashed_static_names() -> Iterator[None]:
    """Link pages to the plain static file names while browser tests run.

    The live server serves static files straight from the finders, which know only the plain
    names; once `collectstatic` has run (the demo runs it), the real storage links pages to
    hashed names that only WhiteNoise can serve, and every stylesheet would 404 here.
    """
    plain = {**settings.STORAGES, "staticfiles": {"BACKEND": STATIC_STORAGE}}
    with override_settings(STORAGES=plain):
        yield


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"Browser tests must run in CI, but {reason}")
        pytest.skip(reason)
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page in its own context, so no cookies carry over between tests."""
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.fixture
def desk_for(browser: Browser, live_server: LiveServer) -> Iterator[Callable[[User], Desk]]:
    """Sign a user in, in a browser context of their own; every context is closed at the end."""
    desks: list[Desk] = []

    def open_desk(user: User) -> Desk:
        desk = sign_in(browser, live_server, user)
        desks.append(desk)
        return desk

    yield open_desk
    for desk in desks:
        desk.page.context.close()
