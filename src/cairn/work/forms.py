"""The forms of the task page: take, give to a colleague, complete with a note."""

from __future__ import annotations

from typing import Any

from django import forms

from cairn.work.services import NOTE_MAX


class VersionForm(forms.Form):
    """A button's form: only the version of the task as the page showed it."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AssignForm(VersionForm):
    assignee = forms.TypedChoiceField(
        label="Give the task to",
        coerce=int,
        error_messages={"required": "Choose who the task goes to"},
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "Choose a colleague"), *choices]


class CompleteForm(VersionForm):
    note = forms.CharField(
        label="What was done or decided",
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what was done or decided"},
    )
