"""The panel pages: panels and their members, meetings (agenda, attendance, minutes, the
panel's decisions, packs), a case as the panel holds it, and the forms that record consent,
plans, reviews, interventions, sessions, reports and reviews after exit.

Something the viewer may not see is answered 404 whatever their role, exactly like something
missing; a viewer who sees it but may not make the change is answered 403. Every form goes
through one template (`panels/form.html`) and the GOV.UK form wrapper.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from cairn.accounts.models import User
from cairn.agencies.selectors import agency_list
from cairn.lib.errors import ServiceError
from cairn.panels import forms as panel_forms
from cairn.panels import permissions, selectors, services
from cairn.web.access import require
from cairn.web.forms import add_service_error


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _found(thing: Any) -> Any:
    if thing is None:
        raise Http404
    return thing


def _allow(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    caption: str,
    back: str,
    submit: str,
    save: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    """Render a form; on a valid POST call `save`, which calls one service and returns where
    to go. A service's refusal comes back on the field it names and nothing is saved."""
    if request.method == "POST" and form.is_valid():
        try:
            target = save(form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{title}: saved")
            return redirect(target)
    return render(
        request,
        "panels/form.html",
        {"form": form, "title": title, "caption": caption, "back": back, "submit": submit},
    )


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


# --- Panels -----------------------------------------------------------------------------------


@require(permissions.can_view_panels)
def panel_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "panels/panel_list.html",
        {
            "panels": selectors.panel_list_for(user=user),
            "can_manage": permissions.can_manage_panels(user),
        },
    )


@require(permissions.can_manage_panels)
def panel_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)

    def save(data: dict[str, Any]) -> str:
        panel = services.panel_create(actor=user, name=data["name"])
        return reverse("panels:panel", args=[panel.pk])

    return _form_page(
        request,
        panel_forms.PanelForm(_data(request)),
        title="Set up a panel",
        caption="Panels",
        back=reverse("panels:list"),
        submit="Set up the panel",
        save=save,
    )


@require(permissions.can_view_panels)
def panel_detail(request: HttpRequest, panel_id: int) -> HttpResponse:
    user = _user(request)
    panel = _found(selectors.panel_get_for(user=user, panel_id=panel_id))
    manage = permissions.can_manage_panels(user) and user.agency_id == panel.local_authority_id
    return render(
        request,
        "panels/panel_detail.html",
        {
            "panel": panel,
            "members": panel.members.select_related("agency", "user"),
            "meetings": panel.meetings.all(),
            "can_manage": manage,
        },
    )


def _manageable_panel(request: HttpRequest, panel_id: int) -> Any:
    user = _user(request)
    panel = _found(selectors.panel_get_for(user=user, panel_id=panel_id))
    _allow(permissions.can_manage_panels(user) and user.agency_id == panel.local_authority_id)
    return panel


@require(permissions.can_view_panels)
def member_add(request: HttpRequest, panel_id: int) -> HttpResponse:
    user = _user(request)
    panel = _manageable_panel(request, panel_id)
    agencies = [(a.pk, a.name) for a in agency_list()]
    candidates = selectors.member_candidates()
    users = [(u.pk, f"{u.get_full_name() or u.username} ({u.agency})") for u in candidates]

    def save(data: dict[str, Any]) -> str:
        agency = next(a for a in agency_list() if a.pk == data["agency"])
        member = next((u for u in candidates if u.pk == data["user"]), None)
        services.panel_member_add(
            actor=user, panel=panel, agency=agency, user=member, name=data["name"]
        )
        return reverse("panels:panel", args=[panel.pk])

    return _form_page(
        request,
        panel_forms.MemberForm(_data(request), agencies=agencies, users=users),
        title="Add a member",
        caption=panel.name,
        back=reverse("panels:panel", args=[panel.pk]),
        submit="Add the member",
        save=save,
    )


@require(permissions.can_view_panels)
def meeting_new(request: HttpRequest, panel_id: int) -> HttpResponse:
    user = _user(request)
    panel = _manageable_panel(request, panel_id)

    def save(data: dict[str, Any]) -> str:
        meeting = services.meeting_schedule(actor=user, panel=panel, held_on=data["held_on"])
        return reverse("panels:meeting", args=[meeting.pk])

    return _form_page(
        request,
        panel_forms.MeetingForm(_data(request)),
        title="Schedule a meeting",
        caption=panel.name,
        back=reverse("panels:panel", args=[panel.pk]),
        submit="Schedule",
        save=save,
    )


# --- Meetings ---------------------------------------------------------------------------------


