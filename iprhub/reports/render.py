"""A report as one self-contained HTML page (inline CSS and SVG, nothing fetched), and as PDF
through weasyprint (extra ``reports``, imported only here)."""

from __future__ import annotations

from markupsafe import Markup, escape

from iprhub.analytics.charts import svg
from iprhub.errors import InvalidInput
from iprhub.reports.model import Report

CSS = """body{font-family:"Noto Sans CJK SC","Noto Sans",sans-serif;margin:2em;color:#222;max-width:60em}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:1.5em}h3{font-size:1em}
.meta{color:#555}.part{page-break-inside:avoid;margin-bottom:1em}svg{max-width:100%;height:auto}
@page{size:A4;margin:1.5cm}@media print{.part svg{max-height:11cm;width:auto}}"""

LABELS = {"en": {"query": "Query", "standard": "Shaped by", "partial": "Partial result"},
          "zh": {"query": "检索式", "standard": "依据", "partial": "部分结果"}}
CHART_TITLES_ZH = {"trend": "按年趋势", "lifecycle": "技术生命周期", "applicants": "主要申请人", "concentration": "申请人集中度",
                   "ipc-section": "IPC 部", "ipc-class": "IPC 大类", "ipc-subclass": "IPC 小类", "ipc-group": "IPC 大组", "cpc-subclass": "CPC 小类", "flows": "优先权国 → 受理局",
                   "rta": "各国相对技术优势（RTA）", "co-applicants": "共同申请人网络", "citations": "集合内被引最多",
                   "clusters": "文本聚类", "inventors": "主要发明人"}


def render_html(report: Report) -> str:
    lab = LABELS[report.lang]
    out = [f'<!doctype html><html lang="{"zh-CN" if report.lang == "zh" else "en"}"><head><meta charset="utf-8">'
           f"<title>{escape(report.title)}</title><style>{CSS}</style></head><body>",
           f"<h1>{escape(report.title)}</h1>",
           f'<p class="meta">{lab["query"]}: <code>{escape(report.query)}</code> · {lab["standard"]}: '
           f"{escape(report.standard)}-2020</p>",
           f'<p class="summary">{escape(report.summary)}</p>']
    for section in report.sections:
        out.append(f'<section id="{escape(section.id)}"><h2>{escape(section.title)}</h2>')
        for part in section.parts:
            title = CHART_TITLES_ZH.get(part.chart.id, part.chart.title) if report.lang == "zh" else part.chart.title
            out.append(f'<div class="part" data-chart="{escape(part.chart.id)}"><h3>{escape(title)}</h3>'
                       f"<p>{escape(part.text)}</p>{svg(part.chart, limit=40 if part.chart.kind == 'line' else 12)}</div>")
        out.append("</section>")
    out.append("</body></html>")
    return str(Markup("".join(out)))


def render_pdf(report: Report) -> bytes:
    try:
        from weasyprint import HTML
    except ImportError as exc:
        raise InvalidInput("PDF reports need weasyprint: pip install 'iprhub[reports]' (or write --out report.html)",
                           field="out") from exc
    return HTML(string=render_html(report)).write_pdf()
