"""The one path by which forms are rendered: Django's form renderer with GOV.UK templates, so
every form gets the same error summary, labels, hints and error messages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates

from cairn.lib.errors import ServiceError


class GovukFormRenderer(DjangoTemplates):
    form_template_name = "web/forms/form.html"
    field_template_name = "web/forms/field.html"


def add_service_error(form: forms.Form, error: ServiceError | ValidationError) -> None:
    """Put an error raised by a service back on the form, against its field where it names one."""
    if isinstance(error, ServiceError):
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
        return
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class GovukDateWidget(forms.MultiWidget):
    """GOV.UK's date input: day, month and year in three boxes."""

    template_name = "web/forms/date_widget.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        box = {"inputmode": "numeric", "class": "govuk-input govuk-date-input__input"}
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "day": forms.TextInput({**box, "class": box["class"] + " govuk-input--width-2"}),
            "month": forms.TextInput({**box, "class": box["class"] + " govuk-input--width-2"}),
            "year": forms.TextInput({**box, "class": box["class"] + " govuk-input--width-4"}),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value:
            parsed = date.fromisoformat(value)
            return [parsed.day, parsed.month, parsed.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date entered as day, month and year, with GOV.UK's error messages."""

    widget = GovukDateWidget

    def __init__(self, **kwargs: Any) -> None:
        fields = (
            forms.IntegerField(min_value=1, max_value=31),
            forms.IntegerField(min_value=1, max_value=12),
            forms.IntegerField(min_value=1000, max_value=9999),
        )
        super().__init__(fields, require_all_fields=False, **kwargs)

    def clean(self, value: Any) -> date | None:
        parts = [str(p).strip() if p is not None else "" for p in (value or ["", "", ""])]
        label = str(self.label or "Date").lower()
        if not any(parts):
            if self.required:
                raise ValidationError(f"Enter the {label}", code="required")
            return None
        missing = [
            name for name, part in zip(("day", "month", "year"), parts, strict=True) if not part
        ]
        if missing:
            raise ValidationError(f"The {label} must include a {' and '.join(missing)}")
        if not all(p.isdigit() for p in parts) or len(parts[2]) != 4:
            raise ValidationError(f"The {label} must be a real date, like 27 3 2011")
        try:
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            raise ValidationError(f"The {label} must be a real date") from None

    def compress(self, data_list: list[Any]) -> date | None:  # pragma: no cover - clean() decides
        return None
