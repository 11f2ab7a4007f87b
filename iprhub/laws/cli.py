"""Commands of the laws capability: ``law search``, ``law show``, ``law list``, ``law load``; one-line
adapters over ``hub.laws``."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from iprhub.cli.main import console, emit_json, with_hub
from iprhub.laws.numerals import split_citation

JSON = typer.Option(False, "--json", help="Print machine-readable JSON.")
law_app = typer.Typer(no_args_is_help=True, help=(
    "Law base: `law search TEXT` (articles by Chinese words and phrases), `law show LAW [ARTICLE]` "
    "(a law or one article: `law show 专利法 第七十一条`), `law list`, `law load PATH...`."))


def register(app: typer.Typer) -> None:
    app.add_typer(law_app, name="law")


@law_app.command("search")
def law_search(text: str = typer.Argument(..., help="Words or phrases, e.g. '惩罚性赔偿 倍数'."),
               limit: int = typer.Option(10, "--limit", min=1, max=100, help="Most hits shown."),
               superseded: bool = typer.Option(False, "--superseded", help="Also search superseded versions."),
               as_json: bool = JSON) -> None:
    """Articles matching the words, best first, with their citation."""
    result = with_hub(as_json, lambda hub: hub.laws.search(text, limit=limit, include_superseded=superseded))
    if as_json:
        emit_json(result)
        return
    console.print(f"{result.total} articles match {' / '.join(result.terms)}")
    for h in result.hits:
        console.print(f"[bold]{h.citation}[/] ({h.score:.1f})  {h.snippet}", highlight=False)


@law_app.command("show")
def law_show(law: str = typer.Argument(..., help="A law's key, title or short title (专利法)."),
             article: str = typer.Argument(None, help="An article: 第七十一条, 71 or Art. 71."),
             as_json: bool = JSON) -> None:
    """A law with its dates and articles, or one article with its citation."""
    if article is not None or split_citation(law)[1] is not None:
        view = with_hub(as_json, lambda hub: hub.laws.article(law, article))
        if as_json:
            emit_json(view)
            return
        console.print(f"[bold]{view.citation}[/]  ({view.law.title}, {view.law.key})", highlight=False)
        if view.article.chapter:
            console.print(view.article.chapter + (f" {view.article.section}" if view.article.section else ""))
        console.print(view.article.text, highlight=False)
        return
    record = with_hub(as_json, lambda hub: hub.laws.law(law))
    if as_json:
        emit_json(record)
        return
    console.print(f"[bold]{record.title}[/]  {record.key}", highlight=False)
    for name, value in (("kind", record.kind), ("issuing body", record.issuing_body),
                        ("document number", record.document_number), ("adopted", record.adopted),
                        ("promulgated", record.promulgated), ("effective", record.effective),
                        ("amended", ", ".join(str(a.date) for a in record.amendments)),
                        ("status", record.status), ("articles", len(record.articles)),
                        ("source", record.source_url or record.source_file)):
        console.print(f"  {name}: {value if value not in (None, '') else 'unknown'}", highlight=False)
    for a in record.articles:
        console.print(f"[bold]{a.label}[/] {a.text[:100]}", highlight=False)


@law_app.command("list")
def law_list(jurisdiction: str = typer.Option(None, "--jurisdiction", help="Only this jurisdiction, e.g. CN."),
             as_json: bool = JSON) -> None:
    """The laws in the law base."""
    listing = with_hub(as_json, lambda hub: hub.laws.list(jurisdiction))
    if as_json:
        emit_json(listing)
        return
    t = Table(title=f"{len(listing.laws)} laws")
    for col in ("short title", "kind", "version", "status", "articles"):
        t.add_column(col, overflow="fold")
    for law in listing.laws:
        t.add_row(law.short_title, law.kind, str(law.version_date or ""), law.status, str(law.articles))
    console.print(t)


@law_app.command("load")
def law_load(paths: list[Path] = typer.Argument(..., help="Law files or folders (Markdown law texts)."),
             jurisdiction: str = typer.Option("CN", "--jurisdiction", help="Jurisdiction of the texts."),
             as_json: bool = JSON) -> None:
    """Load law texts into the law base; a broken file is reported with its line and stores nothing.
    Exits 4 when a file could not be loaded (the others are stored)."""
    report = with_hub(as_json, lambda hub: hub.laws.load(paths, jurisdiction))
    if as_json:
        emit_json(report)
    else:
        console.print(f"{report.files} files: {report.stored} laws stored, {report.unchanged} unchanged, "
                      f"{report.articles} articles")
        for p in report.problems:
            console.print(f"[yellow]{p.file}[/] {p.position}: {p.reason}", highlight=False)
    if any(not p.reason.startswith("same text as") for p in report.problems):
        raise typer.Exit(4)
