"""Cairn's own small display helpers, built on the GOV.UK wrapper."""

from __future__ import annotations

import re
from typing import Any

from django import template

from cairn.lib.vocab import INDICATORS, RED_FLAG_INDICATORS

register = template.Library()


@register.inclusion_tag("web/components/tag.html")
def indicator_tag(code: str) -> dict[str, Any]:
    """An indicator by its label; red flags in red, so they stand out on every page."""
    return {
        "text": INDICATORS.get(code, code),
        "colour": "red" if code in RED_FLAG_INDICATORS else "blue",
    }


_ENTRY_ID = re.compile(r"\bc(\d+)\b")


@register.filter
def entry_refs(text: str) -> str:
    """A rule's detail as people read it: the event ids the case workflow gives entries
    (`c12`) become "entry 12", the number the chronology shows."""
    return _ENTRY_ID.sub(r"entry \1", str(text))
