"""The replay's timeline as an SVG drawn on the server: checkpoints on an axis (decisions as
circles, red when divergent; missed deadlines as diamonds) and one bar per flag from when it
was raised to when it was resolved (or to the end, if it is still open). Accessible: the SVG
has a title and a description, and the page beside it holds the same facts as tables."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

WIDTH = 960
LEFT = 190
RIGHT = 30
ROW = 18
AXIS_Y = 66


def _day(text: str) -> date:
    return date.fromisoformat(text[:10])


def _x(day: date, start: date, end: date) -> float:
    span = max((end - start).days, 1)
    return LEFT + (WIDTH - LEFT - RIGHT) * (day - start).days / span


def timeline_svg(doc: dict[str, Any]) -> str:
    points = doc["checkpoints"]
    flags = doc["flags"]
    days = [_day(p["at"]) for p in points] + [_day(f["raised_at"]) for f in flags]
    days += [_day(f["resolved_at"]) for f in flags if f["resolved_at"]]
    end = _day(doc["until"])
    start = min(days, default=end)
    if start >= end:
        start = date(end.year - 1, end.month, 1)
    height = AXIS_Y + 30 + ROW * max(len(flags), 1) + 20
    divergent = sum(1 for p in points if p["divergent"])
    title = f"Timeline of {doc['subject']} under policy {doc['policy']}"
    desc = (
        f"From {start} to {end}: {len(points)} checkpoints ({divergent} divergent decisions) "
        f"and {len(flags)} flags. The tables below list the same facts."
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="tl-title tl-desc" class="cairn-timeline">',
        f'<title id="tl-title">{escape(title)}</title>',
        f'<desc id="tl-desc">{escape(desc)}</desc>',
        f'<line x1="{LEFT}" y1="{AXIS_Y}" x2="{WIDTH - RIGHT}" y2="{AXIS_Y}" stroke="#0b0c0c"/>',
    ]
    for year in range(start.year, end.year + 2):
        tick = date(year, 1, 1)
        if start <= tick <= end:
            x = _x(tick, start, end)
            out.append(
                f'<line x1="{x:.1f}" y1="{AXIS_Y - 4}" x2="{x:.1f}" y2="{height - 10}" '
                f'stroke="#b1b4b6" stroke-dasharray="2,3"/>'
                f'<text x="{x:.1f}" y="{AXIS_Y - 30}" font-size="11" '
                f'text-anchor="middle">{year}</text>'
            )
    out.append(
        f'<text x="{LEFT - 8}" y="{AXIS_Y + 4}" font-size="12" text-anchor="end">Checkpoints</text>'
    )
    decisions_drawn = 0
    for point in points:
        x = _x(_day(point["at"]), start, end)
        label = escape(
            f"{point['at']} {point['kind']} {point.get('event_id') or ''} "
            f"{point.get('outcome') or ', '.join(point.get('deadlines', []))}"
            + (" (divergent)" if point["divergent"] else "")
        )
        if point["kind"] == "decision":
            colour = "#d4351c" if point["divergent"] else "#1d70b8"
            out.append(
                f'<circle cx="{x:.1f}" cy="{AXIS_Y}" r="6" fill="{colour}">'
                f"<title>{label}</title></circle>"
            )
            out.append(
                f'<text x="{x:.1f}" y="{AXIS_Y - 12 - 10 * (decisions_drawn % 2)}" font-size="10" '
                f'text-anchor="middle">'
                f"{escape(point['event_id'])}</text>"
            )
            decisions_drawn += 1
        else:
            out.append(
                f'<path d="M{x:.1f},{AXIS_Y - 7} l7,7 l-7,7 l-7,-7 z" fill="#f47738">'
                f"<title>{label}</title></path>"
            )
    for row, flag in enumerate(flags):
        y = AXIS_Y + 30 + row * ROW
        x1 = _x(_day(flag["raised_at"]), start, end)
        x2 = _x(_day(flag["resolved_at"]), start, end) if flag["resolved_at"] else WIDTH - RIGHT
        colour = "#d4351c" if flag["blocking"] else "#f47738"
        state = f"resolved {flag['resolved_at']}" if flag["resolved_at"] else "open"
        label = escape(f"{flag['rule']}: raised {flag['raised_at']}, {state}. {flag['message']}")
        dash = ' stroke-dasharray="6,3"' if flag["from_suggested_indicators"] else ""
        out.append(
            f'<text x="{LEFT - 8}" y="{y + 4}" font-size="11" text-anchor="end">'
            f"{escape(flag['rule'])}</text>"
            f'<line x1="{x1:.1f}" y1="{y}" x2="{max(x2, x1 + 2):.1f}" y2="{y}" stroke="{colour}" '
            f'stroke-width="6"{dash}><title>{label}</title></line>'
        )
        if not flag["resolved_at"]:
            out.append(f'<path d="M{WIDTH - RIGHT},{y - 5} l8,5 l-8,5 z" fill="{colour}"/>')
    out.append("</svg>")
    return "\n".join(out)
