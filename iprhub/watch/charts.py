"""Server-side SVG charts of the risk report (no script, no network assets; colours as attributes so
the portal's content-security policy allows them).

>>> svg = bar_chart([("VN", {"squatting": 2, "watch": 1})], ("squatting", "watch"))
>>> svg.startswith("<svg") and "VN" in svg
True
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

COLOURS = {"watch": "#0b57d0", "squatting": "#b00020", "fto": "#8a5a00", "high": "#b00020", "medium": "#e8a400",
           "low": "#6b8e23", "noise": "#999999"}


def _text_width(text: str) -> float:
    """About how wide ``text`` is at 11 px (CJK characters are twice as wide as Latin ones)."""
    return sum(11.0 if ord(ch) >= 0x2E80 else 6.5 for ch in text)


def bar_chart(rows: Sequence[tuple[str, dict[str, int]]], series: Sequence[str], *, title: str = "",
              labels: dict[str, str] | None = None) -> str:
    """Grouped horizontal bars: one group per row (country), one bar per series, with values."""
    labels = labels or {}
    top = max([v for _, vals in rows for v in vals.values()] + [1])
    left, width, bar, gap = 70, 360, 14, 10
    group = bar * len(series) + gap
    height = 30 + group * len(rows) + 24
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 60}" height="{height}" role="img" '
             f'aria-label="{escape(title)}" font-size="11" font-family="sans-serif">']
    if title:
        parts.append(f'<text x="0" y="14" font-weight="bold">{escape(title)}</text>')
    y = 24
    for label, vals in rows:
        parts.append(f'<text x="0" y="{y + bar * len(series) / 2 + 4:.0f}">{escape(label)}</text>')
        for s in series:
            v = int(vals.get(s, 0))
            w = v / top * width
            parts.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar - 2}" fill="{COLOURS.get(s, "#555")}">'
                         f'<title>{escape(labels.get(s, s))}: {v}</title></rect>'
                         f'<text x="{left + w + 4:.1f}" y="{y + bar - 4}">{v}</text>')
            y += bar
        y += gap
    x = float(left)
    for s in series:  # legend
        parts.append(f'<rect x="{x:.0f}" y="{height - 14}" width="10" height="10" fill="{COLOURS.get(s, "#555")}"/>'
                     f'<text x="{x + 14:.0f}" y="{height - 5}">{escape(labels.get(s, s))}</text>')
        x += 14 + _text_width(labels.get(s, s)) + 16
    parts.append("</svg>")
    return "".join(parts)
