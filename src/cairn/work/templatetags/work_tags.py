"""Displays of the work app for other apps' pages: a person's marker."""

from __future__ import annotations

from typing import Any

from django import template

from cairn.work.selectors import person_marker

register = template.Library()


@register.inclusion_tag("work/_marker.html")
def marker_notice(person: Any) -> dict[str, Any]:
    """'Known to the programme; marker until ...' on the header of a page that already
    decided the viewer may see the person."""
    return {"marker": person_marker(person)}
