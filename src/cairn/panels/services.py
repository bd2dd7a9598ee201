"""Writes of the panel: panels and members, meetings (agenda, attendance, minutes, each case's
decision), consent, support plans, reviews, interventions and their sessions, providers'
reports, reviews after exit and panel packs.

Every service checks everything it was given before it writes anything (a `ServiceError`
naming the field), then writes in one transaction: its rows, the chronology entry the rules
read, and its audit entry. A panel's decision moves the case only through
`cases.services.case_panel_decide` (a row of the one workflow table); a concern at a review
after exit reopens the case through `cases.services.case_reopen`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cairn.accounts import permissions as account_permissions
from cairn.accounts.models import User
from cairn.accounts.roles import Role
from cairn.agencies.models import Agency, AgencyKind
from cairn.audit.services import audit_record
from cairn.cases import services as case_services
from cairn.cases.models import Case, CaseStatus
from cairn.lib.errors import ServiceError
from cairn.lib.vocab import CONSENT_GIVERS, CONSENT_STATUSES
from cairn.panels import permissions, selectors
from cairn.panels.models import (
    AgendaItem,
    Attendance,
    Consent,
    Intervention,
    Meeting,
    MinutesVersion,
    Outcome,
    Panel,
    PanelMember,
    PanelPack,
    PlanReview,
    PostExitReview,
    Provider,
    ProviderKind,
    ProviderReport,
    Session,
    SessionStatus,
    SupportPlanVersion,
)
from cairn.rules.workdays import add_months, add_working_days, next_working_day
from cairn.work.models import Task, TaskKind
from cairn.work.services import TaskInput, task_open

TEXT_MAX = 20_000
CHILD_AGE = 18
#: Working days a safeguarding task is due in after a parent's refusal or obstruction.
SAFEGUARDING_WORKING_DAYS = 1
#: Months after exit of the further review when the follow-up is extended.
EXTENDED_MONTHS = 24


def _text(field: str, value: str, what: str, required: bool = True) -> str:
    cleaned = value.strip()
    if required and not cleaned:
        raise ServiceError(field, f"Enter {what}")
    if len(cleaned) > TEXT_MAX:
        raise ServiceError(
            field, f"{what[0].upper()}{what[1:]} must be {TEXT_MAX} characters or fewer"
        )
    return cleaned


def _not_future(field: str, day: date, what: str) -> None:
    if day > timezone.localdate():
        raise ServiceError(field, f"{what} cannot be in the future")


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _on(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _audit_case(actor: User, action: str, case: Case, detail: dict[str, Any] | None = None) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="case",
        object_id=case.pk,
        person_id=case.person_id,
        detail=detail or {},
    )


# --- Panels and members -----------------------------------------------------------------------


def panel_create(*, actor: User, name: str) -> Panel:
    """Set up a panel for the actor's local authority (its chair or a senior officer)."""
    if not permissions.can_manage_panels(actor):
        raise ServiceError("panel", "Only a panel chair or senior officer may set up a panel")
    cleaned = _text("name", name, "the panel's name")[:200]
    agency = actor.agency
    if agency is None or agency.kind != AgencyKind.LOCAL_AUTHORITY:
        raise ServiceError("panel", "Panels belong to a local authority")
    if Panel.objects.filter(local_authority=agency, name=cleaned).exists():
        raise ServiceError("name", "Your local authority already has a panel with this name")
    with transaction.atomic():
        panel = Panel.objects.create(
            local_authority=agency, name=cleaned, created_at=timezone.now()
        )
        audit_record(actor=actor, action="panel.create", object_type="panel", object_id=panel.pk)
    return panel


def _manage(actor: User, panel: Panel) -> None:
    if not permissions.can_manage_panels(actor) or actor.agency_id != panel.local_authority_id:
        raise ServiceError("panel", "Only the panel's chair or a senior officer may do this")


