"""Self-contained HTML pages (inline CSS and SVG, no network assets) for country pages, comparisons,
filing plans and the indicator monitor. Each takes the same typed object that the JSON form dumps,
so a web portal can mount these as the HTML twins of its JSON routes.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from iprhub.countries.model import (
    CountryComparison,
    CountryProfile,
    FilingPlan,
    IndicatorProgress,
    IndicatorReport,
)

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1b1f24;max-width:1100px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:22px 0 8px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:6px 0;width:100%}td,th{border:1px solid #ddd;padding:4px 6px;
text-align:left;vertical-align:top}th{background:#f4f6f8}.muted{color:#667}.unknown{color:#a15c00}
.no{color:#b00020}.ok{color:#106b2a}.warn{background:#fff6e0;border-left:3px solid #e0a000;padding:3px 8px;margin:2px 0}
small{color:#667}a{color:#0b57d0;word-break:break-all}
"""


def _e(value: object) -> str:
    return escape("" if value is None else str(value))


def _val(value: object) -> str:
    return '<span class="unknown">unknown</span>' if value in (None, "", "unknown") else _e(value)


def _page(title: str, body: str) -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>'
            f"<style>{_CSS}</style></head><body>{body}</body></html>\n")


def _links(sources: list[str]) -> str:
    items = []
    for s in sources:
        items.append(f'<li><a href="{_e(s)}">{_e(s)}</a></li>' if s.startswith("http") else f"<li>{_e(s)}</li>")
    return "<ol>" + "".join(items) + "</ol>"


# country pages -----------------------------------------------------------------------
def _profile_body(p: CountryProfile) -> str:
    out = [f"<h1>{_e(p.name)} ({_e(p.code)})</h1><p class='muted'>reference data {_e(p.data_version)} "
           f"({_e(p.data_source)})</p>", "<h2>Treaties</h2><table><tr><th>treaty</th><th>status</th><th>in force</th></tr>"]
    for t in p.treaties:
        cls = "ok" if t.member else "no"
        out.append(f"<tr><td>{_e(t.treaty_name)}</td><td class='{cls}'>{_e(t.status)}</td>"
                   f"<td>{_e(t.in_force_date or '')}</td></tr>")
    out.append("</table><h2>Filing routes</h2><table>")
    lim = p.pct_time_limit
    out.append("<tr><th>PCT national phase</th><td>" + (
        f"<small>{_e(lim.note)}</small>" if lim and lim.national_phase_closed else
        f"{lim.chapter1_months} months (Ch. I), {_val(lim.chapter2_months)} (Ch. II)"
        + (f", {lim.late_entry_months} with late fee" if lim.late_entry_months else "")
        + (f" <small>{_e(lim.note)}</small>" if lim.note else "") if lim else _val(None)) + "</td></tr>")
    regional = "; ".join(f"{m.system}" + (f" from {m.from_date}" if m.from_date else "") +
                         (f" until {m.until_date}" if m.until_date else "") + (f" ({m.role})" if m.role else "")
                         for m in p.regional_systems)
    out.append(f"<tr><th>regional systems</th><td>{_e(regional) or 'none in the data'}</td></tr>")
    rule = p.office_rule
    out.append("<tr><th>deadline on a closed day</th><td>" + (_e(rule.basis) if rule else
               '<span class="unknown">unknown: deadlines are not moved</span>') + "</td></tr></table>")
    out.append("<h2>PPH</h2>" + ("<table><tr><th>programme</th><th>office</th><th>since</th><th>notes</th></tr>" + "".join(
        f"<tr><td>{_e(t.programme)}</td><td>{_e(t.partner_office)}</td><td>{_val(t.start_date)}</td>"
        f"<td>{_e(t.notes or '')}</td></tr>" for t in p.pph) + "</table>" if p.pph else "<p>none in the data</p>"))
    out.append("<h2>Law parameters</h2><table><tr><th>parameter</th><th>value</th><th>detail</th><th>source</th></tr>")
    for x in p.law_parameters:
        out.append(f"<tr><td>{_e(x.parameter)}</td><td>{_e(x.value)} {_e(x.unit or '')}</td>"
                   f"<td>{_e(x.detail or '')} <small>{_e(x.note or '')}</small></td>"
                   f"<td><small>{_e(x.source_quality)}: {_e(x.source)}</small></td></tr>")
    out.append("</table>")
    if p.unknown:
        out.append("<p class='unknown'>unknown in the data: " + _e(", ".join(p.unknown)) + "</p>")
    out.append(f"<h2>Belt and Road</h2><p>{_e(p.bri_note)}</p>")
    if p.cooperation:
        out.append("<h2>Cooperation with CNIPA</h2><ul>" + "".join(
            f"<li>{_e(c.partner)}: {_e(c.cooperation)}</li>" for c in p.cooperation) + "</ul>")
    out.append("<h2>Protection channels</h2>" + ("<ul>" + "".join(
        f"<li>{_e(c.channel)}: {_e(c.available)}. {_e(c.detail or '')}</li>" for c in p.protection_channels) + "</ul>"
        if p.protection_channels else "") + "<p class='unknown'>" + _e(", ".join(
            u.split(":")[1] for u in p.unknown if u.startswith("protection_channel:"))) + (
        ": unknown</p>" if any(u.startswith("protection_channel:") for u in p.unknown) else "</p>"))
    out.append("<h2>Sources</h2>" + _links(p.sources))
    return "".join(out)


