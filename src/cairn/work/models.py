"""Work for people to do and what tells them about it: tasks in team queues, raised by the
rules' flags (a re-review after a police contact on a marked person, a review of whether to
reopen, an onward referral that went unanswered), and notifications in the app and by email."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cairn.accounts.roles import Role
from cairn.agencies.models import Agency
from cairn.people.models import Person


class TaskKind(models.TextChoices):
    RE_REVIEW = "re_review", "Re-review after a new contact"
    REOPEN_REVIEW = "reopen_review", "Decide whether to reopen"
    ESCALATION = "escalation", "Onward referral escalated"
    #: A parent's refusal or obstruction of consent (cairn.panels, rule consent-obstruction).
    SAFEGUARDING = "safeguarding", "Safeguarding: consent refused or obstructed"


class TaskState(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class Task(models.Model):
    """A piece of work one person at an agency must do about a person: it sits in the queue
    of a role at the owning agency (the senior officers', say) until someone takes it or is
    given it, and ends done, with who did it and what they found, or cancelled when the
    reason for it went away. It is never deleted. `source_key` names what raised it (a flag,
    for one agency), so raising it again is a no-op; `version` rises with every change, so an
    action taken on a page that is out of date is refused rather than overwriting another's."""

    kind = models.CharField(max_length=24, choices=TaskKind.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=32, choices=Role.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=200)
    rule = models.CharField(max_length=100, blank=True)
    flag_key = models.CharField(max_length=200, blank=True)
    source_key = models.CharField(max_length=300, unique=True)
    created_at = models.DateTimeField()
    due = models.DateField()
    state = models.CharField(max_length=16, choices=TaskState.choices, default=TaskState.OPEN)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    outcome_note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due", "created_at", "id"]
        indexes = [
            models.Index(fields=["agency", "state", "role"], name="work_task_queue"),
            models.Index(fields=["person", "flag_key"], name="work_task_flag"),
        ]

    def __str__(self) -> str:
        return f"Task {self.pk} ({self.kind}, {self.state})"

    @property
    def is_open(self) -> bool:
        return self.state == TaskState.OPEN


class Notification(models.Model):
    """Something a user is told in the app (and by an email saying only that there is
    something to read): the text may name an agency or a record's number, never a person's
    details, and `link` is a path with ids only."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.CharField(max_length=500)
    link = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="work_notification_unread")]

    def __str__(self) -> str:
        return f"Notification {self.pk}"
