"""The case pages: a team's open cases, one case with its flags and the moves the viewer may
make, the forms of a proposal, an approval or return, an override, the partner checklist and
the contact record, the senior officers' queue and the overrides report.

A case the viewer may not see is answered 404 whatever their role, exactly like a missing
one; a viewer who sees the case but may not make a move is answered 403.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cairn.accounts import permissions
from cairn.accounts.models import User
from cairn.cases import permissions as case_permissions
from cairn.cases import selectors, services, workflow
from cairn.cases.forms import (
    AssessmentForm,
    AssessmentTemplateForm,
    ChecksForm,
    ContactForm,
    OnwardResponseForm,
    OverrideForm,
    ProposalForm,
    ResolveForm,
    ReturnForm,
    VersionForm,
    shown_values,
)
from cairn.cases.models import AssessmentTemplate, Case, CaseStatus, DecisionProposal
from cairn.chronology.forms import SuggestionsForm
from cairn.chronology.selectors import entries_visible_to
from cairn.lib.errors import ServiceError
from cairn.lib.vocab import EVENT_KINDS
from cairn.panels.permissions import can_view_panels
from cairn.web.access import require
from cairn.web.forms import add_service_error

#: States in which a case has a panel's records (consent, plan, sessions, reviews after exit).
AT_PANEL = (CaseStatus.PANEL, CaseStatus.ADOPTED, CaseStatus.EXITED)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _case(request: HttpRequest, case_id: int) -> Case:
    case = selectors.case_get_for(user=_user(request), case_id=case_id)
    if case is None:
        raise Http404
    return case


def _refused(
    request: HttpRequest, form: forms.Form, case: Case, error: ServiceError, kind: str
) -> selectors.ConflictView | None:
    """Put a refusal on the form. When the page was out of date, what the user wrote is kept
    (stored as an `EditConflict`, so it is not lost if they leave the page) and the form now
    carries the current version and the conflict, so they can compare, then send it again;
    the comparison is returned for the page to show beside the form."""
    seen = int(form.cleaned_data.get("version") or 0)
    shown = shown_values(form)
    add_service_error(form, error)
    if error.field != "version":
        return None
    data = dict(form.data.lists()) if isinstance(form.data, QueryDict) else {}
    conflict = services.edit_conflict_keep(
        actor=_user(request),
        case=case,
        kind=kind,
        data=data,
        shown=shown,
        url=request.path,
        seen_version=seen,
    )
    case.refresh_from_db()
    fresh = QueryDict(mutable=True)
    for key, values in data.items():
        fresh.setlist(key, values)
    fresh["version"] = str(case.version)
    fresh["conflict"] = str(conflict.pk)
    form.data = fresh
    return selectors.conflict_view_for(case=case, conflict=conflict)


def _form_data(request: HttpRequest, case: Case) -> QueryDict | None:
    """The data a case form is bound to: what was posted, or on a page opened to send a kept
    change again (`?conflict=`), that change on the current version of the case."""
    if request.method == "POST":
        return request.POST
    raw = request.GET.get("conflict", "")
    if not raw.isdigit():
        return None
    conflict = selectors.conflict_get_for(user=_user(request), case=case, conflict_id=int(raw))
    if conflict is None or not conflict.is_open:
        return None
    data = QueryDict(mutable=True)
    for key, values in conflict.submitted.get("data", {}).items():
        data.setlist(key, [str(v) for v in values])
    data["version"] = str(case.version)
    data["conflict"] = str(conflict.pk)
    return data


def _resolves(form: forms.Form) -> int | None:
    value = form.cleaned_data.get("conflict")
    return int(value) if value else None


def _back(case: Case) -> HttpResponse:
    return redirect("cases:case", case_id=case.pk)


@require(permissions.can_view_cases)
def case_list(request: HttpRequest) -> HttpResponse:
    cases = selectors.case_list_for(user=_user(request))
    return render(request, "cases/case_list.html", {"cases": cases})


def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _case(request, case_id)
    page = selectors.case_page_for(user=user, case=case, at=timezone.now())
    suggestion_forms = [
        (
            item,
            SuggestionsForm(
                summary=item.entry.summary,
                suggestions=item.entry.suggestions,
                auto_id=f"id_entry{item.entry.pk}_%s",
            )
            if item.decidable
            else None,
        )
        for item in page.suggestions
    ]
    return render(
        request,
        "cases/case_detail.html",
        {
            "page": page,
            "case": case,
            "suggestion_forms": suggestion_forms,
            "can_propose": permissions.can_work_cases(user)
            and case.status in workflow.DECIDING_FROM,
            "can_record": permissions.can_work_cases(user) and case.status in services.GATHERING,
            "can_approve": permissions.can_approve_decisions(user)
            and page.proposal is not None
            and page.proposal.proposed_by_id != user.pk,
            "can_override": permissions.can_override_flags(user) and case.is_open,
            "can_resolve": case_permissions.can_resolve_flags(user) and case.is_open,
            "panel_link": can_view_panels(user) and case.status in AT_PANEL,
            "can_assess": case_permissions.can_assess(user) and case.status in services.GATHERING,
        },
    )


@require_POST
def case_move(request: HttpRequest, case_id: int, name: str) -> HttpResponse:
    user = _user(request)
    case = _case(request, case_id)
    move = services.SIMPLE_MOVES.get(name)
    rows = [r for r in workflow.TRANSITIONS if r.name == name]
    if move is None or not rows:
        raise Http404
    if not any(permissions.can_make_transition(user, r.roles) for r in rows):
        raise PermissionDenied
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The page was incomplete; reload the case and try again")
        return _back(case)
    try:
        move(
            actor=user,
            case=case,
            expected_version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{rows[0].label}: done")
    return _back(case)


def _evidence_choices(user: User, case: Case) -> list[tuple[int, str]]:
    entries = (
        entries_visible_to(user)
        .filter(source_record__person=case.person)
        .order_by("occurred_at", "pk")
        .only("pk", "kind", "occurred_at", "source_agency")
    )
    return [
        (
            e.pk,
            f"{EVENT_KINDS.get(e.kind, e.kind)}, {timezone.localtime(e.occurred_at):%d %b %Y}"
            + (f", {e.source_agency}" if e.source_agency else "")
            + f" (entry {e.pk})",
        )
        for e in entries
    ]


def case_propose(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _case(request, case_id)
    if not permissions.can_work_cases(user):
        raise PermissionDenied
    form = ProposalForm(
        _form_data(request, case),
        initial={"version": case.version},
        evidence=_evidence_choices(user, case),
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_propose(
                actor=user,
                case=case,
                expected_version=data["version"],
                data=services.ProposalInput(
                    outcome=data["outcome"],
                    reasons=data["reasons"],
                    rationale=data["rationale"],
                    evidence=[int(pk) for pk in data["evidence"]],
                    signposted_to=data["signposted_to"],
                    signpost_request=data["signpost_request"],
                    forum=data["forum"],
                    owner=data["owner"],
                    referrer_feedback=data["referrer_feedback"],
                ),
                resolves=_resolves(form),
            )
        except ServiceError as error:
            conflict = _refused(request, form, case, error, "proposal")
        else:
            messages.success(request, "Decision proposed: a senior officer will review it")
            return _back(case)
    return render(request, "cases/propose.html", {"case": case, "form": form, "conflict": conflict})


def _proposal(case: Case, proposal_id: int) -> DecisionProposal:
    proposal = case.proposals.filter(pk=proposal_id).select_related("case").first()
    if proposal is None:
        raise Http404
    return proposal


@require_POST
def proposal_approve(request: HttpRequest, case_id: int, proposal_id: int) -> HttpResponse:
    user = _user(request)
    case = _case(request, case_id)
    if not permissions.can_approve_decisions(user):
        raise PermissionDenied
    proposal = _proposal(case, proposal_id)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The page was incomplete; reload the case and try again")
        return _back(case)
    try:
        services.decision_approve(
            actor=user, proposal=proposal, expected_version=form.cleaned_data["version"]
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Decision approved and recorded on the chronology")
    return _back(case)


def proposal_return(request: HttpRequest, case_id: int, proposal_id: int) -> HttpResponse:
    user = _user(request)
    case = _case(request, case_id)
    if not permissions.can_approve_decisions(user):
        raise PermissionDenied
    proposal = _proposal(case, proposal_id)
    form = ReturnForm(_form_data(request, case), initial={"version": case.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_return(
                actor=user,
                proposal=proposal,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                resolves=_resolves(form),
            )
        except ServiceError as error:
            conflict = _refused(request, form, case, error, "return")
        else:
            messages.success(request, "Proposal returned to the officer")
            return _back(case)
    return render(
        request,
        "cases/return.html",
        {"case": case, "proposal": proposal, "form": form, "conflict": conflict},
    )


def _flag_page(
    request: HttpRequest,
    case_id: int,
    *,
    allowed: Callable[[User], bool],
    form_class: type[OverrideForm | ResolveForm],
    act: Callable[..., object],
    kind: str,
    done: str,
) -> HttpResponse:
    """The page that overrides or resolves one flag named in the address (`rule`,
    `raised_by`): the form, the service call, and the conflict kept if the case moved on."""
    user = _user(request)
    case = _case(request, case_id)
    if not allowed(user):
        raise PermissionDenied
    form = form_class(
        _form_data(request, case),
        initial={
            "version": case.version,
            "rule": request.GET.get("rule", ""),
            "raised_by": request.GET.get("raised_by", ""),
        },
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("conflict", None)
        try:
            act(
                actor=user,
                case=case,
                expected_version=data.pop("version"),
                resolves=_resolves(form),
                **data,
            )
        except ServiceError as error:
            conflict = _refused(request, form, case, error, kind)
        else:
            messages.success(request, done)
            return _back(case)
    rule = form.data.get("rule") or request.GET.get("rule", "")
    return render(
        request,
        f"cases/{kind}.html",
        {"case": case, "form": form, "rule": rule, "conflict": conflict},
    )


def flag_override(request: HttpRequest, case_id: int) -> HttpResponse:
    return _flag_page(
        request,
        case_id,
        allowed=permissions.can_override_flags,
        form_class=OverrideForm,
        act=services.flag_override,
        kind="override",
        done="Flag overridden; the override is on the report",
    )


def flag_resolve(request: HttpRequest, case_id: int) -> HttpResponse:
    return _flag_page(
        request,
        case_id,
        allowed=case_permissions.can_resolve_flags,
        form_class=ResolveForm,
        act=services.flag_resolve,
        kind="resolve",
        done="Flag resolved; the rationale is on the chronology",
    )


def case_checks(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _case(request, case_id)
    if not permissions.can_work_cases(user):
        raise PermissionDenied
    form = ChecksForm(_form_data(request, case), initial={"version": case.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.checks_record(
                actor=user,
                case=case,
                expected_version=form.cleaned_data["version"],
                checks=[services.CheckInput(*line) for line in form.lines()],
                resolves=_resolves(form),
            )
        except ServiceError as error:
            conflict = _refused(request, form, case, error, "checks")
        else:
            messages.success(request, "Partner checks recorded")
            return _back(case)
    return render(request, "cases/checks.html", {"case": case, "form": form, "conflict": conflict})


def case_contact(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _case(request, case_id)
    if not permissions.can_work_cases(user):
        raise PermissionDenied
    form = ContactForm(_form_data(request, case), initial={"version": case.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parent = {"yes": True, "no": False}.get(data["parent_engaged"])
        try:
            services.contact_record(
                actor=user,
                case=case,
                expected_version=data["version"],
                subject_engaged=data["subject_engaged"] == "yes",
                parent_engaged=parent,
                not_engaged_reason=data["not_engaged_reason"],
                on=data["on"],
                resolves=_resolves(form),
            )
        except ServiceError as error:
            conflict = _refused(request, form, case, error, "contact")
        else:
            messages.success(request, "Contact recorded")
            return _back(case)
    return render(request, "cases/contact.html", {"case": case, "form": form, "conflict": conflict})


@require(permissions.can_approve_decisions)
def approvals(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "cases/approvals.html",
        {
            "proposals": selectors.proposals_awaiting_for(user=user),
            "escalations": selectors.escalations_for(user=user, at=timezone.now()),
            "me": user.pk,
        },
    )


@require(permissions.can_view_override_report)
def overrides(request: HttpRequest) -> HttpResponse:
    return render(
        request, "cases/overrides.html", {"overrides": selectors.overrides_for(user=_user(request))}
    )


@require(permissions.can_respond_onward_referrals)
def onward_inbox(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "cases/onward_inbox.html",
        {"onward": selectors.onward_inbox_for(user=_user(request))},
    )


@require(permissions.can_respond_onward_referrals)
def onward_respond(request: HttpRequest, onward_id: int) -> HttpResponse:
    user = _user(request)
    onward = selectors.onward_get_for(user=user, onward_id=onward_id)
    if onward is None:
        raise Http404
    form = OnwardResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.onward_respond(
                actor=user,
                onward=onward,
                response=form.cleaned_data["response"],
                note=form.cleaned_data["note"],
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Reply sent to the programme team")
            return redirect("cases:onward-inbox")
    return render(request, "cases/onward_respond.html", {"onward": onward, "form": form})


# --- Assessments -------------------------------------------------------------------------------


def _template_for(request: HttpRequest, data: QueryDict | None) -> AssessmentTemplate:
    """The template the assessment answers: the one the form (or a kept change, or the link
    to another template) names, else the newest version of the shipped default."""
    raw = str((data or request.GET).get("template", ""))
    if raw.isdigit():
        template = selectors.assessment_template_get(template_id=int(raw))
        if template is None:
            raise Http404
        return template
    offered = selectors.assessment_templates_current()
    if not offered:
        raise Http404
    default = next((t for t in offered if t.name == "Cairn default"), offered[0])
    return default


def case_assessment(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _case(request, case_id)
    if not case_permissions.can_assess(user):
        raise PermissionDenied
    data = _form_data(request, case)
    template = _template_for(request, data)
    form = AssessmentForm(
        data,
        initial={"version": case.version, "template": template.pk},
        template=template,
        evidence=_evidence_choices(user, case),
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        try:
            services.assessment_record(
                actor=user,
                case=case,
                expected_version=cleaned["version"],
                data=services.AssessmentInput(
                    template=template,
                    assessment=cleaned["assessment"],
                    result=cleaned["result"],
                    sections=[
                        services.SectionInput(
                            key=key,
                            judgement=cleaned[f"{key}_judgement"],
                            evidence=[int(pk) for pk in cleaned[f"{key}_evidence"]],
                        )
                        for key in form.section_keys
                    ],
                ),
                resolves=_resolves(form),
            )
        except ServiceError as error:
            conflict = _refused(request, form, case, error, "assessment")
        else:
            messages.success(request, "Assessment recorded on the chronology")
            return _back(case)
    return render(
        request,
        "cases/assessment.html",
        {
            "case": case,
            "form": form,
            "template": template,
            "templates": selectors.assessment_templates_current(),
            "conflict": conflict,
        },
    )


@require(case_permissions.can_manage_assessment_templates)
def assessment_templates(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "cases/assessment_templates.html",
        {"templates": selectors.assessment_template_list()},
    )


@require(case_permissions.can_manage_assessment_templates)
def assessment_template_new(request: HttpRequest, template_id: int) -> HttpResponse:
    newest = selectors.assessment_template_get(template_id=template_id)
    if newest is None:
        raise Http404
    form = AssessmentTemplateForm(
        request.POST or None, initial={"sections": json.dumps(newest.sections, indent=2)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_template_version_create(
                actor=_user(request),
                name=newest.name,
                sections=form.cleaned_data["sections"],
                note=form.cleaned_data["note"],
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"New version of {newest.name} saved")
            return redirect("cases:assessment-templates")
    return render(request, "cases/assessment_template_form.html", {"form": form, "newest": newest})


# --- Edit conflicts ------------------------------------------------------------------------------


def _conflict(request: HttpRequest, case: Case, conflict_id: int) -> selectors.ConflictView:
    conflict = selectors.conflict_get_for(user=_user(request), case=case, conflict_id=conflict_id)
    if conflict is None:
        raise Http404
    return selectors.conflict_view_for(case=case, conflict=conflict)


def conflict_detail(request: HttpRequest, case_id: int, conflict_id: int) -> HttpResponse:
    case = _case(request, case_id)
    view = _conflict(request, case, conflict_id)
    url = str(view.conflict.submitted.get("url", ""))
    resend = f"{url}?conflict={view.conflict.pk}" if url.startswith("/") else ""
    return render(
        request, "cases/conflict.html", {"case": case, "conflict": view, "resend": resend}
    )


@require_POST
def conflict_discard(request: HttpRequest, case_id: int, conflict_id: int) -> HttpResponse:
    case = _case(request, case_id)
    view = _conflict(request, case, conflict_id)
    try:
        services.edit_conflict_discard(actor=_user(request), conflict=view.conflict)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Your refused change was discarded; it stays in the record")
    return _back(case)


# --- Suggested indicators, from the case -------------------------------------------------------


@require_POST
def case_suggestions(request: HttpRequest, case_id: int, entry_id: int) -> HttpResponse:
    user = _user(request)
    case = _case(request, case_id)
    if not permissions.can_work_cases(user):
        raise PermissionDenied
    entry = selectors.suggestion_entry_for(user=user, case=case, entry_id=entry_id)
    if entry is None:
        raise Http404
    form = SuggestionsForm(request.POST, summary=entry.summary, suggestions=entry.suggestions)
    if not form.is_valid():
        messages.error(
            request,
            f"Entry {entry.pk}: confirm or reject each suggested indicator; nothing was saved",
        )
        return _back(case)
    try:
        services.case_suggestions_decide(
            actor=user,
            case=case,
            entry=entry,
            confirmed=form.decided("confirm"),
            rejected=form.decided("reject"),
        )
    except ServiceError as error:
        messages.error(request, f"Entry {entry.pk}: {error.message}")
    else:
        messages.success(request, f"Entry {entry.pk}: indicators decided")
    return _back(case)
