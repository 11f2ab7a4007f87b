"""Country pages, comparisons, filing plans and the indicator monitor as HTML: the Jinja templates in
``templates/`` (gettext, zh and en) fill either the portal's layout or a self-contained file (inline
CSS and SVG, no network assets); the charts are SVG drawn here. Each page takes the same typed object
that its JSON twin dumps.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from iprhub.countries.labels import N_, label
from iprhub.countries.model import (
    CountryComparison,
    CountryProfile,
    FilingPlan,
    IndicatorProgress,
    IndicatorReport,
)

TEMPLATE_DIR = Path(__file__).with_name("templates")
# chart labels (outside the f-strings, where pybabel can find them)
_TIMELINE, _NO_VALUES, _TARGET = N_("deadline timeline"), N_("no reported values"), N_("2025 target")

CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1b1f24;max-width:1100px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:22px 0 8px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:6px 0;width:100%}td,th{border:1px solid #ddd;padding:4px 6px;
text-align:left;vertical-align:top}th{background:#f4f6f8}.muted{color:#667}.unknown{color:#a15c00}
.no{color:#b00020}.ok{color:#106b2a}.warn{background:#fff6e0;border-left:3px solid #e0a000;padding:3px 8px;margin:2px 0}
small{color:#667}a{color:#0b57d0;word-break:break-all}
"""


def _e(value: object) -> str:
    return escape("" if value is None else str(value))


def _same(text: str) -> str:
    return text


TEMPLATES: dict[type, str] = {CountryProfile: "profile.html", CountryComparison: "compare.html", FilingPlan: "plan.html",
             IndicatorReport: "indicators.html"}


def template_of(model: object) -> str:
    """The capability template (``countries/…``) that shows this model."""
    return "countries/" + TEMPLATES[type(model)]


_LAW_BASE = re.compile(r"^law base: (.+?)\s*(第[零〇一二两三四五六七八九十百千]+条)(?:\s*\(([^)]+)\))?$")


def source_html(text: str | None) -> Markup:
    """A source field as HTML: each ``|``-separated part a link when it is a URL (the note after it as
    text) or a law-base citation (``law base: 专利法 第四十二条 (key)`` → /laws/key/第四十二条), else text."""
    parts = []
    for part in (text or "").split(" | "):
        part = part.strip()
        law = _LAW_BASE.match(part)
        if part.startswith(("http://", "https://")):
            url, _, note = part.partition(" ")
            parts.append(Markup('<a href="{0}">{0}</a>').format(url) + (Markup(" {0}").format(note) if note else ""))
        elif law:
            name, article, key = law.group(1), law.group(2), law.group(3)
            parts.append(Markup('<a href="/laws/{0}/{1}">{2} {3}</a>').format(
                quote(key or name), quote(article), name, article))
        elif part:
            parts.append(Markup("{0}").format(part))
    return Markup(" | ").join(parts)


def page_context(model: object, *, layout: str) -> dict[str, Any]:
    """What every country template needs besides the gettext the environment brings."""
    return {"m": model, "layout": layout, "css": CSS, "label": label, "timeline_svg": timeline_svg,
            "indicator_svg": indicator_svg, "source_html": source_html}


def render_standalone(model: object, lang: str = "en") -> str:
    """The self-contained HTML file of a page (``iprhub country VN --html FILE``): the portal's own
    template, in a page of its own with inline CSS and SVG and no network assets."""
    from iprhub.web.pages.render import environment

    env = environment(lang, {"countries": TEMPLATE_DIR}, catalogs=(Path(__file__).with_name("i18n"),))
    return env.get_template(template_of(model)).render(page_context(model, layout="countries/standalone.html"))


