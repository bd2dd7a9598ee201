"""Onward referrals: a signpost names the receiving agency, whose partner practitioners (and
only theirs) see it and reply; each reply is on the chronology and the rules read it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from cairn.accounts.roles import Role
from cairn.cases import judgement, services
from cairn.cases.models import Case, OnwardReferral
from cairn.cases.selectors import escalations_for
from cairn.chronology.models import Entry
from cairn.lib.errors import ServiceError
from tests.cases.helpers import (
    case_of,
    closing_proposal,
    complete_gateway,
    fresh,
    referral_entry,
    to_state,
)
from tests.conftest import ROLES, World, signed_in
from tests.factories import make_agency, make_user


def _signposted(world: World) -> tuple[Case, OnwardReferral]:
    officer = world.users["case_officer"]
    case = to_state(
        case_of(world.referral_a), officer, "triage_start", "information_gathering_start"
    )
    case = complete_gateway(case, officer)
    proposal = services.decision_propose(
        actor=officer,
        case=case,
        expected_version=case.version,
        data=closing_proposal(
            outcome="signposted",
            reasons=["needs_met_elsewhere"],
            evidence=[referral_entry(world.referral_a).pk],
            signposted_to=world.agency_b,
            signpost_request="Mentoring through the youth service.",
        ),
    )
    case = fresh(case)
    services.decision_approve(
        actor=world.users["senior_officer"], proposal=proposal, expected_version=case.version
    )
    return fresh(case), OnwardReferral.objects.get(case=case)


def test_a_signpost_needs_the_receiving_agency(world: World) -> None:
    officer = world.users["case_officer"]
    case = complete_gateway(to_state(case_of(world.referral_a), officer, "triage_start"), officer)
    with pytest.raises(ServiceError, match="Name the agency"):
        services.decision_propose(
            actor=officer,
            case=case,
            expected_version=case.version,
            data=closing_proposal(outcome="signposted"),
        )


def test_an_approved_signpost_is_owned_until_the_receiver_replies(world: World) -> None:
    case, onward = _signposted(world)
    assert onward.to_agency == world.agency_b
    assert onward.status == "awaiting"
    assert world.agency_b in onward.decision.shared_with.all()
    partner = world.users["partner_practitioner"]
    with pytest.raises(ServiceError, match="Say why"):
        services.onward_respond(actor=partner, onward=onward, response="declined")
    for outsider in (world.users["officer_b"], world.users["case_officer"]):
        with pytest.raises(ServiceError):
            services.onward_respond(actor=outsider, onward=onward, response="acknowledged")
    services.onward_respond(actor=partner, onward=onward, response="acknowledged")
    reply = Entry.objects.get(kind="onward_response")
    assert reply.refers_to == onward.decision
    assert reply.owning_agency == world.agency_b
    assert world.agency_a in reply.shared_with.all()
    services.onward_respond(actor=partner, onward=onward, response="action_taken", note="Done.")
    with pytest.raises(ServiceError, match="Already answered"):
        services.onward_respond(actor=partner, onward=onward, response="accepted")
    flags = judgement.open_flags(case.person, timezone.now(), judgement.policy_now())
    assert "onward-referral-unacknowledged" not in {f.rule for f in flags}


def test_closed_to_their_service_with_no_action_is_flagged(world: World) -> None:
    case, onward = _signposted(world)
    services.onward_respond(
        actor=world.users["partner_practitioner"],
        onward=onward,
        response="closed_no_action",
        note="Not our threshold.",
    )
    flags = judgement.open_flags(case.person, timezone.now(), judgement.policy_now())
    assert "onward-referral-unacknowledged" in {f.rule for f in flags}


def test_the_inbox_and_reply_pages_by_role(world: World) -> None:
    _, onward = _signposted(world)
    inbox = reverse("cases:onward-inbox")
    reply = reverse("cases:onward-respond", args=[onward.pk])
    for role in [*ROLES, "officer_b"]:
        client = signed_in(world.users[role])
        expected = 200 if role == "partner_practitioner" else 403
        assert client.get(inbox).status_code == expected, role
        assert client.get(reply).status_code == expected, role
    elsewhere = make_agency(name="Dale Youth Service")
    stranger = signed_in(make_user("partner_c", elsewhere, Role.PARTNER_PRACTITIONER))
    assert "Mentoring" not in stranger.get(inbox).content.decode()
    assert stranger.get(reply).status_code == 404
    assert stranger.post(reply, {"response": "acknowledged"}).status_code == 404
    partner = signed_in(world.users["partner_practitioner"])
    assert "Mentoring through the youth service." in partner.get(inbox).content.decode()
    response = partner.post(reply, {"response": "declined", "note": ""})
    assert response.status_code == 200
    assert "Say why" in response.content.decode()
    response = partner.post(reply, {"response": "accepted", "note": ""})
    assert response.status_code == 302
    onward.refresh_from_db()
    assert onward.status == "accepted"
    page = signed_in(world.users["case_officer"]).get(reverse("cases:case", args=[onward.case_id]))
    assert "Accepted" in page.content.decode()


def test_an_unanswered_onward_referral_escalates_after_20_working_days(world: World) -> None:
    _, onward = _signposted(world)
    senior = world.users["senior_officer"]
    url = reverse("cases:approvals")
    assert "Nothing is escalated." in signed_in(senior).get(url).content.decode()
    with time_machine.travel(timezone.now() + timedelta(days=40)):
        assert [e.onward for e in escalations_for(user=senior, at=timezone.now())] == [onward]
        page = signed_in(senior).get(url).content.decode()
        assert "no reply from Brookfield Council" in page
        services.onward_respond(
            actor=world.users["partner_practitioner"], onward=onward, response="acknowledged"
        )
        assert escalations_for(user=senior, at=timezone.now()) == []
    assert escalations_for(user=world.users["case_officer"], at=timezone.now()) == []


def test_closed_with_no_action_escalates_at_once(world: World) -> None:
    _, onward = _signposted(world)
    services.onward_respond(
        actor=world.users["partner_practitioner"],
        onward=onward,
        response="closed_no_action",
        note="Not our threshold.",
    )
    found = escalations_for(user=world.users["senior_officer"], at=timezone.now())
    assert [e.onward for e in found] == [onward]
