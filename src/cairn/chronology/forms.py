"""The chronology's forms: the timeline's filters, recording and correcting an entry, deciding
suggested indicators, and the uploads (attachments and case files).

The forms check only what a page can put right on its own; the services check the entry as a
whole, and `problems_onto` puts what they refuse back on the field it names."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, time
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from cairn.chronology.models import Sensitivity
from cairn.chronology.selectors import Filters
from cairn.chronology.services import SUMMARY_MAX_CHARS, EntryInput
from cairn.lib.casefile import REQUIRED_BY_KIND
from cairn.lib.vocab import CONTACT_KINDS, EVENT_KINDS, INDICATORS
from cairn.web.forms import GovukDateField

ORDERS = [("newest", "Newest first"), ("oldest", "Oldest first")]

#: Kinds a person records on this page: what an agency saw or heard (the contacts of the
#: chronology). Referrals come in through the referral pages; decisions, consent, plans, panel
#: events and exits carry fields of their own and are written by the work they belong to, so
#: the rules never read a hand-made "exit" or "decision" that no workflow produced.
RECORDABLE_KINDS = [
    (code, EVENT_KINDS[code]) for code in CONTACT_KINDS if code not in REQUIRED_BY_KIND
]

_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def filters_from(query: Mapping[str, str]) -> Filters:
    """The timeline's filters from a page address; anything unknown is ignored, not refused."""
    kind = query.get("kind", "")
    indicator = query.get("indicator", "")
    return Filters(
        agency=query.get("agency", "")[:200],
        kind=kind if kind in EVENT_KINDS else "",
        indicator=indicator if indicator in INDICATORS else "",
        oldest_first=query.get("order") == "oldest",
    )


def filters_query(filters: Filters) -> str:
    """The filters as a query string, for the next page's and the print page's addresses."""
    values = {
        "agency": filters.agency,
        "kind": filters.kind,
        "indicator": filters.indicator,
        "order": "oldest" if filters.oldest_first else "",
    }
    return urlencode({k: v for k, v in values.items() if v})


