"""The panel pages' forms; services check what the forms cannot (dates against adoption,
duplicates, the case's state) and their errors come back on the field they name."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from cairn.lib.vocab import CONSENT_GIVERS, CONSENT_STATUSES
from cairn.panels.models import Outcome, ProviderKind
from cairn.web.forms import GovukDateField

YES_NO = [("yes", "Yes"), ("no", "No")]


def _text(label: str, rows: int = 4, required: bool = True, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=20_000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class PanelForm(forms.Form):
    name = forms.CharField(label="Name of the panel", max_length=200)


class MemberForm(forms.Form):
    agency = forms.TypedChoiceField(label="Agency they sit for", coerce=int, choices=[])
    user = forms.TypedChoiceField(
        label="Cairn user (optional)", coerce=int, required=False, empty_value=None, choices=[]
    )
    name = forms.CharField(
        label="Name (for a member who does not sign in)", required=False, max_length=200
    )

    def __init__(self, *args: Any, agencies: Any = (), users: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = list(agencies)  # type: ignore[attr-defined]
        self.fields["user"].choices = [("", "None"), *users]  # type: ignore[attr-defined]


class MeetingForm(forms.Form):
    held_on = GovukDateField(label="Day of the meeting")


class AgendaForm(forms.Form):
    case = forms.TypedChoiceField(label="Case", coerce=int, choices=[])

    def __init__(self, *args: Any, cases: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = list(cases)  # type: ignore[attr-defined]


class AttendanceForm(forms.Form):
    agency = forms.TypedChoiceField(label="Agency", coerce=int, choices=[])
    attendee = forms.CharField(label="Who attended", max_length=200)

    def __init__(self, *args: Any, agencies: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = list(agencies)  # type: ignore[attr-defined]


class MinutesForm(forms.Form):
    #: the version of the minutes the writer opened (0 before any were written)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    minutes = _text("Minutes", rows=10)


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    outcome = forms.ChoiceField(label="Decision", choices=Outcome.choices, widget=forms.RadioSelect)
    discussion = _text("Discussion and reasons", rows=6)
    consensus = forms.ChoiceField(
        label="Was the decision by consensus?", choices=YES_NO, widget=forms.RadioSelect
    )
    dissent = _text("Dissent: who disagreed and why", required=False)
    alternative_route = forms.CharField(
        label="If not adopted: the alternative route", required=False, max_length=200
    )
    route_owner = forms.CharField(
        label="If not adopted: who owns the alternative route", required=False, max_length=200
    )
    referrer_feedback = _text("If not adopted: feedback given to the referrer", required=False)


class PackForm(forms.Form):
    agency = forms.TypedChoiceField(label="Recipient agency", coerce=int, choices=[])

    def __init__(self, *args: Any, agencies: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = list(agencies)  # type: ignore[attr-defined]


class ConsentForm(forms.Form):
    given_by = forms.ChoiceField(
        label="Who gave or refused consent",
        choices=list(CONSENT_GIVERS.items()),
        widget=forms.RadioSelect,
    )
    status = forms.ChoiceField(
        label="Consent", choices=list(CONSENT_STATUSES.items()), widget=forms.RadioSelect
    )
    on = GovukDateField(label="Day")
    genuine_engagement = forms.ChoiceField(
        label="Is engagement genuine?", choices=YES_NO, widget=forms.RadioSelect
    )
    note = _text("Note", required=False)


class PlanForm(forms.Form):
    """Up to three needs per version; each need with its action, owner and date."""

    change_note = _text("What changed (for a new version)", rows=2, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in (1, 2, 3):
            first = n == 1
            self.fields[f"need_{n}"] = forms.CharField(
                label=f"Need {n}", required=first, max_length=2000
            )
            self.fields[f"action_{n}"] = forms.CharField(
                label=f"Action {n}", required=first, max_length=2000
            )
            self.fields[f"owner_{n}"] = forms.CharField(
                label=f"Owner {n}", required=first, max_length=200
            )
            self.fields[f"by_{n}"] = GovukDateField(label=f"By (need {n})", required=first)


class ReviewForm(forms.Form):
    on = GovukDateField(label="Day of the review")
    note = _text("What the review found")


class ProviderForm(forms.Form):
    name = forms.CharField(label="Provider's name", max_length=200)
    kind = forms.ChoiceField(label="Kind", choices=ProviderKind.choices, widget=forms.RadioSelect)


class InterventionForm(forms.Form):
    provider = forms.TypedChoiceField(label="Provider", coerce=int, choices=[])
    purpose = _text("Purpose")
    sessions = _text(
        "Sessions", rows=5, help_text="The day of each session, one a line, as 2026-12-01"
    )

    def __init__(self, *args: Any, providers: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = list(providers)  # type: ignore[attr-defined]

    def clean_sessions(self) -> list[date]:
        days = []
        for number, line in enumerate(self.cleaned_data["sessions"].split(), start=1):
            try:
                days.append(date.fromisoformat(line.strip()))
            except ValueError as error:
                raise forms.ValidationError(
                    f"Session {number}: write the day as 2026-12-01"
                ) from error
        return days


class SessionForm(forms.Form):
    status = forms.ChoiceField(
        label="Was the session held?",
        choices=[("delivered", "Delivered"), ("missed", "Missed")],
        widget=forms.RadioSelect,
    )
    note = _text("Note", required=False)


class SessionAddForm(forms.Form):
    on = GovukDateField(label="Day of the session")
    note = _text("Why it is added (which missed session it makes up)")


class ReportForm(forms.Form):
    on = GovukDateField(label="Day of the report")
    summary = _text("What the provider reported")


class ExitReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    on = GovukDateField(label="Day of the review")
    note = _text("What the review found")
    concern = forms.ChoiceField(
        label="Is there a concern? (It reopens the case.)", choices=YES_NO, widget=forms.RadioSelect
    )


class ConfirmForm(forms.Form):
    """A button with nothing to fill in."""
