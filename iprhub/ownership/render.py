"""What the ownership pages draw: the statistics table as the page and its CSV twin show it (one
function, so the two cannot differ), and the stacked-bar chart as server-side SVG."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from html import escape
from typing import Any

from iprhub.ownership.model import StatsTable

CSS = """
.own table{border-collapse:collapse;margin:6px 0}.own td,.own th{border:1px solid #ddd;padding:3px 6px;text-align:right}
.own th:first-child,.own td:first-child{text-align:left}.own th{background:#f4f6f8}.own .sup{color:#a15c00}
.own .flag{color:#b00020}.own .muted{color:#667}.own tr.total td{font-weight:bold}.own svg{max-width:100%}
.own .ev td,.own .ev th{text-align:left;vertical-align:top}
"""
COLOURS = {"assignment": "#4e79a7", "security-interest": "#e15759", "release": "#59a14f", "license": "#b07aa1",
           "merger": "#f28e2b", "change-of-name": "#76b7b2", "correction": "#bab0ac", "government-interest": "#9c755f",
           "other": "#edc948"}


def cell(value: Any, min_cell: int) -> str:
    """One displayed cell: a count, or ``<k`` where it is suppressed."""
    return f"<{min_cell}" if value is None else str(value)


def table_rows(t: StatsTable) -> list[list[str]]:
    """The table as displayed (header, rows, totals): what the page shows and the CSV holds."""
    out = [list(t.columns)]
    for row in [*t.rows, t.totals]:
        out.append([str(row[t.by]) if c == t.by else cell(row.get(c), t.min_cell) for c in t.columns])
    return out


def stats_table_rich(t: StatsTable) -> Any:
    """The table as the terminal shows it (``iprhub ownership stats`` and ``iprhub batch ownership-stats``)."""
    from rich.table import Table

    rows = table_rows(t)
    table = Table(title=f"Recordings by {t.by}")
    for c in rows[0]:
        table.add_column(c, justify="left" if c == t.by else "right")
    for r in rows[1:]:
        table.add_row(*r)
    return table


def stats_csv(t: StatsTable) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(table_rows(t))
    return buf.getvalue()


def stats_svg(t: StatsTable, translate: Callable[[str], str] = lambda s: s) -> str:
    """Horizontal stacked bars, one per row, one colour per conveyance type (suppressed cells drawn as 0)."""
    types = [c for c in t.columns if c not in (t.by, "recordings", "patents")]
    if not types:
        types = ["recordings"]
    rows = t.rows
    top = max((sum(int(r.get(c) or 0) for c in types) for r in rows), default=0) or 1
    bar, gap, left, width = 16, 4, 150, 460
    height = len(rows) * (bar + gap) + 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 60}" height="{height}" '
             f'role="img" aria-label="{escape(translate("Recordings by") + " " + translate(t.by))}">']
    for i, r in enumerate(rows):
        y = 10 + i * (bar + gap)
        parts.append(f'<text x="{left - 6}" y="{y + bar - 4}" text-anchor="end" font-size="11">'
                     f'{escape(translate(str(r[t.by]))[:24])}</text>')
        x = float(left)
        for c in types:
            v = int(r.get(c) or 0)
            if v:
                w = v / top * width
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{max(w, 1):.1f}" height="{bar}" '
                             f'fill="{COLOURS.get(c, "#888")}"><title>{escape(translate(c))}: {v}</title></rect>')
                x += w
        total = sum(int(r.get(c) or 0) for c in types)
        parts.append(f'<text x="{x + 4:.1f}" y="{y + bar - 4}" font-size="11">{total}</text>')
    y = height - 14
    x = float(left)
    for c in types:
        parts.append(f'<rect x="{x:.0f}" y="{y}" width="10" height="10" fill="{COLOURS.get(c, "#888")}"/>'
                     f'<text x="{x + 13:.0f}" y="{y + 9}" font-size="11">{escape(translate(c))}</text>')
        x += 14 + 7 * len(translate(c)) + 12
    parts.append("</svg>")
    return "".join(parts)
