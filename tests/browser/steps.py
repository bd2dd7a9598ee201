"""What the people of a case journey do in the browser, one step at a time: each step clicks the
links and buttons a user would, fills the forms, and checks what the page then says.

Each user works in a browser context of their own, signed in through the real sign-in pages
with both factors, and every page they are shown is watched for errors (`watch_for_problems`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from cairn.accounts.models import User
from tests.browser.test_journey import enter_code, enter_password, watch_for_problems


@dataclass
class Desk:
    """One user signed in, in a browser context of their own, and what went wrong on the pages
    they were shown."""

    user: User
    page: Page
    problems: list[str]

    def assert_no_problems(self) -> None:
        assert not self.problems, f"{self.user.username} met:\n" + "\n".join(self.problems)


def sign_in(browser: Browser, live_server: LiveServer, user: User) -> Desk:
    """Sign in through the sign-in page, password and security code, in a fresh context."""
    context = browser.new_context()
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems = watch_for_problems(page)
    page.goto(f"{live_server.url}/")
    enter_password(page, user)
    enter_code(page, user)
    return Desk(user, page, problems)


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def nav(page: Page, text: str) -> None:
    """Follow an item of the service navigation."""
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name=re.compile(rf"^{re.escape(text)}")
    ).click()


def fill_date(page: Page, legend: str, day: date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def success(page: Page) -> Locator:
    """The banner a page shows after a change was saved."""
    return page.locator(".govuk-notification-banner--success")


# --- The referrer ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    """The person a referral is about (synthetic)."""

    given_name: str
    family_name: str
    date_of_birth: date
    postcode: str
    sex: str = "Male"

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"


@dataclass(frozen=True)
class Concern:
    kind: str
    summary: str
    known: Sequence[str] = field(default=())


def make_referral(desk: Desk, subject: Subject, concern: Concern, local_authority: str) -> str:
    """The referrer's question flow from the home page to the confirmation; the reference."""
    page = desk.page
    nav(page, "Home")
    page.get_by_role("link", name="Make a referral").click()

    expect(heading(page)).to_have_text("About the person")
    page.get_by_label("First name").fill(subject.given_name)
    page.get_by_label("Last name").fill(subject.family_name)
    fill_date(page, "Date of birth", subject.date_of_birth)
    page.get_by_role("group", name="Sex").get_by_label(subject.sex, exact=True).check()
    page.get_by_label("Postcode (optional)").fill(subject.postcode)
    page.get_by_role("button", name="Continue").click()

    expect(heading(page)).to_have_text("About the concern")
    page.get_by_role("group", name="What kind of concern is it?").get_by_label(
        concern.kind, exact=True
    ).check()
    page.get_by_label("Describe the concern").fill(concern.summary)
    known = page.get_by_role("group", name="Which of these do you know to be true? (optional)")
    for label in concern.known:
        known.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Continue").click()

    expect(heading(page)).to_have_text("About you")
    page.get_by_label("Which local authority's programme team should receive it?").select_option(
        label=local_authority
    )
    page.get_by_role("button", name="Continue").click()

    expect(heading(page)).to_have_text("Check your answers before sending your referral")
    answers = page.locator(".govuk-summary-list")
    expect(answers.locator(".govuk-summary-list__row", has_text="Name").first).to_contain_text(
        subject.name
    )
    expect(answers).to_contain_text(concern.kind)
    for label in concern.known:
        expect(answers).to_contain_text(label.removesuffix(" (red flag)"))
    page.get_by_role("button", name="Send referral").click()

    expect(heading(page)).to_have_text("Referral sent")
    reference = page.locator("#reference").inner_text()
    assert re.fullmatch(r"CRN-\d{4}-[0-9A-F]{6}", reference), reference
    return reference


# --- The programme team ------------------------------------------------------------------------


def open_case(desk: Desk, subject: Subject) -> None:
    """From the navigation, the open cases, then the subject's case."""
    page = desk.page
    nav(page, "Cases")
    expect(heading(page)).to_have_text("Open cases")
    row = page.get_by_role("row").filter(has_text=subject.name)
    expect(row).to_have_count(1)
    row.get_by_role("link", name=re.compile(r"^Case \d+$")).click()
    expect(page.locator(".govuk-caption-l")).to_have_text(subject.name)


def expect_status(page: Page, status: str) -> None:
    expect(heading(page)).to_have_text(re.compile(rf"^Case \d+\s+{re.escape(status)}\s*$"))


PARTNERS = ("Police", "Social care", "Education", "Health", "Youth justice")


def triage(desk: Desk) -> None:
    page = desk.page
    expect_status(page, "Received")
    page.get_by_role("button", name="Start triage").click()
    expect(success(page)).to_contain_text("Start triage: done")
    expect_status(page, "Gateway")


