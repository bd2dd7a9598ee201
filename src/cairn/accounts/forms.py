"""Forms for signing in and for administrators managing agencies, users and API tokens."""

from __future__ import annotations

from typing import Any

from django import forms

from cairn.accounts.models import ApiScope
from cairn.accounts.roles import Role
from cairn.agencies.models import Agency, AgencyKind, Sector
from cairn.agencies.selectors import agency_choices
from cairn.lib.vocab import REGIONS


class SignInForm(forms.Form):
    username = forms.CharField(
        max_length=150,
        error_messages={"required": "Enter your username"},
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        max_length=200,
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Security code",
        help_text="The 6-digit code from your authenticator app",
        min_length=6,
        max_length=6,
        error_messages={
            "required": "Enter the security code",
            "min_length": "Enter the 6-digit code",
            "max_length": "Enter the 6-digit code",
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "govuk-input--width-5",
                "spellcheck": "false",
            }
        ),
    )

    def clean_token(self) -> str:
        token: str = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError("Enter the 6-digit code using numbers only")
        return token


class AgencyForm(forms.Form):
    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(label="Type of agency", choices=AgencyKind.choices)
    sector = forms.ChoiceField(choices=Sector.choices)
    region = forms.ChoiceField(
        choices=[("", "Not applicable"), *REGIONS.items()],
        required=False,
        help_text="Local authorities only: the region their cases count under",
    )
    is_active = forms.BooleanField(label="Active", required=False, initial=True)


class UserForm(forms.Form):
    username = forms.CharField(max_length=150)
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField()
    agency = forms.ModelChoiceField(queryset=Agency.objects.none())
    roles = forms.MultipleChoiceField(choices=Role.choices, widget=forms.CheckboxSelectMultiple)
    is_active = forms.BooleanField(label="Account active", required=False, initial=True)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_field = self.fields["agency"]
        assert isinstance(agency_field, forms.ModelChoiceField)
        agency_field.queryset = agency_choices()
        if editing:
            del self.fields["username"]
        else:
            del self.fields["is_active"]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, help_text="What the token is for, for example the partner system's name"
    )
    agency = forms.ModelChoiceField(queryset=Agency.objects.none())
    scopes = forms.MultipleChoiceField(
        choices=ApiScope.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    expires_at = forms.DateField(
        label="Expires on",
        required=False,
        help_text="For example, 31/3/2027. Leave empty for no expiry.",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_field = self.fields["agency"]
        assert isinstance(agency_field, forms.ModelChoiceField)
        agency_field.queryset = agency_choices()
