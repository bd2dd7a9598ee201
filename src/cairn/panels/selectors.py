"""Reads of panels, each scoped to the viewer and audited.

Who sees what, in one place: the programme team of a local authority (case officers, senior
officers, the chair) sees its panels and its cases; a panel member sees the panels they sit on
and only the cases on those panels' agendas, and of a case's chronology only what is shared
with their agency (the chronology's own rule, `entries_visible_to`). Anything else is "not
found", exactly like something that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from cairn.accounts.models import User
from cairn.accounts.permissions import has_role
from cairn.accounts.roles import Role
from cairn.accounts.selectors import user_list
from cairn.agencies.models import Agency
from cairn.audit.services import audit_record
from cairn.cases.models import Case
from cairn.chronology.models import Entry, Sensitivity
from cairn.chronology.selectors import entries_visible_to
from cairn.panels import permissions
from cairn.panels.models import (
    AgendaItem,
    Consent,
    Intervention,
    Meeting,
    Panel,
    PanelMember,
    PanelPack,
    PlanReview,
    PostExitReview,
    Provider,
    SessionStatus,
    SupportPlanVersion,
)
from cairn.rules.selectors import POLICY_IN_FORCE, policy_in_force


def _team(user: User) -> bool:
    """The programme team of a local authority, which holds its panels."""
    return (
        has_role(user, Role.CASE_OFFICER)
        or has_role(user, Role.SENIOR_OFFICER)
        or has_role(user, Role.PANEL_CHAIR)
    )


def _panels(user: User) -> QuerySet[Panel]:
    if not permissions.can_view_panels(user):
        return Panel.objects.none()
    condition = Q(members__user=user)
    if _team(user):
        condition |= Q(local_authority_id=user.agency_id)
    return Panel.objects.filter(condition).distinct()


def panel_list_for(*, user: User) -> list[Panel]:
    return list(_panels(user).select_related("local_authority"))


def panel_get_for(*, user: User, panel_id: int) -> Panel | None:
    panel = _panels(user).filter(pk=panel_id).first()
    if panel is not None:
        audit_record(actor=user, action="panel.view", object_type="panel", object_id=panel.pk)
    return panel


def meeting_get_for(*, user: User, meeting_id: int) -> Meeting | None:
    meeting = (
        Meeting.objects.filter(panel__in=_panels(user), pk=meeting_id)
        .select_related("panel")
        .first()
    )
    if meeting is not None:
        audit_record(
            actor=user, action="panel.meeting_view", object_type="meeting", object_id=meeting.pk
        )
    return meeting


def _cases(user: User) -> QuerySet[Case]:
    if not permissions.can_view_panels(user):
        return Case.objects.none()
    on_agenda = AgendaItem.objects.filter(meeting__panel__members__user=user).values("case_id")
    condition = Q(pk__in=on_agenda)
    if _team(user):
        condition |= Q(owning_agency_id=user.agency_id)
    return Case.objects.filter(condition)


def case_get_for(*, user: User, case_id: int) -> Case | None:
    """A case as the panel's pages show it, if the viewer may see it; audited."""
    case = _cases(user).select_related("person", "owning_agency").filter(pk=case_id).first()
    if case is not None:
        audit_record(
            actor=user,
            action="panel.case_view",
            object_type="case",
            object_id=case.pk,
            person_id=case.person_id,
        )
    return case


def agenda_item_get_for(*, user: User, item_id: int) -> AgendaItem | None:
    return (
        AgendaItem.objects.filter(meeting__panel__in=_panels(user), case__in=_cases(user))
        .select_related("meeting__panel", "case__person")
        .filter(pk=item_id)
        .first()
    )


def intervention_get_for(*, user: User, intervention_id: int) -> Intervention | None:
    return (
        Intervention.objects.filter(case__in=_cases(user), pk=intervention_id)
        .select_related("case__person", "provider")
        .first()
    )


def post_exit_review_get_for(*, user: User, review_id: int) -> PostExitReview | None:
    return (
        PostExitReview.objects.filter(case__in=_cases(user), pk=review_id)
        .select_related("case__person")
        .first()
    )


def cases_for_agenda(*, user: User, meeting: Meeting) -> list[Case]:
    """The local authority's cases that may go on the agenda and are not on it yet."""
    if not permissions.can_manage_panels(user):
        return []
    return list(
        Case.objects.filter(
            owning_agency_id=meeting.panel.local_authority_id, status__in=("panel", "adopted")
        )
        .exclude(pk__in=meeting.agenda.values("case_id"))
        .select_related("person")
    )


