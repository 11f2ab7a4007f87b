"""USPTO Open Data Portal (ODP) patent API JSON: application data as events.

A response is a ``patentBag`` (one entry per application; each endpoint fills different parts)
or a ``documentBag`` (the file-wrapper document list). Each part maps to events of the
application named by ``applicationNumberText``:

=============================  ===========================================================
part                           events
=============================  ===========================================================
biblio / application / search  ``prosecution`` ``BIB``: title, filing date, status, parties
transactionContentBag          ``prosecution`` per transaction (same shape as PEDS)
assignmentBag                  ``assignment`` per recorded assignment (reel/frame)
continuityBag                  ``prosecution`` per parent/child relation (code CON, NST, PRO …)
foreignPriorityBag             ``prosecution`` ``PRIORITY`` per foreign priority claim
patentTermAdjustmentData       ``prosecution`` ``PTA`` with the adjustment totals
documentBag                    ``dossier`` per file-wrapper document
=============================  ===========================================================

Several endpoints (assignment, attorney, adjustment, foreign priority, transactions) answer
without the application number, which is only in the request URL; such records are quarantined
with that reason, since an event must name its application. A continuity record without it
names the application through its own relations (the one both claimed-from and claiming).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from iprhub.errors import ParseError
from iprhub.ingest.formats._uspto_api import (
    api_date,
    api_text,
    app_key_or_text,
    country_code,
    guarded,
    iso,
    joined,
    kept,
    party,
    read_json,
    record_provenance,
    transaction_events,
    us_app_key,
    us_pub_number,
    warned,
)
from iprhub.ingest.formats._uspto_text import correspondence_parties
from iprhub.ingest.formats._uspto_transfer import assignment_event, assignor, reel_frame, transfer_of
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext
from iprhub.model.common import Party, Provenance, clean_text
from iprhub.model.event import ApplicationEvent, TransferredProperty

_BIB_KEYS = ("inventionTitle", "filingDate", "applicationStatusDescriptionText", "firstApplicantName")
_PARTS = {
    "patentTermAdjustmentData": "patent term adjustment", "assignmentBag": "assignments",
    "recordAttorney": "attorneys of record", "foreignPriorityBag": "foreign priorities",
    "transactionContentBag": "transactions", "continuityBag": "continuity",
}


class UsptoOdpJson(Format):
    name = "uspto-odp-json"
    label = "USPTO Open Data Portal patent API JSON (patentBag / documentBag)"
    kind = "event"

    def sniff(self, head: Head) -> bool:
        return head.is_json and bool({"patentBag", "documentBag"} & set(head.json_keys))

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Item]:
        data = read_json(stream, ctx)
        if not isinstance(data, dict) or not ({"patentBag", "documentBag"} & data.keys()):
            raise ParseError("neither patentBag nor documentBag in an ODP response",
                             file=ctx.source, position="file", field="patentBag", stage="parse")
        for i, doc in enumerate(data.get("documentBag") or [], 1):
            position = f"document {i}"
            yield from guarded(position, lambda doc=doc, position=position: [_document(doc, ctx, position)])
        for i, rec in enumerate(data.get("patentBag") or [], 1):
            position = f"record {i}"
            yield from guarded(position, lambda rec=rec, position=position: _application(rec, ctx, position))


def _application(rec: dict[str, Any], ctx: ReadContext, position: str) -> list[Item]:
    number = api_text(rec.get("applicationNumberText")) or _continuity_subject(rec.get("continuityBag"))
    if not number:
        parts = ", ".join(label for key, label in _PARTS.items() if rec.get(key)) or "data"
        raise ParseError(f"ODP record without applicationNumberText (the API names the application only in "
                         f"the request URL): its {parts} cannot be attached", field="applicationNumberText")
    app_key = us_app_key(number, "applicationNumberText")
    prov = record_provenance(ctx, position, rec)
    events: list[Item] = []
    if any(rec.get(k) for k in _BIB_KEYS):
        events.append(_bib(rec, app_key, number, prov))
    rows = [(api_date(t.get("recordedDate"), "transactionContentBag/recordedDate"),
             api_text(t.get("caseActionCode")), clean_text(t.get("caseActionDescriptionText")))
            for t in rec.get("transactionContentBag") or []]
    events.extend(transaction_events(app_key, rows, prov))
    events.extend(_assignment(a, app_key, prov) for a in rec.get("assignmentBag") or [])
    warnings: list[str] = []
    events.extend(_continuity(rec.get("continuityBag") or {}, app_key, prov, warnings))
    for p in rec.get("foreignPriorityBag") or []:
        country, priority = api_text(p.get("countryName")), api_text(p.get("priorityNumberText"))
        events.append(ApplicationEvent(
            app_key=app_key, event_type="prosecution", code="PRIORITY",
            date=api_date(p.get("filingDate"), "foreignPriorityBag/filingDate"),
            description=f"Foreign priority claimed: {country} {priority}",
            details=_compact({"country": country_code(country) or country, "number": priority}),
            provenance=[prov],
        ))
    pta = rec.get("patentTermAdjustmentData") or {}
    if pta:
        events.append(_adjustment(pta, app_key, prov))
    if events and warnings:  # the record's first event carries what was dropped from it
        events[0] = warned(events[0], warnings)  # type: ignore[arg-type]
    return events


def _continuity_subject(bag: dict[str, Any] | None) -> str | None:
    """The application a continuity bag belongs to: the child of the parent chain that is no one's
    parent in it, and the parent of the child list that is no one's child in it."""
    if not bag:
        return None
    parents = bag.get("parentContinuityBag") or []
    children = bag.get("childContinuityBag") or []
    up = {api_text(r.get("childApplicationNumberText")) for r in parents} - \
        {api_text(r.get("parentApplicationNumberText")) for r in parents}
    down = {api_text(r.get("parentApplicationNumberText")) for r in children} - \
        {api_text(r.get("childApplicationNumberText")) for r in children}
    found = (up & down) if up and down else (up or down)
    found.discard(None)
    return found.pop() if len(found) == 1 else None