def panel_member_add(
    *, actor: User, panel: Panel, agency: Agency, user: User | None = None, name: str = ""
) -> PanelMember:
    """Add a member for a partner agency: a Cairn user holding the panel member or chair role
    at that agency, or a named member who does not sign in."""
    _manage(actor, panel)
    if user is not None:
        if user.agency_id != agency.pk:
            raise ServiceError("user", "The member must belong to the agency they sit for")
        if not permissions.sits_on_panels(user):
            raise ServiceError("user", "Only a user with the panel member or chair role may sit")
        if PanelMember.objects.filter(panel=panel, user=user).exists():
            raise ServiceError("user", "This user is already a member of the panel")
        name = name or user.get_full_name() or user.username
    cleaned = _text("name", name, "the member's name")[:200]
    with transaction.atomic():
        member = PanelMember.objects.create(
            panel=panel, agency=agency, user=user, name=cleaned, added_at=timezone.now()
        )
        audit_record(
            actor=actor,
            action="panel.member_add",
            object_type="panel",
            object_id=panel.pk,
            detail={"member": member.pk, "agency_id": agency.pk},
        )
    return member


# --- Meetings ---------------------------------------------------------------------------------


def meeting_schedule(*, actor: User, panel: Panel, held_on: date) -> Meeting:
    """Put a meeting of the panel in the diary."""
    _manage(actor, panel)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            panel=panel, held_on=held_on, created_by=actor, created_at=timezone.now()
        )
        audit_record(
            actor=actor,
            action="panel.meeting_schedule",
            object_type="meeting",
            object_id=meeting.pk,
        )
    return meeting


#: States in which a case may be put on an agenda: referred to panel, or adopted.
ON_AGENDA = (CaseStatus.PANEL, CaseStatus.ADOPTED)


def agenda_add(*, actor: User, meeting: Meeting, case: Case) -> AgendaItem:
    """Put a case of the panel's local authority on a meeting's agenda: one referred to panel
    or one the panel holds (for review or exit)."""
    _manage(actor, meeting.panel)
    if case.owning_agency_id != meeting.panel.local_authority_id:
        raise ServiceError("case", "The case belongs to another local authority's panel")
    if case.status not in ON_AGENDA:
        raise ServiceError(
            "case",
            "Only a case referred to panel or adopted can go on the agenda; this case is "
            f"{CaseStatus(case.status).label.lower()}",
        )
    if AgendaItem.objects.filter(meeting=meeting, case=case).exists():
        raise ServiceError("case", "The case is already on this meeting's agenda")
    with transaction.atomic():
        item = AgendaItem.objects.create(meeting=meeting, case=case, added_at=timezone.now())
        audit_record(
            actor=actor,
            action="panel.agenda_add",
            object_type="meeting",
            object_id=meeting.pk,
            person_id=case.person_id,
            detail={"case": case.pk},
        )
    return item


def attendance_record(
    *, actor: User, meeting: Meeting, agency: Agency, attendee: str
) -> Attendance:
    """Record that an agency attended the meeting, and who came; an agency is recorded once."""
    _manage(actor, meeting.panel)
    cleaned = _text("attendee", attendee, "who attended")[:200]
    if Attendance.objects.filter(meeting=meeting, agency=agency).exists():
        raise ServiceError(
            "agency", f"{agency.name}'s attendance is already recorded for this meeting"
        )
    with transaction.atomic():
        row = Attendance.objects.create(
            meeting=meeting, agency=agency, attendee=cleaned, recorded_at=timezone.now()
        )
        audit_record(
            actor=actor,
            action="panel.attendance_record",
            object_type="meeting",
            object_id=meeting.pk,
            detail={"agency_id": agency.pk},
        )
    return row


def minutes_version(meeting: Meeting) -> int:
    """The number of the meeting's latest minutes (0 before any are written)."""
    latest = meeting.minutes_versions.order_by("-number").values_list("number", flat=True)
    return latest.first() or 0


