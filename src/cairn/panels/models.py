"""The multi-agency panel: a local authority's panel and its members, its meetings (agenda,
attendance, minutes, each case's decision), and what the panel then owes the person it
adopts: consent, a written support plan kept in versions, reviews, interventions and their
sessions, the provider's report, and the reviews after exit. Every record that the rules read
is also a chronology entry (`entry`); these rows are what the pages list."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q

from cairn.agencies.models import Agency
from cairn.lib.vocab import CONSENT_GIVERS, CONSENT_STATUSES


class Panel(models.Model):
    """A local authority's multi-agency panel, chaired by the local authority, with members
    from partner agencies. A case comes before the panel of the local authority that owns it."""

    local_authority = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "name"], name="panels_one_name_per_authority"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PanelMember(models.Model):
    """Someone who sits on a panel for their agency: a Cairn user (a panel member or chair),
    or a named member of a partner agency who does not sign in (they receive packs)."""

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="members")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200)
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["agency__name", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "user"],
                condition=Q(user__isnull=False),
                name="panels_user_once_per_panel",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency})"


class Meeting(models.Model):
    """One sitting of a panel: its day, its agenda of cases, who attended for which agency,
    and the minutes."""

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField()
    minutes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.panel} meeting on {self.held_on}"


class MinutesVersion(models.Model):
    """One saved version of a meeting's minutes. Saving the minutes again adds a version and
    never overwrites one, so what the panel recorded first stays readable beside what replaced
    it; `Meeting.minutes` holds the latest text."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="minutes_versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], name="panels_minutes_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}, version {self.number}"


class Attendance(models.Model):
    """An agency's attendance at a meeting: one row per agency, naming who came."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    attendee = models.CharField(max_length=200)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["agency__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "agency"], name="panels_one_attendance_per_agency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} at {self.meeting}"


class Outcome(models.TextChoices):
    ADOPTED = "adopted", "Adopt"
    NOT_ADOPTED = "not_adopted", "Do not adopt (alternative route)"
    CONTINUE = "continue", "Continue"
    EXIT = "exit", "Exit"


class AgendaItem(models.Model):
    """A case on a meeting's agenda, and once discussed: the discussion, the decision, whether
    it was by consensus and any dissent; `entry` is the `decision` entry and `meeting_entry`
    the `panel_meeting` entry on the person's chronology."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agenda")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()
    discussion = models.TextField(blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    alternative_route = models.CharField(max_length=200, blank=True)
    route_owner = models.CharField(max_length=200, blank=True)
    consensus = models.BooleanField(null=True)
    dissent = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    entry = models.ForeignKey(
        "chronology.Entry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    meeting_entry = models.ForeignKey(
        "chronology.Entry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "case"], name="panels_case_once_per_agenda")
        ]

    def __str__(self) -> str:
        return f"{self.case} at {self.meeting}"


class Consent(models.Model):
    """Consent to the programme's support: who gave or refused it (the person; a parent for a
    child; the local authority as corporate parent), on which day, and whether engagement is
    genuine. A parent's refusal or obstruction opens a safeguarding `task`."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    given_by = models.CharField(max_length=24, choices=list(CONSENT_GIVERS.items()))
    status = models.CharField(max_length=16, choices=list(CONSENT_STATUSES.items()))
    on = models.DateField()
    genuine_engagement = models.BooleanField()
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entry = models.ForeignKey("chronology.Entry", on_delete=models.PROTECT, related_name="+")
    task = models.ForeignKey(
        "work.Task", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"Consent {self.status} by {self.given_by}"


class SupportPlanVersion(models.Model):
    """One version of an adopted case's written support plan: each change is a new version,
    and every version is kept. `items` are the needs, each with its action, owner and date."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField()
    items = models.JSONField()
    change_note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    entry = models.ForeignKey("chronology.Entry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["case", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="panels_one_plan_version")
        ]

    def __str__(self) -> str:
        return f"Support plan v{self.number} of {self.case}"


class PlanReview(models.Model):
    """A review of an adopted case and its plan (a `panel_review` entry): at least every 8
    weeks under the default policy."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    on = models.DateField()
    note = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entry = models.ForeignKey("chronology.Entry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"Review of {self.case} on {self.on}"


class ProviderKind(models.TextChoices):
    MENTOR = "mentor", "Mentor"
    SERVICE = "service", "Service"


class Provider(models.Model):
    """An intervention provider a local authority commissions: a mentor or a service."""

    local_authority = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=ProviderKind.choices)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "name"], name="panels_one_provider_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Intervention(models.Model):
    """What a provider is commissioned to do for an adopted case: a number of sessions (an
    `intervention_planned` entry), each then recorded delivered or missed."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    sessions_planned = models.PositiveIntegerField()
    purpose = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    entry = models.ForeignKey("chronology.Entry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.provider} for {self.case}"


class SessionStatus(models.TextChoices):
    PLANNED = "planned", "Not yet recorded"
    DELIVERED = "delivered", "Delivered"
    MISSED = "missed", "Missed"


class Session(models.Model):
    """One session of an intervention on its planned day; once held or not it is recorded
    delivered or missed (an `intervention_session` entry). A make-up session for a missed one
    is a session added beyond the plan."""

    intervention = models.ForeignKey(
        Intervention, on_delete=models.PROTECT, related_name="sessions"
    )
    number = models.PositiveIntegerField()
    planned_on = models.DateField()
    status = models.CharField(max_length=16, choices=SessionStatus.choices, default="planned")
    makes_up = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entry = models.ForeignKey(
        "chronology.Entry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["intervention", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "number"], name="panels_one_session_number"
            )
        ]

    def __str__(self) -> str:
        return f"Session {self.number} of {self.intervention}"

    @property
    def unrecorded(self) -> bool:
        return self.status == SessionStatus.PLANNED


class ProviderReport(models.Model):
    """The provider's report on an intervention (a `provider_report` entry)."""

    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="reports")
    on = models.DateField()
    summary = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entry = models.ForeignKey("chronology.Entry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"Report on {self.intervention}"


class ReviewNeverDeleted(Exception):
    """A review after exit is completed, never deleted."""


class PostExitReviewQuerySet(models.QuerySet["PostExitReview"]):
    def delete(self) -> NoReturn:
        raise ReviewNeverDeleted("Reviews after exit are completed, never deleted")


class PostExitReview(models.Model):
    """A review due a number of months after a case exits (6 and 12, and 24 when the follow-up
    is extended). It is completed (a `post_exit_review` entry), never deleted; a concern found
    at review reopens the case."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    months = models.PositiveIntegerField()
    due = models.DateField()
    scheduled_at = models.DateTimeField()
    completed_on = models.DateField(null=True, blank=True)
    concern = models.BooleanField(null=True)
    note = models.TextField(blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entry = models.ForeignKey(
        "chronology.Entry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = PostExitReviewQuerySet.as_manager()

    class Meta:
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return f"{self.months}-month review of {self.case}"

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ReviewNeverDeleted("Reviews after exit are completed, never deleted")


class PanelPack(models.Model):
    """What one recipient agency was given for one meeting: the printable pack holds only
    what that agency may see, and this row records exactly which entries of which cases it
    held, who produced it and when."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="packs")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    produced_at = models.DateTimeField()
    cases = models.JSONField()
    entries = models.JSONField()

    class Meta:
        ordering = ["-produced_at", "-id"]

    def __str__(self) -> str:
        return f"Pack for {self.agency} at {self.meeting}"
