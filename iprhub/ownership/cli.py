"""Commands of the ownership capability: ``ownership history NUMBER|--owner NAME``, ``ownership stats
[--by …]``, ``ownership pledges``; one-line adapters over ``hub.ownership``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from iprhub.cli.main import console, emit_json, fail, with_hub
from iprhub.errors import InvalidInput, IprHubError

JSON = typer.Option(False, "--json", help="Print machine-readable JSON.")
app = typer.Typer(no_args_is_help=True, help=(
    "Ownership: `ownership history NUMBER` (a patent's chain of title) or `--owner NAME` (an owner's "
    "transactions), `ownership stats [--by year|type|field|region|office]`, `ownership pledges`."))


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="ownership")


@app.command("history")
def history(number: str = typer.Argument(None, help="Patent, publication or application number."),
            owner: str = typer.Option(None, "--owner", help="An owner's name instead of a number."),
            as_json: bool = JSON) -> None:
    """A patent's chain of title, or an owner's acquisitions, disposals and pledges."""
    if bool(number) == bool(owner):
        fail(InvalidInput("give a NUMBER or --owner NAME (one of them)", field="number"), as_json)
    result = with_hub(as_json, lambda hub: hub.ownership.owner(owner) if owner else hub.ownership.history(number))
    if as_json:
        emit_json(result)
    elif owner:
        _print_owner(result)
    else:
        _print_history(result)


@app.command("stats")
def stats(by: str = typer.Option("year", "--by", help="year, type, field, region or office."),
          as_json: bool = JSON) -> None:
    """Recordings counted in CNIPA's layout (small cells suppressed)."""
    from iprhub.ownership.render import stats_table_rich

    t = with_hub(as_json, lambda hub: hub.ownership.stats(by))
    if as_json:
        emit_json(t)
        return
    console.print(stats_table_rich(t))
    for note in t.notes:
        console.print(f"[dim]{note}[/]")
    console.print(f"[dim]amounts: {t.amounts}[/]")


@app.command("pledges")
def pledges(as_json: bool = JSON) -> None:
    """Every recorded security interest with its releases."""
    p = with_hub(as_json, lambda hub: hub.ownership.pledges())
    if as_json:
        emit_json(p)
        return
    t = Table(title=f"{p.total} security interests; {p.released} released, {p.partly_released} partly released")
    for c in ("reel/frame", "executed", "debtor", "secured party", "patents", "released by", "still encumbered"):
        t.add_column(c)
    for x in p.pledges:
        t.add_row(x.conveyance.reel_frame or "", str(x.conveyance.executed or ""), "; ".join(x.debtors),
                  "; ".join(x.secured_parties), str(len(x.properties)), ", ".join(x.releases) or "-", str(len(x.open)))
    console.print(t)


@app.command("licence-terms")
def licence_terms(paths: list[Path] = typer.Argument(..., help="Contract text files or folders (.txt, .txt.gz)."),
                  as_json: bool = JSON) -> None:
    """Licence terms read from contract text (licence grant, exclusivity, transferability, royalties …)."""
    from iprhub.ownership.licences import extract_files

    try:
        found = extract_files(paths)
    except IprHubError as exc:
        fail(exc, as_json)
    if as_json:
        emit_json(found)
        return
    for f in found:
        present = [t.term for t in f.terms if t.present]
        console.print(f"[bold]{f.source}[/]: governing law {f.governing_law or '?'}; {', '.join(present) or 'none'}")


def _print_history(h: Any) -> None:
    p = h.property
    where = f"in store: {', '.join(p.documents)}" if p.in_store else "NOT IN STORE (shown as recorded)"
    console.print(f"[bold]{h.app_key}[/] {p.patent_number or ''} {p.title or ''} ({where})")
    console.print(f"current owner: {'; '.join(h.current_owner) or 'none recorded'}"
                  f"{f' since {h.owner_since} ({h.owner_basis})' if h.owner_since else ''}; "
                  f"encumbered: {'yes' if h.encumbered else 'no'}")
    t = Table()
    for c in ("executed", "recorded", "reel/frame", "type", "from", "to", "notes"):
        t.add_column(c)
    for c in h.events:
        notes = " ".join(filter(None, [f"released by {c.released_by}" if c.released_by else "",
                                       f"refers to {c.refers_to}" if c.refers_to else "", *c.flags]))
        t.add_row(str(c.executed or ""), str(c.recorded or ""), c.reel_frame or "", c.conveyance_type,
                  "; ".join(c.assignors), "; ".join(c.assignees), notes)
    console.print(t)
    for f in h.findings:
        console.print(f"[yellow]! {f.code}: {f.message}[/]")


def _print_owner(o: Any) -> None:
    console.print(f"[bold]{o.query}[/] (matched {'; '.join(o.names)})")
    console.print(f"{o.properties} patents named, {o.properties_in_store} in the store; holds "
                  f"{len(o.properties_held)}; " + ", ".join(f"{k}: {v}" for k, v in o.counts.items()))
    t = Table()
    for c in ("executed", "reel/frame", "role", "type", "counterparties", "patents"):
        t.add_column(c)
    for x in o.transactions:
        names = [(p.patent_number or p.app_key or "") + ("" if p.in_store else "*") for p in x.properties]
        t.add_row(str(x.conveyance.executed or ""), x.conveyance.reel_frame or "", x.role,
                  x.conveyance.conveyance_type, "; ".join(x.counterparties)[:60],
                  ", ".join(names[:5]) + (f" … (+{len(names) - 5})" if len(names) > 5 else ""))
    console.print(t)
    console.print("[dim]* not in store[/]")
