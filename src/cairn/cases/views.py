"""The case pages: a team's open cases, one case with its flags and the moves the viewer may
make, the forms of a proposal, an approval or return, an override, the partner checklist and
the contact record, the senior officers' queue and the overrides report.

A case the viewer may not see is answered 404 whatever their role, exactly like a missing
one; a viewer who sees the case but may not make a move is answered 403.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cairn.accounts import permissions
from cairn.accounts.models import User
from cairn.cases import selectors, services, workflow
from cairn.cases.forms import (
    ChecksForm,
    ContactForm,
    OnwardResponseForm,
    OverrideForm,
    ProposalForm,
    ReturnForm,
    VersionForm,
)
from cairn.cases.models import Case, DecisionProposal
from cairn.chronology.selectors import entries_visible_to
from cairn.lib.errors import ServiceError
from cairn.lib.vocab import EVENT_KINDS
from cairn.web.access import require
from cairn.web.forms import add_service_error


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _case(request: HttpRequest, case_id: int) -> Case:
    case = selectors.case_get_for(user=_user(request), case_id=case_id)
    if case is None:
        raise Http404
    return case


def _refused(form: forms.Form, case: Case, error: ServiceError) -> None:
    """Put a refusal on the form. When the page was out of date, what the user wrote is kept
    and the form now carries the current version, so they can send it again once they have
    looked at the other change."""
    add_service_error(form, error)
    if error.field == "version":
        case.refresh_from_db()
        data = dict(form.data.lists()) if isinstance(form.data, QueryDict) else {}
        fresh = QueryDict(mutable=True)
        for key, values in data.items():
            fresh.setlist(key, values)
        fresh["version"] = str(case.version)
        form.data = fresh


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
    return render(
        request,
        "cases/case_detail.html",
        {
            "page": page,
            "case": case,
            "can_propose": permissions.can_work_cases(user)
            and case.status in workflow.DECIDING_FROM,
            "can_record": permissions.can_work_cases(user) and case.status in services.GATHERING,
            "can_approve": permissions.can_approve_decisions(user)
            and page.proposal is not None
            and page.proposal.proposed_by_id != user.pk,
            "can_override": permissions.can_override_flags(user) and case.is_open,
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
        request.POST or None,
        initial={"version": case.version},
        evidence=_evidence_choices(user, case),
    )
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
            )
        except ServiceError as error:
            _refused(form, case, error)
        else:
            messages.success(request, "Decision proposed: a senior officer will review it")
            return _back(case)
    return render(request, "cases/propose.html", {"case": case, "form": form})


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
    form = ReturnForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_return(
                actor=user,
                proposal=proposal,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            _refused(form, case, error)
        else:
            messages.success(request, "Proposal returned to the officer")
            return _back(case)
    return render(request, "cases/return.html", {"case": case, "proposal": proposal, "form": form})


def flag_override(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _case(request, case_id)
    if not permissions.can_override_flags(user):
        raise PermissionDenied
    form = OverrideForm(
        request.POST or None,
        initial={
            "version": case.version,
            "rule": request.GET.get("rule", ""),
            "raised_by": request.GET.get("raised_by", ""),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.flag_override(
                actor=user,
                case=case,
                expected_version=data["version"],
                rule=data["rule"],
                raised_by=data["raised_by"],
                reason=data["reason"],
            )
        except ServiceError as error:
            _refused(form, case, error)
        else:
            messages.success(request, "Flag overridden; the override is on the report")
            return _back(case)
    rule = request.POST.get("rule") or request.GET.get("rule", "")
    return render(request, "cases/override.html", {"case": case, "form": form, "rule": rule})


def case_checks(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _case(request, case_id)
    if not permissions.can_work_cases(user):
        raise PermissionDenied
    form = ChecksForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.checks_record(
                actor=user,
                case=case,
                expected_version=form.cleaned_data["version"],
                checks=[services.CheckInput(*line) for line in form.lines()],
            )
        except ServiceError as error:
            _refused(form, case, error)
        else:
            messages.success(request, "Partner checks recorded")
            return _back(case)
    return render(request, "cases/checks.html", {"case": case, "form": form})


def case_contact(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _case(request, case_id)
    if not permissions.can_work_cases(user):
        raise PermissionDenied
    form = ContactForm(request.POST or None, initial={"version": case.version})
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
            )
        except ServiceError as error:
            _refused(form, case, error)
        else:
            messages.success(request, "Contact recorded")
            return _back(case)
    return render(request, "cases/contact.html", {"case": case, "form": form})


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