# filing plan ---------------------------------------------------------------------------
def timeline_svg(plan: FilingPlan, translate: Callable[[str], str] = _same) -> str:
    """One row per route, a dot per deadline, on one date axis from the priority date."""
    rows = [(t.code, r) for t in plan.targets for r in t.routes]
    dates = [d.date for _, r in rows for d in r.deadlines if d.date] + [plan.priority_date, plan.today]
    start, end = min(dates), max(dates)
    span = max((end - start).days, 1)
    left, width, step = 330, 600, 22
    height = 40 + step * len(rows)

    def x(day: dt.date) -> float:
        return left + (day - start).days / span * width

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 40}" height="{height}" '
             f'role="img" aria-label="{_e(translate(_TIMELINE))}" font-size="11" font-family="sans-serif">']
    for year in range(start.year, end.year + 2):
        day = dt.date(year, 1, 1)
        if start <= day <= end:
            parts.append(f'<line x1="{x(day):.1f}" y1="15" x2="{x(day):.1f}" y2="{height}" stroke="#eee"/>'
                         f'<text x="{x(day):.1f}" y="12" text-anchor="middle" fill="#667">{year}</text>')
    for name, day, color in ((translate(N_("priority")), plan.priority_date, "#0b57d0"),
                             (translate(N_("today")), plan.today, "#b00020")):
        parts.append(f'<line x1="{x(day):.1f}" y1="15" x2="{x(day):.1f}" y2="{height}" stroke="{color}" '
                     f'stroke-dasharray="3,3"/><text x="{x(day) + 3:.1f}" y="{height - 3}" fill="{color}">{_e(name)}</text>')
    for i, (code, r) in enumerate(rows):
        y = 30 + i * step
        color = "#106b2a" if r.available else ("#b00020" if r.available is False else "#a15c00")
        parts.append(f'<text x="4" y="{y + 4}" fill="{color}">{_e(code)} · {_e(r.label[:48])}</text>')
        known = [d for d in r.deadlines if d.date]
        last = known[-1].date if known else None
        if last is not None:
            parts.append(f'<line x1="{x(plan.priority_date):.1f}" y1="{y}" x2="{x(last):.1f}" y2="{y}" '
                         f'stroke="{color}" stroke-width="2" opacity="0.35"/>')
        for d in known:
            assert d.date is not None  # known deadlines have dates
            fill = "#b00020" if d.passed else color
            parts.append(f'<circle cx="{x(d.date):.1f}" cy="{y}" r="4" fill="{fill}"><title>{_e(label(d.label, translate))}: '
                         f'{d.date}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


# indicators ----------------------------------------------------------------------------
def indicator_svg(p: IndicatorProgress, translate: Callable[[str], str] = _same) -> str:
    pts = [(v.period, v.number) for v in p.values if v.number is not None]
    d = p.indicator
    if d.baseline_year and d.baseline_value is not None and str(d.baseline_year) not in [x for x, _ in pts]:
        pts.insert(0, (str(d.baseline_year), d.baseline_value))
    if not pts:
        return f"<p class='unknown'>{_e(translate(_NO_VALUES))}</p>"
    ys = [y for _, y in pts] + ([d.target_2025] if d.target_2025 is not None else [])
    lo, hi = min(ys), max(ys)
    lo, hi = (lo - 1, hi + 1) if lo == hi else (lo - (hi - lo) * 0.1, hi + (hi - lo) * 0.1)
    w, h, pad = 420, 160, 36

    def px(i: int) -> float:
        return pad + (i / max(len(pts) - 1, 1)) * (w - 2 * pad)

    def py(v: float) -> float:
        return h - pad + (lo - v) / (hi - lo) * (h - 2 * pad)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-size="10" '
             f'font-family="sans-serif" role="img" aria-label="{_e(d.name_en)}">']
    if d.target_2025 is not None:
        parts.append(f'<line x1="{pad}" x2="{w - pad}" y1="{py(d.target_2025):.1f}" y2="{py(d.target_2025):.1f}" '
                     f'stroke="#b00020" stroke-dasharray="4,3"/><text x="{w - pad}" y="{py(d.target_2025) - 3:.1f}" '
                     f'text-anchor="end" fill="#b00020">{_e(translate(_TARGET))} {d.target_2025:g}</text>')
    poly = " ".join(f"{px(i):.1f},{py(v):.1f}" for i, (_, v) in enumerate(pts))
    parts.append(f'<polyline points="{poly}" fill="none" stroke="#0b57d0" stroke-width="2"/>')
    for i, (period, v) in enumerate(pts):
        parts.append(f'<circle cx="{px(i):.1f}" cy="{py(v):.1f}" r="3" fill="#0b57d0"><title>{_e(period)}: {v:g}'
                     f'</title></circle><text x="{px(i):.1f}" y="{h - pad + 14}" text-anchor="middle">{_e(period)}</text>'
                     f'<text x="{px(i):.1f}" y="{py(v) - 6:.1f}" text-anchor="middle">{v:g}</text>')
    parts.append("</svg>")
    return "".join(parts)
