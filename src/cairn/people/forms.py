"""Finding a person, deciding identity reviews, and the communal address list."""

from __future__ import annotations

from typing import Any

from django import forms

from cairn.web.forms import GovukDateField


class PersonSearchForm(forms.Form):
    """Sent by POST, so that what is searched for never appears in an address or a log."""

    name = forms.CharField(
        label="Name",
        required=False,
        max_length=200,
        help_text="Any part of their name; other spellings and nicknames are found too",
    )
    date_of_birth = GovukDateField(label="Date of birth", required=False)
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    identifier = forms.CharField(
        label="NHS number, unique pupil number or PNC id",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not any(data.get(f) for f in self.fields):
            self.add_error("name", "Enter a name, date of birth, postcode or identifier")
        return data


class ReviewDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Are these the same person?",
        choices=[
            ("same", "Yes, the same person: link the records"),
            ("different", "No, different people"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether these are the same person"},
    )
    reason = forms.CharField(
        label="Why?",
        help_text="What you checked: for example, the school confirmed the date of birth",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for your decision"},
    )


class UnlinkForm(forms.Form):
    reason = forms.CharField(
        label="Why are you unlinking this record?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for unlinking"},
    )


class CommunalAddressForm(forms.Form):
    address = forms.CharField(
        label="Address",
        help_text=(
            "As agencies write it on their records, without the postcode: for example, "
            "Flat 2, 14 Mill Road, Ashby"
        ),
        max_length=300,
        error_messages={"required": "Enter the address"},
    )
    postcode = forms.CharField(
        label="Postcode (optional)",
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    note = forms.CharField(
        label="Note (optional)",
        help_text="What the place is, for other administrators: for example, a bail hostel",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
