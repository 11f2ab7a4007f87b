"""Terminal rendering of records (Rich)."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from iprhub.model.application import Application
from iprhub.model.patent import PatentDocument
from iprhub.model.trademark import Trademark
from iprhub.views import DocumentView


def render_document(console: Console, view: DocumentView) -> None:
    d: PatentDocument = view.document
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    head.add_row("Publication", f"{d.pub_number}  ({d.doc_type}, {d.pub_date or 'date unknown'})")
    head.add_row("Application", f"{d.app_number or '-'}  {d.app_date or ''}")
    if d.priorities:
        head.add_row("Priorities", "; ".join(f"{p.country} {p.number} {p.date or ''}" for p in d.priorities))
    for role in ("applicant", "assignee", "inventor", "agent", "examiner"):
        ps = d.parties_by_role(role)
        if ps:
            head.add_row(role.capitalize() + "s", "; ".join(f"{p.name}" + (f" ({p.country})" if p.country else "")
                                                            for p in ps))
    titles = view.class_titles
    for scheme in ("IPC", "CPC", "LOCARNO"):
        cs = [c for c in d.classifications if c.scheme == scheme]
        if cs:
            head.add_row(scheme, "\n".join(
                c.symbol + (f"  {titles[f'{scheme}:{c.symbol}'][:70]}" if f"{scheme}:{c.symbol}" in titles else "")
                for c in cs[:8]) + (f"\n… {len(cs) - 8} more" if len(cs) > 8 else ""))
    if d.family_id or view.family:
        family = ([f"DOCDB {d.family_id}"] if d.family_id else []) + [link.number for link in view.family[:12]]
        more = f" … {len(view.family) - 12} more" if len(view.family) > 12 else ""
        head.add_row("Family", ", ".join(family) + more)
    head.add_row("Claims", str(d.claim_count()))
    head.add_row("Citations", f"{len(d.citations)} patent, {len(d.npl_citations)} non-patent; "
                              f"{sum(c.stored is not None for c in view.cites)} in store; cited by {len(view.cited_by)} in store")
    if view.other_kinds:
        head.add_row("Other kinds", ", ".join(view.other_kinds))
    head.add_row("Sources", "; ".join(f"{p.format} {p.source_file.split('/')[-1]} {p.position}" for p in d.provenance))
    console.print(Panel(head, title=d.title() or d.pub_number, expand=False))
    if d.abstract():
        console.print(Panel(d.abstract() or "", title="Abstract", expand=False))
    if d.claims:
        first_set, levels = d.claims[0], view.claim_levels[0]
        lines = []
        for c in first_set.claims[:5]:
            indent = "    " * levels.get(c.num, 0)
            lines.append(f"{indent}{c.num}. {c.text[:300]}")
        console.print(Panel("\n".join(lines), title=f"Claims ({len(first_set.claims)})", expand=False))
    if view.events:
        t = Table(title="Events")
        for col in ("date", "type", "description"):
            t.add_column(col)
        for e in view.events[:20]:
            t.add_row(str(e.date or ""), e.event_type, e.description[:100])
        console.print(t)


def render_trademark(console: Console, tm: Trademark) -> None:
    g = Table.grid(padding=(0, 2))
    g.add_column(style="bold")
    g.add_column()
    g.add_row("Mark", tm.mark_text or "(figurative)")
    g.add_row("Office / number", f"{tm.office} {tm.app_number}" + (f" reg. {tm.reg_number}" if tm.reg_number else ""))
    g.add_row("Type", tm.mark_type)
    g.add_row("Status", f"{tm.status or '-'} {tm.status_date or ''}")
    g.add_row("Dates", f"filed {tm.app_date or '-'}, registered {tm.reg_date or '-'}, expires {tm.expiry_date or '-'}")
    owners = [p for p in tm.parties if p.role in ("owner", "applicant")]
    if owners:
        g.add_row("Owner", "; ".join(p.name + (f" ({p.country})" if p.country else "") for p in owners))
    for nc in tm.nice_classes:
        g.add_row(f"Class {nc.number}", (nc.goods_services[0].text[:120] if nc.goods_services else ""))
    if tm.designations:
        g.add_row("Designations", ", ".join(tm.designations))
    console.print(Panel(g, title=tm.mark_text or tm.key, expand=False))


def render_application(console: Console, app: Application) -> None:
    g = Table.grid(padding=(0, 2))
    g.add_column(style="bold")
    g.add_column()
    g.add_row("Application", f"{app.office} {app.display_number or '(number not given)'}  filed {app.filing_date or '-'}")
    if app.known_by:
        g.add_row("Known by", app.known_by)
    g.add_row("Status", f"{app.status or '-'} {app.status_date or ''}")
    if app.family_id:
        g.add_row("Family", app.family_id)
    g.add_row("Publications", ", ".join(p.pub_number for p in app.publications) or "none in the store")
    g.add_row("Events", ", ".join(f"{k} {v}" for k, v in app.event_counts.items()) or "none")
    console.print(Panel(g, title=app.title or app.key, expand=False))
    if app.events:
        t = Table(title=f"Timeline ({len(app.events)})")
        for col in ("date", "type", "code", "description"):
            t.add_column(col)
        for e in app.events:
            t.add_row(str(e.date or ""), e.event_type, e.code or "", e.description[:100])
        console.print(t)
