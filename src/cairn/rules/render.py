"""The replay document as text for a person to read, and as a self-contained HTML page with
the timeline drawn as an SVG on the server (no scripts, no external assets; print CSS so the
browser's "Save as PDF" gives a clean report)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.template.loader import render_to_string

from cairn.rules.timeline import timeline_svg


def _flag_line(flag: dict[str, Any]) -> str:
    marks = []
    if flag["blocking"]:
        marks.append("blocking")
    if flag["from_suggested_indicators"]:
        marks.append("from suggested indicators")
    suffix = f" [{', '.join(marks)}]" if marks else ""
    return f"{flag['rule']}{suffix}: {flag['message']} (evidence {', '.join(flag['evidence'])})"


def render_text(doc: dict[str, Any]) -> str:
    summary = doc["summary"]
    lines = [
        f"Replay of {doc['subject']} under policy {doc['policy']} "
        f"(version {doc['policy_version']}), up to {doc['until']}",
        f"{summary['decisions']} decisions, {summary['divergent_decisions']} divergent; "
        f"{summary['deadlines_missed']} deadlines missed; {summary['flags_raised']} flags "
        f"raised, {summary['flags_open']} still open.",
        "",
    ]
    for point in doc["checkpoints"]:
        if point["kind"] == "decision":
            head = f"{point['at']}  decision {point['event_id']}: {point['outcome']}"
            if point["divergent"]:
                head += "  DIVERGENT"
        else:
            head = f"{point['at']}  deadline: {', '.join(point['deadlines'])}"
        lines.append(head)
        for reason in point["divergences"]:
            lines.append(f"    ! {reason}")
        if point["open_flags"]:
            lines.append("    open flags:")
            lines.extend(f"      - {_flag_line(flag)}" for flag in point["open_flags"])
        else:
            lines.append("    no open flags")
        lines.append("")
    lines.append("Flags:")
    if not doc["flags"]:
        lines.append("  none")
    for flag in doc["flags"]:
        when = f"raised {flag['raised_at']}" + (
            f" by {flag['raised_by']}" if flag["raised_by"] else ""
        )
        if flag["resolved_at"]:
            when += f", resolved {flag['resolved_at']}"
            if flag["resolved_by"]:
                when += f" by {flag['resolved_by']}"
        else:
            when += ", open; resolved by " + flag["resolves_by"]
        lines.append(f"  - {_flag_line(flag)}")
        lines.append(f"    {when}")
    return "\n".join(lines) + "\n"


def render_html(doc: dict[str, Any], *, standalone: bool = True) -> str:
    """The report page. `standalone`: a whole document with its own styles (for the command
    line); otherwise the fragment a Cairn page includes."""
    context = {
        "doc": doc,
        "svg": timeline_svg(doc),
        "standalone": standalone,
        "generated": date.today().isoformat(),
    }
    return render_to_string("rules/replay_report.html", context)
