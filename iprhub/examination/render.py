"""Plain-text rendering of the examination results for the CLI, and the standalone HTML pages
(``--html``) rendered from the capability's own templates."""

from __future__ import annotations

from typing import Any

from iprhub.examination.model import Dossier, PatentFamily, PphCheck, RankResult


def text(result: Any) -> str:
    if isinstance(result, PatentFamily):
        return _family(result)
    if isinstance(result, Dossier):
        return _dossier(result)
    if isinstance(result, PphCheck):
        return _pph(result)
    if isinstance(result, RankResult):
        return _rank(result)
    return str(result)


def _family(f: PatentFamily) -> str:
    lines = [f"{f.kind} family of {f.anchor}: {len(f.members)} documents, {len(f.applications)} applications, "
             f"offices {', '.join(f.countries)}; earliest priority {f.earliest_priority or 'unknown'}"]
    if f.source_family_ids:
        lines.append(f"source family ids: {', '.join(f.source_family_ids)}")
    for m in f.members:
        lines.append(f"  {m.pub_number:<18} {str(m.pub_date or ''):<10} app {m.application or '-':<18} "
                     f"priorities {', '.join(m.priority_set) or '-'}")
    for group in f.simple_families:
        lines.append("  simple family: " + ", ".join(group))
    lines += [f"conflict ({c.kind}): {c.message}" for c in f.conflicts]
    lines += [f"partial: {w}" for w in f.warnings] if f.partial else [f"note: {w}" for w in f.warnings]
    return "\n".join(lines)


def _dossier(d: Dossier) -> str:
    lines = [f"dossier of {d.query}" + (f" ({len(d.family.members)} family documents)" if d.family else "")]
    for o in d.offices:
        lines.append(f"[{o.office}] applications {', '.join(o.applications)}; status {o.status or 'unknown'}"
                     f"{' (' + str(o.status_date) + ')' if o.status_date else ''}; granted {', '.join(o.granted) or '-'}")
        lines.append(f"  citations {len(o.citations)}, office actions {len(o.office_actions)}, "
                     f"examiner records {len(o.examiner_records)}, events {len(o.events)}")
        for a in o.office_actions:
            lines.append(f"  {str(a.date or ''):<10} {a.code or '':<5} {a.description}"
                         + (f" (sections {', '.join(a.sections)})" if a.sections else ""))
        for r in o.examiner_records:
            lines.append(f"  PANORAMA {r.application}: examiner {r.examiner}, {len(r.decisions)} claim decisions, "
                         f"cited {', '.join(r.cited_patents)}")
            for c in r.decisions:
                lines.append(f"    claim {c.claim}: {'rejected ' + '/'.join(c.sections) if c.rejected else 'not rejected'}"
                             + (f" over {', '.join(c.references)}" if c.references else "")
                             + (f" ¶{', '.join(c.paragraphs)}" if c.paragraphs else ""))
    if d.merged_citations:
        lines.append("merged citations:")
        for m in d.merged_citations:
            lines.append(f"  {m.number:<18} " + "; ".join(f"{k}: {'/'.join(v) or '-'}" for k, v in m.offices.items()))
    lines += [f"warning: {w}" for w in d.warnings]
    return "\n".join(lines)


def _pph(p: PphCheck) -> str:
    lines = [f"PPH at {p.at} for {p.query} (as of {p.as_of}): {'ELIGIBLE' if p.eligible else 'NOT ELIGIBLE'}"]
    if p.earlier_office:
        lines.append(f"office of earlier examination: {p.earlier_office} ({p.earlier_publication})")
    lines += [f"programme: {g.name} {g.status} ({g.start or '?'} - {g.end or 'open'})" for g in p.programmes]
    lines += [f"not offered: {g.name}: {g.status} ({g.start or '?'} - {g.end or 'open'})" for g in p.programmes_not_offered]
    lines += [f"{'ok ' if r.met else '?? ' if r.met is None else 'NO '} {r.id}: {r.explanation}" for r in p.requirements]
    for row in p.correspondence:
        lines.append(f"  claim {row.claim} -> {row.allowed_claim or '-'}  {row.verdict:<20} {row.similarity:.2f}"
                     + ("  [translation]" if row.translation_needed else "") + f"  {row.explanation}")
    lines += p.explanation
    return "\n".join(lines)


def _rank(r: RankResult) -> str:
    lines = [f"claim: {r.claim[:100]}… ({len(r.elements)} elements, {r.method})"]
    for i, c in enumerate(r.candidates, 1):
        lines.append(f"{i}. {c.candidate} {c.score:.3f} {c.title or ''}")
        for p in c.passages:
            lines.append(f"   [{p.key}] {p.score:.3f} elements {p.elements}: {p.text[:100]}")
    return "\n".join(lines)


def standalone(result: Any, lang: str = "en") -> str:
    """A self-contained HTML page of a dossier or PPH check (the PPH request annex)."""
    from iprhub.examination.html import standalone_page

    return standalone_page(result, lang)
