"""Rendering of the watch capability's results: CLI text, and the risk report as a self-contained HTML
file (the portal page's template in a page of its own) or a PDF (weasyprint, imported lazily)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from iprhub.errors import InvalidInput
from iprhub.watch.charts import bar_chart
from iprhub.watch.labels import N_
from iprhub.watch.report_model import FtoReport, RiskReport, SquattingReport

TEMPLATES = Path(__file__).with_name("templates")
CSS = ("body{font-family:sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#111}"
       "table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.25rem .4rem;"
       "text-align:left;vertical-align:top;font-size:.9rem}th{white-space:nowrap}.notice{border-left:4px solid #b00020;padding:.4rem .8rem;"
       "background:#fff4f4}.tier-high{color:#b00020;font-weight:bold}.tier-medium{color:#8a5a00}.muted{color:#555}")


def print_squatting(console: Any, r: SquattingReport) -> None:
    console.print(f"{len(r.owner_marks)} marks of {r.owner}; {len(r.findings)} findings in "
                  f"{', '.join(r.countries) or 'all offices'} ({r.engine}, {r.marks_compared} comparisons)")
    for f in r.findings:
        console.print(f"[bold]{f.comparison.tier}[/] {f.comparison.score:.2f} {f.other_mark.key} "
                      f"{f.other_mark.text!r} ~ {f.owner_mark.text!r}")
        for e in f.evidence:
            console.print(f"    {e}")
        console.print(f"    [dim]act by {f.deadline.date or 'unknown'}: {f.deadline.note}[/]")
    for a in r.applicants:
        console.print(f"applicant {a.name}: {', '.join(p.rule for p in a.patterns) or 'no bad-faith pattern'}")
        for e in a.evidence:
            console.print(f"    {e}")
    for note in r.limits + ([r.notice] if r.notice else []):
        console.print(f"[yellow]{note}[/]")


def print_fto(console: Any, r: FtoReport) -> None:
    console.print(f"[bold red]{r.notice}[/]")
    console.print(f"{len(r.hits)} patents of {r.country} on {r.date} (of {r.considered} considered, {r.model})")
    for h in r.hits:
        console.print(f"{h.pub_number} {h.score:.3f} [bold]{h.status}[/] - {h.status_basis}")
        if h.title:
            console.print(f"    {h.title}")
        if h.claim_text:
            console.print(f"    claim {h.claim_number} ({h.claim_score:.2f}): {h.claim_text[:300]}")
    for w in r.warnings:
        console.print(f"[yellow]{w}[/]")


def report_context(report: RiskReport, translate: Any, layout: str) -> dict[str, Any]:
    labels = {"watch": translate(N_("Watch hits")), "squatting": translate(N_("Squatting findings")),
              "fto": translate(N_("Patents likely in force"))}
    chart = bar_chart([(b.label, b.values) for b in report.by_country], ("watch", "squatting", "fto"),
                      title=translate(N_("Findings per country")), labels=labels)
    tiers = {t: sum(1 for f in report.squatting.findings if f.comparison.tier == t) for t in ("high", "medium")}
    tier_chart = bar_chart([(translate(N_("Squatting")), tiers)], ("high", "medium"),
                           title=translate(N_("Findings by tier")),
                           labels={"high": translate(N_("high")), "medium": translate(N_("medium"))})
    return {"r": report, "chart": chart, "tier_chart": tier_chart, "layout": layout, "css": CSS}


def render_report(report: RiskReport, lang: str, i18n: Path | None) -> str:
    from iprhub.web.pages.render import environment

    if lang not in ("en", "zh"):
        raise InvalidInput("--lang must be en or zh", field="lang")
    env = environment(lang, {"watch": TEMPLATES}, catalogs=[i18n] if i18n else [])
    ctx = report_context(report, env.globals["translate"], "watch/standalone.html")
    return env.get_template("watch/risk.html").render(ctx)


def write_report(report: RiskReport, out: Path, *, lang: str, i18n: Path | None) -> Path:
    suffix = out.suffix.lower()
    if suffix not in (".html", ".htm", ".pdf"):
        raise InvalidInput(f"--out must end in .html or .pdf, not {out.name!r}", field="out")
    html = render_report(report, lang, i18n)
    if suffix == ".pdf":
        try:
            from weasyprint import HTML  # type: ignore[import-not-found]
        except (ImportError, OSError) as exc:
            raise InvalidInput("PDF output needs weasyprint: pip install 'iprhub[watch-pdf]' "
                               f"(and the pango library); or write .html ({exc})", field="out") from None
        HTML(string=html).write_pdf(str(out))
    else:
        out.write_text(html, encoding="utf-8")
    return out
