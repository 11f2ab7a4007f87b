"""ReportsService (``hub.reports``): landscape reports of a query's result set, shaped by GB/T 39551."""

from __future__ import annotations

from typing import Any

from iprhub.errors import InvalidInput, NotFound
from iprhub.reports.model import Report, ReportPart, ReportSection
from iprhub.reports.texts import TEXTS
from iprhub.reports.types import TYPES


class ReportsService:
    def __init__(self, hub: Any) -> None:
        self.hub = hub

    def landscape(self, query: str, *, type: str = "industry", lang: str = "en", unit: str = "family",
                  time_limit: float | None = None) -> Report:
        """The report of ``type`` (industry, region, enterprise, rd) on the result set of ``query``."""
        if type not in TYPES:
            raise InvalidInput(f"unknown report type {type!r} (use {', '.join(TYPES)})", field="type")
        if lang not in ("en", "zh"):
            raise InvalidInput(f"unknown language {lang!r} (en or zh)", field="lang")
        if not self.hub.has_capability("analytics"):
            raise NotFound("reports need the analytics capability", field="capabilities")
        spec = TYPES[type]
        wanted = list(dict.fromkeys(c for s in spec.sections for c in s.charts))
        a = self.hub.analytics.analyze(query, unit=unit, only=wanted, time_limit=time_limit)
        charts = {c.id: c for c in a.charts}
        sections = []
        for s in spec.sections:
            parts = [ReportPart(chart=charts[c], text=TEXTS[c](a, charts[c], lang)) for c in s.charts if c in charts]
            sections.append(ReportSection(id=s.id, title=s.title_zh if lang == "zh" else s.title_en, parts=parts))
        return Report(type=type, title=spec.title_zh if lang == "zh" else spec.title_en, standard=spec.part, lang=lang,
                      query=query, summary=_summary(a, lang), sections=sections, analysis=a)

    def html(self, report: Report) -> str:
        from iprhub.reports.render import render_html

        return render_html(report)

    def pdf(self, report: Report) -> bytes:
        from iprhub.reports.render import render_pdf

        return render_pdf(report)


def _summary(a: Any, lang: str) -> str:
    types = a.document_types
    apps = types.get("application", 0)
    grants = sum(v for k, v in types.items() if k in ("grant", "design", "plant", "reissue"))
    unit = ("简单同族" if a.unit == "family" else "文献") if lang == "zh" else \
        ("simple families" if a.unit == "family" else "documents")
    if lang == "zh":
        text = (f"检索式命中 {a.total_matches} 件文献，分析 {a.documents} 件（{a.families} 个简单同族）；"
                f"按{unit}计数；其中申请公开 {apps} 件、授权 {grants} 件；数据截止日 {a.data_cutoff or '–'}。")
        return text + (" 部分结果：" + "；".join(a.warnings) if a.partial else "")
    text = (f"The query matches {a.total_matches} documents; {a.documents} are analysed ({a.families} simple "
            f"families), counted by {unit}; {apps} application publications and {grants} grants; data cut-off "
            f"{a.data_cutoff or '–'}.")
    return text + (" Partial: " + "; ".join(a.warnings) if a.partial else "")