def _bib(rec: dict[str, Any], app_key: str, number: str, prov: Provenance) -> ApplicationEvent:
    title = api_text(rec.get("inventionTitle"))
    filed = api_date(rec.get("filingDate"), "filingDate")
    patent = us_pub_number(rec.get("patentNumber"))
    publication = us_pub_number(rec.get("earliestPublicationNumber"))
    parties: list[Party] = []
    for n, a in enumerate(rec.get("applicantBag") or [], 1):
        addr = (a.get("correspondenceAddressBag") or [{}])[0]
        p = party("applicant", api_text(a.get("applicantNameText")) or api_text(a.get("applicant")),
                  country=api_text(addr.get("countryCode")), sequence=n,
                  address=joined(addr.get("cityName"), addr.get("geographicRegionCode")))
        if p:
            parties.append(p)
    if not parties and (first := party("applicant", api_text(rec.get("firstApplicantName")), sequence=1)):
        parties.append(first)
    for n, i in enumerate(rec.get("inventorBag") or [], 1):
        addr = (i.get("correspondenceAddressBag") or [{}])[0]
        p = party("inventor", api_text(i.get("inventorNameText")) or joined(i.get("firstName"), i.get("lastName"), sep=" "),
                  country=api_text(addr.get("countryCode")), sequence=n,
                  address=joined(addr.get("cityName"), addr.get("geographicRegionCode")))
        if p:
            parties.append(p)
    # the attorney or firm of record where the record names it only as its correspondence address
    named = [p for n, a in enumerate(rec.get("correspondenceAddressBag") or [], 1)
             if (p := party("correspondent", joined(a.get("nameLineOneText"), a.get("nameLineTwoText"), sep=" "),
                            country=api_text(a.get("countryCode")), sequence=n,
                            address=joined(a.get("addressLineOneText"), a.get("addressLineTwoText"),
                                           a.get("cityName"), a.get("geographicRegionCode"), a.get("postalCode"))))]
    parties += correspondence_parties(named, parties)
    details = _compact({
        "title": title,
        "filing_date": iso(filed),
        "effective_filing_date": iso(api_date(rec.get("effectiveFilingDate"), "effectiveFilingDate")),
        "application_type": api_text(rec.get("applicationTypeLabelName")) or api_text(rec.get("applicationTypeCode")),
        "status": api_text(rec.get("applicationStatusDescriptionText")),
        "status_date": iso(api_date(rec.get("applicationStatusDate"), "applicationStatusDate")),
        "entity_status": api_text(rec.get("businessEntityStatusCategory")),
        "art_unit": api_text(rec.get("groupArtUnitNumber")),
        "us_class": api_text(rec.get("class/subclass")),
        "cpc": [c for c in (api_text(x) for x in rec.get("cpcClassificationBag") or []) if c],
        "first_inventor_to_file": api_text(rec.get("firstInventorToFileIndicator")),
        "national_stage": rec.get("nationalStageIndicator"),
        "patent_number": patent,
        "patent_date": iso(api_date(rec.get("grantDate"), "grantDate")),
        "publication_number": publication,
        "publication_date": iso(api_date(rec.get("earliestPublicationDate"), "earliestPublicationDate")),
    })
    return ApplicationEvent(
        app_key=app_key, pub_number=patent or publication, event_type="prosecution", date=filed, code="BIB",
        description=f"Application {number}" + (f": {title}" if title else ""),
        parties=parties, details=details, provenance=[prov],
    )