# --- What services read -----------------------------------------------------------------------


def policy_parameters(rule: str) -> dict[str, Any]:
    return dict(policy_in_force(name=POLICY_IN_FORCE).parameters.get(rule) or {})


def adopted_on(case: Case) -> date | None:
    """The day of the case's latest adoption, from its decision on the chronology."""
    entry = (
        entries_visible_to(None)
        .filter(
            source_record__person_id=case.person_id,
            owning_agency_id=case.owning_agency_id,
            kind="decision",
            details__outcome="adopted",
        )
        .order_by("-occurred_at", "-id")
        .first()
    )
    return timezone.localdate(entry.occurred_at) if entry is not None else None


def member_agency_names(panel: Panel) -> tuple[str, ...]:
    """The partner agencies sitting on a panel, which its records are shared with."""
    names = (
        PanelMember.objects.filter(panel=panel)
        .exclude(agency_id=panel.local_authority_id)
        .values_list("agency__name", flat=True)
        .distinct()
    )
    return tuple(sorted(set(names)))


def case_panel_agencies(case: Case) -> tuple[str, ...]:
    """The partner agencies on the panels whose agendas hold the case."""
    panels = Panel.objects.filter(meetings__agenda__case=case).distinct()
    names: set[str] = set()
    for panel in panels:
        names.update(member_agency_names(panel))
    return tuple(sorted(names))


def exit_problems(case: Case) -> list[tuple[str, str]]:
    """What stops an exit: sessions not yet recorded delivered or missed, and interventions
    without the provider's report (field, message)."""
    problems: list[tuple[str, str]] = []
    for intervention in Intervention.objects.filter(case=case).select_related("provider"):
        for session in intervention.sessions.filter(status=SessionStatus.PLANNED):
            problems.append(
                (
                    "sessions",
                    f"session {session.number} with {intervention.provider.name} (on "
                    f"{session.planned_on:%d %B %Y}) is not recorded as delivered or missed",
                )
            )
        if not intervention.reports.exists():
            problems.append(("report", f"no report from {intervention.provider.name}"))
    return problems


# --- Pages ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PackEntry:
    entry: Entry
    withheld: bool


@dataclass(frozen=True)
class Delivery:
    intervention: Intervention
    sessions: list[Any]
    planned: int
    delivered: int
    missed: int
    unrecorded: int
    reported: bool

    @property
    def shortfall(self) -> int:
        return max(self.planned - self.delivered, 0)


@dataclass(frozen=True)
class CasePanelPage:
    case: Case
    adopted_on: date | None
    decisions: list[AgendaItem]
    consents: list[Consent]
    plans: list[SupportPlanVersion]
    reviews: list[PlanReview]
    deliveries: list[Delivery]
    exit_reviews: list[PostExitReview]
    entries: list[PackEntry]
    exit_problems: list[tuple[str, str]] = field(default_factory=list)


def case_panel_page_for(*, user: User, case: Case) -> CasePanelPage:
    """Everything the panel holds on a case, and the chronology entries the viewer may see."""
    deliveries = []
    for intervention in Intervention.objects.filter(case=case).select_related("provider"):
        sessions = list(intervention.sessions.all())
        deliveries.append(
            Delivery(
                intervention=intervention,
                sessions=sessions,
                planned=intervention.sessions_planned,
                delivered=sum(s.status == SessionStatus.DELIVERED for s in sessions),
                missed=sum(s.status == SessionStatus.MISSED for s in sessions),
                unrecorded=sum(s.status == SessionStatus.PLANNED for s in sessions),
                reported=intervention.reports.exists(),
            )
        )
    entries = [
        PackEntry(
            e,
            e.owning_agency_id != user.agency_id
            and e.sensitivity == Sensitivity.OFFICIAL_SENSITIVE,
        )
        for e in entries_visible_to(user)
        .filter(source_record__person_id=case.person_id)
        .select_related("owning_agency")
        .order_by("-occurred_at", "-id")[:200]
    ]
    return CasePanelPage(
        case=case,
        adopted_on=adopted_on(case),
        decisions=list(
            AgendaItem.objects.filter(case=case, meeting__panel__in=_panels(user))
            .exclude(outcome="")
            .select_related("meeting")
        ),
        consents=list(Consent.objects.filter(case=case)),
        plans=list(SupportPlanVersion.objects.filter(case=case)),
        reviews=list(PlanReview.objects.filter(case=case)),
        deliveries=deliveries,
        exit_reviews=list(PostExitReview.objects.filter(case=case)),
        entries=entries,
        exit_problems=exit_problems(case),
    )