@require(permissions.can_view_panels)
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = _user(request)
    meeting = _found(selectors.meeting_get_for(user=user, meeting_id=meeting_id))
    team = user.agency_id == meeting.panel.local_authority_id
    visible = {c.pk for c in selectors.visible_cases(user=user, meeting=meeting)}
    return render(
        request,
        "panels/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": [i for i in meeting.agenda.select_related("case") if i.case_id in visible],
            "attendance": meeting.attendance.select_related("agency"),
            "minutes_versions": list(meeting.minutes_versions.select_related("recorded_by")),
            "packs": selectors.packs_of(meeting),
            "can_manage": permissions.can_manage_panels(user) and team,
            "can_chair": permissions.can_chair(user) and team,
        },
    )


def _manageable_meeting(request: HttpRequest, meeting_id: int) -> Any:
    user = _user(request)
    meeting = _found(selectors.meeting_get_for(user=user, meeting_id=meeting_id))
    _allow(
        permissions.can_manage_panels(user) and user.agency_id == meeting.panel.local_authority_id
    )
    return meeting


def _meeting_url(meeting: Any) -> str:
    return reverse("panels:meeting", args=[meeting.pk])


@require(permissions.can_view_panels)
def agenda_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = _user(request)
    meeting = _manageable_meeting(request, meeting_id)
    cases = selectors.cases_for_agenda(user=user, meeting=meeting)

    def save(data: dict[str, Any]) -> str:
        case = next(c for c in cases if c.pk == data["case"])
        services.agenda_add(actor=user, meeting=meeting, case=case)
        return _meeting_url(meeting)

    return _form_page(
        request,
        panel_forms.AgendaForm(
            _data(request), cases=[(c.pk, f"Case {c.pk}: {c.person}") for c in cases]
        ),
        title="Add a case to the agenda",
        caption=str(meeting),
        back=_meeting_url(meeting),
        submit="Add to the agenda",
        save=save,
    )


@require(permissions.can_view_panels)
def attendance_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = _user(request)
    meeting = _manageable_meeting(request, meeting_id)
    agencies = selectors.recipient_agencies(meeting)

    def save(data: dict[str, Any]) -> str:
        agency = next(a for a in agencies if a.pk == data["agency"])
        services.attendance_record(
            actor=user, meeting=meeting, agency=agency, attendee=data["attendee"]
        )
        return _meeting_url(meeting)

    return _form_page(
        request,
        panel_forms.AttendanceForm(_data(request), agencies=[(a.pk, a.name) for a in agencies]),
        title="Record attendance",
        caption=str(meeting),
        back=_meeting_url(meeting),
        submit="Record attendance",
        save=save,
    )


@require(permissions.can_view_panels)
def minutes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = _user(request)
    meeting = _manageable_meeting(request, meeting_id)
    posted = request.POST.copy() if request.method == "POST" else None

    def save(data: dict[str, Any]) -> str:
        try:
            services.minutes_record(
                actor=user,
                meeting=meeting,
                minutes=data["minutes"],
                expected_version=data["version"],
            )
        except ServiceError:
            # Refused as stale: the writer has now been told, so the form they get back is of
            # the latest version and saving it again replaces that one.
            if posted is not None:
                posted["version"] = str(services.minutes_version(meeting))
            raise
        return _meeting_url(meeting)

    initial = {"minutes": meeting.minutes, "version": services.minutes_version(meeting)}
    return _form_page(
        request,
        panel_forms.MinutesForm(posted, initial=initial),
        title="Minutes",
        caption=str(meeting),
        back=_meeting_url(meeting),
        submit="Save the minutes",
        save=save,
    )


@require(permissions.can_view_panels)
def decide(request: HttpRequest, item_id: int) -> HttpResponse:
    user = _user(request)
    item = _found(selectors.agenda_item_get_for(user=user, item_id=item_id))
    _allow(permissions.can_chair(user) and user.agency_id == item.meeting.panel.local_authority_id)

    posted = request.POST.copy() if request.method == "POST" else None

    def save(data: dict[str, Any]) -> str:
        try:
            services.agenda_decide(
                actor=user,
                item=item,
                expected_version=data["version"],
                data=services.DecisionInput(
                    outcome=data["outcome"],
                    discussion=data["discussion"],
                    consensus=data["consensus"] == "yes",
                    dissent=data["dissent"],
                    alternative_route=data["alternative_route"],
                    route_owner=data["route_owner"],
                    referrer_feedback=data["referrer_feedback"],
                ),
            )
        except ServiceError as error:
            if posted is not None and error.field == "version":
                # Told that the case changed, the chair keeps what they wrote and can record
                # it against the case as it is now.
                item.case.refresh_from_db(fields=["version"])
                posted["version"] = str(item.case.version)
            raise
        return reverse("panels:case", args=[item.case_id])

    return _form_page(
        request,
        panel_forms.DecisionForm(posted, initial={"version": item.case.version}),
        title="The panel's decision",
        caption=f"Case {item.case_id} at {item.meeting}",
        back=_meeting_url(item.meeting),
        submit="Record the decision",
        save=save,
    )


