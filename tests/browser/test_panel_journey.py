"""Issue 8's journey in a real browser, through the pages only: a referral from the referrer's
question flow to a senior officer's approval of "refer to panel"; the chair sets up the panel,
schedules a meeting, puts the case on the agenda, records attendance and minutes and the
panel's decision to adopt; consent; no written plan for ten working days (the clock set
forward, the nightly sweep run: `support-plan-missing`), then the plan; an intervention whose
sessions are recorded, one missed; an exit refused while a session is unrecorded and the
provider has not reported (the page says why); a make-up session, the provider's report and the
exit; six months on, the sweep raises `post-exit-review`, and a senior officer's review that
finds a concern reopens the case.

Only the staff and agencies are made directly. The live server runs in this process, so one
`time_machine` traveller moves its clock as well as the test's; sessions expire as the clock
jumps, so everyone signs in again after each jump. The nightly sweep is run as the worker runs
it, by calling `flags_sweep`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib import import_module

import pytest
import time_machine
from django.apps import apps as django_apps
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

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
    fill_date,
    heading,
    make_referral,
    nav,
    open_case,
    propose,
    record_checks,
    record_contact,
    success,
    triage,
)
from tests.browser.test_journey import assert_accessible
from tests.factories import make_agency, make_user

pytestmark = pytest.mark.browser

COUNCIL = "Ashby Council"
YOUTH_SERVICE = "Brookfield Youth Service"
PANEL = "Ashby Channel panel"
MENTOR = "Northgate Mentoring"

SUBJECT = Subject("Jordan", "Hale", date(1998, 3, 14), "NX5 2DW")
CONCERN = Concern(
    kind="Extreme right-wing",
    summary="Synthetic: he posts extreme right-wing material online and has stopped seeing "
    "his friends.",
    known=("Grievance",),
)
TO_PANEL = Proposal(
    outcome="Refer to panel",
    reasons=(),
    rationale="Partners' checks show growing engagement with the group: the panel should "
    "consider support.",
)


@dataclass
class Cast:
    referrer: User
    officer: User
    senior: User
    chair: User


@pytest.fixture(autouse=True)
def _shipped_policies(transactional_db: None) -> None:
    """The policies a data migration writes, written again the same way if they are missing
    (see `tests/browser/test_case_journeys.py` for why a live-server test may find none)."""
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
    make_agency(name=YOUTH_SERVICE, kind=AgencyKind.OTHER, sector=Sector.COMMUNITY, region="")
    return Cast(
        referrer=make_user("dsl_canal", school, Role.REFERRER),
        officer=make_user("officer_ashby", council, Role.CASE_OFFICER),
        senior=make_user("senior_ashby", council, Role.SENIOR_OFFICER),
        chair=make_user("chair_ashby", council, Role.PANEL_CHAIR),
    )


def shown(day: date) -> str:
    """A day as the panel pages write it (`j F Y`)."""
    return f"{day.day} {day:%B %Y}"


def at(day: date) -> datetime:
    return datetime.combine(day, time(9, 30), tzinfo=UK)


def saved(page: Page, title: str) -> None:
    expect(success(page)).to_contain_text(f"{title}: saved")


def group(page: Page, legend: str) -> Locator:
    return page.get_by_role("group", name=legend, exact=True)


def flag_titles(page: Page, rule: str) -> Locator:
    return page.locator(".govuk-summary-card__title").filter(has_text=rule)


def panel_case(desk: Desk) -> None:
    """From the case page, the panel's view of the case."""
    page = desk.page
    open_case(desk, SUBJECT)
    page.get_by_role("link", name="Consent, support plan, interventions and reviews").click()
    expect(heading(page)).to_have_text(re.compile(r"^Case \d+ at panel$"))


def meeting_with_the_case(page: Page, day: date) -> None:
    """On the panel's page: schedule a meeting on `day` and put the case on its agenda."""
    page.get_by_role("link", name="Schedule a meeting").click()
    expect(heading(page)).to_have_text("Schedule a meeting")
    fill_date(page, "Day of the meeting", day)
    page.get_by_role("button", name="Schedule").click()
    saved(page, "Schedule a meeting")
    expect(heading(page)).to_have_text(f"Meeting on {shown(day)}")
    page.get_by_role("link", name="Add a case to the agenda").click()
    choice = page.get_by_label("Case", exact=True)
    expect(choice.locator("option")).to_have_count(1)
    choice.select_option(index=0)
    page.get_by_role("button", name="Add to the agenda").click()
    saved(page, "Add a case to the agenda")
    expect(page.get_by_role("row").filter(has_text="Not yet decided")).to_have_count(1)


def delivery(page: Page) -> Locator:
    """The heading that sums up the mentoring sessions on the panel's case page."""
    return page.get_by_role("heading", name=re.compile(rf"^{MENTOR}: "))


