"""`iprhub sync pull URL --key KEY`: a one-line adapter over ``hub.exchange.pull``."""

from __future__ import annotations

import typer

from iprhub.cli.main import emit_json, with_hub
from iprhub.errors import SourceError

sync_app = typer.Typer(no_args_is_help=True, help="Exchange with partner nodes: `sync pull URL --key KEY`.")


def register(app: typer.Typer) -> None:
    app.add_typer(sync_app, name="sync")


@sync_app.command("pull")
def pull(url: str = typer.Argument(..., help="Partner node, e.g. https://ip.example.org"),
         key: str = typer.Option(..., "--key", envvar="IPRHUB_SYNC_KEY", help="API key the partner issued."),
         limit: int = typer.Option(None, "--limit", min=1, max=1000, help="Records per page."),
         restart: bool = typer.Option(False, "--restart", help="Read the feed from its start again."),
         time_limit: float = typer.Option(None, "--time-limit", help="Stop after this many seconds (resumable)."),
         as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON.")) -> None:
    """Pull a partner node's new records (incremental, resumable, idempotent)."""
    report = with_hub(as_json, lambda hub: hub.exchange.pull(url, key, limit=limit, restart=restart,
                                                             time_limit=time_limit))
    if as_json:
        emit_json(report)
    else:
        typer.echo(f"{report.url} ({report.node}): {report.pages} pages, received {report.received}, inserted "
                   f"{report.inserted}, updated {report.updated}, unchanged {report.unchanged}"
                   + ("; up to date" if report.complete else ""))
    if report.interrupted:
        if not as_json:
            typer.echo(f"interrupted: {report.interrupted}", err=True)
        raise typer.Exit(SourceError.exit_code)
