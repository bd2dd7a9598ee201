"""Signing in with both factors and signing out in a real browser, and the pages on that path
checked with axe-core, under the application's own Content Security Policy."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypedDict

import pytest
from django.conf import settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import ConsoleMessage, Page, Response, expect
from pytest_django.live_server_helper import LiveServer

from cairn.accounts.models import User
from cairn.accounts.roles import Role
from tests.factories import PASSWORD, AgencyFactory, make_user

pytestmark = pytest.mark.browser

AXE_JS = Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}

# Only what a failure message needs, so the whole axe result is not copied out of the page.
RUN_AXE = """async () => {
  const results = await axe.run(document, { resultTypes: ["violations"] });
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })),
  }));
}"""


class AxeNode(TypedDict):
    target: list[Any]
    html: str


class AxeViolation(TypedDict):
    id: str
    impact: str | None
    help: str
    helpUrl: str
    nodes: list[AxeNode]


@pytest.fixture
def officer(transactional_db: None) -> User:
    agency = AgencyFactory.create(name="Ashby Council")
    return make_user("officer", agency, Role.CASE_OFFICER)


def watch_for_problems(page: Page) -> list[str]:
    """Collect what would leave a user with a broken page: any 4xx or 5xx response (a missing
    stylesheet leaves pages unstyled, and axe would then check the wrong colours), console
    errors (which include anything the Content Security Policy blocks) and script errors."""
    problems: list[str] = []

    def note_response(response: Response) -> None:
        if response.status >= 400:
            problems.append(f"{response.status} for {response.url}")

    def note_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(f"console error: {message.text} ({message.location.get('url')})")

    page.on("response", note_response)
    page.on("console", note_console)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    return problems


def current_code(user: User) -> str:
    """What the user's authenticator app would show now."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def enter_password(page: Page, user: User) -> None:
    page.get_by_label("Username", exact=True).fill(user.username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")


def enter_code(page: Page, user: User) -> None:
    page.get_by_label("Security code", exact=True).fill(current_code(user))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")


def assert_accessible(page: Page, name: str) -> None:
    """No serious or critical axe-core violations on the page as it stands.

    axe is evaluated through the DevTools protocol rather than added as a script tag: the
    page's `script-src 'self'` policy blocks inline scripts, and keeping the policy on means
    the pages are checked as users get them.
    """
    page.evaluate(AXE_JS.read_text())
    violations: list[AxeViolation] = page.evaluate(RUN_AXE)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>\n"
        + "\n".join(f"    {node['target']}: {node['html']}" for node in v["nodes"])
        for v in blocking
    )
    assert not blocking, f"Accessibility violations on the {name} page:\n{report}"


def test_sign_in_with_two_factors_and_sign_out(
    page: Page, live_server: LiveServer, officer: User
) -> None:
    problems = watch_for_problems(page)

    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/sign-in/?next=/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Cairn")

    enter_password(page, officer)
    enter_code(page, officer)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("#signed-in-as")).to_contain_text("Signed in as Officer Tester")

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{live_server.url}/sign-in/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Cairn")
    expect(page.get_by_text("You have signed out")).to_be_visible()
    expect(page.get_by_text("Signed in as")).to_have_count(0)

    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/sign-in/?next=/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Cairn")

    assert not problems, "\n".join(problems)


def test_pages_on_the_sign_in_path_have_no_serious_accessibility_violations(
    page: Page, live_server: LiveServer, officer: User
) -> None:
    problems = watch_for_problems(page)

    page.goto(f"{live_server.url}/sign-in/")
    assert_accessible(page, "sign-in")

    enter_password(page, officer)
    assert_accessible(page, "security code")

    enter_code(page, officer)
    assert_accessible(page, "home")

    assert not problems, "\n".join(problems)
