"""``iprhub analyze QUERY`` and ``iprhub export-query QUERY``: adapters over ``hub.analytics``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from iprhub.cli.main import console, emit_json, with_hub

JSON = typer.Option(False, "--json", help="Print machine-readable JSON.")


def register(app: typer.Typer) -> None:
    app.command("analyze")(analyze)
    app.command("export-query")(export_query)
    app.command("landscape")(landscape)


def analyze(query: str = typer.Argument(..., help="A search query; its whole result set is analysed."),
            unit: str = typer.Option("family", "--unit", help="family (simple families) or document."),
            only: str = typer.Option(None, "--only", help="Comma-separated analyses (default: all)."),
            chart: str = typer.Option(None, "--csv", help="Print this chart as CSV."),
            time_limit: float = typer.Option(None, "--time-limit", help="Seconds; past it the result is partial."),
            as_json: bool = JSON) -> None:
    """Analyse the result set of QUERY: trend, applicants, classes, flows, networks, life cycle,
    concentration, RTA, clusters (counted by simple family, or --unit document)."""
    result = with_hub(as_json, lambda hub: hub.analytics.analyze(
        query, unit=unit, only=only.split(",") if only else None, time_limit=time_limit))  # type: ignore[arg-type]
    if chart:
        typer.echo(with_hub(as_json, lambda hub: hub.analytics.chart_csv(result, chart)), nl=False)
    elif as_json:
        emit_json(result)
    else:
        _print(result)


def _print(a: Any) -> None:
    console.print(f"[bold]{a.query}[/]: {a.documents} documents, {a.families} simple families "
                  f"({a.total_matches} matches); counted by {a.unit}; data cut-off {a.data_cutoff}")
    console.print(a.basis)
    for w in a.warnings:
        console.print(f"[yellow]partial:[/] {w}" if a.partial else f"note: {w}")
    for c in a.charts:
        console.print(f"\n[bold]{c.title}[/] " + " ".join(f"{k}={v}" for k, v in c.figures.items()))
        console.print("  " + " | ".join(c.columns))
        for row in c.rows[:10]:
            console.print("  " + " | ".join("–" if v is None else str(v) for v in row))


def export_query(query: str = typer.Argument(..., help="A search query; its whole result set is exported."),
                 fmt: str = typer.Option("csv", "--format", help="csv, xlsx, jsonl or parquet."),
                 out: Path = typer.Option(..., "--out", help="The file to write ('-': standard output)."),
                 fields: str = typer.Option(None, "--fields", help="Comma-separated fields (default: the main ones)."),
                 collapse: bool = typer.Option(False, "--collapse", help="One row per simple family."),
                 time_limit: float = typer.Option(None, "--time-limit", help="Seconds for finding the matches."),
                 as_json: bool = JSON) -> None:
    """Export the result set of QUERY as CSV, XLSX, JSONL or Parquet, streamed."""
    def run(hub: Any) -> Any:
        info, stream = hub.analytics.export(query, fmt, fields=fields.split(",") if fields else None,
                                            collapse=collapse, time_limit=time_limit)
        sink = sys.stdout.buffer if str(out) == "-" else out.open("wb")
        try:
            for chunk in stream:
                sink.write(chunk)
        finally:
            if sink is not sys.stdout.buffer:
                sink.close()
        return info

    info = with_hub(as_json, run)
    summary = {"out": str(out), "format": info.format, "rows": info.rows, "matches": info.matches,
               "fields": info.fields, "collapse": info.collapse, "partial": info.partial, "warnings": info.warnings}
    if as_json:
        emit_json(summary)
    elif str(out) != "-":
        console.print(f"wrote {info.rows} rows ({info.format}) to {out}" + (" — partial" if info.partial else ""))


def landscape(query: str = typer.Argument(None, help="A query whose result set is the seed (or use --seeds)."),
              seeds: str = typer.Option(None, "--seeds", help="Comma-separated seed publication numbers."),
              holdout: float = typer.Option(0.0, "--holdout", help="Share of the seeds held back to estimate recall."),
              threshold: float = typer.Option(1.0, "--threshold", help="Lowest score kept."),
              time_limit: float = typer.Option(None, "--time-limit", help="Seconds."),
              as_json: bool = JSON) -> None:
    """Build a landscape from seeds or a query: expand through families, citations, shared references
    and the seeds' classes, score, prune; with --holdout, the recall of held-back seeds."""
    result = with_hub(as_json, lambda hub: hub.analytics.landscape(
        seeds=[s.strip() for s in seeds.split(",") if s.strip()] if seeds else (), query=query, holdout=holdout,
        threshold=threshold, time_limit=time_limit))
    if as_json:
        emit_json(result)
        return
    console.print(f"{len(result.seeds)} seeds, {result.candidates} candidates ({result.by_route}), "
                  f"{sum(1 for m in result.members if not m.seed)} kept at score ≥ {result.threshold}")
    if result.held_back:
        console.print(f"held back {len(result.held_back)} seeds: recall {result.held_back_recall}")
    for m in result.members:
        if not m.seed:
            console.print(f"  {m.pub_number}  {m.score:.2f}  " + " ".join(f"{k}={v}" for k, v in m.reasons.items())
                          + (f"  (class {m.class_code})" if m.class_code else ""))
    for w in result.warnings:
        console.print(f"[yellow]partial:[/] {w}")
