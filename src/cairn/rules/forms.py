"""The administrators' form for a new policy version."""

from __future__ import annotations

import json
from typing import Any

from django import forms

from cairn.rules.catalogue import REGISTRY


class PolicyVersionForm(forms.Form):
    enabled = forms.MultipleChoiceField(
        label="Rules in force",
        choices=[(rule.id, rule.id) for rule in REGISTRY],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    parameters = forms.CharField(
        label="Parameters",
        help_text="JSON: each rule id maps its parameters to values (see the rules reference)",
        widget=forms.Textarea(attrs={"rows": 20, "spellcheck": "false"}),
        max_length=20_000,
    )
    note = forms.CharField(
        label="What changed and why",
        max_length=500,
        error_messages={"required": "Say what changed and why"},
    )

    def clean_parameters(self) -> Any:
        text = self.cleaned_data["parameters"]
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                f"Parameters are not valid JSON (line {error.lineno}: {error.msg})"
            ) from error


class LearningReviewForm(forms.Form):
    """Which policy versions to replay a person under, and up to which day."""

    policy = forms.ChoiceField(label="Policy")
    compare = forms.ChoiceField(label="Compare with", required=False)
    until = forms.DateField(
        label="Up to",
        required=False,
        help_text="For example, 2024-03-31. Leave empty for today.",
        input_formats=["%Y-%m-%d"],
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        policy, compare = self.fields["policy"], self.fields["compare"]
        assert isinstance(policy, forms.ChoiceField)
        assert isinstance(compare, forms.ChoiceField)
        policy.choices = choices
        compare.choices = [("", "No comparison"), *choices]
