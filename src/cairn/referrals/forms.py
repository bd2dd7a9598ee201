"""The referral question flow's pages, and the public referral form.

Each page checks its own answers with the same rules the service applies, so a problem is
reported on the page and field where it can be put right."""

from __future__ import annotations

from typing import Any

from django import forms

from cairn.agencies.models import Agency, AgencyKind
from cairn.lib.errors import ServiceError
from cairn.lib.vocab import CONCERN_TYPES, ETHNICITIES, GENDERS, INDICATORS, RED_FLAG_INDICATORS
from cairn.people.models import Sex
from cairn.people.services import IdentityInput, identity_clean
from cairn.referrals.services import CONTACT_MAX_CHARS, SUMMARY_MAX_CHARS
from cairn.web.forms import GovukDateField


class IdentityCheckedForm(forms.Form):
    """A form with a person's names and details, checked with the same rules as intake, so a
    problem is shown on the field where it can be put right."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            identity_clean(identity_from(data))
        except ServiceError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message)
        return data


class PersonForm(IdentityCheckedForm):
    given_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter their first name"}
    )
    family_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter their last name"}
    )
    other_names = forms.CharField(
        label="Other names they are known by (optional)",
        help_text="Nicknames, previous names or other spellings, one on each line",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        required=False,
        help_text="For example, 27 3 2011. Leave empty if not known",
    )
    sex = forms.ChoiceField(
        label="Sex", choices=Sex.choices, widget=forms.RadioSelect, initial=Sex.UNKNOWN
    )
    gender = forms.ChoiceField(
        label="Gender", choices=list(GENDERS.items()), widget=forms.RadioSelect, initial="not_known"
    )
    ethnicity = forms.ChoiceField(
        label="Ethnic group",
        choices=list(ETHNICITIES.items()),
        initial="not_stated",
        help_text="As the person or their family describe it; choose Not stated if you do not know",
    )
    address = forms.CharField(
        label="Address (optional)",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    postcode = forms.CharField(
        label="Postcode (optional)",
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )
    nhs_number = forms.CharField(
        label="NHS number (optional)",
        required=False,
        max_length=14,
        help_text="10 digits, for example 943 476 5919",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
    )
    upn = forms.CharField(
        label="Unique pupil number (optional)",
        required=False,
        max_length=13,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    pnc_id = forms.CharField(
        label="Police National Computer id (optional)",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )


def identity_from(data: dict[str, Any]) -> IdentityInput:
    """The identity the person page describes."""
    return IdentityInput(
        given_name=data["given_name"],
        family_name=data["family_name"],
        date_of_birth=data.get("date_of_birth"),
        sex=data.get("sex") or Sex.UNKNOWN,
        other_names=[line for line in (data.get("other_names") or "").splitlines() if line.strip()],
        postcode=data.get("postcode") or "",
        address=data.get("address") or "",
        nhs_number=data.get("nhs_number") or "",
        upn=data.get("upn") or "",
        pnc_id=data.get("pnc_id") or "",
    )


def _indicator_choices() -> list[tuple[str, str]]:
    return [
        (code, f"{label} (red flag)" if code in RED_FLAG_INDICATORS else label)
        for code, label in INDICATORS.items()
    ]


class ConcernForm(forms.Form):
    concern_type = forms.ChoiceField(
        label="What kind of concern is it?",
        choices=list(CONCERN_TYPES.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of concern"},
    )
    summary = forms.CharField(
        label="Describe the concern",
        help_text="What you saw or were told, in your own words: who did what, when and where",
        max_length=SUMMARY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Describe the concern"},
    )
    indicators = forms.MultipleChoiceField(
        label="Which of these do you know to be true? (optional)",
        help_text="Only what you know as fact about this person",
        choices=_indicator_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ReferrerForm(forms.Form):
    local_authority = forms.ModelChoiceField(
        label="Which local authority's programme team should receive it?",
        # A queryset is evaluated afresh each time the form is shown.
        queryset=Agency.objects.filter(kind=AgencyKind.LOCAL_AUTHORITY, is_active=True).order_by(
            "name"
        ),
        help_text="Usually the council where the person lives",
        error_messages={"required": "Select a local authority"},
    )
    referrer_name = forms.CharField(label="Your name", max_length=CONTACT_MAX_CHARS)
    referrer_role = forms.CharField(
        label="Your role",
        max_length=CONTACT_MAX_CHARS,
        help_text="For example, designated safeguarding lead",
    )
    referrer_email = forms.EmailField(label="Email address", max_length=CONTACT_MAX_CHARS)
    referrer_phone = forms.CharField(
        label="Telephone number", max_length=CONTACT_MAX_CHARS, required=False
    )


PUBLIC_RELATIONSHIPS = {
    "family": "A member of their family",
    "community": "Someone who knows them: a friend, neighbour or community member",
    "other": "Someone else",
}


class PublicReferralForm(IdentityCheckedForm):
    """A referral from a member of the public: fewer questions, and nothing shown back."""

    given_name = PersonForm.base_fields["given_name"]
    family_name = PersonForm.base_fields["family_name"]
    date_of_birth = GovukDateField(
        label="Date of birth or best guess (optional)",
        required=False,
        help_text="For example, 27 3 2011",
    )
    address = PersonForm.base_fields["address"]
    postcode = PersonForm.base_fields["postcode"]
    summary = ConcernForm.base_fields["summary"]
    relationship = forms.ChoiceField(
        label="How do you know them?",
        choices=list(PUBLIC_RELATIONSHIPS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you know them"},
    )
    local_authority = ReferrerForm.base_fields["local_authority"]
    referrer_name = forms.CharField(label="Your name", max_length=CONTACT_MAX_CHARS)
    referrer_email = forms.EmailField(label="Your email address (optional)", required=False)
    referrer_phone = forms.CharField(
        label="Your telephone number (optional)", max_length=CONTACT_MAX_CHARS, required=False
    )