def open_meeting(page: Page, day: date) -> None:
    """From the navigation: the panels, the panel, the meeting on `day`."""
    nav(page, "Panels")
    page.get_by_role("link", name=PANEL).click()
    page.get_by_role("link", name=f"Meeting on {shown(day)}").click()
    expect(heading(page)).to_have_text(f"Meeting on {shown(day)}")


def decide(page: Page, outcome: str, discussion: str) -> None:
    page.get_by_role("link", name=re.compile(r"^Record the decision on case \d+$")).click()
    expect(heading(page)).to_have_text("The panel's decision")
    group(page, "Decision").get_by_label(outcome, exact=True).check()
    page.get_by_label("Discussion and reasons").fill(discussion)
    group(page, "Was the decision by consensus?").get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Record the decision").click()


def record_session(page: Page, number: int, day: date, status: str) -> None:
    page.get_by_role("link", name=f"Record session {number}", exact=True).click()
    title = f"Session {number} on {day:%d %B %Y}"
    expect(heading(page)).to_have_text(title)
    group(page, "Was the session held?").get_by_label(status, exact=True).check()
    page.get_by_role("button", name="Record the session").click()
    saved(page, title)


def test_a_case_from_referral_to_panel_adoption_plan_sessions_exit_and_a_reopening_review(
    desk_for: Callable[[User], Desk], cast: Cast
) -> None:
    adopted_on = add_working_days(timezone.localdate(), 1)
    with time_machine.travel(at(adopted_on)) as clock:
        # --- Referral, gateway and a senior officer's approval of "refer to panel". ---------
        referrer = desk_for(cast.referrer)
        make_referral(referrer, SUBJECT, CONCERN, COUNCIL)
        referrer.assert_no_problems()

        officer = desk_for(cast.officer)
        open_case(officer, SUBJECT)
        triage(officer)
        record_checks(officer)
        record_contact(officer)
        propose(officer, TO_PANEL)
        officer.assert_no_problems()

        senior = desk_for(cast.senior)
        approve_from_queue(senior, SUBJECT, TO_PANEL.outcome)
        expect_status(senior.page, "Panel")
        senior.assert_no_problems()

        # --- The chair sets up the panel and its first meeting, and the panel adopts. --------
        chair = desk_for(cast.chair)
        page = chair.page
        nav(page, "Panels")
        expect(heading(page)).to_have_text("Panels")
        expect(page.get_by_text("You are not on any panel.")).to_be_visible()
        page.get_by_role("link", name="Set up a panel").click()
        page.get_by_label("Name of the panel").fill(PANEL)
        page.get_by_role("button", name="Set up the panel").click()
        saved(page, "Set up a panel")
        expect(heading(page)).to_have_text(PANEL)
        page.get_by_role("link", name="Add a member").click()
        page.get_by_label("Agency they sit for").select_option(label=YOUTH_SERVICE)
        page.get_by_label("Name (for a member who does not sign in)").fill("Sam Ortiz")
        page.get_by_role("button", name="Add the member").click()
        saved(page, "Add a member")
        expect(page.get_by_text(f"Sam Ortiz ({YOUTH_SERVICE}), does not sign in")).to_be_visible()

        meeting_with_the_case(page, adopted_on)
        page.get_by_role("link", name="Record attendance").click()
        page.get_by_label("Agency", exact=True).select_option(label=YOUTH_SERVICE)
        page.get_by_label("Who attended").fill("Sam Ortiz")
        page.get_by_role("button", name="Record attendance").click()
        saved(page, "Record attendance")
        expect(page.get_by_text(f"{YOUTH_SERVICE}: Sam Ortiz")).to_be_visible()
        page.get_by_role("link", name="Write the minutes").click()
        page.get_by_label("Minutes").fill("Quorate: the council and the youth service.")
        page.get_by_role("button", name="Save the minutes").click()
        saved(page, "Minutes")
        decide(page, "Adopt", "Adopt: he needs a mentor and help back into college.")
        saved(page, "The panel's decision")
        expect(heading(page)).to_have_text(re.compile(r"^Case \d+ at panel$"))
        expect(page.locator(".govuk-caption-l")).to_have_text(
            f"Adopted, adopted {shown(adopted_on)}"
        )
        expect(page.get_by_text(f"{shown(adopted_on)}: Adopt. Adopt: he needs")).to_be_visible()
        open_meeting(page, adopted_on)
        decided = page.get_by_role("row").filter(has_text="Adopt")
        expect(decided).to_contain_text("Yes")
        expect(decided.get_by_role("link", name=re.compile("^Record the decision"))).to_have_count(
            0
        )
        expect(page.get_by_text("Quorate: the council and the youth service.")).to_be_visible()
        assert_accessible(page, "panel meeting")
        chair.assert_no_problems()

        # The case officer records consent; the case page says it is adopted, with no plan.
        panel_case(officer)
        page = officer.page
        expect(page.locator(".govuk-caption-l")).to_have_text(
            f"Adopted, adopted {shown(adopted_on)}"
        )
        expect(page.get_by_text("No written plan.")).to_be_visible()
        page.get_by_role("link", name="Record consent").click()
        group(page, "Who gave or refused consent").get_by_label("The person").check()
        group(page, "Consent").get_by_label("Given").check()
        fill_date(page, "Day", adopted_on)
        group(page, "Is engagement genuine?").get_by_label("Yes", exact=True).check()
        page.get_by_role("button", name="Record consent").click()
        saved(page, "Record consent")
        expect(
            page.get_by_text(f"{shown(adopted_on)}: Given by the person; engagement genuine")
        ).to_be_visible()
        officer.assert_no_problems()

        flags_sweep()
        open_case(officer, SUBJECT)
        expect_status(officer.page, "Adopted")
        expect(flag_titles(officer.page, "support-plan-missing")).to_have_count(0)

        # --- Twelve working days on, no plan: the sweep flags it; the plan resolves it. ------
        plan_day = add_working_days(adopted_on, 12)
        clock.move_to(at(plan_day))
        flags_sweep()
        officer = desk_for(cast.officer)
        open_case(officer, SUBJECT)
        page = officer.page
        expect(flag_titles(page, "support-plan-missing")).to_have_count(1)
        card = page.locator(".govuk-summary-card").filter(has_text="support-plan-missing")
        expect(card).to_contain_text("no written support plan by")

        panel_case(officer)
        page.get_by_role("link", name="Write the plan").click()
        expect(heading(page)).to_have_text("Write the support plan")
        page.get_by_label("Need 1", exact=True).fill("Isolation from friends and family")
        page.get_by_label("Action 1", exact=True).fill("Weekly mentoring")
        page.get_by_label("Owner 1", exact=True).fill(MENTOR)
        fill_date(page, "By (need 1)", plan_day + timedelta(days=30))
        page.get_by_role("button", name="Save this version").click()
        saved(page, "Write the support plan")
        expect(page.get_by_role("heading", name=f"Version 1, {shown(plan_day)}")).to_be_visible()
        expect(
            page.get_by_text(f"Isolation from friends and family: Weekly mentoring ({MENTOR}")
        ).to_be_visible()

        # The chair adds the mentoring provider; the officer plans three sessions.
        chair_page = desk_for(cast.chair).page
        nav(chair_page, "Panels")
        chair_page.get_by_role("link", name="Add an intervention provider").click()
        chair_page.get_by_label("Provider's name").fill(MENTOR)
        group(chair_page, "Kind").get_by_label("Mentor").check()
        chair_page.get_by_role("button", name="Add the provider").click()
        saved(chair_page, "Add a provider")

        sessions = [plan_day + timedelta(days=n) for n in (1, 8, 15)]
        page.get_by_role("link", name="Plan an intervention").click()
        page.get_by_label("Provider", exact=True).select_option(label=f"{MENTOR} (Mentor)")
        page.get_by_label("Purpose").fill("Mentoring: rebuild friendships and return to college")
        page.get_by_label("Sessions", exact=True).fill("\n".join(d.isoformat() for d in sessions))
        page.get_by_role("button", name="Plan the intervention").click()
        saved(page, "Plan an intervention")
        expect(delivery(page)).to_contain_text(
            "0 of 3 planned sessions delivered, 0 missed, 3 not recorded"
        )
        officer.assert_no_problems()

        flags_sweep()
        open_case(officer, SUBJECT)
        expect(flag_titles(page, "support-plan-missing")).to_have_count(0)

        # --- After the third session's day: one delivered, one missed, one not recorded. -----
        exit_day = sessions[-1] + timedelta(days=1)
        clock.move_to(at(exit_day))
        officer = desk_for(cast.officer)
        panel_case(officer)
        page = officer.page
        record_session(page, 1, sessions[0], "Delivered")
        record_session(page, 2, sessions[1], "Missed")
        expect(delivery(page)).to_contain_text(
            "1 of 3 planned sessions delivered, 1 missed, 1 not recorded (shortfall 2); no report"
        )
        refusal = page.locator(".govuk-inset-text")
        expect(refusal).to_contain_text("Exit is refused until:")
        expect(refusal).to_contain_text(f"session 3 with {MENTOR}")
        expect(refusal).to_contain_text(f"no report from {MENTOR}")

        # The chair's exit decision is refused, and the form says why; nothing changes.
        chair = desk_for(cast.chair)
        page = chair.page
        nav(page, "Panels")
        page.get_by_role("link", name=PANEL).click()
        meeting_with_the_case(page, exit_day)
        decide(page, "Exit", "Goals met: ready to exit.")
        expect(heading(page)).to_have_text("The panel's decision")
        expect(page).to_have_title(re.compile(r"^Error: The panel's decision"))
        summary = page.locator(".govuk-error-summary")
        expect(summary).to_contain_text(
            f"Exit refused: session 3 with {MENTOR} (on {sessions[2]:%d %B %Y}) is not "
            "recorded as delivered or missed"
        )
        expect(summary).to_contain_text(f"no report from {MENTOR}")
        page.get_by_role("link", name="Back", exact=True).click()
        expect(page.get_by_role("row").filter(has_text="Not yet decided")).to_have_count(1)
        chair.assert_no_problems()

        # The third session, a make-up for the missed one, and the provider's report.
        page = officer.page
        record_session(page, 3, sessions[2], "Delivered")
        page.get_by_role("link", name="Add a make-up session").click()
        fill_date(page, "Day of the session", exit_day)
        page.get_by_label("Why it is added (which missed session it makes up)").fill(
            "Makes up session 2"
        )
        page.get_by_role("button", name="Add the session").click()
        saved(page, "Add a make-up session")
        expect(page.get_by_text(f"Session 4 (make-up), {shown(exit_day)}")).to_be_visible()
        record_session(page, 4, exit_day, "Delivered")
        page.get_by_role("link", name="Record the provider's report").click()
        fill_date(page, "Day of the report", exit_day)
        page.get_by_label("What the provider reported").fill("Engaged well; goals met.")
        page.get_by_role("button", name="Record the report").click()
        saved(page, "Record the provider's report")
        expect(delivery(page)).to_contain_text(
            "3 of 3 planned sessions delivered, 1 missed, 0 not recorded; report received"
        )
        expect(page.locator(".govuk-inset-text")).to_have_count(0)
        assert_accessible(page, "panel case")
        officer.assert_no_problems()

        # Now the exit is recorded, and the reviews after it are scheduled.
        page = chair.page
        open_meeting(page, exit_day)
        decide(page, "Exit", "Goals met: he is back at college and sees his friends.")
        saved(page, "The panel's decision")
        expect(page.locator(".govuk-caption-l")).to_contain_text("Exited")
        open_meeting(page, exit_day)
        expect(page.get_by_role("row").filter(has_text="Exit")).to_contain_text("Yes")
        chair.assert_no_problems()

        page = officer.page
        page.reload()
        expect(page.locator(".govuk-caption-l")).to_contain_text("Exited")
        reviews = page.locator("h2:has-text('Reviews after exit') + ul")
        expect(reviews).to_contain_text("6 months, due")
        expect(reviews).to_contain_text("12 months, due")

        # --- Six months on, no review: the sweep flags it; a senior's concern reopens. -------
        clock.move_to(at(exit_day + timedelta(days=200)))
        flags_sweep()
        senior = desk_for(cast.senior)
        open_case(senior, SUBJECT)
        page = senior.page
        expect_status(page, "Exited")
        expect(flag_titles(page, "post-exit-review")).to_have_count(1)
        expect(
            page.locator(".govuk-summary-card").filter(has_text="post-exit-review")
        ).to_contain_text("6-month review after exit")

        # A case officer may not record a concern (it reopens the case); a senior officer may.
        officer = desk_for(cast.officer)
        panel_case(officer)
        page = officer.page
        finding = "Synthetic: the police report he has been seen with the group again."
        page.get_by_role("link", name="Complete the 6-month review").click()
        expect(heading(page)).to_have_text("6-month review after exit")
        fill_date(page, "Day of the review", timezone.localdate())
        page.get_by_label("What the review found").fill(finding)
        group(page, "Is there a concern? (It reopens the case.)").get_by_label(
            "Yes", exact=True
        ).check()
        page.get_by_role("button", name="Complete the review").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "A concern reopens the case, which a senior officer decides"
        )
        officer.assert_no_problems()

        page = senior.page
        page.get_by_role("link", name="Consent, support plan, interventions and reviews").click()
        page.get_by_role("link", name="Complete the 6-month review").click()
        fill_date(page, "Day of the review", timezone.localdate())
        page.get_by_label("What the review found").fill(finding)
        group(page, "Is there a concern? (It reopens the case.)").get_by_label(
            "Yes", exact=True
        ).check()
        page.get_by_role("button", name="Complete the review").click()
        saved(page, "6-month review after exit")
        expect(page.locator(".govuk-caption-l")).to_contain_text("Reopened")
        expect(page.get_by_text("concern: the case was reopened")).to_be_visible()
        assert_accessible(page, "panel case after the review")

        flags_sweep()
        open_case(senior, SUBJECT)
        expect_status(page, "Reopened")
        expect(flag_titles(page, "post-exit-review")).to_have_count(0)
        senior.assert_no_problems()