def minutes_record(
    *, actor: User, meeting: Meeting, minutes: str, expected_version: int | None = None
) -> Meeting:
    """Record the meeting's minutes as a new version; earlier versions are kept. Refused when
    someone saved a version since the writer opened the minutes (`expected_version`, the
    version they read), so one writer never silently replaces another's. Saving the same text
    again changes nothing."""
    _manage(actor, meeting.panel)
    cleaned = _text("minutes", minutes, "the minutes")
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        current = minutes_version(meeting)
        if expected_version is not None and expected_version != current:
            latest = meeting.minutes_versions.select_related("recorded_by").first()
            assert latest is not None
            raise ServiceError(
                "minutes",
                f"{latest.recorded_by.get_full_name() or latest.recorded_by.username} saved the "
                f"minutes at {timezone.localtime(latest.recorded_at):%H:%M on %d %B %Y} after "
                "you opened them. Your text is below: compare it with theirs on the meeting "
                "page, then save again",
            )
        if current and cleaned == meeting.minutes_versions.get(number=current).text:
            meeting.refresh_from_db()
            return meeting
        version = MinutesVersion.objects.create(
            meeting=meeting,
            number=current + 1,
            text=cleaned,
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        Meeting.objects.filter(pk=meeting.pk).update(minutes=cleaned)
        audit_record(
            actor=actor,
            action="panel.minutes_record",
            object_type="meeting",
            object_id=meeting.pk,
            detail={"version": version.number},
        )
    meeting.refresh_from_db()
    return meeting


@dataclass(frozen=True)
class DecisionInput:
    """A case's discussion at a meeting and the panel's decision."""

    outcome: str
    discussion: str
    consensus: bool
    dissent: str = ""
    alternative_route: str = ""
    route_owner: str = ""
    referrer_feedback: str = ""


def _check_decision(item: AgendaItem, data: DecisionInput) -> dict[str, Any]:
    if item.outcome:
        raise ServiceError("outcome", "The panel has already decided this case at this meeting")
    if data.outcome not in Outcome.values:
        raise ServiceError("outcome", "Choose adopt, do not adopt, continue or exit")
    details: dict[str, Any] = {
        "rationale": _text("discussion", data.discussion, "the discussion and its reasons"),
        "consensus": data.consensus,
    }
    if not data.consensus:
        details["dissent"] = _text("dissent", data.dissent, "the dissent: who disagreed and why")
    if data.outcome == Outcome.NOT_ADOPTED:
        route = _text("alternative_route", data.alternative_route, "the alternative route")
        owner = _text("route_owner", data.route_owner, "who owns the alternative route")
        details.update(
            alternative_route=route,
            forum=route,
            owner=owner,
            referrer_feedback=_text(
                "referrer_feedback", data.referrer_feedback, "the feedback given to the referrer"
            ),
        )
    if data.outcome == Outcome.EXIT:
        problems = selectors.exit_problems(item.case)
        if problems:
            field = problems[0][0]
            raise ServiceError(field, "Exit refused: " + "; ".join(m for _, m in problems))
    return details


def agenda_decide(
    *, actor: User, item: AgendaItem, expected_version: int, data: DecisionInput
) -> AgendaItem:
    """Record a case's discussion at a meeting and the panel's decision: adopt; not adopt, with
    the alternative route, its owner and the referrer's feedback; continue; or exit (refused
    while any session is unrecorded or a provider's report is missing). The discussion is a
    `panel_meeting` entry; the decision moves the case and is a `decision` entry; an exit
    schedules the reviews after exit. Only the panel's chair decides."""
    meeting = item.meeting
    if not permissions.can_chair(actor) or actor.agency_id != meeting.panel.local_authority_id:
        raise ServiceError("outcome", "Only the panel's chair records the panel's decision")
    details = _check_decision(item, data)
    sharing = selectors.member_agency_names(meeting.panel)
    with transaction.atomic():
        locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if locked.outcome:
            raise ServiceError("outcome", "The panel has already decided this case at this meeting")
        meeting_entry = case_services.case_entry_record(
            actor=actor,
            case=item.case,
            kind="panel_meeting",
            summary=f"Discussed at the panel meeting of {_on(meeting.held_on)}",
            details={
                "meeting": str(meeting.pk),
                "outcome": data.outcome,
                "consensus": data.consensus,
                **({"dissent": details["dissent"]} if "dissent" in details else {}),
            },
            shared_with=sharing,
        )
        details["evidence"] = [str(meeting_entry.pk)]
        case, entry = case_services.case_panel_decide(
            actor=actor,
            case=item.case,
            expected_version=expected_version,
            outcome=data.outcome,
            details=details,
            shared_with=sharing,
        )
        AgendaItem.objects.filter(pk=item.pk).update(
            discussion=details["rationale"],
            outcome=data.outcome,
            alternative_route=details.get("alternative_route", ""),
            route_owner=details.get("owner", ""),
            consensus=data.consensus,
            dissent=details.get("dissent", ""),
            decided_by=actor,
            decided_at=timezone.now(),
            entry=entry,
            meeting_entry=meeting_entry,
        )
        if data.outcome == Outcome.EXIT:
            _reviews_schedule(case, timezone.localdate())
        audit_record(
            actor=actor,
            action="panel.decide",
            object_type="meeting",
            object_id=meeting.pk,
            person_id=case.person_id,
            detail={"case": case.pk, "outcome": data.outcome, "entry": entry.pk},
        )
    item.refresh_from_db()
    return item


def _reviews_schedule(case: Case, exited_on: date) -> None:
    params = selectors.policy_parameters("post-exit-review")
    now = timezone.now()
    for months in (int(params.get("first_months", 6)), int(params.get("second_months", 12))):
        PostExitReview.objects.create(
            case=case,
            months=months,
            due=next_working_day(add_months(exited_on, months)),
            scheduled_at=now,
        )


# --- What the panel owes an adopted case ------------------------------------------------------


def _work_on(actor: User, case: Case, what: str) -> None:
    if not permissions.can_record_panel_work(actor) or actor.agency_id != case.owning_agency_id:
        raise ServiceError("case", f"Only the programme team of the case's local authority {what}")


def _adopted(case: Case, what: str) -> date:
    """The day the case was adopted; refused unless the case is adopted now."""
    if case.status != CaseStatus.ADOPTED:
        raise ServiceError(
            "case",
            f"{what} only for an adopted case; this case is "
            f"{CaseStatus(case.status).label.lower()}",
        )
    adopted = selectors.adopted_on(case)
    if adopted is None:
        raise ServiceError("case", "The case's adoption is not on the chronology")
    return adopted


def _is_child(case: Case, on: date) -> bool | None:
    dob = case.person.date_of_birth
    if dob is None:
        return None
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day)) < CHILD_AGE


