"""Reading rendered pages in tests without a browser."""

from __future__ import annotations

import re
from html import unescape


def submit_buttons(html: str, action: str) -> list[str]:
    """The texts of the submit buttons of the page's forms that post to `action`.

    A control drawn as a link (`<a role="button">`) submits nothing, so it is not counted."""
    found: list[str] = []
    for form in re.finditer(r"<form\b([^>]*)>(.*?)</form>", html, re.S):
        if f'action="{action}"' not in form.group(1):
            continue
        for button in re.finditer(
            r'<button type="submit"[^>]*>(.*?)</button>', form.group(2), re.S
        ):
            found.append(unescape(re.sub(r"<[^>]+>", "", button.group(1))).strip())
    return found