def render_profile(p: CountryProfile) -> str:
    return _page(f"{p.name} ({p.code})", _profile_body(p))


def render_comparison(c: CountryComparison) -> str:
    head = "".join(f"<th>{_e(p.name)} ({_e(p.code)})</th>" for p in c.profiles)
    rows = "".join("<tr><th>" + _e(r["field"]) + "</th>" + "".join(f"<td>{_val(r[code])}</td>" for code in c.codes)
                   + "</tr>" for r in c.rows)
    return _page("Compare " + ", ".join(c.codes),
                 f"<h1>Compare {_e(', '.join(c.codes))}</h1><table><tr><th></th>{head}</tr>{rows}</table>")


# filing plan ---------------------------------------------------------------------------
def timeline_svg(plan: FilingPlan) -> str:
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
             f'role="img" aria-label="deadline timeline" font-size="11" font-family="sans-serif">']
    for year in range(start.year, end.year + 2):
        day = dt.date(year, 1, 1)
        if start <= day <= end:
            parts.append(f'<line x1="{x(day):.1f}" y1="15" x2="{x(day):.1f}" y2="{height}" stroke="#eee"/>'
                         f'<text x="{x(day):.1f}" y="12" text-anchor="middle" fill="#667">{year}</text>')
    for label, day, color in (("priority", plan.priority_date, "#0b57d0"), ("today", plan.today, "#b00020")):
        parts.append(f'<line x1="{x(day):.1f}" y1="15" x2="{x(day):.1f}" y2="{height}" stroke="{color}" '
                     f'stroke-dasharray="3,3"/><text x="{x(day) + 3:.1f}" y="{height - 3}" fill="{color}">{label}</text>')
    for i, (code, r) in enumerate(rows):
        y = 30 + i * step
        color = "#106b2a" if r.available else ("#b00020" if r.available is False else "#a15c00")
        parts.append(f'<text x="4" y="{y + 4}" fill="{color}">{_e(code)} · {_e(r.label[:48])}</text>')
        known = [d for d in r.deadlines if d.date]
        if known:
            parts.append(f'<line x1="{x(plan.priority_date):.1f}" y1="{y}" x2="{x(known[-1].date):.1f}" y2="{y}" '
                         f'stroke="{color}" stroke-width="2" opacity="0.35"/>')
        for d in known:
            fill = "#b00020" if d.passed else color
            parts.append(f'<circle cx="{x(d.date):.1f}" cy="{y}" r="4" fill="{fill}"><title>{_e(d.label)}: '
                         f'{d.date}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


def render_plan(plan: FilingPlan) -> str:
    out = [f"<h1>Filing plan: {_e(plan.right_type)} first filed in {_e(plan.first_filing_name)} on "
           f"{plan.priority_date}</h1><p class='muted'>computed {plan.today}; reference data {_e(plan.data_version)} "
           f"({_e(plan.data_source)})</p>"]
    out += [f"<div class='warn'>{_e(w.message)}</div>" for w in plan.warnings]
    out.append("<h2>Timeline</h2>" + timeline_svg(plan))
    for t in plan.targets:
        out.append(f"<h2>{_e(t.name)} ({_e(t.code)})</h2><p>grace period: {_val(t.grace_period)}</p>"
                   "<table><tr><th>route</th><th>available</th><th>deadlines</th></tr>")
        for r in t.routes:
            avail = {True: "<span class='ok'>yes</span>", False: "<span class='no'>no</span>"}.get(
                r.available, "<span class='unknown'>unknown</span>")
            dl = "<br>".join(f"{_e(d.label)}: <b>{_val(d.date)}</b>" + (" (moved from " + str(d.legal_date) + ")"
                             if d.shifted else "") + (" <span class='no'>passed</span>" if d.passed else "")
                             + f"<br><small>{_e(d.rule)}</small>" for d in r.deadlines)
            out.append(f"<tr><td>{_e(r.label)}</td><td>{avail}<br><small>{_e(r.availability)}</small></td>"
                       f"<td>{dl}</td></tr>")
        out.append("</table>")
        if t.pph:
            out.append("<p>PPH: " + _e("; ".join(f"{o.programme} with {o.office}" + (f" via {o.via}" if o.via != "national"
                       else "") + (f" since {o.since}" if o.since else "") for o in t.pph)) + "</p>")
        warns = t.warnings + [w for r in t.routes for w in r.warnings]
        out += [f"<div class='warn'>{_e(w.message)}</div>" for w in warns]
    return _page(f"Filing plan {plan.first_filing} {plan.priority_date}", "".join(out))


# indicators ----------------------------------------------------------------------------
def indicator_svg(p: IndicatorProgress) -> str:
    pts = [(v.period, v.number) for v in p.values if v.number is not None]
    d = p.indicator
    if d.baseline_year and d.baseline_value is not None and str(d.baseline_year) not in [x for x, _ in pts]:
        pts.insert(0, (str(d.baseline_year), d.baseline_value))
    if not pts:
        return "<p class='unknown'>no reported values</p>"
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
                     f'text-anchor="end" fill="#b00020">2025 target {d.target_2025:g}</text>')
    poly = " ".join(f"{px(i):.1f},{py(v):.1f}" for i, (_, v) in enumerate(pts))
    parts.append(f'<polyline points="{poly}" fill="none" stroke="#0b57d0" stroke-width="2"/>')
    for i, (label, v) in enumerate(pts):
        parts.append(f'<circle cx="{px(i):.1f}" cy="{py(v):.1f}" r="3" fill="#0b57d0"><title>{_e(label)}: {v:g}'
                     f'</title></circle><text x="{px(i):.1f}" y="{h - pad + 14}" text-anchor="middle">{_e(label)}</text>'
                     f'<text x="{px(i):.1f}" y="{py(v) - 6:.1f}" text-anchor="middle">{v:g}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_indicators(report: IndicatorReport) -> str:
    out = ["<h1>IP strategy indicators: 14th Five-Year IP plan and the 2021-2035 Outline</h1>",
           f"<p class='muted'>reference data {_e(report.data_version)} ({_e(report.data_source)}). Many figures come "
           "from reposts of official statements: check against cnipa.gov.cn before citing.</p>"]
    for p in report.indicators:
        d = p.indicator
        out.append(f"<h2>{_e(d.name_zh)} · {_e(d.name_en)}</h2><p>unit {_e(d.unit)}; baseline {_val(d.baseline_value)} "
                   f"({_val(d.baseline_year)}); 2025 target {_val(d.target_2025)}"
                   + (" (also in the Outline)" if d.in_outline else "") + f"; latest {_val(p.latest.value if p.latest else None)}"
                   + (f" ({_e(p.latest.period)})" if p.latest else "") + f"; progress {_val(p.progress_pct)}"
                   + ("%" if p.progress_pct is not None else "") + f"; <b>{_e(p.status)}</b></p>")
        out.append(indicator_svg(p))
        out.append("<table><tr><th>period</th><th>value</th><th>source</th></tr>" + "".join(
            f"<tr><td>{_e(v.period)}</td><td>{_e(v.value)}</td><td><small>{_e(v.source_quality or '')}: "
            f"{_e(v.source_description or '')} <a href='{_e(v.source_url)}'>{_e(v.source_url)}</a></small></td></tr>"
            for v in p.all_values) + "</table>")
        if d.notes:
            out.append(f"<p><small>{_e(d.notes)}</small></p>")
        out.append("<p><small>plan: " + _e(d.plan) + "; sources: " + _e(d.source_urls) + "</small></p>")
    if report.other_statistics:
        out.append("<h2>Other reported statistics</h2><table><tr><th>statistic</th><th>values</th></tr>")
        for p in report.other_statistics:
            out.append(f"<tr><td>{_e(p.indicator.name_en)}</td><td>" + _e("; ".join(
                f"{v.period}: {v.value} {v.unit or ''}" for v in p.values)) + "</td></tr>")
        out.append("</table>")
    return _page("IP strategy indicators", "".join(out))