@require(permissions.can_view_panels)
def pack_new(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = _user(request)
    meeting = _manageable_meeting(request, meeting_id)
    agencies = selectors.recipient_agencies(meeting)

    def save(data: dict[str, Any]) -> str:
        agency = next(a for a in agencies if a.pk == data["agency"])
        pack, _ = services.pack_produce(actor=user, meeting=meeting, agency=agency)
        return reverse("panels:pack", args=[pack.pk])

    return _form_page(
        request,
        panel_forms.PackForm(_data(request), agencies=[(a.pk, a.name) for a in agencies]),
        title="Produce a panel pack",
        caption=str(meeting),
        back=_meeting_url(meeting),
        submit="Produce the pack",
        save=save,
    )


@require(permissions.can_view_panels)
def pack_detail(request: HttpRequest, pack_id: int) -> HttpResponse:
    user = _user(request)
    found = _found(selectors.pack_get_for(user=user, pack_id=pack_id))
    return render(request, "panels/pack.html", {"row": found[0], "pack": found[1]})


# --- A case at panel --------------------------------------------------------------------------


@require(permissions.can_view_panels)
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _found(selectors.case_get_for(user=user, case_id=case_id))
    page = selectors.case_panel_page_for(user=user, case=case)
    work = permissions.can_record_panel_work(user) and user.agency_id == case.owning_agency_id
    return render(request, "panels/case_detail.html", {"page": page, "can_work": work})


def _workable_case(request: HttpRequest, case_id: int) -> Any:
    user = _user(request)
    case = _found(selectors.case_get_for(user=user, case_id=case_id))
    _allow(permissions.can_record_panel_work(user) and user.agency_id == case.owning_agency_id)
    return case


def _case_url(case_id: int) -> str:
    return reverse("panels:case", args=[case_id])


@require(permissions.can_view_panels)
def consent(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _workable_case(request, case_id)

    def save(data: dict[str, Any]) -> str:
        services.consent_record(
            actor=user,
            case=case,
            given_by=data["given_by"],
            status=data["status"],
            on=data["on"],
            genuine_engagement=data["genuine_engagement"] == "yes",
            note=data["note"],
        )
        return _case_url(case.pk)

    return _form_page(
        request,
        panel_forms.ConsentForm(_data(request)),
        title="Record consent",
        caption=f"Case {case.pk}",
        back=_case_url(case.pk),
        submit="Record consent",
        save=save,
    )


@require(permissions.can_view_panels)
def plan(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _workable_case(request, case_id)

    def save(data: dict[str, Any]) -> str:
        items = [
            services.PlanItem(
                data[f"need_{n}"], data[f"action_{n}"], data[f"owner_{n}"], data[f"by_{n}"]
            )
            for n in (1, 2, 3)
            if data.get(f"need_{n}") or data.get(f"by_{n}")
        ]
        if any(item.by is None for item in items):
            raise ServiceError("items", "Give each need its date")
        services.support_plan_write(
            actor=user, case=case, items=items, change_note=data["change_note"]
        )
        return _case_url(case.pk)

    return _form_page(
        request,
        panel_forms.PlanForm(_data(request)),
        title="Write the support plan",
        caption=f"Case {case.pk}",
        back=_case_url(case.pk),
        submit="Save this version",
        save=save,
    )


@require(permissions.can_view_panels)
def review(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _workable_case(request, case_id)

    def save(data: dict[str, Any]) -> str:
        services.plan_review_record(actor=user, case=case, on=data["on"], note=data["note"])
        return _case_url(case.pk)

    return _form_page(
        request,
        panel_forms.ReviewForm(_data(request)),
        title="Record a review",
        caption=f"Case {case.pk}",
        back=_case_url(case.pk),
        submit="Record the review",
        save=save,
    )


@require(permissions.can_manage_panels)
def provider_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)

    def save(data: dict[str, Any]) -> str:
        services.provider_add(actor=user, name=data["name"], kind=data["kind"])
        return reverse("panels:list")

    return _form_page(
        request,
        panel_forms.ProviderForm(_data(request)),
        title="Add a provider",
        caption="Panels",
        back=reverse("panels:list"),
        submit="Add the provider",
        save=save,
    )


@require(permissions.can_view_panels)
def intervention_new(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _workable_case(request, case_id)
    providers = selectors.providers_for(case)

    def save(data: dict[str, Any]) -> str:
        provider = next(p for p in providers if p.pk == data["provider"])
        services.intervention_plan(
            actor=user,
            case=case,
            provider=provider,
            purpose=data["purpose"],
            session_dates=data["sessions"],
        )
        return _case_url(case.pk)

    return _form_page(
        request,
        panel_forms.InterventionForm(
            _data(request),
            providers=[(p.pk, f"{p.name} ({p.get_kind_display()})") for p in providers],
        ),
        title="Plan an intervention",
        caption=f"Case {case.pk}",
        back=_case_url(case.pk),
        submit="Plan the intervention",
        save=save,
    )


def _workable_intervention(request: HttpRequest, intervention_id: int) -> Any:
    user = _user(request)
    intervention = _found(
        selectors.intervention_get_for(user=user, intervention_id=intervention_id)
    )
    case = intervention.case
    _allow(permissions.can_record_panel_work(user) and user.agency_id == case.owning_agency_id)
    return intervention


@require(permissions.can_view_panels)
def session_record(request: HttpRequest, intervention_id: int, number: int) -> HttpResponse:
    user = _user(request)
    intervention = _workable_intervention(request, intervention_id)
    session = _found(intervention.sessions.filter(number=number).first())

    def save(data: dict[str, Any]) -> str:
        services.session_record(
            actor=user, session=session, status=data["status"], note=data["note"]
        )
        return _case_url(intervention.case_id)

    return _form_page(
        request,
        panel_forms.SessionForm(_data(request)),
        title=f"Session {session.number} on {session.planned_on:%d %B %Y}",
        caption=str(intervention.provider),
        back=_case_url(intervention.case_id),
        submit="Record the session",
        save=save,
    )


@require(permissions.can_view_panels)
def session_add(request: HttpRequest, intervention_id: int) -> HttpResponse:
    user = _user(request)
    intervention = _workable_intervention(request, intervention_id)

    def save(data: dict[str, Any]) -> str:
        services.session_add(
            actor=user, intervention=intervention, on=data["on"], note=data["note"]
        )
        return _case_url(intervention.case_id)

    return _form_page(
        request,
        panel_forms.SessionAddForm(_data(request)),
        title="Add a make-up session",
        caption=str(intervention.provider),
        back=_case_url(intervention.case_id),
        submit="Add the session",
        save=save,
    )


@require(permissions.can_view_panels)
def report(request: HttpRequest, intervention_id: int) -> HttpResponse:
    user = _user(request)
    intervention = _workable_intervention(request, intervention_id)

    def save(data: dict[str, Any]) -> str:
        services.provider_report_record(
            actor=user, intervention=intervention, on=data["on"], summary=data["summary"]
        )
        return _case_url(intervention.case_id)

    return _form_page(
        request,
        panel_forms.ReportForm(_data(request)),
        title="Record the provider's report",
        caption=str(intervention.provider),
        back=_case_url(intervention.case_id),
        submit="Record the report",
        save=save,
    )


@require(permissions.can_view_panels)
def exit_review(request: HttpRequest, review_id: int) -> HttpResponse:
    user = _user(request)
    found = _found(selectors.post_exit_review_get_for(user=user, review_id=review_id))
    case = found.case
    _allow(permissions.can_record_panel_work(user) and user.agency_id == case.owning_agency_id)

    def save(data: dict[str, Any]) -> str:
        services.post_exit_review_complete(
            actor=user,
            review=found,
            on=data["on"],
            note=data["note"],
            concern=data["concern"] == "yes",
            expected_version=data["version"],
        )
        return _case_url(case.pk)

    return _form_page(
        request,
        panel_forms.ExitReviewForm(_data(request), initial={"version": case.version}),
        title=f"{found.months}-month review after exit",
        caption=f"Case {case.pk}",
        back=_case_url(case.pk),
        submit="Complete the review",
        save=save,
    )


@require(permissions.can_view_panels)
def exit_extend(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _workable_case(request, case_id)

    def save(data: dict[str, Any]) -> str:
        services.post_exit_reviews_extend(actor=user, case=case)
        return _case_url(case.pk)

    return _form_page(
        request,
        panel_forms.ConfirmForm(_data(request)),
        title="Extend the follow-up to 24 months",
        caption=f"Case {case.pk}",
        back=_case_url(case.pk),
        submit="Extend",
        save=save,
    )