class Select(forms.Select):
    """Django's select, with its options written directly rather than through a template
    each: the same markup, and the filter form's sixty options no longer cost a sizeable part
    of the timeline's server time. Named `Select` because the GOV.UK wrapper styles a widget
    by its class name."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = str(value) if value is not None else ""
        options = format_html_join(
            "\n",
            '<option value="{}"{}>{}</option>',
            (
                (code, SafeString(" selected") if str(code) == chosen else "", label)
                for code, label in self.choices
            ),
        )
        final = self.build_attrs(self.attrs, attrs)
        final.setdefault("id", f"id_{name}")
        return format_html('<select name="{}"{}>\n{}\n</select>', name, flatatt(final), options)


class TimelineFilterForm(forms.Form):
    """Sent by GET: its values are agency names and codes, never anything about the person."""

    agency = forms.ChoiceField(label="Agency", required=False, widget=Select)
    kind = forms.ChoiceField(
        label="Kind of event",
        required=False,
        choices=[("", "All kinds"), *EVENT_KINDS.items()],
        widget=Select,
    )
    indicator = forms.ChoiceField(
        label="Indicator",
        required=False,
        choices=[("", "All indicators"), *INDICATORS.items()],
        widget=Select,
    )
    order = forms.ChoiceField(label="Order", required=False, choices=ORDERS, widget=Select)

    def __init__(self, *args: Any, agencies: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "All agencies"), *((name, name) for name in agencies)]


class EntryForm(forms.Form):
    """One entry as a person records it on the page."""

    kind = forms.ChoiceField(
        label="What happened",
        choices=RECORDABLE_KINDS,
        error_messages={"required": "Select what happened"},
    )
    occurred_on = GovukDateField(label="Date it happened", help_text="For example, 27 3 2025")
    occurred_time = forms.CharField(
        label="Time (optional)",
        required=False,
        max_length=5,
        help_text="24-hour clock, for example 14:30. Leave empty if only the date is known",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "autocomplete": "off"}),
    )
    source_agency = forms.CharField(
        label="Agency the information came from (optional)",
        required=False,
        max_length=200,
        help_text="Leave empty if it is your agency's own record",
    )
    summary = forms.CharField(
        label="Summary",
        max_length=SUMMARY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter a summary of what happened"},
    )
    indicators = forms.MultipleChoiceField(
        label="Indicators",
        required=False,
        choices=list(INDICATORS.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select every indicator that applies to the person, from what is recorded",
    )
    none_recorded = forms.BooleanField(
        label="None recorded: let Cairn suggest indicators from the summary",
        required=False,
        help_text="Suggestions are shown as not confirmed until someone confirms or rejects each",
    )
    sensitivity = forms.ChoiceField(
        label="Sensitivity",
        choices=Sensitivity.choices,
        initial=Sensitivity.OFFICIAL,
        widget=forms.RadioSelect,
        help_text="Other agencies see an official-sensitive entry's kind, date and source but "
        "not its summary; a restricted entry is never shared",
    )
    shared_with = forms.MultipleChoiceField(
        label="Share with (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Other agencies see the entry only if it is shared with them",
    )

    def __init__(self, *args: Any, agencies: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["shared_with"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(name, name) for name in agencies]

    def clean_occurred_time(self) -> time | None:
        text = str(self.cleaned_data.get("occurred_time") or "").strip()
        if not text:
            return None
        match = _TIME.match(text)
        if match is None:
            raise forms.ValidationError("Enter the time on the 24-hour clock, like 14:30")
        return time(int(match.group(1)), int(match.group(2)))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("indicators") and data.get("none_recorded"):
            self.add_error(
                "indicators", "Select the indicators that apply, or 'None recorded', not both"
            )
        elif not data.get("indicators") and not data.get("none_recorded") and not self.errors:
            self.add_error(
                "indicators", "Select the indicators that apply, or select 'None recorded'"
            )
        return data

    def entry_input(self, *, keep: Mapping[str, Any] | None = None) -> EntryInput:
        """The service's input; `keep` carries what the page does not show (a corrected
        entry's sector, its kind's own fields and what it refers to)."""
        data = self.cleaned_data
        moment: time | None = data.get("occurred_time")
        zone = ZoneInfo(settings.TIME_ZONE)
        occurred_at = datetime.combine(data["occurred_on"], moment or time(0, 0), tzinfo=zone)
        return EntryInput(
            kind=data["kind"],
            occurred_at=occurred_at,
            occurred_date_only=moment is None,
            summary=data["summary"].strip(),
            indicators=None if data["none_recorded"] else tuple(data["indicators"]),
            sensitivity=data["sensitivity"],
            shared_with=tuple(data["shared_with"]),
            source_agency=data["source_agency"].strip(),
            **(keep or {}),
        )


class EntryCorrectForm(EntryForm):
    """The entry as it should have been, and why it is being corrected."""

    reason = forms.CharField(
        label="Why is it being corrected?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The reason is kept with the history of the entry",
        error_messages={"required": "Say why the entry is being corrected"},
    )

    def __init__(self, *args: Any, kind: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        if kind and kind not in dict(RECORDABLE_KINDS):
            # A kind with fields of its own keeps them; it can be corrected, not changed.
            field.choices = [(kind, EVENT_KINDS.get(kind, kind))]


# Where a service's "event X, field Y: message" lands on the entry form.
_FIELD_OF = {
    "at": "occurred_on",
    "kind": "kind",
    "summary": "summary",
    "indicators": "indicators",
    "agency": "source_agency",
    "sensitivity": "sensitivity",
    "shared_with": "shared_with",
    "reason": "reason",
}
_PROBLEM = re.compile(r"^event [^,]*, field ([A-Za-z_]+)[^:]*: (.*)$")


def problems_onto(form: forms.Form, problems: Sequence[str]) -> None:
    """Put each problem a service found on the field it names, or above the form."""
    for problem in problems:
        match = _PROBLEM.match(problem)
        name = _FIELD_OF.get(match.group(1), "") if match else ""
        if match and name in form.fields:
            label = str(form.fields[name].label or name)
            form.add_error(name, f"{label}: {match.group(2)}")
        else:
            form.add_error(None, problem)


def evidence_html(summary: str, suggestion: Mapping[str, Any], around: int = 80) -> SafeString:
    """The words a suggestion was read from, marked, with a little of the summary either side."""
    start, end = int(suggestion.get("start", 0)), int(suggestion.get("end", 0))
    text = str(suggestion.get("text", ""))
    if not (0 <= start < end <= len(summary)) or summary[start:end] != text:
        return format_html("<mark>{}</mark>", text)
    before = summary[max(0, start - around) : start]
    after = summary[end : end + around]
    return format_html(
        "{}{}<mark>{}</mark>{}{}",
        "…" if start > around else "",
        before,
        summary[start:end],
        after,
        "…" if end + around < len(summary) else "",
    )


class SuggestionsForm(forms.Form):
    """Confirm or reject each indicator Cairn suggested from an entry's summary."""

    def __init__(
        self,
        *args: Any,
        summary: str = "",
        suggestions: Sequence[Mapping[str, Any]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for suggestion in suggestions:
            if suggestion.get("status") != "suggested":
                continue
            code = str(suggestion["code"])
            self.fields[f"decision_{code}"] = forms.ChoiceField(
                label=INDICATORS.get(code, code),
                choices=[("confirm", "Confirm: it holds"), ("reject", "Reject: it does not hold")],
                widget=forms.RadioSelect,
                help_text=format_html(
                    "{}: “{}”",
                    "Read from the sentence as a whole"
                    if suggestion.get("source") == "model"
                    else "Read from",
                    evidence_html(summary, suggestion),
                ),
                error_messages={"required": f"Confirm or reject {INDICATORS.get(code, code)}"},
            )

    def decided(self, decision: str) -> list[str]:
        return [
            name.removeprefix("decision_")
            for name, value in self.cleaned_data.items()
            if value == decision
        ]


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="Add a document",
        help_text="A PDF, an image or an office document",
        error_messages={"required": "Select a file"},
        widget=forms.FileInput(attrs={"class": "govuk-file-upload"}),
    )


class CaseFileImportForm(forms.Form):
    file = forms.FileField(
        label="Case file",
        help_text="A cairn-casefile/1 JSON file. It is loaded all or nothing",
        error_messages={"required": "Select a case file"},
        widget=forms.FileInput(attrs={"class": "govuk-file-upload", "accept": ".json"}),
    )


class EventsCsvForm(forms.Form):
    file = forms.FileField(
        label="Events file (CSV)",
        help_text=(
            "One event per row with the columns external_id, kind, occurred_at, summary, "
            "indicators, sensitivity, shared_with, given_name, family_name, date_of_birth, sex, "
            "postcode, address, nhs_number, upn, pnc_id. It is loaded all or nothing"
        ),
        error_messages={"required": "Select a CSV file"},
        widget=forms.FileInput(attrs={"class": "govuk-file-upload", "accept": ".csv"}),
    )
