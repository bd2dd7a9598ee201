"""Bar charts drawn on the server as SVG: no script, no external asset, a title and a
description for assistive technology, and the table beside each chart holds the same
figures. Suppressed counts are drawn as no bar and labelled [c]."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH = 720
LEFT = 260
RIGHT = 70
BAR = 16
GAP = 6
TOP = 10


def bar_chart_svg(
    *, chart_id: str, title: str, bars: Sequence[tuple[str, float | None]], unit: str = ""
) -> str:
    """One horizontal bar per (label, value); None is a suppressed value. `unit` follows each
    value (\"%\" for rates)."""
    largest = max((n for _, n in bars if n), default=1)
    height = TOP * 2 + len(bars) * (BAR + GAP)
    shown = [f"{label}: {'[c] suppressed' if n is None else f'{n:g}{unit}'}" for label, n in bars]
    desc = f"{title}. " + "; ".join(shown) + "."
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="cairn-chart">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    span = WIDTH - LEFT - RIGHT
    for i, (label, n) in enumerate(bars):
        y = TOP + i * (BAR + GAP)
        text = label if len(label) <= 40 else label[:39] + "…"
        out.append(
            f'<text x="{LEFT - 8}" y="{y + BAR - 4}" font-size="12" text-anchor="end" '
            f'fill="#0b0c0c">{escape(text)}</text>'
        )
        width = 0.0 if not n else span * n / largest
        if width:
            out.append(
                f'<rect x="{LEFT}" y="{y}" width="{width:.1f}" height="{BAR}" fill="#1d70b8"/>'
            )
        out.append(
            f'<text x="{LEFT + width + 6:.1f}" y="{y + BAR - 4}" font-size="12" '
            f'fill="#0b0c0c">{"[c]" if n is None else f"{n:g}{unit}"}</text>'
        )
    out.append("</svg>")
    return "".join(out)
