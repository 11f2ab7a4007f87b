"""``iprhub quality …``: screen, show a run, review a finding, explain a pair, agency scorecards, credit
records; one-line adapters over ``hub.quality``."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from iprhub.cli.main import console, emit_json, with_hub

JSON = typer.Option(False, "--json", help="Print machine-readable JSON.")
quality_app = typer.Typer(no_args_is_help=True, help=(
    "Quality supervision: `quality screen` (near-duplicates, behaviour signals, bad-faith marks), "
    "`quality run`, `quality review ID`, `quality explain A B`, `quality agencies`, `quality credit PARTY`."))


def register(app: typer.Typer) -> None:
    app.add_typer(quality_app, name="quality")


def _print_run(run) -> None:
    console.print(f"run {run.id} · {escape(run.scope)} · {run.documents} documents, {run.screened} with text "
                  f"to compare · {run.seconds:.1f} s")
    if run.partial:
        console.print(f"[yellow]partial: {escape(run.notice or '')}[/]")
    t = Table(title="Findings (a score ranks what to review first; it is not a verdict)")
    for col in ("id", "score", "kind", "subject", "signals", "status"):
        t.add_column(col)
    for f in run.findings[:50]:
        t.add_row(str(f.id or ""), f"{f.score:.2f}", f.subject_kind, escape(f.subject),
                  "\n".join(escape(f"{s.name} {s.value:.2f}×{s.weight:g}: {s.detail}") for s in f.signals), f.status)
    console.print(t)
    if len(run.findings) > 50:
        console.print(f"… {len(run.findings) - 50} more (see --json)")
    for c in run.clusters[:20]:
        more = " …" if len(c.members) > 8 else ""
        console.print(f"near-identical ({c.relation}): {', '.join(c.members[:8])}{more}")


@quality_app.command("screen")
def screen(
    batch: list[Path] = typer.Option(None, "--batch", help="Screen what these ingested files/folders brought."),
    applicant: str = typer.Option(None, "--applicant", help="Screen one applicant's records."),
    agency: str = typer.Option(None, "--agency", help="Screen one agency's records."),
    weights: str = typer.Option(None, "--weights", help="e.g. near_duplicate=2,splitting=0 (over the defaults)."),
    time_limit: float = typer.Option(None, "--time-limit", help="Seconds; past it the run says what it cut."),
    as_json: bool = JSON,
) -> None:
    """Rank records and parties by transparent signals; the run is stored for review (`quality review`)."""
    run = with_hub(as_json, lambda hub: hub.quality.screen(
        batch=[str(p) for p in batch] if batch else None, applicant=applicant, agency=agency, weights=weights,
        time_limit=time_limit))
    emit_json(run) if as_json else _print_run(run)


@quality_app.command("run")
def show_run(run_id: int = typer.Argument(None, help="A run id (default: the latest)."),
             status: str = typer.Option(None, "--status", help="open, confirmed or dismissed."),
             csv: Path = typer.Option(None, "--csv", help="Also write the findings as CSV (a row per signal)."),
             as_json: bool = JSON) -> None:
    """A stored screening run with its findings."""
    run = with_hub(as_json, lambda hub: hub.quality.run(run_id, status=status, limit=100_000))
    if csv is not None:
        from iprhub.quality.service import QualityService

        csv.write_text(QualityService.findings_csv(run), encoding="utf-8")
    emit_json(run) if as_json else _print_run(run)


@quality_app.command("review")
def review(finding_id: int = typer.Argument(...),
           confirm: bool = typer.Option(False, "--confirm"), dismiss: bool = typer.Option(False, "--dismiss"),
           note: str = typer.Option(None, "--note"), as_json: bool = JSON) -> None:
    """Confirm or dismiss a finding with a note (a confirmed party finding enters its credit record)."""
    status = "confirmed" if confirm and not dismiss else "dismissed" if dismiss and not confirm else "invalid"
    finding = with_hub(as_json, lambda hub: hub.quality.review(finding_id, status, note, by="cli"))
    emit_json(finding) if as_json else console.print(f"finding {finding.id}: {finding.status}")


@quality_app.command("explain")
def explain(a: str = typer.Argument(...), b: str = typer.Argument(...), as_json: bool = JSON) -> None:
    """Why two documents look alike: per-section similarity and the passages that differ."""
    e = with_hub(as_json, lambda hub: hub.quality.explain(a, b))
    if as_json:
        emit_json(e)
        return
    console.print(f"{e.a} ~ {e.b}: {e.relation}")
    for s in e.sections:
        console.print(f"  {s.section}: " + (f"{s.similarity:.2f}" if s.similarity is not None else "absent")
                      + f" ({s.words_a} / {s.words_b} words)")
    for d in e.differences:
        console.print(f"[red]- {escape(d.a[:300])}[/]\n[green]+ {escape(d.b[:300])}[/]")


@quality_app.command("agencies")
def agencies(agency: str = typer.Option(None, "--agency"), limit: int = typer.Option(30, "--limit"),
             as_json: bool = JSON) -> None:
    """Agency scorecards: volume, offices, grant and rejection rates, late replies, signals, credit points."""
    cards = with_hub(as_json, lambda hub: hub.quality.agencies(agency, limit=limit))
    if as_json:
        emit_json(cards)
        return
    t = Table(title="Agency scorecards")
    for col in ("agency", "apps", "applicants", "offices", "grant rate", "rejection rate", "late replies",
                "abandoned", "signals", "credit"):
        t.add_column(col)

    def pct(v):
        return "–" if v is None else f"{v:.0%}"

    for c in cards:
        t.add_row(escape(c.agency), str(c.applications), str(c.applicants),
                  " ".join(f"{o} {n}" for o, n in c.offices.items()), pct(c.grant_rate), pct(c.rejection_rate),
                  pct(c.extension_rate), str(c.abandoned), str(c.abnormal_signals),
                  f"{c.credit_points if c.credit_points is not None else 100:g}")
    console.print(t)


@quality_app.command("credit")
def credit(party: str = typer.Argument(...), kind: str = typer.Option("agency", "--kind", help="agency or applicant"),
           sanction: str = typer.Option(None, "--sanction", help="Record a sanction with this detail."),
           note: str = typer.Option(None, "--note", help="Record a note with this detail."),
           points: float = typer.Option(0.0, "--points", help="Points the entry deducts from 100."),
           as_json: bool = JSON) -> None:
    """A party's credit record (100 minus the deductions), or add a sanction or a note to it."""
    def run(hub):
        if sanction or note:
            return hub.quality.add_credit(party, kind=kind, entry="sanction" if sanction else "note",
                                          points=points, detail=sanction or note, by="cli")
        return hub.quality.credit(party, kind=kind)

    record = with_hub(as_json, run)
    if as_json:
        emit_json(record)
        return
    console.print(f"{escape(record.party)} ({record.party_kind}): {record.points:g} points")
    for e in record.entries:
        console.print(f"  {e.created_at:%Y-%m-%d} {e.kind} −{e.points:g}: {escape(e.detail)}")