def consent_record(
    *,
    actor: User,
    case: Case,
    given_by: str,
    status: str,
    on: date,
    genuine_engagement: bool,
    note: str = "",
) -> Consent:
    """Record consent given, refused or obstructed: by the person, by a parent (for a child)
    or by the local authority as corporate parent (for a child in its care), on a day, and
    whether engagement is genuine. A parent's refusal or obstruction opens a safeguarding task
    in the senior officers' queue: it is never a silent closure, and the case stays as it is."""
    _work_on(actor, case, "records consent")
    if given_by not in CONSENT_GIVERS:
        raise ServiceError("given_by", "Choose who gave or refused consent")
    if status not in CONSENT_STATUSES:
        raise ServiceError("status", "Choose given, refused or obstructed")
    _not_future("on", on, "The day of consent")
    if given_by in ("parent", "local_authority") and _is_child(case, on) is False:
        raise ServiceError(
            "given_by", "The person is an adult: consent is theirs, not a parent's or the council's"
        )
    if case.status not in (CaseStatus.PANEL, CaseStatus.ADOPTED):
        raise ServiceError("case", "Consent is recorded for a case at panel or adopted")
    cleaned = _text("note", note, "a note", required=False)
    obstruction = given_by == "parent" and status in ("refused", "obstructed")
    if obstruction and not cleaned:
        raise ServiceError(
            "note", "Say how consent was refused or obstructed, for the safeguarding task"
        )
    with transaction.atomic():
        entry = case_services.case_entry_record(
            actor=actor,
            case=case,
            kind="consent",
            summary=cleaned or f"Consent {status} by {CONSENT_GIVERS[given_by].lower()}",
            details={
                "given_by": given_by,
                "status": status,
                "genuine_engagement": genuine_engagement,
            },
            occurred_at=_day_start(on),
            date_only=True,
        )
        consent = Consent.objects.create(
            case=case,
            given_by=given_by,
            status=status,
            on=on,
            genuine_engagement=genuine_engagement,
            note=cleaned,
            recorded_by=actor,
            entry=entry,
        )
        if obstruction:
            consent.task = _safeguarding_task(actor, case, consent)
            consent.save(update_fields=["task"])
        _audit_case(
            actor,
            "panel.consent_record",
            case,
            {"status": status, "given_by": given_by, "entry": entry.pk},
        )
    return consent


def _safeguarding_task(actor: User, case: Case, consent: Consent) -> Task:
    now = timezone.now()
    task, _ = task_open(
        actor=actor,
        data=TaskInput(
            kind=TaskKind.SAFEGUARDING,
            person=case.person,
            agency=case.owning_agency,
            role=Role.SENIOR_OFFICER,
            title=f"Safeguarding: a parent {consent.status} consent on case {case.pk}",
            due=add_working_days(timezone.localdate(now), SAFEGUARDING_WORKING_DAYS),
            source_key=f"consent:{consent.pk}",
            case=case,
            rule="consent-obstruction",
        ),
        now=now,
    )
    return task


