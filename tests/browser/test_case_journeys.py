"""Issue 7's journeys in a real browser, through the pages only: a referral from the referrer's
question flow to a decision for each outcome; a closure refused while a red flag is open; a
senior officer's override of that flag, after which the closure is allowed and the override is
reported; an onward referral left unacknowledged until it escalates, with the clock set
forward and the nightly sweep run; and a marker raised by a later police contact.

Only the staff and agencies are made directly. Every page a user is shown is watched for
error responses and console errors, and the main pages of the journeys are checked with
axe-core. The live server runs in this process, so `time_machine` moves its clock too (the
journey shows it: a session left idle has expired there); the nightly sweep is run as the
worker runs it, by calling `flags_sweep`, and the live evaluation after a partner's event runs
inside the request with Django's immediate task backend.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from importlib import import_module
from time import sleep

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import FilePayload, expect

from cairn.accounts.models import User
from cairn.accounts.roles import Role
from cairn.agencies.models import AgencyKind, Sector
from cairn.lib.casefile import UK
from cairn.rules.models import Policy
from cairn.rules.services import flags_sweep
from cairn.rules.workdays import add_working_days
from tests.browser.steps import (
    Concern,
    Desk,
    Proposal,
    Subject,
    approve_from_queue,
    expect_status,
    fill_proposal,
    heading,
    make_referral,
    nav,
    open_case,
    propose,
    record_checks,
    record_contact,
    send_proposal,
    success,
    triage,
)
from tests.browser.test_journey import assert_accessible
from tests.factories import make_agency, make_user

pytestmark = pytest.mark.browser

COUNCIL = "Ashby Council"
YOUTH_SERVICE = "Brookfield Youth Service"
POLICE = "Northshire Police"

IDEOLOGY = Concern(
    kind="Extreme right-wing",
    summary="Synthetic: he shares extreme right-wing leaflets in the common room and talks "
    "about a grievance against the council.",
    known=("Grievance",),
)


@dataclass
class Cast:
    """The staff of the journeys: a school's safeguarding lead, the council's programme team,
    a practitioner at the youth service it signposts to, and one at the police force."""

    referrer: User
    officer: User
    senior: User
    youth_worker: User
    police_officer: User


@pytest.fixture(autouse=True)
def _shipped_policies(transactional_db: None) -> None:
    """The policies a data migration writes, written again the same way if they are missing.

    A test with a live server runs on a database that is emptied after each test, policies
    included. Serialized rollback does not bring them back once database tests of other
    modules have run first in the session: the connection these tests then get holds no
    serialized copy of the test database (likely because Playwright keeps an event loop on the
    main thread, where Django's connections are context-local), so nothing is restored."""
    if not Policy.objects.exists():
        migration = import_module("cairn.rules.migrations.0002_shipped_policies")
        migration.ship(django_apps, None)


@pytest.fixture
def cast() -> Cast:
    council = make_agency(
        name=COUNCIL, kind=AgencyKind.LOCAL_AUTHORITY, sector=Sector.LOCAL_AUTHORITY
    )
    school = make_agency(
        name="Canal Street School", kind=AgencyKind.SCHOOL, sector=Sector.EDUCATION
    )
    youth_service = make_agency(
        name=YOUTH_SERVICE, kind=AgencyKind.OTHER, sector=Sector.COMMUNITY, region=""
    )
    police = make_agency(name=POLICE, kind=AgencyKind.POLICE_FORCE, sector=Sector.POLICE)
    return Cast(
        referrer=make_user("dsl_canal", school, Role.REFERRER),
        officer=make_user("officer_ashby", council, Role.CASE_OFFICER),
        senior=make_user("senior_ashby", council, Role.SENIOR_OFFICER),
        youth_worker=make_user("worker_brookfield", youth_service, Role.PARTNER_PRACTITIONER),
        police_officer=make_user("pc_northshire", police, Role.PARTNER_PRACTITIONER),
    )


def referred(
    desk_for: Callable[[User], Desk], cast: Cast, subject: Subject, concern: Concern
) -> tuple[Desk, str]:
    """The referrer makes the referral and finds it on My referrals; their desk, and the
    reference."""
    referrer = desk_for(cast.referrer)
    reference = make_referral(referrer, subject, concern, COUNCIL)
    nav(referrer.page, "My referrals")
    row = referrer.page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text("Nothing yet")
    referrer.assert_no_problems()
    return referrer, reference


def gateway_done(desk: Desk, subject: Subject) -> None:
    """The case officer triages the case and records the partner checklist and the contact."""
    open_case(desk, subject)
    triage(desk)
    record_checks(desk)
    record_contact(desk)


OUTCOMES = {
    "no_further_action": (
        Proposal(
            outcome="No further action",
            reasons=("No concern",),
            rationale="Every partner was checked and he was spoken to: the leaflets were a "
            "class project on propaganda and there is no concern.",
        ),
        "Closed",
        "Closed: the programme will take no further action.",
    ),
    "signposted": (
        Proposal(
            outcome="Signposted to another service",
            reasons=("Needs met elsewhere",),
            rationale="No terrorism risk; his grievance is best met by youth work.",
            signposted_to=YOUTH_SERVICE,
            signpost_request="Weekly mentoring sessions and a report back in six weeks.",
        ),
        "Closed",
        "Passed to another service better placed to help.",
    ),
    "refer_to_panel": (
        Proposal(
            outcome="Refer to panel",
            reasons=(),
            rationale="Partners' checks show growing engagement with the group: the panel "
            "should consider support.",
        ),
        "Panel",
        "Taken forward: the person is being considered for support.",
    ),
    "continue": (
        Proposal(
            outcome="Continue",
            reasons=(),
            rationale="More is needed from education before a decision: keep assessing.",
        ),
        "Assessment",
        "Being looked into: the programme team is still considering it.",
    ),
}


@pytest.mark.parametrize("outcome", list(OUTCOMES))
def test_a_referral_from_intake_to_a_decision(
    desk_for: Callable[[User], Desk], cast: Cast, outcome: str
) -> None:
    proposal, status, told = OUTCOMES[outcome]
    subject = Subject("Callum", "Ridley", date(1994, 6, 2), "NX4 7QP")
    referrer, reference = referred(desk_for, cast, subject, IDEOLOGY)

    officer = desk_for(cast.officer)
    gateway_done(officer, subject)
    page = officer.page
    expect(page.get_by_text(reference)).to_be_visible()
    expect(page.get_by_text("No flags are open.")).to_be_visible()
    fill_proposal(officer, proposal)
    if outcome == "signposted":
        assert_accessible(page, "proposal form")
    send_proposal(officer, proposal)
    if outcome == "signposted":
        assert_accessible(page, "case")
    officer.assert_no_problems()

    senior = desk_for(cast.senior)
    approve_from_queue(senior, subject, proposal.outcome)
    page = senior.page
    expect_status(page, status)
    history = page.get_by_role("list").filter(has_text="decision_propose")
    expect(history).to_contain_text(f"by {cast.officer.username}")
    expect(history).to_contain_text(f"by {cast.senior.username}, policy 2025")
    if outcome == "signposted":
        onward = page.get_by_role("heading", name="Onward referrals")
        expect(onward).to_be_visible()
        expect(page.get_by_text(f"To {YOUTH_SERVICE}, sent")).to_be_visible()
    senior.assert_no_problems()

    # The referrer is told the outcome in general terms: no reasons, no receiving agency.
    referrer.page.reload()
    row = referrer.page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text(told)
    expect(row).not_to_contain_text(YOUTH_SERVICE)
    expect(row).not_to_contain_text(proposal.rationale)
    referrer.assert_no_problems()


RED_FLAG = Concern(
    kind="Mixed or unclear",
    summary="Synthetic: he searched at home for footage of mass shootings and saved it.",
    known=("Research into mass-casualty attacks (red flag)",),
)


def test_a_closure_refused_while_a_red_flag_is_open_then_allowed_after_an_override(
    desk_for: Callable[[User], Desk], cast: Cast
) -> None:
    subject = Subject("Dylan", "Marsh", date(1999, 11, 21), "NX3 8HD")
    referred(desk_for, cast, subject, RED_FLAG)

    officer = desk_for(cast.officer)
    gateway_done(officer, subject)
    page = officer.page
    flag = page.locator(".govuk-summary-card").filter(has_text="violence-fixation")
    expect(flag.locator(".govuk-summary-card__title")).to_contain_text("Blocking")
    fill_proposal(
        officer,
        Proposal(
            outcome="No further action",
            reasons=("No ideology",),
            rationale="No ideology was found.",
        ),
    )
    page.get_by_role("button", name="Propose").click()
    expect(heading(page)).to_have_text("Propose a decision")
    expect(page).to_have_title(re.compile(r"^Error: Propose a decision"))
    refusal = page.locator(".govuk-error-summary")
    expect(refusal).to_contain_text("does not allow this decision")
    expect(refusal).to_contain_text("closed while blocking flag violence-fixation was open")
    expect(refusal).to_contain_text("ideology-not-sufficient")
    # Nothing was saved: the case is where it was, with no proposal.
    page.get_by_role("link", name="Back to the case").click()
    expect_status(page, "Gateway")
    expect(page.get_by_role("heading", name="Proposal awaiting approval")).to_have_count(0)
    expect(page.get_by_text("(decision_propose)")).to_have_count(0)
    officer.assert_no_problems()

    senior = desk_for(cast.senior)
    open_case(senior, subject)
    page = senior.page
    page.get_by_role("link", name="Override this flag (violence-fixation)").click()
    expect(heading(page)).to_have_text("Override a blocking flag")
    expect(page.get_by_text("Flag violence-fixation.")).to_be_visible()
    assert_accessible(page, "override form")
    reason = "The footage was set coursework for a media studies project, confirmed by the college."
    page.get_by_label("Written reason for the override").fill(reason)
    page.get_by_role("button", name="Override the flag").click()
    expect(success(page)).to_contain_text("Flag overridden; the override is on the report")
    expect(
        page.locator(".govuk-summary-card__title").filter(has_text="violence-fixation")
    ).to_have_count(0)

    nav(page, "Tasks")
    page.get_by_role("link", name="Overrides of blocking flags").click()
    expect(heading(page)).to_have_text("Overrides of blocking flags")
    row = page.get_by_role("row").filter(has_text="violence-fixation")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(cast.senior.username)
    expect(row).to_contain_text(reason)
    expect(row).to_contain_text("2025 v1")

    page = officer.page
    page.reload()
    expect(flag).to_have_count(0)
    closing = Proposal(
        outcome="No further action",
        reasons=("No concern",),
        rationale="Every partner was checked and he was spoken to: the footage was coursework "
        "and the override records why; there is no concern.",
    )
    propose(officer, closing)
    officer.assert_no_problems()

    approve_from_queue(senior, subject, closing.outcome)
    expect_status(senior.page, "Closed")
    senior.assert_no_problems()


def test_an_onward_referral_left_unacknowledged_escalates(
    desk_for: Callable[[User], Desk], cast: Cast
) -> None:
    subject = Subject("Ellis", "Varga", date(1997, 4, 9), "NX6 1RT")
    referred(desk_for, cast, subject, IDEOLOGY)
    signpost, _, _ = OUTCOMES["signposted"]

    officer = desk_for(cast.officer)
    gateway_done(officer, subject)
    propose(officer, signpost)
    officer.assert_no_problems()

    senior = desk_for(cast.senior)
    approve_from_queue(senior, subject, signpost.outcome)
    expect_status(senior.page, "Closed")
    expect(senior.page.get_by_text(f"To {YOUTH_SERVICE}, sent")).to_contain_text(
        ": Awaiting a reply"
    )
    nav(senior.page, "Tasks")
    senior.page.get_by_role("link", name=re.compile(r"^Decisions awaiting approval")).click()
    expect(senior.page.get_by_text("Nothing is escalated.")).to_be_visible()

    # The receiving agency's practitioner sees what was asked of them, and does not reply.
    worker = desk_for(cast.youth_worker)
    nav(worker.page, "Onward referrals")
    expect(heading(worker.page)).to_have_text("Onward referrals to your agency")
    row = worker.page.get_by_role("row").filter(has_text=subject.name)
    expect(row).to_contain_text(COUNCIL)
    expect(row).to_contain_text(signpost.signpost_request)
    expect(row).to_contain_text("Awaiting a reply: reply")
    worker.assert_no_problems()

    # 25 working days on, the nightly sweep runs. The live server shares this process's clock:
    # the senior officer's session, idle for weeks, has expired there.
    sent_on = timezone.localdate()
    later = add_working_days(sent_on, 25)
    with time_machine.travel(datetime.combine(later, time(9, 30), tzinfo=UK)):
        senior.page.goto(f"{senior.page.url}")
        expect(heading(senior.page)).to_have_text("Sign in to Cairn")
        senior.assert_no_problems()

        flags_sweep()

        senior = desk_for(cast.senior)
        page = senior.page
        nav(page, "Tasks")
        page.get_by_role("link", name="Escalations (1)").click()
        expect(heading(page)).to_have_text("Escalations")
        row = page.locator("#tasks").get_by_role("row").filter(has_text=subject.name)
        expect(row).to_contain_text(
            "Escalation: an onward referral was not acknowledged in time, or was closed with "
            "no action"
        )
        expect(row).to_contain_text("Unassigned")
        assert_accessible(page, "escalations queue")

        page.get_by_role("link", name=re.compile(r"^Decisions awaiting approval")).click()
        escalated = page.get_by_role("table").filter(has_text="Sent to").get_by_role("row")
        escalated = escalated.filter(has_text=YOUTH_SERVICE)
        expect(escalated).to_have_count(1)
        expect(escalated).to_contain_text(day_as_shown(sent_on))
        expect(escalated).to_contain_text("Awaiting a reply")

        # The officer who sent it (the senior officer who approved the signpost) is told, and
        # so is the team whose queue has the new task; both at the moment the sweep ran.
        nav(page, "Notifications (2 unread)")
        expect(heading(page)).to_have_text("Notifications")
        notices = page.locator("#notifications li")
        sent = notices.filter(
            has_text="An onward referral you made was not acknowledged in time, or was closed "
            f"with no action; it is on the senior officers' escalation queue at {COUNCIL}"
        )
        expect(sent).to_contain_text(f"{day_as_shown(later)} 09:30")
        expect(
            notices.filter(has_text="A new task is in your team's queue: Escalation:")
        ).to_have_count(1)
        assert_accessible(page, "notifications")
        sent.get_by_role("button", name="Mark as read").click()
        expect(page.get_by_text("1 unread.")).to_be_visible()
        senior.assert_no_problems()


def day_as_shown(day: date) -> str:
    """A day as the tables write it (`j M Y`)."""
    return f"{day.day} {day:%b %Y}"


MARKED = Subject("Frankie", "Osei", date(2001, 9, 15), "NX2 5LB")
CSV_HEADER = (
    "external_id,kind,occurred_at,summary,indicators,sensitivity,shared_with,"
    "given_name,family_name,date_of_birth,sex,postcode,address,nhs_number,upn,pnc_id"
)


def test_a_police_contact_on_a_marked_person_raises_a_re_review(
    desk_for: Callable[[User], Desk], cast: Cast
) -> None:
    _, reference = referred(desk_for, cast, MARKED, IDEOLOGY)
    referred_at = timezone.now()

    police = desk_for(cast.police_officer)
    page = police.page
    # Stopped by the police after the referral, in whole seconds as a force's system writes
    # them: the next second at the earliest, or the truncated time could fall before the
    # referral (it did, when the police desk signed in within the same second).
    sleep(1 - referred_at.microsecond / 1_000_000)
    contact_at = timezone.localtime().replace(microsecond=0)
    assert contact_at > referred_at
    csv = "\n".join(
        [
            CSV_HEADER,
            f"NP-2026-0411,police_contact,{contact_at.isoformat()},"
            '"Synthetic: stopped in the town centre carrying a lock knife.",weapon_carrying,'
            f"official,,{MARKED.given_name},{MARKED.family_name},"
            f"{MARKED.date_of_birth.isoformat()},M,{MARKED.postcode},,,,",
        ]
    )
    nav(page, "Send events")
    expect(heading(page)).to_have_text("Send events from your agency")
    page.get_by_label("Events file (CSV)").set_input_files(
        files=FilePayload(name="contacts.csv", mimeType="text/csv", buffer=csv.encode())
    )
    # The live evaluation runs as the worker would, in the request that records the contact.
    with override_settings(TASKS=IMMEDIATE_TASKS):
        page.get_by_role("button", name="Send events").click()
        expect(heading(page)).to_have_text("Events received")
    expect(page.locator(".govuk-panel__body")).to_have_text("1 new event")

    nav(page, "Notifications (1 unread)")
    notice = page.locator("#notifications li").first
    expect(notice).to_contain_text("is known to the programme")
    expect(notice).to_contain_text(f"Please contact the programme team at {COUNCIL}")
    # Nothing of the programme's chronology: not the referral, its concern or its reference.
    for withheld in (reference, IDEOLOGY.kind, "leaflets", "Grievance", "Canal Street"):
        expect(page.locator("main")).not_to_contain_text(withheld)
    assert_accessible(page, "notifications")
    # Told by email too (the senior officers are emailed about their new task).
    assert [cast.police_officer.email] in [m.to for m in mail.outbox]
    police.assert_no_problems()

    senior = desk_for(cast.senior)
    page = senior.page
    nav(page, "Tasks")
    page.get_by_role("link", name=re.compile(r"^My team's queue")).click()
    expect(heading(page)).to_have_text("My team's queue")
    row = page.locator("#tasks").get_by_role("row").filter(has_text=MARKED.name)
    expect(row).to_contain_text(
        "Re-review: a new contact about weapons, violence or a missing episode on a person "
        "known to the programme"
    )
    due = add_working_days(timezone.localdate(), 1)
    expect(row).to_contain_text(day_as_shown(due))
    assert_accessible(page, "team queue")

    row.get_by_role("link", name=re.compile(r"^Re-review")).click()
    expect(page.get_by_text("known-marker")).to_be_visible()
    page.get_by_role("button", name="Take this task").click()
    expect(page.locator("#task-state")).to_have_text("Open")
    expect(page.locator(".govuk-summary-list__row").filter(has_text="With")).to_contain_text(
        "Senior_Ashby Tester"
    )
    senior.assert_no_problems()


IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
