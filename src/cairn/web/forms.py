"""The one path by which forms are rendered: Django's form renderer with GOV.UK templates, so
every form gets the same error summary, labels, hints and error messages."""

from __future__ import annotations

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
