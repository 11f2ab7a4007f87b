"""The cross-office dossier of a family: per office its members, status, grants, citations (category,
examiner or applicant, phase), office actions with rejections and cited references, PANORAMA examiner
decisions per claim, legal events; a merged citation list (which office cited what, like the common
citation document) and one timeline."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Any

from iprhub.errors import NotFound, Timeout
from iprhub.examination import panorama
from iprhub.examination.model import (
    Dossier,
    DossierCitation,
    DossierEvent,
    ExaminerRecord,
    MergedCitation,
    OfficeAction,
    OfficeView,
    PatentFamily,
    Rejection,
)
from iprhub.limits import Deadline

_EVENT_KINDS = {"office-action": "office-action", "legal": "legal", "prosecution": "prosecution", "trial": "trial",
                "assignment": "assignment", "dossier": "dossier"}


def _digits(app_key: str) -> str:
    return app_key[2:] if app_key.startswith("US") and app_key[2:].isdigit() else ""


def build_dossier(service: Any, number: str, deadline: Deadline) -> Dossier:
    hub = service.hub
    root = service.panorama_dir()
    try:
        family: PatentFamily | None = service.family(number, extended=True, deadline=deadline)
    except NotFound:
        digits = re.sub(r"\D", "", number)
        record = panorama.examiner_record(root, digits) if len(digits) == 8 else None
        if record is None:
            raise
        family = None  # known only from PANORAMA: an application the store does not hold
    warnings: list[str] = list(family.warnings) if family and family.partial else []
    partial = bool(family and family.partial)
    apps_by_office: dict[str, set[str]] = defaultdict(set)
    members_by_office: dict[str, list[Any]] = defaultdict(list)
    if family:
        for m in family.members:
            members_by_office[m.country].append(m)
            if m.application:
                apps_by_office[m.application[:2]].add(m.application)
        for key in family.applications:
            apps_by_office[key[:2]].add(key)
    else:
        apps_by_office["US"].add("US" + re.sub(r"\D", "", number))
    offices: list[OfficeView] = []
    timeline: list[DossierEvent] = []
    merged: dict[str, MergedCitation] = {}
    try:
        for office in sorted(set(apps_by_office) | set(members_by_office)):
            deadline.check("dossier")
            view = _office_view(hub, root, office, sorted(apps_by_office[office]), members_by_office[office], timeline)
            offices.append(view)
            for c in view.citations:
                entry = merged.setdefault(c.number, MergedCitation(number=c.number, offices={}))
                marks = entry.offices.setdefault(office, [])
                for mark in (*c.categories, *([c.legal_section] if c.legal_section else [])):
                    if mark not in marks:
                        marks.append(mark)
                if c.cited_by not in entry.cited_by:
                    entry.cited_by.append(c.cited_by)
    except Timeout as exc:
        partial = True
        warnings.append(f"{exc.message}: offices after {offices[-1].office if offices else 'the first'} are missing")
    _mark_stored(hub, merged)
    if hub.has_capability("exchange"):  # records replicated from a partner node say so
        nodes = hub.exchange.origins("document", [m.pub_number for o in offices for m in o.members])
        for view in offices:
            view.from_nodes = {m.pub_number: nodes[m.pub_number] for m in view.members if m.pub_number in nodes}
    timeline = _unique(timeline)
    for view in offices:
        view.events = _unique(view.events)
    ordered = sorted(merged.values(), key=lambda m: (-len(m.offices), m.number))
    return Dossier(query=number, family=family, offices=offices, merged_citations=ordered, timeline=timeline,
                   partial=partial, warnings=warnings)


def _office_view(hub: Any, root: Any, office: str, app_keys: list[str], members: list[Any],
                 timeline: list[DossierEvent]) -> OfficeView:
    citations: list[DossierCitation] = []
    actions: list[OfficeAction] = []
    records: list[ExaminerRecord] = []
    status = status_date = None
    granted = sorted(m.pub_number for m in members if m.doc_type == "grant" or (m.kind or "").startswith("B"))
    for m in members:
        doc = hub.document(m.pub_number)
        timeline.append(DossierEvent(date=doc.pub_date, office=office, application=m.application or "",
                                     kind="grant" if m.pub_number in granted else "publication",
                                     code=doc.kind, description=f"{doc.pub_number} published"))
        for c in doc.citations:
            citations.append(DossierCitation(number=c.number, categories=list(c.categories), cited_by=c.cited_by,
                                             phase=c.phase, office=c.office or office, in_document=doc.pub_number,
                                             source="search-report"))
        for le in doc.legal_events:
            timeline.append(DossierEvent(date=le.date, office=le.office or office, application=m.application or "",
                                         kind="legal", code=le.code, description=le.description))
    seen_legal = {(e.date, e.code) for e in timeline if e.kind == "legal"}
    for key in app_keys:
        app = hub.store.application(key)
        if app is not None:
            if app.status and (status_date is None or (app.status_date and app.status_date > status_date)):
                status, status_date = app.status, app.status_date
            if app.filing_date:
                timeline.append(DossierEvent(date=app.filing_date, office=office, application=key, kind="filing",
                                             description=f"{app.display_number or key} filed"))
            oa = [e for e in app.events if e.event_type == "office-action"]
            actions += _office_actions(key, [e for e in oa if (e.details or {}).get("action_id") or not e.references])
            # a reference listed outside any action (cited by the applicant, considered by the examiner)
            citations += [DossierCitation(number=r.number, cited_by=r.cited_by or "unknown", office=office,
                                          in_application=key, source="office-action", legal_section=r.category)
                          for e in oa if not (e.details or {}).get("action_id") for r in e.references]
            for e in app.events:
                if e.event_type == "office-action" or (e.event_type == "legal" and (e.date, e.code) in seen_legal):
                    continue
                timeline.append(DossierEvent(date=e.date, office=office, application=key,
                                             kind=_EVENT_KINDS.get(e.event_type, e.event_type), code=e.code,
                                             description=e.description))
        record = panorama.examiner_record(root, _digits(key))
        if record is not None:
            records.append(record)
            status = status or record.status
            if record.patent_number and record.patent_number not in granted:
                granted.append(record.patent_number)
            for ref in record.cited_patents:
                citations.append(DossierCitation(number=ref, cited_by="examiner", phase="examination", office=office,
                                                 in_application=key, source="panorama"))
            for when, kind, text in ((record.filing_date, "filing", "filed"),
                                     (record.grant_date, "grant", f"granted as {record.patent_number}")):
                if when:
                    timeline.append(DossierEvent(date=when, office=office, application=key, kind=kind,
                                                 description=f"{key} {text} (PANORAMA)"))
            rejected = [d for d in record.decisions if d.rejected]
            timeline.append(DossierEvent(office=office, application=key, kind="examiner-decision", code="CTNF",
                                         description=f"non-final rejection: {len(rejected)} of {len(record.decisions)} "
                                                     f"claims rejected (examiner {record.examiner})"))
    for a in actions:
        citations += a.references
        timeline.append(DossierEvent(date=a.date, office=office, application=a.application, kind="office-action",
                                     code=a.code, description=a.description))
    return OfficeView(office=office, applications=app_keys, members=members, status=status, status_date=status_date,
                      granted=granted, citations=_dedupe(citations), office_actions=actions, examiner_records=records,
                      events=[e for e in timeline if e.office == office])


def _office_actions(key: str, events: list[Any]) -> list[OfficeAction]:
    """Office-action events grouped into actions: one per action id (or per event without one)."""
    groups: dict[str, list[Any]] = defaultdict(list)
    for i, e in enumerate(events):
        groups[str((e.details or {}).get("action_id") or f"#{i}")].append(e)
    out = []
    for action_id, items in groups.items():
        main = next((e for e in items if e.code and not e.references), items[0])
        sections: set[str] = set()
        rejections: list[Rejection] = []
        refs: list[DossierCitation] = []
        for e in items:
            d = e.details or {}
            sections |= {k for k, v in (d.get("rejections") or {}).items() if v is True}
            for section, text in (d.get("rejection_sections") or {}).items():
                sections.add(section)
                rejections.append(Rejection(section=section, claims=_claims_in(text), text=text[:2000]))
            for r in e.references:
                refs.append(DossierCitation(number=r.number, categories=[], cited_by=r.cited_by or "unknown",
                                            phase="examination", office="US", in_application=key,
                                            source="office-action", legal_section=r.category))
                if r.category:
                    sections.add(str(r.category))
        if not rejections:
            for section in sorted(sections):
                rejections.append(Rejection(section=section, references=[r.number for r in refs
                                                                         if r.legal_section == section]))
        out.append(OfficeAction(application=key, action_id=None if action_id.startswith("#") else action_id,
                                date=next((e.date for e in items if e.date), None), code=main.code,
                                description=main.description, sections=sorted(sections), rejections=rejections,
                                references=refs, source=main.provenance[0].format if main.provenance else ""))
    return sorted(out, key=lambda a: (a.date is None, a.date or 0))


def _unique(events: list[DossierEvent]) -> list[DossierEvent]:
    """Events by date, each once (several publications and sources repeat the same legal event)."""
    seen: dict[tuple[Any, ...], DossierEvent] = {}
    for e in events:
        seen.setdefault((e.date, e.office, e.application, e.kind, e.code, e.description), e)
    return sorted(seen.values(), key=lambda e: (e.date is None, e.date or dt.date.min, e.office, e.kind))


def _claims_in(text: str) -> list[int]:
    m = re.match(r"\s*Claims?\s+([\d,\sand\-–]+)", text or "")
    out: set[int] = set()
    if m:
        for part in re.split(r",|and", m.group(1)):
            bounds = [int(x) for x in re.findall(r"\d+", part)]
            if len(bounds) == 2 and bounds[0] <= bounds[1] < bounds[0] + 500:
                out |= set(range(bounds[0], bounds[1] + 1))
            else:
                out |= set(bounds)
    return sorted(out)


def _dedupe(items: list[DossierCitation]) -> list[DossierCitation]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for c in items:
        key = (c.number, tuple(c.categories), c.cited_by, c.phase, c.in_document, c.in_application, c.source,
               c.legal_section)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _mark_stored(hub: Any, merged: dict[str, MergedCitation]) -> None:
    from iprhub.errors import IprHubError

    for number, entry in list(merged.items())[:500]:
        try:
            entry.in_store = hub.resolve_number(number)
        except IprHubError:
            entry.in_store = None
