"""Data hub commands: ingest, show, stats, quarantine, export, import, formats."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)
from rich.table import Table

from iprhub.cli.main import console, emit_json, err_console, fail, open_hub, with_hub
from iprhub.errors import IngestError, IprHubError
from iprhub.views import ApplicationView, TrademarkView

JSON = typer.Option(False, "--json", help="Print machine-readable JSON.")


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.command("show")(show)
    app.command("stats")(stats)
    app.command("quarantine")(quarantine)
    app.command("export")(export)
    app.command("import")(import_)
    app.command("formats")(formats)


def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders (.xml, .json, .gz, .zip …)."),
    force: bool = typer.Option(False, "--force", help="Re-read files already ingested with the same bytes."),
    workers: int = typer.Option(None, "--workers", help="Parser processes (IPRHUB_WORKERS)."),
    wait: float = typer.Option(None, "--wait", help="Seconds to wait for another ingest on the store to finish "
                               "(IPRHUB_INGEST_LOCK_WAIT; 0 = stop at once)."),
    as_json: bool = JSON,
) -> None:
    """Ingest office files into the store and print a summary. Exits 4 when files failed."""
    try:
        from iprhub.ingest.sources import iter_sources

        total = sum(s.size for s in iter_sources([str(p) for p in paths]))
        with open_hub(workers=workers, ingest_lock_wait=wait) as hub:
            progress = Progress(TextColumn("[bold]ingest"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                                TimeElapsedColumn(), TextColumn("{task.description}"), console=console,
                                disable=as_json or not console.is_terminal)
            with progress:
                task = progress.add_task("", total=total)
                report = hub.ingest(
                    paths, force=force,
                    on_file=lambda name, size: progress.update(task, description=Path(name.split("!")[0]).name[-40:]),
                    on_bytes=lambda n: progress.advance(task, n),
                )
    except IprHubError as exc:
        fail(exc, as_json)
        return
    data = report.to_dict()
    failed = len(data["failed"])
    if as_json:
        emit_json(data)
    else:
        _print_summary(data)
    if failed:
        if not as_json:
            err_console.print(f"[bold red]error:[/] {failed} file{'s' if failed > 1 else ''} failed "
                              "(listed above; see `iprhub quarantine`)")
        raise typer.Exit(IngestError.exit_code)


def _print_summary(data: dict) -> None:
    t = Table(title="Ingested by format")
    for col in ("format", "files", "documents", "trademarks", "events", "class titles", "quarantined"):
        t.add_column(col, justify="right" if col != "format" else "left")
    for fmt, c in data["by_format"].items():
        t.add_row(fmt, *(str(c.get(k, 0)) for k in ("files", "documents", "trademarks", "events", "class_titles",
                                                     "quarantined")))
    console.print(t)
    f = data["files"]
    r = data["records"]
    console.print(f"files: {f['total']:,} ({', '.join(f'{k} {v:,}' for k, v in f.items() if k != 'total')}); "
                  f"{data['bytes'] / 1e6:.1f} MB in {data['seconds']:.1f} s")
    console.print("records:")
    for label, n in (("inserted (new to the store)", r["inserted"]),
                     ("updated (merged with another source or changed)", r["updated"]),
                     ("unchanged (already stored from the same bytes)", r["unchanged"]),
                     ("publications merged from several sources", data["merged_publications"])):
        console.print(f"  {label}: {n:,}")
    if data["quarantined"]:
        console.print(f"[yellow]quarantined {len(data['quarantined']):,}[/] (see `iprhub quarantine`):")
        _listed([f"{q['source_file']} {q['position']}: {q['reason']}" for q in data["quarantined"]])
    if data["unsupported"]:
        console.print(f"[dim]unsupported files: {len(data['unsupported']):,}[/]")
        _listed([f"{u['file']}: {u['reason']}" for u in data["unsupported"]], style="dim")
    if data["failed"]:
        console.print(f"[red]failed files: {len(data['failed']):,}[/]")
        _listed([f"{u['file']}: {u['reason']}" for u in data["failed"]])


def _listed(lines: list[str], *, limit: int = 10, style: str = "") -> None:
    """The first ``limit`` lines, and how many more the JSON report has."""
    open_, close = (f"[{style}]", f"[/{style}]") if style else ("", "")
    for line in lines[:limit]:
        console.print(f"  {open_}{escape(line)}{close}")
    if len(lines) > limit:
        console.print(f"  {open_}… {len(lines) - limit:,} more (see --json){close}")


def show(
    number: str = typer.Argument(..., help="Publication, application (15/145,443, PCT/US2013/064552), priority "
                                 "or trademark number in any common spelling."),
    as_json: bool = JSON,
) -> None:
    """Show one record: a patent document, an application with its timeline, or a trademark;
    --json prints what the API gives for it (/api/v1/documents/{number}, /api/v1/applications/{number} …)."""
    view = with_hub(as_json, lambda hub: hub.show(number))
    if as_json:
        emit_json(view)
        return
    from iprhub.cli._render import render_application, render_document, render_trademark

    if isinstance(view, TrademarkView):
        render_trademark(console, view.trademark)
    elif isinstance(view, ApplicationView):
        render_application(console, view.application)
    else:
        render_document(console, view)


def stats(as_json: bool = JSON) -> None:
    """Counts by office, kind, year and format (--json prints what /api/v1/stats gives)."""
    data = with_hub(as_json, lambda hub: hub.stats())
    if as_json:
        emit_json(data)
        return
    console.print(" ".join(f"{k}: [bold]{v}[/]" for k, v in data.totals.items()))
    for key in ("documents_by_office", "documents_by_type", "documents_by_format", "documents_by_year",
                "trademarks_by_office", "events_by_type"):
        counts = getattr(data, key)
        if not counts:
            continue
        t = Table(title=key.replace("_", " "))
        t.add_column("value")
        t.add_column("count", justify="right")
        for k, v in counts.items():
            t.add_row(str(k), str(v))
        console.print(t)


def quarantine(as_json: bool = JSON) -> None:
    """What was rejected, where, and why."""
    items = with_hub(as_json, lambda hub: hub.quarantine())
    if as_json:
        emit_json(items)
        return
    t = Table(title=f"Quarantine ({len(items)})")
    for col in ("file", "position", "stage", "reason"):
        t.add_column(col, overflow="fold")
    for i in items:
        t.add_row(i.source_file, i.position, i.stage, i.reason)
    console.print(t)


def export(
    fmt: str = typer.Option("jsonl", "--format", help="jsonl, csv or parquet."),
    out: Path = typer.Option(..., "--out", help="Output file; the JSON Schema is written beside it."),
    full: bool = typer.Option(False, "--full", help="The whole store (every table, with per-source records "
                              "and the file ledger) as jsonl or parquet: a lossless backup for `iprhub import`."),
    time_limit: float = typer.Option(None, "--time-limit", help="Stop after this many seconds (exit 6; the "
                                     "file is then incomplete)."),
    as_json: bool = JSON,
) -> None:
    """Open-data export with a published JSON Schema, or (--full) a dump of the whole store."""
    from iprhub.limits import Deadline

    result = with_hub(as_json, lambda hub: hub.export(fmt, out, full=full, deadline=Deadline.after(time_limit)))
    if as_json:
        emit_json(result)
    elif full:
        console.print(f"wrote {result['path']}: {sum(result['rows'].values()):,} rows of "
                      f"{len(result['rows'])} tables")
    else:
        console.print(f"wrote {result['path']} ({result['counts']}); schema {result.get('schema')}")


def import_(
    path: Path = typer.Argument(..., help="An iprhub export (.jsonl or .parquet), records or a --full dump."),
    replace: bool = typer.Option(False, "--replace", help="A store dump replaces what the store holds "
                                 "(otherwise it goes into an empty store only)."),
    wait: float = typer.Option(None, "--wait", help="Seconds to wait for an ingest on the store to finish."),
    as_json: bool = JSON,
) -> None:
    """Load an iprhub export back into the store (a --full dump restores the whole store)."""
    result = with_hub(as_json, lambda hub: hub.import_export(path, replace=replace), ingest_lock_wait=wait)
    if as_json:
        emit_json(result)
    elif result["kind"] == "store dump":
        console.print(f"restored {sum(result['rows'].values()):,} rows of {len(result['rows'])} tables; "
                      f"the search index is {result['search_index']}")
    else:
        console.print(f"imported {result['counts']}; the search index is {result['search_index']}")


def formats(
    detect: list[Path] = typer.Option(None, "--detect", help="Report the detected format of these files."),
    as_json: bool = JSON,
) -> None:
    """List supported formats, or detect the format of files."""
    from iprhub.ingest.formats import all_formats

    if detect:
        from iprhub.ingest.pipeline import sniff_file
        from iprhub.ingest.sources import iter_sources
        from iprhub.ingest.unsupported import explain_unsupported

        rows = []
        try:
            for src in iter_sources([str(p) for p in detect]):
                try:
                    head, fmt = sniff_file(src)
                    rows.append({"file": src.name, "format": fmt.name if fmt else None,
                                 "reason": None if fmt else explain_unsupported(head)})
                except IprHubError as exc:
                    rows.append({"file": src.name, "format": None, "reason": exc.message})
        except IprHubError as exc:
            fail(exc, as_json)
            return
        if as_json:
            emit_json(rows)
        else:
            for r in rows:
                console.print(f"{r['file']}: [bold]{r['format'] or '-'}[/] {r['reason'] or ''}")
        return
    data = [{"name": f.name, "kind": f.kind, "label": f.label} for f in all_formats()]
    if as_json:
        emit_json(data)
        return
    t = Table(title="Supported formats")
    for col in ("name", "kind", "label"):
        t.add_column(col)
    for d in data:
        t.add_row(d["name"], d["kind"], d["label"])
    console.print(t)
