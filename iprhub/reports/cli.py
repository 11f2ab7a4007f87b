"""``iprhub report landscape QUERY --type … --out report.html|pdf``: an adapter over ``hub.reports``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from iprhub.cli.main import console, emit_json, fail, with_hub
from iprhub.errors import InvalidInput

report_app = typer.Typer(no_args_is_help=True, help="Reports: `report landscape QUERY --type industry|region|"
                                                      "enterprise|rd --out report.html|pdf [--lang zh]`.")


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report")


@report_app.command("landscape")
def landscape(query: str = typer.Argument(..., help="A search query; the report covers its whole result set."),
              type: str = typer.Option("industry", "--type", help="industry, region, enterprise or rd."),
              out: Path = typer.Option(..., "--out", help="report.html or report.pdf (PDF needs weasyprint)."),
              lang: str = typer.Option("en", "--lang", help="en or zh."),
              unit: str = typer.Option("family", "--unit", help="family or document."),
              time_limit: float = typer.Option(None, "--time-limit", help="Seconds."),
              as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON.")) -> None:
    """Write a landscape report (sections after GB/T 39551) of QUERY's result set."""
    if out.suffix.lower() not in (".html", ".htm", ".pdf"):
        fail(InvalidInput(f"--out must end in .html or .pdf, not {out.suffix or 'nothing'!r}", field="out"), as_json)

    def run(hub: Any) -> Any:
        report = hub.reports.landscape(query, type=type, lang=lang, unit=unit, time_limit=time_limit)
        if out.suffix.lower() == ".pdf":
            out.write_bytes(hub.reports.pdf(report))
        else:
            out.write_text(hub.reports.html(report), encoding="utf-8")
        return report

    report = with_hub(as_json, run)
    summary = {"out": str(out), "type": report.type, "standard": report.standard, "lang": report.lang,
               "sections": [s.id for s in report.sections], "partial": report.analysis.partial}
    if as_json:
        emit_json(summary)
    else:
        console.print(f"wrote {out} ({report.title}, {len(report.sections)} sections)")