def record_checks(desk: Desk, partners: Iterable[str] = PARTNERS) -> None:
    """Every partner on the checklist marked checked, today."""
    page = desk.page
    page.get_by_role("link", name="Record partner checks").click()
    expect(heading(page)).to_have_text("Record partner checks")
    today = timezone.localdate()
    for partner in partners:
        page.get_by_label(f"{partner}: result").select_option(label="Checked")
        fill_date(page, f"{partner}: date of the check", today)
    page.get_by_role("button", name="Record checks").click()
    expect(success(page)).to_contain_text("Partner checks recorded")
    checklist = page.get_by_role("table").filter(has=page.get_by_text("Partner", exact=True))
    for partner in partners:
        expect(checklist.get_by_role("row").filter(has_text=partner)).to_contain_text("Checked")


def record_contact(desk: Desk) -> None:
    """The subject, an adult, was spoken to today."""
    page = desk.page
    page.get_by_role("link", name="Record contact with the subject and parent").click()
    expect(heading(page)).to_have_text("Record contact")
    page.get_by_role("group", name="Was the subject spoken to?").get_by_label("Yes").check()
    page.get_by_role("group", name="For a child: was a parent spoken to?").get_by_label(
        "Not a child"
    ).check()
    fill_date(page, "Date", timezone.localdate())
    page.get_by_role("button", name="Record contact").click()
    expect(success(page)).to_contain_text("Contact recorded")


@dataclass(frozen=True)
class Proposal:
    outcome: str
    reasons: Sequence[str]
    rationale: str
    signposted_to: str = ""
    signpost_request: str = ""
    forum: str = ""
    owner: str = ""
    referrer_feedback: str = "The referrer was told the outcome by telephone."


def fill_proposal(desk: Desk, proposal: Proposal) -> None:
    """Open the proposal form from the case page and fill it in, citing the referral as
    evidence; the caller presses Propose and checks the answer."""
    page = desk.page
    # A link drawn as a button.
    page.get_by_role("button", name="Propose a decision").click()
    expect(heading(page)).to_have_text("Propose a decision")
    page.get_by_role("group", name="Proposed outcome").get_by_label(
        proposal.outcome, exact=True
    ).check()
    reasons = page.get_by_role("group", name="Reasons")
    for reason in proposal.reasons:
        reasons.get_by_label(reason, exact=True).check()
    page.get_by_label("Rationale").fill(proposal.rationale)
    page.get_by_role("group", name="Evidence relied on").get_by_label(
        re.compile(r"^Referral, ")
    ).check()
    if proposal.signposted_to:
        page.get_by_label("Signposted to (for a signpost)").select_option(
            label=proposal.signposted_to
        )
        page.get_by_label("What is asked of the receiving agency (for a signpost)").fill(
            proposal.signpost_request
        )
    page.get_by_label("Multi-agency forum (optional)").fill(proposal.forum)
    page.get_by_label("Owner in that forum (optional)").fill(proposal.owner)
    page.get_by_label("Feedback given to the referrer").fill(proposal.referrer_feedback)


def propose(desk: Desk, proposal: Proposal) -> None:
    fill_proposal(desk, proposal)
    send_proposal(desk, proposal)


def send_proposal(desk: Desk, proposal: Proposal) -> None:
    """Press Propose on the filled-in form: the case now awaits a senior officer."""
    page = desk.page
    page.get_by_role("button", name="Propose").click()
    expect(success(page)).to_contain_text("Decision proposed: a senior officer will review it")
    expect_status(page, "Awaiting decision")
    awaiting = page.locator(".govuk-summary-list").filter(has_text="Proposed by")
    expect(awaiting.locator(".govuk-summary-list__row", has_text="Outcome")).to_contain_text(
        proposal.outcome
    )
    expect(awaiting.locator(".govuk-summary-list__row", has_text="Proposed by")).to_contain_text(
        desk.user.username
    )


def approve_from_queue(desk: Desk, subject: Subject, outcome: str) -> None:
    """A senior officer finds the proposal on the approvals queue (from the Tasks pages) and
    approves it on the case page."""
    page = desk.page
    nav(page, "Tasks")
    page.get_by_role(
        "link", name="Decisions awaiting approval, and onward referrals escalated"
    ).click()
    expect(heading(page)).to_have_text("Decisions awaiting approval")
    row = page.get_by_role("row").filter(has_text=subject.name)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(outcome)
    row.get_by_role("link", name=re.compile(r"^Case \d+$")).click()
    expect_status(page, "Awaiting decision")
    page.get_by_role("button", name="Approve the decision").click()
    expect(success(page)).to_contain_text("Decision approved and recorded on the chronology")