def _assignment(a: dict[str, Any], app_key: str, prov: Provenance) -> ApplicationEvent:
    assignees = []
    for n, x in enumerate(a.get("assigneeBag") or [], 1):
        addr = x.get("assigneeAddress") or {}
        p = party("assignee", api_text(x.get("assigneeNameText")), country=api_text(addr.get("countryCode")),
                  sequence=n, address=joined(addr.get("addressLineOneText"), addr.get("addressLineTwoText"),
                                             addr.get("cityName"), addr.get("geographicRegionCode"),
                                             addr.get("postalCode")))
        if p:
            assignees.append(p)
    corr = (a.get("correspondenceAddress") or [{}])[0]
    assignors = [p for n, x in enumerate(a.get("assignorBag") or [], 1)
                 if (p := assignor(api_text(x.get("assignorName")),
                                   api_date(x.get("executionDate"), "assignorBag/executionDate"), n))]
    transfer = transfer_of(
        conveyance=api_text(a.get("conveyanceText")), assignors=assignors, assignees=assignees,
        recorded_date=api_date(a.get("assignmentRecordedDate"), "assignmentBag/assignmentRecordedDate"),
        received_date=api_date(a.get("assignmentReceivedDate"), "assignmentReceivedDate"),
        reel_frame=reel_frame(a.get("reelNumber"), a.get("frameNumber")),
        properties=[TransferredProperty(app_key=app_key)],
        correspondent=api_text(corr.get("correspondentNameText")),
        pages=a.get("pageNumber") if isinstance(a.get("pageNumber"), int) else None,
    )
    return assignment_event(app_key=app_key, pub_number=None, transfer=transfer, provenance=prov)


def _continuity(bag: dict[str, Any], app_key: str, prov: Provenance, warnings: list[str]) -> list[ApplicationEvent]:
    out: list[ApplicationEvent] = []
    for relation, key in (("parent", "parentContinuityBag"), ("child", "childContinuityBag")):

        def event(r: dict[str, Any], relation: str = relation, key: str = key) -> ApplicationEvent:
            parent, child = api_text(r.get("parentApplicationNumberText")), api_text(r.get("childApplicationNumberText"))
            how = api_text(r.get("claimParentageTypeCodeDescription")) or "claims the benefit of"
            return ApplicationEvent(
                app_key=app_key, event_type="prosecution", code=api_text(r.get("claimParentageTypeCode")),
                # the date given is the filing date of the related application (parent or child)
                date=api_date(r.get("filingDate"), f"{key}/filingDate"),
                description=f"{child} {how} {parent}",
                details=_compact({
                    "relation": relation, "parent": app_key_or_text(parent), "child": app_key_or_text(child),
                    "related_status": api_text(r.get("applicationStatusDescriptionText")),
                }),
                provenance=[prov],
            )

        out += kept(bag.get(key) or [], event, warnings, f"{key} entry")
    return out


def _adjustment(pta: dict[str, Any], app_key: str, prov: Provenance) -> ApplicationEvent:
    total = pta.get("adjustmentTotalQuantity")
    return ApplicationEvent(
        app_key=app_key, event_type="prosecution", code="PTA",
        date=api_date(pta.get("grantDate"), "patentTermAdjustmentData/grantDate"),
        description=f"Patent term adjustment: {total} days",
        details=_compact({
            "total_days": total, "a_delay_days": pta.get("aDelayQuantity"), "b_delay_days": pta.get("bDelayQuantity"),
            "c_delay_days": pta.get("cDelayQuantity"), "overlapping_days": pta.get("overlappingDayQuantity"),
            "applicant_delay_days": pta.get("applicantDayDelayQuantity"),
        }),
        provenance=[prov],
    )


def _document(doc: dict[str, Any], ctx: ReadContext, position: str) -> ApplicationEvent:
    app_key = us_app_key(doc.get("applicationNumberText"), "applicationNumberText")
    code = api_text(doc.get("documentCode"))
    downloads = doc.get("downloadOptionBag") or []
    return ApplicationEvent(
        app_key=app_key, event_type="dossier", code=code,
        date=api_date(doc.get("officialDate"), "officialDate"),
        description=api_text(doc.get("documentCodeDescriptionText")) or code or "document",
        details=_compact({
            "document_id": api_text(doc.get("documentIdentifier")),
            "direction": api_text(doc.get("directionCategory")),
            # download URLs are left out: they move with the API host, the document does not
            "formats": [api_text(d.get("mimeTypeIdentifier")) for d in downloads],
            "pages": max((d.get("pageTotalQuantity") or 0 for d in downloads), default=None) or None,
        }),
        provenance=[record_provenance(ctx, position, doc)],
    )


def _compact(details: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in details.items() if v not in (None, "", [], {})}
