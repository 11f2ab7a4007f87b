"""``iprhub tm ...``: trademark search, compare, show and eval; one-line adapters over ``hub.trademarks``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from iprhub.cli.main import console, emit_json, fail, with_hub
from iprhub.errors import InvalidInput
from iprhub.trademarks.filters import MarkFilter, parse_date
from iprhub.trademarks.goods import parse_classes
from iprhub.trademarks.offices import check_offices

JSON = typer.Option(False, "--json", help="Print machine-readable JSON.")
tm_app = typer.Typer(
    no_args_is_help=True,
    help=(
        "Trademarks: `tm search TEXT` (exact, prefix, fuzzy, phonetic, across scripts; --owner, --classes, --office, "
        "--status, --goods, dates), `tm compare A B` (explained similarity), `tm show NUMBER`, `tm eval`."
    ),
)


def register(app: typer.Typer) -> None:
    app.add_typer(tm_app, name="tm")


def _classes(value: str | None, field: str, as_json: bool) -> list[int]:
    try:
        return parse_classes(value, field)
    except InvalidInput as exc:
        fail(exc, as_json)
    return []


@tm_app.command("search")
def search(
    text: str = typer.Argument(None, help="Mark text (any script); leave out to list by owner/class/office."),
    owner: str = typer.Option(None, "--owner", help="Words of the owner's or applicant's name."),
    classes: str = typer.Option(None, "--classes", help="Nice classes, e.g. 9,42."),
    office: str = typer.Option(None, "--office", help="Offices (ST.3), e.g. KR,TW,EM."),
    status: str = typer.Option(None, "--status", help="Words of the status (registered, 등록 …)."),
    goods: str = typer.Option(None, "--goods", help="Words of the goods/services."),
    date_from: str = typer.Option(None, "--from", help="On or after YYYY-MM-DD (the date of --date-field)."),
    date_to: str = typer.Option(None, "--to", help="On or before YYYY-MM-DD (the date of --date-field)."),
    date_field: str = typer.Option(
        "filed", "--date-field", help="The date --from/--to apply to: filed, published or registered."
    ),
    similar: bool = typer.Option(False, "--similar", help="Rank by the similarity engine, with reasons."),
    limit: int = typer.Option(20, "--limit", help="Hits shown (1-1000)."),
    time_limit: float = typer.Option(None, "--time-limit", help="Seconds; past it the result is partial."),
    as_json: bool = JSON,
) -> None:
    """Search trademarks by text, owner, classes, office, status, goods words and filing, publication or
    registration dates."""
    where = MarkFilter()
    try:
        where = MarkFilter.of(
            fields={
                "owner": owner,
                "goods": goods,
                "classes": parse_classes(classes),
                "offices": check_offices(office),
                "status": status,
                "date_from": parse_date(date_from, "from"),
                "date_to": parse_date(date_to, "to"),
                "date_field": date_field,
            }
        )
    except InvalidInput as exc:
        fail(exc, as_json)
    if text is None and where.is_empty():
        fail(
            InvalidInput(
                "give a mark text or at least one of --owner, --classes, --office, --status, --goods, "
                "--from, --to",
                field="text",
            ),
            as_json,
        )
    result = with_hub(
        as_json,
        lambda hub: hub.trademarks.search(text, where, similar=similar, limit=limit, time_limit=time_limit),
    )
    if as_json:
        emit_json(result)
        return
    table = Table(title=f"{result.total} marks" + (" (partial)" if result.partial else ""))
    columns = ["number", "mark", "owner", "classes", "status", "filed", "published", "registered"] + (
        ["score", "tier", "why"] if similar else []
    )
    for col in columns:
        table.add_column(col)
    for hit in result.hits:
        m = hit.mark
        row = [
            m.number,
            m.mark or "—",
            m.owner or "",
            ",".join(map(str, m.classes)),
            m.status or "",
            str(m.filing_date or ""),
            str(m.publication_date or ""),
            str(m.registration_date or ""),
        ]
        if similar and hit.comparison is not None:
            c = hit.comparison
            row += [f"{c.score:.2f}", c.tier, c.reasons[0].detail if c.reasons else ""]
        table.add_row(*row)
    console.print(table)
    if result.notice:
        console.print(result.notice)


@tm_app.command("compare")
def compare(
    a: str = typer.Argument(..., help="First mark."),
    b: str = typer.Argument(..., help="Second mark."),
    classes: str = typer.Option(
        None,
        "--classes",
        help="Nice classes of the first mark (and of the second, unless --classes-b), e.g. 25.",
    ),
    classes_b: str = typer.Option(None, "--classes-b", help="Nice classes of the second mark."),
    as_json: bool = JSON,
) -> None:
    """Compare two marks: each signal with its reason, the combined score and the tier."""
    ca = _classes(classes, "classes", as_json)
    cb = _classes(classes_b, "classes_b", as_json) if classes_b else ca
    c = with_hub(as_json, lambda hub: hub.trademarks.compare(a, b, classes_a=ca, classes_b=cb))
    if as_json:
        emit_json(c)
        return
    console.print(f"[bold]{c.a}[/] ~ [bold]{c.b}[/]: score {c.score:.2f}, tier [bold]{c.tier}[/]")
    table = Table()
    for col in ("signal", "score", "reason"):
        table.add_column(col)
    for r in c.reasons:
        table.add_row(r.signal, f"{r.score:.2f}", r.detail)
    console.print(table)


@tm_app.command("show")
def show(
    number: str = typer.Argument(..., help="Trademark number (KR/4019950043843, 4019950043843 …)."),
    as_json: bool = JSON,
) -> None:
    """One mark: goods by class, owner, status history and similar marks."""
    page = with_hub(as_json, lambda hub: hub.trademarks.mark_page(number))
    if as_json:
        emit_json(page)
        return
    m = page.summary
    console.print(
        f"[bold]{m.mark or '(figurative)'}[/] {m.number} · {m.status or ''} · filed {m.filing_date or '—'}"
    )
    console.print(f"owner: {'; '.join(page.owners) or '—'}")
    for g in page.goods:
        console.print(f"class {g.number}: {'; '.join(g.goods)[:200]}")
    for e in page.history:
        console.print(f"{e.date or ''} {e.description}")
    for hit in page.similar:
        c = hit.comparison
        console.print(
            f"similar: {hit.mark.mark} ({hit.mark.number}) {c.score if c else ''} {c.tier if c else ''}"
        )


@tm_app.command("eval")
def evaluate(
    data: Path = typer.Option(Path("../shared/data"), "--data", help="The shared data folder."),
    as_json: bool = JSON,
) -> None:
    """Accuracy and precision/recall per tier on TMID, INPI and real decided pairs."""
    tables: Any = with_hub(as_json, lambda hub: hub.trademarks.evaluate(data))
    if as_json:
        emit_json([t.to_dict() for t in tables])
        return
    for t in tables:
        table = Table(title=t.title)
        for col in t.columns:
            table.add_column(col)
        for row in t.rows:
            table.add_row(*(str(x) for x in row))
        console.print(table)
        for note in t.notes:
            console.print(note)