# --- Packs ------------------------------------------------------------------------------------


def recipient_agency_ids(meeting: Meeting) -> set[int]:
    ids = set(PanelMember.objects.filter(panel=meeting.panel).values_list("agency_id", flat=True))
    return ids | {meeting.panel.local_authority_id}


def recipient_agencies(meeting: Meeting) -> list[Agency]:
    return list(Agency.objects.filter(pk__in=recipient_agency_ids(meeting)).order_by("name"))


@dataclass(frozen=True)
class PackCase:
    case: Case
    item: AgendaItem
    entries: list[PackEntry]


@dataclass(frozen=True)
class Pack:
    meeting: Meeting
    agency: Agency
    cases: list[PackCase]


def _agency_entries(agency: Agency, person_id: int) -> QuerySet[Entry]:
    """What an agency may see of a person's chronology, by the chronology's rule for a viewer
    at that agency who works on its entries: its own entries, and entries shared with it unless
    restricted (a pack goes to an agency, which may name members who never sign in)."""
    shared = Q(shared_with=agency) & ~Q(sensitivity=Sensitivity.RESTRICTED)
    return (
        entries_visible_to(None)
        .filter(source_record__person_id=person_id)
        .filter(Q(owning_agency=agency) | shared)
        .distinct()
        .select_related("owning_agency")
        .order_by("occurred_at", "id")
    )


def pack_for(*, meeting: Meeting, agency: Agency) -> Pack:
    cases = []
    for item in meeting.agenda.select_related("case__person"):
        entries = [
            PackEntry(
                entry,
                entry.owning_agency_id != agency.pk
                and entry.sensitivity == Sensitivity.OFFICIAL_SENSITIVE,
            )
            for entry in _agency_entries(agency, item.case.person_id)
        ]
        cases.append(PackCase(item.case, item, entries))
    return Pack(meeting, agency, cases)


def packs_of(meeting: Meeting) -> list[PanelPack]:
    return list(meeting.packs.select_related("agency", "produced_by"))


def visible_cases(*, user: User, meeting: Meeting) -> list[Case]:
    """The cases of a meeting's agenda the viewer may see."""
    return list(_cases(user).filter(pk__in=meeting.agenda.values("case_id")))


def providers_for(case: Case) -> list[Provider]:
    return list(Provider.objects.filter(local_authority_id=case.owning_agency_id))


def pack_get_for(*, user: User, pack_id: int) -> tuple[PanelPack, Pack] | None:
    """A pack produced earlier, with exactly the entries it held then (as they read now: a
    correction since shows the correction's history on the chronology, not here); only the
    local authority's chair and senior officers open packs. Audited."""
    if not permissions.can_manage_panels(user):
        return None
    row = (
        PanelPack.objects.filter(pk=pack_id, meeting__panel__local_authority_id=user.agency_id)
        .select_related("meeting__panel", "agency")
        .first()
    )
    if row is None:
        return None
    held = set(row.entries)
    entries = {
        e.pk: e
        for e in entries_visible_to(None)
        .filter(pk__in=held)
        .select_related("owning_agency", "source_record")
    }
    cases = []
    for item in row.meeting.agenda.select_related("case__person").filter(case_id__in=row.cases):
        listed = [
            PackEntry(
                entries[pk],
                entries[pk].owning_agency_id != row.agency_id
                and entries[pk].sensitivity == Sensitivity.OFFICIAL_SENSITIVE,
            )
            for pk in sorted(held, key=lambda pk: (entries[pk].occurred_at, pk))
            if pk in entries and entries[pk].source_record.person_id == item.case.person_id
        ]
        cases.append(PackCase(item.case, item, listed))
    audit_record(
        actor=user,
        action="panel.pack_view",
        object_type="meeting",
        object_id=row.meeting_id,
        detail={"pack": row.pk},
    )
    return row, Pack(row.meeting, row.agency, cases)


def member_candidates() -> list[User]:
    """Active users who may be made panel members (panel member or chair role)."""
    return list(
        user_list()
        .filter(role_assignments__role__in=(Role.PANEL_MEMBER, Role.PANEL_CHAIR), is_active=True)
        .select_related("agency")
        .distinct()
    )
