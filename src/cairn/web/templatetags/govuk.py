"""Cairn's one wrapper around GOV.UK Frontend components. Pages use these tags instead of
copying the design system's markup, so a change to a component is made once."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.safestring import SafeString

register = template.Library()

_WIDGET_CLASSES = {
    "text": "govuk-input",
    "email": "govuk-input",
    "password": "govuk-input",
    "number": "govuk-input",
    "date": "govuk-input",
    "url": "govuk-input",
    "search": "govuk-input",
    "datetime": "govuk-input",
    "textarea": "govuk-textarea",
    "file": "govuk-file-upload",
    "clearablefile": "govuk-file-upload",
    "select": "govuk-select",
    "checkbox": "govuk-checkboxes__input",
}


@register.simple_tag
def govuk_widget(field: forms.BoundField) -> SafeString:
    """A form widget with the design system's classes and the hint and error ids it describes."""
    if field.widget_type == "govukdate":
        return SafeString(field.as_widget(attrs={"error": bool(field.errors)}))
    base = _WIDGET_CLASSES.get(field.widget_type, "govuk-input")
    classes = [base, field.field.widget.attrs.get("class", "")]
    if field.errors and base != "govuk-checkboxes__input":
        classes.append(f"{base}--error")
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    attrs: dict[str, Any] = {"class": " ".join(c for c in classes if c)}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return SafeString(field.as_widget(attrs=attrs))


@register.inclusion_tag("web/components/form.html")
def govuk_form(
    form: forms.Form, submit: str = "Continue", action: str = "", csrf_token: str = ""
) -> dict[str, Any]:
    """A whole form: error summary, fields and the submit button."""
    return {"form": form, "submit": submit, "action": action, "csrf_token": csrf_token}


@register.inclusion_tag("web/components/error_summary.html")
def govuk_error_summary(form: forms.Form) -> dict[str, Any]:
    items: list[dict[str, str]] = []
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS:
            items.extend({"text": str(e), "href": ""} for e in errors)
            continue
        bound = form[name]
        target = bound.auto_id
        if bound.widget_type in ("checkboxselectmultiple", "radioselect"):
            target = f"{bound.auto_id}_0"
        elif bound.widget_type == "govukdate":
            target = f"{bound.auto_id}_day"
        items.extend({"text": str(e), "href": f"#{target}"} for e in errors)
    return {"items": items}


@register.inclusion_tag("web/components/button.html")
def govuk_button(
    text: str, href: str = "", variant: str = "", name: str = "", value: str = ""
) -> dict[str, Any]:
    """A button or a link styled as one; variant is '', 'secondary' or 'warning'."""
    return {"text": text, "href": href, "variant": variant, "name": name, "value": value}


@register.inclusion_tag("web/components/tag.html")
def govuk_tag(text: str, colour: str = "") -> dict[str, Any]:
    return {"text": text, "colour": colour}


@register.inclusion_tag("web/components/notifications.html", takes_context=True)
def govuk_notifications(context: template.Context) -> dict[str, Any]:
    return {"messages": context.get("messages", [])}


@register.inclusion_tag("web/components/pagination.html")
def govuk_pagination(page: Any, query: str = "") -> dict[str, Any]:
    return {"page": page, "query": query}
