"""``iprhub parties``: list entities, show one, merge or split spellings (adapters over ``hub.parties``)."""

from __future__ import annotations

from typing import Any

import typer

from iprhub.cli.main import console, emit_json, with_hub

JSON = typer.Option(False, "--json", help="Print machine-readable JSON.")
KIND = typer.Option("applicant", "--kind", help="applicant or inventor.")

parties_app = typer.Typer(no_args_is_help=True, help=(
    "Applicants and inventors as entities: `parties list [--q TEXT]`, `parties show NAME|ID`, "
    "`parties merge NAME NAME`, `parties split NAME NAME`, `parties expand NAME` (a pa= query)."))


def register(app: typer.Typer) -> None:
    app.add_typer(parties_app, name="parties")


def _out(as_json: bool, value: Any, text: Any) -> None:
    if as_json:
        emit_json(value)
    else:
        text(value)


@parties_app.command("list")
def listing(q: str = typer.Option(None, "--q", help="Keep entities with a spelling containing this."),
            kind: str = KIND, limit: int = typer.Option(30, "--limit"), as_json: bool = JSON) -> None:
    """Entities, most documents first."""
    result = with_hub(as_json, lambda hub: hub.parties.entities(kind, q=q, limit=limit))  # type: ignore[arg-type]

    def show(r: Any) -> None:
        for e in r.entities:
            console.print(f"{e.id}  {e.documents:>4} docs  {e.spellings:>2} spellings  conf {e.confidence:.2f}  {e.name}")
        console.print(f"{r.total} entities")

    _out(as_json, result, show)


@parties_app.command("show")
def show(name: str = typer.Argument(..., help="An entity id (pa-…, in-…) or any spelling."),
         kind: str = KIND, as_json: bool = JSON) -> None:
    """An entity: spellings with evidence, documents, years, offices, classes, co-applicants, inventors."""
    def run(hub: Any) -> Any:
        eid = name if name[:3] in ("pa-", "in-") else hub.parties.find(name, kind)
        return hub.parties.entity(eid)

    def text(p: Any) -> None:
        console.print(f"[bold]{p.entity.name}[/] ({p.entity.id}, {p.entity.documents} documents, "
                      f"{p.families} families, confidence {p.entity.confidence:.2f})")
        for s in p.spellings:
            console.print(f"  {s.name}  ({s.documents})")
        for e in p.evidence:
            console.print(f"  merged: {e.key} → {e.into} by {e.rule} ({e.score:.2f})")
        console.print(f"  search: {p.search}")

    _out(as_json, with_hub(as_json, run), text)


@parties_app.command("merge")
def merge(a: str, b: str, kind: str = KIND, note: str = typer.Option(None, "--note"), as_json: bool = JSON) -> None:
    """Make the entities of two spellings one (kept across re-ingest)."""
    _out(as_json, with_hub(as_json, lambda hub: hub.parties.decide("merge", a, b, kind=kind, note=note)),
         lambda d: console.print(f"decision {d.id}: merge {d.key_a} + {d.key_b}"))


@parties_app.command("split")
def split(a: str, b: str, kind: str = KIND, note: str = typer.Option(None, "--note"), as_json: bool = JSON) -> None:
    """Keep spelling B out of the entity of spelling A (kept across re-ingest)."""
    _out(as_json, with_hub(as_json, lambda hub: hub.parties.decide("split", a, b, kind=kind, note=note)),
         lambda d: console.print(f"decision {d.id}: split {d.key_b} from {d.key_a}"))


@parties_app.command("expand")
def expand(name: str, kind: str = KIND, as_json: bool = JSON) -> None:
    """The query that finds every spelling of NAME's entity."""
    q = with_hub(as_json, lambda hub: hub.parties.expand_query(name, kind))
    _out(as_json, {"query": q}, lambda v: typer.echo(v["query"]))
