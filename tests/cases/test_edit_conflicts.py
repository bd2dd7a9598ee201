"""A stale edit is refused and kept: the refused submission is stored as an `EditConflict`,
the page shows what is saved now beside it, the officer sends it again (pre-filled) or
discards it, and both are audited. Nothing is lost."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from cairn.audit.models import AuditEntry
from cairn.cases import services
from cairn.cases.models import (
    Assessment,
    Case,
    ConflictResolution,
    ContactRecord,
    EditConflict,
    PartnerCheck,
)
from cairn.lib.errors import ServiceError
from tests.cases.helpers import case_of, fresh, to_state
from tests.cases.test_assessments import DEFAULT_KEYS, default_template
from tests.conftest import ROLES, World, signed_in


def gathering(world: World) -> Case:
    return to_state(
        case_of(world.referral_a),
        world.users["case_officer"],
        "triage_start",
        "information_gathering_start",
    )


def colleague_changes(world: World, case: Case) -> None:
    services.checks_record(
        actor=world.users["senior_officer"],
        case=fresh(case),
        expected_version=case.version,
        checks=[services.CheckInput("police", "refused", date(2026, 1, 5), "Not shared")],
    )


def _checks(version: int) -> dict[str, Any]:
    return {
        "version": version,
        "police_status": "checked",
        "police_on_day": "6",
        "police_on_month": "1",
        "police_on_year": "2026",
        "police_note": "Two prior contacts",
    }


def _contact(version: int) -> dict[str, Any]:
    return {
        "version": version,
        "subject_engaged": "no",
        "parent_engaged": "yes",
        "not_engaged_reason": "He would not meet us.",
        "on_day": "6",
        "on_month": "1",
        "on_year": "2026",
    }


def _proposal(version: int) -> dict[str, Any]:
    return {"version": version, "outcome": "refer_to_panel", "rationale": "Panel should see it."}


def _assessment(version: int) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": version,
        "template": default_template().pk,
        "assessment": "programme",
        "result": "My overall view.",
    }
    for key in DEFAULT_KEYS:
        data[f"{key}_judgement"] = f"Mine on {key}."
    return data


FORMS = {
    "checks": ("cases:checks", _checks, "Two prior contacts"),
    "contact": ("cases:contact", _contact, "He would not meet us."),
    "proposal": ("cases:propose", _proposal, "Panel should see it."),
    "assessment": ("cases:assessment", _assessment, "Mine on intent."),
}


@pytest.mark.parametrize("kind", FORMS)
def test_a_stale_form_is_refused_kept_and_shown_beside_what_is_saved(
    world: World, kind: str
) -> None:
    url_name, data, mine = FORMS[kind]
    case = gathering(world)
    seen = case.version
    checks = PartnerCheck.objects.count()
    colleague_changes(world, case)
    client = signed_in(world.users["case_officer"])
    response = client.post(reverse(url_name, args=[case.pk]), data(seen))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed this case" in page
    assert "Saved now" in page
    assert "Yours, not saved" in page
    assert mine in page
    assert f'name="version" value="{seen + 1}"' in page
    conflict = EditConflict.objects.get()
    assert (conflict.kind, conflict.seen_version, conflict.current_version) == (
        kind,
        seen,
        seen + 1,
    )
    assert f'name="conflict" value="{conflict.pk}"' in page
    # The case holds the colleague's change only.
    assert fresh(case).version == seen + 1
    assert PartnerCheck.objects.count() == checks + 1
    assert not ContactRecord.objects.exists()
    assert not Assessment.objects.exists()
    assert not case.proposals.exists()
    assert AuditEntry.objects.filter(action="case.edit_conflict").exists()


def test_the_checks_conflict_shows_the_colleagues_saved_line(world: World) -> None:
    case = gathering(world)
    seen = case.version
    colleague_changes(world, case)
    page = (
        signed_in(world.users["case_officer"])
        .post(reverse("cases:checks", args=[case.pk]), _checks(seen))
        .content.decode()
    )
    assert "Refused, 05 Jan 2026 (Not shared)" in page


def test_the_kept_change_is_sent_again_pre_filled_and_resolved(world: World) -> None:
    case = gathering(world)
    seen = case.version
    colleague_changes(world, case)
    client = signed_in(world.users["case_officer"])
    client.post(reverse("cases:contact", args=[case.pk]), _contact(seen))
    conflict = EditConflict.objects.get()

    page = client.get(reverse("cases:conflict", args=[case.pk, conflict.pk])).content.decode()
    assert "Send my version again" in page
    assert "Discard my version" in page
    resend = reverse("cases:contact", args=[case.pk]) + f"?conflict={conflict.pk}"
    assert resend in page
    form = client.get(resend).content.decode()
    assert "He would not meet us." in form
    assert f'name="version" value="{seen + 1}"' in form

    response = client.post(
        reverse("cases:contact", args=[case.pk]), {**_contact(seen + 1), "conflict": conflict.pk}
    )
    assert response.status_code == 302
    conflict.refresh_from_db()
    assert conflict.resolution == ConflictResolution.RESUBMITTED
    assert ContactRecord.objects.get().not_engaged_reason == "He would not meet us."
    assert AuditEntry.objects.filter(action="case.edit_conflict_resubmitted").exists()


def test_the_case_page_lists_the_officers_open_conflicts(world: World) -> None:
    case = gathering(world)
    seen = case.version
    colleague_changes(world, case)
    officer = signed_in(world.users["case_officer"])
    officer.post(reverse("cases:checks", args=[case.pk]), _checks(seen))
    conflict = EditConflict.objects.get()
    link = reverse("cases:conflict", args=[case.pk, conflict.pk])
    assert link in officer.get(reverse("cases:case", args=[case.pk])).content.decode()
    other = signed_in(world.users["senior_officer"])
    assert link not in other.get(reverse("cases:case", args=[case.pk])).content.decode()


def test_discarding_keeps_the_record_and_is_audited(world: World) -> None:
    case = gathering(world)
    seen = case.version
    colleague_changes(world, case)
    client = signed_in(world.users["case_officer"])
    client.post(reverse("cases:checks", args=[case.pk]), _checks(seen))
    conflict = EditConflict.objects.get()
    response = client.post(reverse("cases:conflict-discard", args=[case.pk, conflict.pk]))
    assert response.status_code == 302
    conflict.refresh_from_db()
    assert conflict.resolution == ConflictResolution.DISCARDED
    assert conflict.submitted["data"]["police_note"] == ["Two prior contacts"]
    assert AuditEntry.objects.filter(action="case.edit_conflict_discarded").exists()
    # Discarded is final: a second discard is refused with a message.
    with pytest.raises(ServiceError):
        services.edit_conflict_discard(actor=world.users["case_officer"], conflict=conflict)
    # The resend link no longer pre-fills.
    form = client.get(reverse("cases:checks", args=[case.pk]) + f"?conflict={conflict.pk}")
    assert "Two prior contacts" not in form.content.decode()


def test_only_the_author_discards(world: World) -> None:
    case = gathering(world)
    conflict = services.edit_conflict_keep(
        actor=world.users["case_officer"],
        case=case,
        kind="checks",
        data={"police_note": ["x"]},
        shown=[("Police: note", "x")],
        url="/cases/",
        seen_version=1,
    )
    with pytest.raises(ServiceError):
        services.edit_conflict_discard(actor=world.users["senior_officer"], conflict=conflict)
    assert fresh(case).conflicts.get().is_open


@pytest.mark.parametrize("role", [*ROLES, "officer_b"])
def test_conflict_pages_for_every_role(world: World, role: str) -> None:
    case = gathering(world)
    conflict = services.edit_conflict_keep(
        actor=world.users["case_officer"],
        case=case,
        kind="checks",
        data={"police_note": ["x"]},
        shown=[("Police: note", "x")],
        url=reverse("cases:checks", args=[case.pk]),
        seen_version=1,
    )
    client = signed_in(world.users[role])
    view = client.get(reverse("cases:conflict", args=[case.pk, conflict.pk]))
    discard = client.post(reverse("cases:conflict-discard", args=[case.pk, conflict.pk]))
    # Only its author sees a kept change; for everyone else it does not exist.
    assert view.status_code == (200 if role == "case_officer" else 404)
    assert discard.status_code == (302 if role == "case_officer" else 404)
    conflict.refresh_from_db()
    assert conflict.is_open == (role != "case_officer")
