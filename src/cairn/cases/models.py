"""Cases: the programme's work on one person, from gateway to closure, as an explicit state
machine (see `workflow.py`), with decisions proposed by one officer and approved by another."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from cairn.agencies.models import Agency
from cairn.lib.vocab import (
    ASSESSMENTS,
    CHECK_STATUSES,
    DECISION_OUTCOMES,
    ONWARD_RESPONSES,
    PARTNER_CHECKS,
)
from cairn.people.models import Person
from cairn.referrals.models import Referral


class CaseStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    GATEWAY = "gateway", "Gateway"
    INFORMATION_GATHERING = "information_gathering", "Information gathering"
    ASSESSMENT = "assessment", "Assessment"
    AWAITING_DECISION = "awaiting_decision", "Awaiting decision"
    PANEL = "panel", "Panel"
    ADOPTED = "adopted", "Adopted"
    EXITED = "exited", "Exited"
    CLOSED = "closed", "Closed"
    REOPENED = "reopened", "Reopened"


#: States in which a case is not open: only closed. An exited case is still followed up.
CLOSED_STATUSES = (CaseStatus.CLOSED,)


class Case(models.Model):
    """The programme team's one open piece of work on a person: every referral about them that
    the team's local authority owns gathers here until the case closes. `status` moves only
    through the transitions of `workflow.TRANSITIONS`, each by its own service; `version`
    rises with every change, so an officer acting on a page that is out of date is refused
    rather than silently overwriting a colleague's work."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    owning_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=24, choices=CaseStatus.choices, default=CaseStatus.RECEIVED
    )
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "owning_agency"],
                condition=~Q(status="closed"),
                name="cases_one_open_case_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"Case {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES


class CaseReferral(models.Model):
    """A referral gathered into a case; a referral belongs to one case."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="case_referrals")
    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["added_at", "id"]

    def __str__(self) -> str:
        return f"{self.case} / {self.referral}"


class CaseTransition(models.Model):
    """One move of a case from one state to another: who, when, by which transition, which
    chronology entry records it (none for a proposal or a return, which are not decisions on
    the person), and the policy in force when it was made."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="transitions")
    name = models.CharField(max_length=40)
    from_status = models.CharField(max_length=24, choices=CaseStatus.choices)
    to_status = models.CharField(max_length=24, choices=CaseStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()
    entry = models.ForeignKey(
        "chronology.Entry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    policy_name = models.CharField(max_length=100)
    policy_version = models.PositiveIntegerField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case}: {self.from_status} -> {self.to_status}"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "Awaiting approval"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned"


class DecisionProposal(models.Model):
    """An outcome one officer proposes for a case, with the reasons, the rationale and the
    chronology entries relied on, which a senior officer who is not the proposer approves or
    returns (the two-person rule). What the rules found when it was proposed is kept with it:
    `sign_off_needed` lists why the rules needed a senior's sign-off."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="proposals")
    outcome = models.CharField(max_length=24, choices=list(DECISION_OUTCOMES.items()))
    stage = models.CharField(max_length=16)
    reasons = models.JSONField(default=list)
    rationale = models.TextField()
    evidence = models.JSONField(default=list, help_text="Chronology entry ids")
    signposted_to = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signpost_request = models.TextField(blank=True)
    forum = models.CharField(max_length=200, blank=True)
    owner = models.CharField(max_length=200, blank=True)
    referrer_feedback = models.TextField(blank=True)
    from_status = models.CharField(max_length=24, choices=CaseStatus.choices)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField()
    sign_off_needed = models.JSONField(default=list)
    status = models.CharField(
        max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(blank=True)
    entry = models.ForeignKey(
        "chronology.Entry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    policy_name = models.CharField(max_length=100, blank=True)
    policy_version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["proposed_at", "id"]

    def __str__(self) -> str:
        return f"Proposal {self.pk}"


class FlagOverride(models.Model):
    """A senior officer's decision to set aside a blocking flag, with the written reason; it is
    recorded on the chronology as a `flag_resolution` with action `overridden` and reported."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="overrides")
    rule = models.CharField(max_length=100)
    raised_by = models.ForeignKey(
        "chronology.Entry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    entry = models.ForeignKey("chronology.Entry", on_delete=models.PROTECT, related_name="+")
    policy_name = models.CharField(max_length=100)
    policy_version = models.PositiveIntegerField()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"Override {self.pk} of {self.rule}"


class PartnerCheck(models.Model):
    """One line of the information-gathering checklist as last recorded: what a partner's
    records showed (checked, not available, refused), on which day, with a note. Each record
    is also a chronology entry, which the rules read."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="checks")
    partner = models.CharField(max_length=16, choices=list(PARTNER_CHECKS.items()))
    status = models.CharField(max_length=16, choices=list(CHECK_STATUSES.items()))
    on = models.DateField()
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entry = models.ForeignKey("chronology.Entry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["partner", "-id"]

    def __str__(self) -> str:
        return f"{self.partner}: {self.status}"


class ContactRecord(models.Model):
    """Whether the subject, and for a child a parent, was spoken to, or why not."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="contacts")
    subject_engaged = models.BooleanField()
    parent_engaged = models.BooleanField(null=True)
    not_engaged_reason = models.TextField(blank=True)
    on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entry = models.ForeignKey("chronology.Entry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"Contact {self.pk}"


#: Replies after which the receiving agency has finished with an onward referral.
FINAL_RESPONSES = ("declined", "closed_no_action", "action_taken")


class OnwardReferral(models.Model):
    """A signpost approved for a case: the receiving agency, what is asked of it, and its
    replies. The programme owns it until the receiving agency answers; each reply is an
    `onward_response` entry on the person's chronology referring to the decision, which the
    onward-referral-unacknowledged rule reads."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="onward_referrals")
    decision = models.ForeignKey("chronology.Entry", on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    request = models.TextField(blank=True)
    sent_at = models.DateTimeField()
    status = models.CharField(
        max_length=24,
        choices=[("awaiting", "Awaiting a reply"), *ONWARD_RESPONSES.items()],
        default="awaiting",
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"Onward referral {self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINAL_RESPONSES


class AssessmentTemplate(models.Model):
    """One version of a named assessment framework: its sections, each with a key, a heading
    and guidance for the officer. A change is a new version, never an edit, so an assessment
    that says "Cairn default, version 2" can always be read against exactly the questions it
    answered; the newest version of a name is the one offered. Written only by
    `services.assessment_template_version_create` (and the data migration that ships the
    default)."""

    name = models.CharField(max_length=100)
    version = models.PositiveIntegerField()
    sections = models.JSONField(default=list)
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "version"], name="cases_assessment_template_name_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} version {self.version}"

    @property
    def label(self) -> str:
        return f"{self.name}, version {self.version}"


class Assessment(models.Model):
    """An officer's structured professional judgement on a case against one template version:
    per section a judgement and the chronology entries it rests on. It is recorded on the
    person's chronology as an `assessment_completed` entry (which the rules read: a
    violence-fixation assessment resolves the violence-fixation flag); this row keeps it for
    the case page."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assessments")
    template = models.ForeignKey(AssessmentTemplate, on_delete=models.PROTECT, related_name="+")
    assessment = models.CharField(max_length=32, choices=list(ASSESSMENTS.items()))
    sections = models.JSONField(
        default=list, help_text="Each section's key, heading, judgement and evidence entry ids"
    )
    result = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    entry = models.ForeignKey("chronology.Entry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"Assessment {self.pk}"


class ConflictResolution(models.TextChoices):
    RESUBMITTED = "resubmitted", "Sent again"
    DISCARDED = "discarded", "Discarded"


class EditConflict(models.Model):
    """A change refused because the case had changed since the officer's page was drawn
    (optimistic concurrency). What they sent is kept here, never lost, until they send it
    again on the current version or discard it; both are audited."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="conflicts")
    kind = models.CharField(max_length=24)
    submitted = models.JSONField(
        default=dict, help_text="The form's data ('data') and its fields as shown ('shown')"
    )
    seen_version = models.PositiveIntegerField()
    current_version = models.PositiveIntegerField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=16, choices=ConflictResolution.choices, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"Conflict {self.pk} ({self.kind})"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