@dataclass(frozen=True)
class PlanItem:
    """One need in a support plan, with the action, who owns it and by when."""

    need: str
    action: str
    owner: str
    by: date


def support_plan_write(
    *, actor: User, case: Case, items: Sequence[PlanItem], change_note: str = ""
) -> SupportPlanVersion:
    """Write the support plan of an adopted case, or a new version of it: every change is a new
    version and every version is kept. A `support_plan` entry the support-plan-missing rule
    reads. Refused for a case that is not adopted."""
    _work_on(actor, case, "writes support plans")
    adopted = _adopted(case, "A support plan is written")
    if not items:
        raise ServiceError("items", "Write at least one need, with its action, owner and date")
    rows = []
    for number, item in enumerate(items, start=1):
        field = f"items-{number}"
        if not (item.need.strip() and item.action.strip() and item.owner.strip()):
            raise ServiceError(field, f"Need {number}: write the need, the action and its owner")
        if item.by < adopted:
            raise ServiceError(field, f"Need {number}: the date is before the case was adopted")
        rows.append(
            {
                "need": item.need.strip(),
                "action": item.action.strip(),
                "owner": item.owner.strip(),
                "by": item.by.isoformat(),
            }
        )
    note = _text("change_note", change_note, "what changed", required=False)
    with transaction.atomic():
        latest = SupportPlanVersion.objects.select_for_update().filter(case=case)
        number = (latest.aggregate(m=Max("number"))["m"] or 0) + 1
        if number > 1 and not note:
            raise ServiceError("change_note", "Say what changed in this version of the plan")
        entry = case_services.case_entry_record(
            actor=actor,
            case=case,
            kind="support_plan",
            summary=f"Support plan version {number}" + (f": {note}" if note else ""),
            details={"version": number, "items": rows},
            shared_with=selectors.case_panel_agencies(case),
        )
        version = SupportPlanVersion.objects.create(
            case=case,
            number=number,
            items=rows,
            change_note=note,
            recorded_by=actor,
            recorded_at=timezone.now(),
            entry=entry,
        )
        _audit_case(actor, "panel.support_plan_write", case, {"version": number, "entry": entry.pk})
    return version


def plan_review_record(*, actor: User, case: Case, on: date, note: str) -> PlanReview:
    """Record a review of an adopted case and its plan (a `panel_review` entry, which the
    panel-review-gap rule reads)."""
    _work_on(actor, case, "records reviews")
    adopted = _adopted(case, "A review is recorded")
    _not_future("on", on, "The day of the review")
    if on < adopted:
        raise ServiceError(
            "on", f"The review is dated before the case was adopted on {_on(adopted)}"
        )
    cleaned = _text("note", note, "what the review found")
    with transaction.atomic():
        entry = case_services.case_entry_record(
            actor=actor,
            case=case,
            kind="panel_review",
            summary=cleaned,
            details={},
            occurred_at=_day_start(on),
            date_only=True,
            shared_with=selectors.case_panel_agencies(case),
        )
        review = PlanReview.objects.create(
            case=case, on=on, note=cleaned, recorded_by=actor, entry=entry
        )
        _audit_case(actor, "panel.review_record", case, {"entry": entry.pk})
    return review


# --- Interventions ----------------------------------------------------------------------------


def provider_add(*, actor: User, name: str, kind: str) -> Provider:
    """Add an intervention provider (a mentor or a service) the actor's local authority uses."""
    if not permissions.can_manage_panels(actor) or actor.agency is None:
        raise ServiceError("provider", "Only a panel chair or senior officer may add providers")
    if kind not in ProviderKind.values:
        raise ServiceError("kind", "Choose mentor or service")
    cleaned = _text("name", name, "the provider's name")[:200]
    if Provider.objects.filter(local_authority=actor.agency, name=cleaned).exists():
        raise ServiceError("name", "There is already a provider with this name")
    with transaction.atomic():
        provider = Provider.objects.create(local_authority=actor.agency, name=cleaned, kind=kind)
        audit_record(
            actor=actor, action="panel.provider_add", object_type="provider", object_id=provider.pk
        )
    return provider


def _sessions_after_adoption(dates: Sequence[date], adopted: date) -> None:
    for number, day in enumerate(dates, start=1):
        if day < adopted:
            raise ServiceError(
                "sessions",
                f"Session {number} is dated {_on(day)}, before the case was adopted on "
                f"{_on(adopted)}: nothing was saved",
            )


