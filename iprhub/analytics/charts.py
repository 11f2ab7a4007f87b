"""Server-side SVG charts (no script, no CDN): each bar is a link to the filtered result list."""

from __future__ import annotations

from urllib.parse import urlencode

from markupsafe import Markup, escape

from iprhub.analytics.model import Chart

BAR_H, GAP, LABEL_W, WIDTH = 18, 4, 260, 640


def search_href(query: str | None) -> str | None:
    return "/search?" + urlencode({"q": query}) if query else None


def _label(chart: Chart, row: list) -> str:
    if chart.id == "applicants":
        return str(row[1])
    if chart.id in ("co-applicants", "flows"):
        return f"{row[0]} → {row[1]}" if chart.id == "flows" else f"{row[0]} + {row[1]}"
    if len(chart.columns) >= 3 and chart.columns[1] == "title" and row[1]:
        return f"{row[0]} {row[1]}"
    if chart.id == "clusters":
        return str(row[1])
    return str(row[0])


def svg(chart: Chart, limit: int = 20) -> Markup:
    """A horizontal bar chart of ``chart.value`` per row (trend and life cycle: per year)."""
    if chart.value not in chart.columns or not chart.rows:
        return Markup("")
    col = chart.columns.index(chart.value)
    rows = chart.rows[:limit] if chart.kind != "line" else chart.rows[-limit:]
    links = chart.links[:limit] if chart.kind != "line" else chart.links[-limit:]
    values = [float(r[col] or 0) for r in rows]
    top = max(values) or 1.0
    height = len(rows) * (BAR_H + GAP) + GAP
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
             f'xmlns="http://www.w3.org/2000/svg" data-chart="{escape(chart.id)}">']
    for i, (row, v) in enumerate(zip(rows, values, strict=True)):
        y = GAP + i * (BAR_H + GAP)
        w = max(1.0, (WIDTH - LABEL_W - 60) * v / top)
        label = _label(chart, row)
        shown = label if len(label) <= 34 else label[:33] + "…"  # upper-case titles: ~7 px a letter in 254 px
        text = f'{v:g}' if chart.value != "share" else f"{v:.1%}"
        bar = (f'<text x="{LABEL_W - 6}" y="{y + 13}" text-anchor="end" font-size="11">{escape(shown)}</text>'
               f'<rect x="{LABEL_W}" y="{y}" width="{w:.1f}" height="{BAR_H}" fill="#3b6ea5"/>'
               f'<text x="{LABEL_W + w + 4:.1f}" y="{y + 13}" font-size="11">{escape(text)}</text>')
        href = search_href(links[i] if i < len(links) else None)
        if href:
            bar = (f'<a href="{escape(href)}" class="bar" data-row="{i}"><title>{escape(label)}: {escape(text)}'
                   f'</title>{bar}</a>')
        parts.append(bar)
    parts.append("</svg>")
    return Markup("".join(parts))
