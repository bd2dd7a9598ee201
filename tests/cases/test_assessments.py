"""Assessments against a template held as versioned data: the shipped default, new versions by
administrators only, an assessment recorded on the chronology that the rules read (a completed
violence-fixation assessment resolves the violence-fixation flag), and every refusal leaving
the case unchanged."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cairn.audit.models import AuditEntry
from cairn.cases import judgement, selectors, services
from cairn.cases.models import Assessment, AssessmentTemplate, Case
from cairn.chronology.models import Entry
from cairn.chronology.services import EntryInput, entry_record
from cairn.lib.errors import ServiceError
from tests.cases.helpers import case_of, fresh, referral_entry, to_state
from tests.conftest import ROLES, World, signed_in

DEFAULT_KEYS = ["engagement", "intent", "capability", "violence_fixation", "vulnerability"]


def default_template() -> AssessmentTemplate:
    return AssessmentTemplate.objects.get(name="Cairn default", version=1)


def answers(evidence: dict[str, list[int]] | None = None) -> list[services.SectionInput]:
    evidence = evidence or {}
    return [
        services.SectionInput(key, f"Judgement on {key}.", evidence.get(key, []))
        for key in DEFAULT_KEYS
    ]


def assessment_input(**overrides: Any) -> services.AssessmentInput:
    fields: dict[str, Any] = {
        "template": default_template(),
        "assessment": "violence_fixation",
        "result": "No persistent fixation found; support needs remain.",
        "sections": answers(),
    }
    fields.update(overrides)
    return services.AssessmentInput(**fields)


def gathering(world: World) -> Case:
    return to_state(
        case_of(world.referral_a),
        world.users["case_officer"],
        "triage_start",
        "information_gathering_start",
    )


def test_the_default_template_is_shipped_with_its_five_sections(db: None) -> None:
    template = default_template()
    assert [s["key"] for s in template.sections] == DEFAULT_KEYS
    assert [s["heading"] for s in template.sections] == [
        "Engagement with a group, cause or ideology",
        "Intent to cause harm",
        "Capability to cause harm",
        "Fixation on violence",
        "Vulnerability and needs",
    ]
    assert all(s["guidance"] for s in template.sections)


def test_a_new_template_version_keeps_the_old_and_is_audited(world: World) -> None:
    admin = world.users["administrator"]
    sections = [*default_template().sections, {"key": "protective", "heading": "Protective"}]
    made = services.assessment_template_version_create(
        actor=admin, name="Cairn default", sections=sections, note="Protective factors"
    )
    assert made.version == 2
    assert default_template().sections != made.sections
    assert len(default_template().sections) == 5
    assert [t.version for t in selectors.assessment_templates_current()] == [2]
    assert AuditEntry.objects.filter(action="case.assessment_template_version_create").exists()


@pytest.mark.parametrize(
    ("sections", "message"),
    [
        ([], "Give a list of sections"),
        ([{"key": "a"}], "give a heading"),
        ([{"key": "Bad Key", "heading": "X"}], "key must be"),
        ([{"key": "a", "heading": "X"}, {"key": "a", "heading": "Y"}], "used twice"),
        ([{"key": "a", "heading": "X", "colour": "red"}], "unknown field colour"),
    ],
)
def test_bad_template_sections_are_refused(world: World, sections: Any, message: str) -> None:
    with pytest.raises(ServiceError) as refused:
        services.assessment_template_version_create(
            actor=world.users["administrator"], name="Cairn default", sections=sections
        )
    assert message in refused.value.message
    assert AssessmentTemplate.objects.count() == 1


@pytest.mark.parametrize("role", [r for r in ROLES if r != "administrator"])
def test_only_administrators_change_templates(world: World, role: str) -> None:
    with pytest.raises(ServiceError):
        services.assessment_template_version_create(
            actor=world.users[role], name="Cairn default", sections=default_template().sections
        )
    assert AssessmentTemplate.objects.count() == 1


def test_an_assessment_is_recorded_on_the_chronology_and_resolves_violence_fixation(
    world: World,
) -> None:
    officer = world.users["case_officer"]
    case = gathering(world)
    seen = case.version
    raised_by = referral_entry(world.referral_a)
    policy = judgement.policy_now()
    before = [f.rule for f in judgement.open_flags(case.person, timezone.now(), policy)]
    assert "violence-fixation" in before
    made = services.assessment_record(
        actor=officer,
        case=case,
        expected_version=case.version,
        data=assessment_input(sections=answers({"intent": [raised_by.pk]})),
    )
    entry = Entry.objects.get(pk=made.entry_id)
    assert entry.kind == "assessment_completed"
    assert entry.details["assessment"] == "violence_fixation"
    assert entry.details["status"] == "completed"
    assert entry.details["template"] == "Cairn default"
    assert entry.details["template_version"] == 1
    assert entry.details["evidence"] == [str(raised_by.pk)]
    assert [s["key"] for s in entry.details["sections"]] == DEFAULT_KEYS
    assert fresh(case).version == seen + 1
    after = [f.rule for f in judgement.open_flags(case.person, timezone.now(), policy)]
    assert "violence-fixation" not in after
    assert AuditEntry.objects.filter(action="case.assessment_record").exists()


def test_evidence_the_officer_cannot_see_is_refused_and_nothing_saved(world: World) -> None:
    officer = world.users["case_officer"]
    case = gathering(world)
    seen = case.version
    # An entry on the same person's chronology that agency B keeps to itself.
    hidden = entry_record(
        actor=world.users["officer_b"],
        owning_agency=world.agency_b,
        source_record=world.referral_a.source_record,
        data=EntryInput(
            kind="police_contact",
            occurred_at=timezone.now(),
            summary="Restricted.",
            indicators=(),
            sensitivity="restricted",
        ),
    )
    entries = Entry.objects.count()
    with pytest.raises(ServiceError) as refused:
        services.assessment_record(
            actor=officer,
            case=case,
            expected_version=case.version,
            data=assessment_input(sections=answers({"capability": [hidden.pk]})),
        )
    assert refused.value.field == "capability_evidence"
    assert "Capability to cause harm" in refused.value.message
    assert f"entry {hidden.pk}" in refused.value.message
    assert Entry.objects.count() == entries
    assert not Assessment.objects.exists()
    assert fresh(case).version == seen


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"assessment": "forensic"}, "assessment"),
        ({"result": "  "}, "result"),
        ({"sections": answers()[:4]}, "vulnerability_judgement"),
        ({"sections": [*answers(), services.SectionInput("extra", "x")]}, "sections"),
    ],
)
def test_incomplete_assessments_are_refused(
    world: World, overrides: dict[str, Any], field: str
) -> None:
    case = gathering(world)
    seen = case.version
    with pytest.raises(ServiceError) as refused:
        services.assessment_record(
            actor=world.users["case_officer"],
            case=case,
            expected_version=case.version,
            data=assessment_input(**overrides),
        )
    assert refused.value.field == field
    assert not Assessment.objects.exists()
    assert fresh(case).version == seen


def test_an_assessment_is_refused_outside_gathering_states(world: World) -> None:
    case = case_of(world.referral_a)  # received
    with pytest.raises(ServiceError) as refused:
        services.assessment_record(
            actor=world.users["case_officer"],
            case=case,
            expected_version=case.version,
            data=assessment_input(),
        )
    assert "Assessments are recorded at gateway" in refused.value.message
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("role", ["panel_chair", "officer_b", "analyst", "administrator"])
def test_an_assessment_by_the_wrong_role_or_agency_is_refused(world: World, role: str) -> None:
    case = gathering(world)
    seen = case.version
    with pytest.raises(ServiceError):
        services.assessment_record(
            actor=world.users[role],
            case=case,
            expected_version=case.version,
            data=assessment_input(),
        )
    assert not Assessment.objects.exists()
    assert fresh(case).version == seen


def _form(case: Case, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": case.version,
        "template": default_template().pk,
        "assessment": "violence_fixation",
        "result": "Overall: low concern.",
    }
    for key in DEFAULT_KEYS:
        data[f"{key}_judgement"] = f"On {key}."
    data.update(overrides)
    return data


def test_the_assessment_page_records_and_shows_it_on_the_case(world: World) -> None:
    case = gathering(world)
    client = signed_in(world.users["case_officer"])
    url = reverse("cases:assessment", args=[case.pk])
    page = client.get(url).content.decode()
    assert "Fixation on violence" in page
    assert "Record the assessment" in page
    evidence = referral_entry(world.referral_a).pk
    response = client.post(url, _form(case, intent_evidence=[str(evidence)]))
    assert response.status_code == 302
    detail = client.get(reverse("cases:case", args=[case.pk])).content.decode()
    assert "Violence fixation assessment" in detail
    assert "On intent." in detail
    assert "Cairn default, version 1" in detail


def test_the_assessment_page_refuses_evidence_not_offered(world: World) -> None:
    case = gathering(world)
    client = signed_in(world.users["case_officer"])
    response = client.post(
        reverse("cases:assessment", args=[case.pk]), _form(case, intent_evidence=["999999"])
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Assessment.objects.exists()


def test_administrators_pages_for_templates(world: World) -> None:
    client = signed_in(world.users["administrator"])
    assert client.get(reverse("cases:assessment-templates")).status_code == 200
    url = reverse("cases:assessment-template-new", args=[default_template().pk])
    page = client.get(url).content.decode()
    assert "intent" in page
    response = client.post(url, {"sections": "not json", "note": ""})
    assert "Sections must be JSON" in response.content.decode()
    response = client.post(
        url, {"sections": '[{"key": "only", "heading": "Only one"}]', "note": "Trial"}
    )
    assert response.status_code == 302
    assert AssessmentTemplate.objects.filter(version=2, name="Cairn default").exists()


@pytest.mark.parametrize("role", [*ROLES, "officer_b"])
def test_template_pages_are_for_administrators_only(world: World, role: str) -> None:
    client = signed_in(world.users[role])
    expected = 200 if role == "administrator" else 403
    assert client.get(reverse("cases:assessment-templates")).status_code == expected
    url = reverse("cases:assessment-template-new", args=[default_template().pk])
    response = client.post(url, {"sections": '[{"key": "a", "heading": "A"}]'})
    assert response.status_code == (302 if role == "administrator" else 403)
