"""Commands of the value capability: ``value NUMBER`` and ``scorecard OWNER...``; adapters over ``hub.value``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table
from typer.core import TyperGroup

from iprhub.cli.main import console, emit_json, fail, with_hub
from iprhub.errors import IprHubError

JSON = typer.Option(False, "--json", help="Print machine-readable JSON.")


class _DefaultGroup(TyperGroup):
    """``value NUMBER`` is ``value show NUMBER``; ``value counts`` is its own command."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


value_app = typer.Typer(cls=_DefaultGroup, no_args_is_help=True, help=(
    "`value NUMBER`: CNIPA's five high-value criteria with evidence and the quality indicators; "
    "`value counts --by owner|year|region`: the stored invention patents by answer."))


def register(app: typer.Typer) -> None:
    app.add_typer(value_app, name="value")
    app.command("scorecard")(scorecard)


@value_app.command("counts")
def counts(by: str = typer.Option("owner", "--by", help="owner, year or region."),
           time_limit: float = typer.Option(None, "--time-limit", help="Seconds (then partial); default: setting."),
           as_json: bool = JSON) -> None:
    """Stored invention patents (one per application) by high-value answer."""
    c = with_hub(as_json, lambda hub: hub.value.counts(by, time_limit=time_limit))
    if as_json:
        emit_json(c)
        return
    t = Table(title=f"high-value answers by {c.by} ({c.classified} of {c.invention_applications} classified)")
    for col in (c.by, "yes", "no", "unknown", "total"):
        t.add_column(col, justify="left" if col == c.by else "right")
    for r in c.rows:
        t.add_row(*(str(r[col]) for col in (c.by, "yes", "no", "unknown", "total")))
    console.print(t)
    for w in c.warnings:
        console.print(f"[yellow]! {w}[/]")
    console.print(f"per 10,000 people: {c.per_10k}; official: " +
                  ", ".join(f"{v.period} {v.value} {v.unit or ''}" for v in c.official))


@value_app.command("show")
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
