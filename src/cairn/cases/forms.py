"""The case pages' forms. Each carries the case version the page showed, so a service can
refuse a change made on a page that is out of date."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django import forms

from cairn.agencies.models import Agency
from cairn.cases import workflow
from cairn.cases.models import AssessmentTemplate
from cairn.lib.vocab import (
    ASSESSMENTS,
    CHECK_STATUSES,
    DECISION_OUTCOMES,
    DECISION_REASONS,
    ONWARD_RESPONSES,
    PARTNER_CHECKS,
)
from cairn.web.forms import GovukDateField

YES_NO = [("yes", "Yes"), ("no", "No")]


class VersionForm(forms.Form):
    """A button's form: only the version of the case as the page showed it."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(
        label="Note (optional)", required=False, max_length=2000, widget=forms.Textarea({"rows": 2})
    )


class ProposalForm(forms.Form):
    """An officer's proposed decision."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    conflict = forms.IntegerField(widget=forms.HiddenInput, required=False)
    outcome = forms.ChoiceField(
        label="Proposed outcome",
        choices=[(o, DECISION_OUTCOMES[o]) for o in workflow.PROPOSABLE_OUTCOMES],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the proposed outcome"},
    )
    reasons = forms.MultipleChoiceField(
        label="Reasons",
        required=False,
        choices=list(DECISION_REASONS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    rationale = forms.CharField(
        label="Rationale",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Why there are reasonable grounds for this outcome, from the evidence",
        error_messages={"required": "Write the rationale"},
    )
    evidence = forms.MultipleChoiceField(
        label="Evidence relied on",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Entries of the chronology the rationale rests on",
    )
    signposted_to = forms.ModelChoiceField(
        label="Signposted to (for a signpost)",
        required=False,
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
    )
    signpost_request = forms.CharField(
        label="What is asked of the receiving agency (for a signpost)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    forum = forms.CharField(label="Multi-agency forum (optional)", required=False, max_length=200)
    owner = forms.CharField(label="Owner in that forum (optional)", required=False, max_length=200)
    referrer_feedback = forms.CharField(
        label="Feedback given to the referrer",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, evidence: Iterable[tuple[int, str]] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["evidence"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(pk), label) for pk, label in evidence]


class ReturnForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    conflict = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label="Why the proposal is returned",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the proposal is returned"},
    )


class OverrideForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    conflict = forms.IntegerField(widget=forms.HiddenInput, required=False)
    rule = forms.CharField(widget=forms.HiddenInput, max_length=100)
    raised_by = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label="Written reason for the override",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write the reason for the override"},
    )


class ResolveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    conflict = forms.IntegerField(widget=forms.HiddenInput, required=False)
    rule = forms.CharField(widget=forms.HiddenInput, max_length=100)
    raised_by = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    rationale = forms.CharField(
        label="Why this flag is resolved",
        help_text="What was considered and why nothing more is needed. It is recorded on the "
        "person's chronology.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write the rationale for resolving the flag"},
    )


class ChecksForm(forms.Form):
    """The partner checklist: any partners' lines at once, each with its date and a note."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    conflict = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for partner, label in PARTNER_CHECKS.items():
            self.fields[f"{partner}_status"] = forms.ChoiceField(
                label=f"{label}: result",
                required=False,
                choices=[("", "Not recorded now"), *CHECK_STATUSES.items()],
            )
            self.fields[f"{partner}_on"] = GovukDateField(
                label=f"{label}: date of the check", required=False
            )
            self.fields[f"{partner}_note"] = forms.CharField(
                label=f"{label}: note (optional)", required=False, max_length=2000
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        any_line = False
        for partner, label in PARTNER_CHECKS.items():
            status = data.get(f"{partner}_status")
            if status:
                any_line = True
                if not data.get(f"{partner}_on"):
                    self.add_error(f"{partner}_on", f"Enter the date of the {label.lower()} check")
        if not any_line and not self.errors:
            raise forms.ValidationError("Record the result of at least one partner's check")
        return data

    def lines(self) -> list[tuple[str, str, Any, str]]:
        data = self.cleaned_data
        return [
            (p, data[f"{p}_status"], data[f"{p}_on"], data.get(f"{p}_note") or "")
            for p in PARTNER_CHECKS
            if data.get(f"{p}_status")
        ]


class ContactForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    conflict = forms.IntegerField(widget=forms.HiddenInput, required=False)
    subject_engaged = forms.ChoiceField(
        label="Was the subject spoken to?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the subject was spoken to"},
    )
    parent_engaged = forms.ChoiceField(
        label="For a child: was a parent spoken to?",
        required=False,
        choices=[*YES_NO, ("", "Not a child")],
        widget=forms.RadioSelect,
    )
    not_engaged_reason = forms.CharField(
        label="If not, why not",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    on = GovukDateField(label="Date")


class OnwardResponseForm(forms.Form):
    response = forms.ChoiceField(
        label="Your reply",
        choices=list(ONWARD_RESPONSES.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your reply"},
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you decline or close with no action: say why",
    )


def shown_values(form: forms.Form) -> list[tuple[str, str]]:
    """The form's answers as labels and readable values, for comparing a refused change with
    what is saved (hidden fields and empty answers left out)."""
    rows: list[tuple[str, str]] = []
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    for name, field in form.fields.items():
        if isinstance(field.widget, forms.HiddenInput):
            continue
        value = data.get(name)
        if value in (None, "", [], ()):
            continue
        choices = dict(getattr(field, "choices", ()) or ())
        if isinstance(value, list | tuple):
            text = "; ".join(str(choices.get(v, v)) for v in value)
        elif choices and not isinstance(value, bool):
            text = str(choices.get(value, value))
        else:
            text = str(value)
        rows.append((str(field.label or name), text))
    return rows


class AssessmentForm(forms.Form):
    """An assessment against one template version: per section a judgement and the entries
    it rests on, then the overall conclusion."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    conflict = forms.IntegerField(widget=forms.HiddenInput, required=False)
    template = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    assessment = forms.ChoiceField(
        label="Kind of assessment",
        choices=[(k, ASSESSMENTS[k]) for k in ("programme", "violence_fixation")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of assessment"},
    )

    def __init__(
        self,
        *args: Any,
        template: AssessmentTemplate,
        evidence: Iterable[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(pk), label) for pk, label in evidence]
        self.section_keys: list[str] = []
        for section in template.sections:
            key = str(section["key"])
            self.section_keys.append(key)
            heading = str(section["heading"])
            self.fields[f"{key}_judgement"] = forms.CharField(
                label=heading,
                max_length=20_000,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=str(section.get("guidance", "")),
                error_messages={"required": f"Write your judgement on {heading.lower()}"},
            )
            self.fields[f"{key}_evidence"] = forms.MultipleChoiceField(
                label=f"{heading}: evidence relied on",
                required=False,
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
            )
        self.fields["result"] = forms.CharField(
            label="Overall conclusion",
            max_length=20_000,
            widget=forms.Textarea(attrs={"rows": 4}),
            error_messages={"required": "Write the overall conclusion"},
        )


class AssessmentTemplateForm(forms.Form):
    """A new version of an assessment template: its sections as JSON."""

    sections = forms.CharField(
        label="Sections",
        widget=forms.Textarea(attrs={"rows": 20, "spellcheck": "false"}),
        help_text='A JSON list: [{"key": "intent", "heading": "...", "guidance": "..."}, ...]',
    )
    note = forms.CharField(label="What changed (optional)", required=False, max_length=500)

    def clean_sections(self) -> Any:
        try:
            return json.loads(self.cleaned_data["sections"])
        except ValueError as error:
            raise forms.ValidationError(f"Sections must be JSON: {error}") from error
