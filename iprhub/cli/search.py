"""Retrieval commands: search, similar, index, eval."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from iprhub.cli.main import console, emit_json, fail, open_hub, with_hub
from iprhub.errors import InvalidInput, IprHubError
from iprhub.limits import Deadline

JSON = typer.Option(False, "--json", help="Print machine-readable JSON.")
TIME_LIMIT = typer.Option(None, "--time-limit", min=0, help="Seconds the search may run (default: the "
                          "search_time_limit_keyed setting, 30); 0 = no limit. Past it: exit code 6.")
DEFAULT_EVAL_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def register(app: typer.Typer) -> None:
    app.command("search")(search)
    app.command("similar")(similar)
    app.command("index")(index)
    app.command("eval")(eval_)


def search(
    query: str = typer.Argument(..., help="Query: Espacenet smart search (ti=battery and pd>=2012, cl=H01M, "
                                "claims=laser), PATENTSCOPE/Lens syntax (translated) or free text."),
    limit: int = typer.Option(10, "--limit", help="Hits per page."),
    mode: str = typer.Option(None, "--mode", help="bm25, semantic or hybrid (default: hybrid for free text, "
                             "bm25 for field queries)."),
    facets: bool = typer.Option(False, "--facets", help="Counts by year, country, kind, IPC and applicant."),
    sort: str = typer.Option(None, "--sort", help="relevance (default), date, date-asc, priority."),
    cursor: str = typer.Option(None, "--cursor", help="Next page: the cursor printed by the previous page."),
    all_members: bool = typer.Option(False, "--all-members", help="List every family member, not one per family."),
    time_limit: float = TIME_LIMIT,
    as_json: bool = JSON,
) -> None:
    """Search the index (Espacenet-style field codes, phrases, wildcards, proximity)."""
    result = with_hub(as_json, lambda hub: hub.search.search(
        query, mode=mode, limit=limit, facets=facets, sort=sort,  # type: ignore[arg-type]
        cursor=cursor, collapse=not all_members, deadline=_deadline(hub, time_limit)))
    if as_json:
        emit_json(result.to_dict())
        return
    interp = result.interpretation
    console.print(f"[dim]read as[/] [bold]{escape(interp.normalized)}[/] [dim]({interp.mode}"
                  f"{', free text' if interp.natural else ''}; {result.total} matching, {result.took_ms} ms)[/]")
    for w in result.warnings:
        console.print(f"[yellow]{escape(w)}[/]")
    for i, hit in enumerate(result.hits, start=1):
        meta = " · ".join(x for x in (hit.pub_date or "", ", ".join(hit.applicants[:2]), ", ".join(hit.classes[:3])) if x)
        fam = f" [dim](+{len(hit.family_members)} in family)[/]" if hit.family_members else ""
        console.print(f"[bold cyan]{i:>3}. {hit.pub_number}[/] {escape(hit.title or '')}{fam}  [dim]{hit.score:.3f}[/]")
        if meta:
            console.print(f"     [dim]{escape(meta)}[/]")
        for snip in hit.snippets:
            marked = escape(snip.marked("\x00", "\x01")).replace("\x00", "[bold yellow]").replace("\x01", "[/]")
            console.print(f"     [green]{snip.field}[/] {marked}".replace("\n", " "))
        if hit.explanation:
            console.print(f"     [magenta]why[/] {_explained(hit.explanation)}")
    if result.facets:
        for facet in result.facets:
            if facet.values:
                console.print(f"[bold]{facet.name}[/]: " + ", ".join(f"{escape(v.value)} ({v.count})"
                                                                     for v in facet.values[:10]))
    if result.cursor:
        console.print(f"[dim]next page: --cursor {result.cursor}[/]")


def similar(
    number: str = typer.Argument(None, help="A stored document: its nearest prior art by meaning."),
    text: str = typer.Option(None, "--text", help="Find documents close in meaning to this text (any language)."),
    limit: int = typer.Option(10, "--limit", help="Number of hits."),
    no_cutoff: bool = typer.Option(False, "--no-cutoff", help="Do not stop at the document's earliest priority date."),
    before: str = typer.Option(None, "--before", help="Only documents published before this date (2015-03-02), "
                               "instead of the earliest priority date."),
    filter_: str = typer.Option(None, "--filter", help="A CQL filter, e.g. \"ctry=CN and pd>=2010\"."),
    mode: str = typer.Option("hybrid", "--mode", help="hybrid (words and meaning), bm25 or semantic."),
    no_pairs: bool = typer.Option(False, "--no-pairs", help="Leave out the claim-to-passage pairs."),
    time_limit: float = TIME_LIMIT,
    as_json: bool = JSON,
) -> None:
    """Prior art: nearest documents by words and meaning (cross-lingual), published before the document's
    earliest priority date, each with its claim-to-passage pairs and a one-line reason."""
    result = with_hub(as_json, lambda hub: hub.search.similar(
        number, text=text, limit=limit, cutoff=not no_cutoff, before=before, filter=filter_,
        mode=mode, pairs=not no_pairs, deadline=_deadline(hub, time_limit)))  # type: ignore[arg-type]
    if as_json:
        emit_json(result.to_dict())
        return
    head = result.query_number or f"text: {result.query_text[:80]}"
    cut = f", published before {result.cutoff_date}" if result.cutoff_date else ""
    console.print(f"[dim]nearest to[/] [bold]{escape(head)}[/] [dim]({result.mode}, {result.model}{cut}; "
                  f"{result.took_ms} ms)[/]")
    for w in result.warnings:
        console.print(f"[yellow]{escape(w)}[/]")
    for i, hit in enumerate(result.hits, start=1):
        console.print(f"[bold cyan]{i:>3}. {hit.pub_number}[/] {escape(hit.title or '')}  "
                      f"[dim]{hit.pub_date or ''} score {hit.score:.3f}[/]")
        if hit.reason:
            console.print(f"     [magenta]{escape(hit.reason)}[/]")
        for pair in sorted(hit.claim_pairs, key=lambda p: -p.similarity)[:3]:
            console.print(f"     [dim]claim {pair.claim} ↔ {pair.field}{pair.passage_claim or ''} "
                          f"{pair.similarity:.2f}[/] {_marked(pair.passage, pair.highlights)}".replace("\n", " "))


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    out, last = [], 0
    for start, end in spans:
        out += [escape(text[last:start]), "[bold yellow]", escape(text[start:end]), "[/]"]
        last = end
    return "".join([*out, escape(text[last:])])


def _explained(e: Any) -> str:
    where = f"{e.field}{e.claim or ''}"
    return f"[green]{where}[/] {_marked(e.text, e.highlights)} [dim]({e.similarity:.2f})[/]".replace("\n", " ")


def index(
    rebuild: bool = typer.Option(False, "--rebuild", help="Recreate the index from the store."),
    check: bool = typer.Option(False, "--check", help="Compare every document's checksum with the store."),
    repair: bool = typer.Option(False, "--repair", help="Index what is missing or outdated, drop what is gone."),
    vectors: bool = typer.Option(False, "--vectors", help="Embed documents that have no vector yet."),
    as_json: bool = JSON,
) -> None:
    """Index maintenance; without options prints the index status."""
    try:
        if sum((rebuild, check, repair)) > 1:
            raise InvalidInput("choose one of --rebuild, --check, --repair", field="option")
        with open_hub() as hub:
            svc = hub.search
            progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), console=console, disable=as_json or not console.is_terminal)
            with progress:
                task = progress.add_task("index", total=None)

                def step(done: int, total: int) -> None:
                    progress.update(task, completed=done, total=total)

                if rebuild:
                    data = svc.rebuild(vectors=vectors, progress=step).to_dict()
                elif repair:
                    data = svc.repair().to_dict()
                    if vectors:
                        data["vectors"] = svc.update_vectors(progress=step).to_dict()
                elif vectors:
                    data = svc.update_vectors(progress=step).to_dict()
                else:
                    data = svc.status(full=check).to_dict()
    except IprHubError as exc:
        fail(exc, as_json)
        return
    if as_json:
        emit_json(data)
        if check and not data.get("in_step", True):
            raise typer.Exit(1)
        return
    status = data.get("status") or data
    if data.get("action") == "vectors":
        console.print(_vectors_line(data))
    elif "action" in data:
        console.print(f"{data['action']}: indexed {data['indexed']}, deleted {data['deleted']}, "
                      f"embedded {data['embedded']} in {data['seconds']:.1f} s")
    if isinstance(data.get("vectors"), dict):
        console.print(_vectors_line(data["vectors"]))
    t = Table(title="Search index")
    t.add_column("")
    t.add_column("value", justify="right")
    for key in ("path", "documents_in_store", "documents_in_index", "vectors", "in_step", "missing", "extra",
                "vectors_missing", "sentence_vectors", "model", "size_bytes", "checked"):
        if key in status:
            t.add_row(key.replace("_", " "), str(status[key]))
    console.print(t)
    if check and not status.get("in_step", True):
        console.print("[yellow]the index is not in step with the store: run `iprhub index --repair`[/]")
        raise typer.Exit(1)


def _deadline(hub, seconds: float | None) -> Deadline:
    return hub.search.deadline(keyed=True) if seconds is None else Deadline.after(seconds or None)


def _vectors_line(report: dict) -> str:
    model = (report.get("status") or {}).get("model") or "?"
    passages = report.get("passages") or 0
    if not report["embedded"] and not report["deleted"] and not passages:
        return f"vectors: all {report['already']} documents already embedded (model {model})"
    without = report["indexed"] - report["embedded"]
    return (f"vectors: embedded {report['embedded']} documents in {report['seconds']:.1f} s (model {model}; "
            f"{report['already']} already embedded" + (f", {without} without text to embed" if without else "")
            + (f", {report['deleted']} removed" if report["deleted"] else "")
            + (f"; the sentences of {passages} documents for explanations" if passages else "") + ")")


def eval_(
    data: Path = typer.Option(DEFAULT_EVAL_DATA, "--data",
                              help="The shared data folder, or its eval/ folder (labelled sets)."),
    task: list[str] = typer.Option(None, "--task", help="citations, known-item, panorama, noc4pc, clef-ip, "
                                   "kipris, phrases, or a capability's task (default: those and pi4pc-rank)."),
    model: list[str] = typer.Option(None, "--model", help="Extra semantic models to compare on phrase similarity."),
    as_json: bool = JSON,
) -> None:
    """Quality on real labelled data: retrieval (recall@10/100, MRR, nDCG@10, correlations) and the
    capabilities' own tasks."""
    say = None if as_json else (lambda msg: console.print(f"[dim]{escape(msg)}[/]"))
    report, tables = with_hub(as_json, lambda hub: hub.evaluate(data, task or (), models=model or None, progress=say))
    if as_json:
        emit_json({**(report.to_dict() if report else {}), **({"tables": [t.to_dict() for t in tables]}
                                                               if tables else {})})
        return
    if report is not None:
        _print_search_report(report)
    for table in tables:
        t = Table(title=table.title)
        for col in table.columns:
            t.add_column(col)
        for row in table.rows:
            t.add_row(*(f"{v:.3f}" if isinstance(v, float) else str(v) for v in row))
        console.print(t)
        for note in table.notes:
            console.print(f"[dim]- {escape(note)}[/]")


def _print_search_report(report) -> None:
    t = Table(title=f"Retrieval quality ({report.documents} documents in the corpus)")
    for col in ("task", "mode", "queries", "R@10", "R@100", "MRR", "nDCG@10"):
        t.add_column(col, justify="left" if col in ("task", "mode") else "right")
    for r in report.retrieval:
        t.add_row(r.task, r.mode, str(r.queries), f"{r.recall_at_10:.3f}", f"{r.recall_at_100:.3f}",
                  f"{r.mrr:.3f}", f"{r.ndcg_at_10:.3f}")
    console.print(t)
    if report.correlation:
        c = Table(title="Semantic similarity vs human ratings")
        for col in ("data set", "model", "pairs", "Pearson", "Spearman", "seconds"):
            c.add_column(col, justify="left" if col in ("data set", "model") else "right")
        for r in report.correlation:
            c.add_row(r.dataset, r.model, str(r.pairs), f"{r.pearson:.3f}", f"{r.spearman:.3f}", f"{r.seconds:.1f}")
        console.print(c)
    for note in report.notes:
        console.print(f"[dim]- {escape(note)}[/]")
