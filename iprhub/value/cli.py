"""Commands of the value capability: ``value NUMBER`` and ``scorecard OWNER...``; adapters over ``hub.value``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from iprhub.cli.main import console, emit_json, fail, with_hub
from iprhub.errors import IprHubError

JSON = typer.Option(False, "--json", help="Print machine-readable JSON.")


def register(app: typer.Typer) -> None:
    app.command("value")(value)
    app.command("scorecard")(scorecard)


def value(number: str = typer.Argument(..., help="Patent, publication or application number."),
          as_json: bool = JSON) -> None:
    """High-value criteria (CNIPA's five) with evidence, and cohort-normalised quality indicators."""
    r = with_hub(as_json, lambda hub: hub.value.report(number))
    if as_json:
        emit_json(r)
        return
    console.print(f"[bold]{r.pub_number or r.app_key}[/] {r.title or ''}  filed {r.filing_date or '?'}, "
                  f"granted {r.grant_date or '?'}")
    console.print(f"high-value: [bold]{r.high_value.answer}[/] ({r.high_value.scope_note})")
    t = Table(show_lines=True)
    for c in ("criterion", "answer", "evidence"):
        t.add_column(c)
    for c in r.high_value.criteria:
        t.add_row(c.id, c.answer, "\n".join(c.evidence))
    console.print(t)
    if r.quality is None:
        console.print("no document of it is stored: no quality indicators")
        return
    q = r.quality
    t = Table(title=f"quality: cohort filed {q.cohort_year}, {q.cohort_field} ({q.cohort_size} documents)")
    for c in ("indicator", "value", "cohort max", "normalised"):
        t.add_column(c)
    for i in q.indicators:
        t.add_row(i.id, *("-" if v is None else str(v) for v in (i.raw, i.cohort_max, i.normalised)))
    console.print(t)


def scorecard(owners: list[str] = typer.Argument(..., help="One or more owner names."),
              weights: str = typer.Option(None, "--weights", help="NAME=NUMBER,... summing to 1 "
                                          "(size, growth, high_value, quality, international, operation)."),
              html: Path = typer.Option(None, "--html", help="Write the scorecard as a self-contained HTML file."),
              pdf: Path = typer.Option(None, "--pdf", help="Write it as PDF (needs weasyprint: the value extra)."),
              lang: str = typer.Option("en", "--lang", help="Language of --html/--pdf: en or zh."),
              as_json: bool = JSON) -> None:
    """Enterprise IP scorecards side by side, every component and weight shown."""
    sc = with_hub(as_json, lambda hub: hub.value.scorecard(owners, weights))
    if html or pdf:
        from iprhub.value.render import standalone_html, write_pdf

        try:
            page = standalone_html(sc, lang)
            if html:
                html.write_text(page, encoding="utf-8")
                console.print(f"wrote {html}")
            if pdf:
                write_pdf(page, pdf)
                console.print(f"wrote {pdf}")
        except IprHubError as exc:
            fail(exc, as_json)
    if as_json:
        emit_json(sc)
    elif not (html or pdf):
        _print(sc)


def _print(sc: Any) -> None:
    t = Table(title=f"IP scorecard, as of {sc.as_of}")
    t.add_column("component")
    t.add_column("weight", justify="right")
    for o in sc.owners:
        t.add_column(o.owner, justify="right")
    t.add_column("rule")
    for i, c in enumerate(sc.owners[0].components):
        cells = []
        for o in sc.owners:
            x = o.components[i]
            cells.append(f"{'-' if x.score is None else x.score} ({'unknown' if x.raw is None else x.raw})")
        t.add_row(c.id, str(c.weight), *cells, c.rule)
    t.add_row("composite", "", *("-" if o.composite is None else str(o.composite) for o in sc.owners), "")
    console.print(t)
    for o in sc.owners:
        console.print(f"{o.owner}: {o.applications} applications ({'; '.join(o.names)}); high-value {o.high_value}")