def intervention_plan(
    *, actor: User, case: Case, provider: Provider, purpose: str, session_dates: Sequence[date]
) -> Intervention:
    """Commission a provider for an adopted case: its purpose and its sessions, each on a day
    no earlier than the adoption (an `intervention_planned` entry with the number of sessions)."""
    _work_on(actor, case, "plans interventions")
    adopted = _adopted(case, "An intervention is planned")
    if provider.local_authority_id != case.owning_agency_id:
        raise ServiceError("provider", "Choose one of your local authority's providers")
    cleaned = _text("purpose", purpose, "the intervention's purpose")
    if not session_dates:
        raise ServiceError("sessions", "Plan at least one session, with its day")
    _sessions_after_adoption(session_dates, adopted)
    with transaction.atomic():
        entry = case_services.case_entry_record(
            actor=actor,
            case=case,
            kind="intervention_planned",
            summary=cleaned,
            details={"provider": provider.name, "sessions": len(session_dates)},
            shared_with=selectors.case_panel_agencies(case),
        )
        intervention = Intervention.objects.create(
            case=case,
            provider=provider,
            sessions_planned=len(session_dates),
            purpose=cleaned,
            recorded_by=actor,
            recorded_at=timezone.now(),
            entry=entry,
        )
        Session.objects.bulk_create(
            Session(intervention=intervention, number=n, planned_on=day)
            for n, day in enumerate(sorted(session_dates), start=1)
        )
        _audit_case(
            actor,
            "panel.intervention_plan",
            case,
            {"intervention": intervention.pk, "sessions": len(session_dates)},
        )
    return intervention


def session_add(*, actor: User, intervention: Intervention, on: date, note: str) -> Session:
    """Add a session beyond the plan (a make-up for a missed one): it counts towards delivery
    once held, and the missed session stays on the record."""
    case = intervention.case
    _work_on(actor, case, "adds sessions")
    adopted = _adopted(case, "A session is added")
    _sessions_after_adoption([on], adopted)
    cleaned = _text("note", note, "why the session is added (which missed session it makes up)")
    with transaction.atomic():
        number = (intervention.sessions.aggregate(m=Max("number"))["m"] or 0) + 1
        session = Session.objects.create(
            intervention=intervention, number=number, planned_on=on, makes_up=True, note=cleaned
        )
        _audit_case(actor, "panel.session_add", case, {"session": session.pk})
    return session


def session_record(*, actor: User, session: Session, status: str, note: str = "") -> Session:
    """Record a session delivered or missed on its day (an `intervention_session` entry). A
    session is recorded once, and not before its day."""
    intervention = session.intervention
    case = intervention.case
    _work_on(actor, case, "records sessions")
    if status not in (SessionStatus.DELIVERED, SessionStatus.MISSED):
        raise ServiceError("status", "Choose delivered or missed")
    if session.planned_on > timezone.localdate():
        raise ServiceError("status", "A session is recorded on or after its day, not before")
    cleaned = _text("note", note, "a note", required=False)
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.status != SessionStatus.PLANNED:
            raise ServiceError("status", "This session is already recorded")
        entry = case_services.case_entry_record(
            actor=actor,
            case=case,
            kind="intervention_session",
            summary=cleaned
            or f"Session {locked.number} with {intervention.provider.name}: {status}",
            details={"provider": intervention.provider.name, "status": status},
            occurred_at=_day_start(locked.planned_on),
            date_only=True,
            shared_with=selectors.case_panel_agencies(case),
        )
        Session.objects.filter(pk=locked.pk).update(
            status=status, note=cleaned or locked.note, recorded_by=actor, entry=entry
        )
        _audit_case(actor, "panel.session_record", case, {"session": locked.pk, "status": status})
    session.refresh_from_db()
    return session


def provider_report_record(
    *, actor: User, intervention: Intervention, on: date, summary: str
) -> ProviderReport:
    """Record the provider's report on an intervention (a `provider_report` entry)."""
    case = intervention.case
    _work_on(actor, case, "records providers' reports")
    adopted = _adopted(case, "A provider's report is recorded")
    _not_future("on", on, "The day of the report")
    if on < adopted:
        raise ServiceError(
            "on", f"The report is dated before the case was adopted on {_on(adopted)}"
        )
    cleaned = _text("summary", summary, "what the provider reported")
    with transaction.atomic():
        entry = case_services.case_entry_record(
            actor=actor,
            case=case,
            kind="provider_report",
            summary=cleaned,
            details={"provider": intervention.provider.name},
            occurred_at=_day_start(on),
            date_only=True,
            shared_with=selectors.case_panel_agencies(case),
        )
        report = ProviderReport.objects.create(
            intervention=intervention, on=on, summary=cleaned, recorded_by=actor, entry=entry
        )
        _audit_case(
            actor,
            "panel.provider_report",
            case,
            {"intervention": intervention.pk, "entry": entry.pk},
        )
    return report


