"""Builders for panel tests: a case referred to panel, a panel with members at A, and a
panel member of another panel at agency B."""

from __future__ import annotations

from datetime import date

from cairn.accounts.models import User
from cairn.accounts.roles import Role
from cairn.cases import services as case_services
from cairn.cases.models import Case
from cairn.panels import services
from cairn.panels.models import AgendaItem, Meeting, Panel
from tests.cases.helpers import (
    case_of,
    closing_proposal,
    complete_gateway,
    fresh,
    referral_entry,
    to_state,
)
from tests.conftest import World
from tests.factories import make_agency, make_user


def case_at_panel(world: World) -> Case:
    """Referral A taken through the gateway and referred to panel by two officers."""
    officer, senior = world.users["case_officer"], world.users["senior_officer"]
    case = to_state(
        case_of(world.referral_a), officer, "triage_start", "information_gathering_start"
    )
    case = complete_gateway(case, officer)
    proposal = case_services.decision_propose(
        actor=officer,
        case=case,
        expected_version=case.version,
        data=closing_proposal(
            outcome="refer_to_panel", reasons=[], evidence=[referral_entry(world.referral_a).pk]
        ),
    )
    case = fresh(case)
    case_services.decision_approve(actor=senior, proposal=proposal, expected_version=case.version)
    return fresh(case)


def panel_of_a(world: World) -> Panel:
    chair = world.users["panel_chair"]
    panel = services.panel_create(actor=chair, name="Ashby Channel panel")
    services.panel_member_add(
        actor=chair, panel=panel, agency=world.agency_a, user=world.users["panel_member"]
    )
    health = make_agency(name="Ashby Health Trust")
    services.panel_member_add(actor=chair, panel=panel, agency=health, name="Dr P. Example")
    return panel


def member_of_b(world: World) -> User:
    """A panel member at agency B who sits on B's panel, not A's."""
    member = make_user("member_b", world.agency_b, Role.PANEL_MEMBER)
    chair_b = make_user("chair_b", world.agency_b, Role.PANEL_CHAIR)
    panel = services.panel_create(actor=chair_b, name="Brookfield panel")
    services.panel_member_add(actor=chair_b, panel=panel, agency=world.agency_b, user=member)
    return member


def on_agenda(world: World, panel: Panel, case: Case, held_on: date) -> AgendaItem:
    chair = world.users["panel_chair"]
    meeting: Meeting = services.meeting_schedule(actor=chair, panel=panel, held_on=held_on)
    return services.agenda_add(actor=chair, meeting=meeting, case=case)


def adopt(world: World, item: AgendaItem) -> Case:
    services.agenda_decide(
        actor=world.users["panel_chair"],
        item=item,
        expected_version=fresh(item.case).version,
        data=services.DecisionInput(
            outcome="adopted", discussion="Needs met best by the programme.", consensus=True
        ),
    )
    return fresh(item.case)