# --- After exit -------------------------------------------------------------------------------


def post_exit_reviews_extend(*, actor: User, case: Case) -> PostExitReview:
    """Extend the follow-up after exit to 24 months: a further review is scheduled."""
    _work_on(actor, case, "extends the follow-up")
    reviews = list(PostExitReview.objects.filter(case=case))
    if not reviews:
        raise ServiceError("case", "The case has no reviews after exit to extend")
    if any(r.months == EXTENDED_MONTHS for r in reviews):
        raise ServiceError("case", "The follow-up is already extended to 24 months")
    exited = min(r.scheduled_at for r in reviews)
    with transaction.atomic():
        review = PostExitReview.objects.create(
            case=case,
            months=EXTENDED_MONTHS,
            due=next_working_day(add_months(timezone.localdate(exited), EXTENDED_MONTHS)),
            scheduled_at=timezone.now(),
        )
        _audit_case(actor, "panel.post_exit_extend", case)
    return review


def post_exit_review_complete(
    *,
    actor: User,
    review: PostExitReview,
    on: date,
    note: str,
    concern: bool,
    expected_version: int,
) -> PostExitReview:
    """Complete a review after exit (a `post_exit_review` entry). A concern found reopens the
    case through the workflow's reopen move, which is a senior officer's decision, so only a
    senior officer records a review with a concern. A review is completed once."""
    case = review.case
    _work_on(actor, case, "completes reviews after exit")
    if review.completed_on is not None:
        raise ServiceError("review", "This review is already completed")
    _not_future("on", on, "The day of the review")
    cleaned = _text("note", note, "what the review found")
    if concern and not account_permissions.can_approve_decisions(actor):
        raise ServiceError(
            "concern",
            "A concern reopens the case, which a senior officer decides: ask one to record it",
        )
    if concern and case.status not in (CaseStatus.EXITED, CaseStatus.CLOSED):
        raise ServiceError("concern", "The case is open already; record the concern on it")
    with transaction.atomic():
        entry = case_services.case_entry_record(
            actor=actor,
            case=case,
            kind="post_exit_review",
            summary=cleaned,
            details={"months": review.months, "concern": concern},
            occurred_at=_day_start(on),
            date_only=True,
        )
        PostExitReview.objects.filter(pk=review.pk).update(
            completed_on=on, note=cleaned, concern=concern, completed_by=actor, entry=entry
        )
        if concern:
            case_services.case_reopen(
                actor=actor,
                case=case,
                expected_version=expected_version,
                note=f"Concern at the {review.months}-month review after exit: {cleaned}",
            )
        _audit_case(
            actor,
            "panel.post_exit_review",
            case,
            {"review": review.pk, "concern": concern, "entry": entry.pk},
        )
    review.refresh_from_db()
    return review


# --- Packs ------------------------------------------------------------------------------------


def pack_produce(
    *, actor: User, meeting: Meeting, agency: Agency
) -> tuple[PanelPack, selectors.Pack]:
    """Produce the printable pack of a meeting for one recipient agency: each case on the
    agenda with only the entries that agency may see, and a record of exactly what it held."""
    _manage(actor, meeting.panel)
    if agency.pk not in selectors.recipient_agency_ids(meeting):
        raise ServiceError("agency", "Packs go to the local authority and its members' agencies")
    pack = selectors.pack_for(meeting=meeting, agency=agency)
    with transaction.atomic():
        row = PanelPack.objects.create(
            meeting=meeting,
            agency=agency,
            produced_by=actor,
            produced_at=timezone.now(),
            cases=[c.case.pk for c in pack.cases],
            entries=[e.entry.pk for c in pack.cases for e in c.entries],
        )
        audit_record(
            actor=actor,
            action="panel.pack_produce",
            object_type="meeting",
            object_id=meeting.pk,
            detail={"pack": row.pk, "agency_id": agency.pk, "entries": row.entries},
        )
    return row, pack
