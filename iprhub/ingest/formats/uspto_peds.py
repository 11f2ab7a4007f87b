"""USPTO Patent Examination Data System (PEDS) search JSON: prosecution history as events.

``queryResults.searchResponse.response.docs[]`` holds one application each. Every file-wrapper
transaction becomes a ``prosecution`` event (date, code, description) and each application one
``BIB`` event with the bibliographic summary (title, filing date, status, parties, patent and
publication numbers, continuity, foreign priorities, recorded assignments).

The USPTO API conventions the USPTO event readers share (application keys, date spellings, null
markers, per-record error isolation) live in ``_uspto_api``.

>>> us_app_key("14/190,982")
'US14190982'
>>> us_app_key("PCT/US07/03986")
'WO2007US003986'
>>> api_date("10-30-2023", "documentFilingDate").isoformat()
'2023-10-30'
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from iprhub.errors import ParseError
from iprhub.ingest.formats._uspto_api import (
    api_date,
    api_text,
    app_key_or_text,
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
)
from iprhub.ingest.formats._uspto_transfer import reel_frame
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext
from iprhub.model.common import Party, Provenance, clean_text
from iprhub.model.event import ApplicationEvent


class UsptoPeds(Format):
    name = "uspto-peds-json"
    label = "USPTO PEDS search JSON (prosecution history, bibliographic summary)"
    kind = "event"

    def sniff(self, head: Head) -> bool:
        keys = set(head.json_keys)
        return head.is_json and "queryResults" in keys and bool({"searchResponse", "applId"} & keys)

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Item]:
        data = read_json(stream, ctx)
        results = data.get("queryResults") if isinstance(data, dict) else None
        response = ((results or {}).get("searchResponse") or {}).get("response") or {}
        docs = response.get("docs")
        if not isinstance(docs, list):
            raise ParseError("no queryResults.searchResponse.response.docs list in a PEDS response",
                             file=ctx.source, position="file", field="docs", stage="parse")
        for i, doc in enumerate(docs, 1):
            position = f"record {i}"
            yield from guarded(position, lambda doc=doc, position=position: _application(doc, ctx, position))


def _application(doc: dict[str, Any], ctx: ReadContext, position: str) -> list[Item]:
    app_key = us_app_key(doc.get("applId"), "applId")
    prov = record_provenance(ctx, position, doc)
    events: list[Item] = [_bib(doc, app_key, prov)]
    rows = [(api_date(t.get("recordDate"), "transactions/recordDate"), api_text(t.get("code")),
             clean_text(t.get("description"))) for t in doc.get("transactions") or []]
    events.extend(transaction_events(app_key, rows, prov))
    return events


def _bib(doc: dict[str, Any], app_key: str, prov: Provenance) -> ApplicationEvent:
    warnings: list[str] = []
    patent = us_pub_number(doc.get("patentNumber"))
    publication = us_pub_number(doc.get("appEarlyPubNumber"))
    title = api_text(doc.get("patentTitle"))
    filed = api_date(doc.get("appFilingDate"), "appFilingDate")
    parties: list[Party] = []
    for role, key in (("applicant", "applicants"), ("inventor", "inventors")):
        for n, p in enumerate(doc.get(key) or [], 1):
            if role == "inventor":
                name = joined(joined(p.get("nameLineOne"), p.get("nameLineTwo")), p.get("suffix"), sep=" ")
            else:
                name = joined(p.get("nameLineOne"), p.get("nameLineTwo"), sep=" ")
            rank = api_text(p.get("rankNo"))
            made = party(role, name, country=api_text(p.get("country")),
                         address=joined(p.get("city"), p.get("geoCode")),
                         sequence=int(rank) if rank and rank.isdigit() else n)
            if made:
                parties.append(made)
    examiner = party("examiner", api_text(doc.get("appExamName")))
    if examiner:
        parties.append(examiner)
    details: dict[str, Any] = {
        "title": title,
        "filing_date": iso(filed),
        "application_type": api_text(doc.get("appType")),
        "status": api_text(doc.get("appStatus")),
        "status_date": iso(api_date(doc.get("appStatusDate"), "appStatusDate")),
        "entity_status": api_text(doc.get("appEntityStatus")),
        "art_unit": api_text(doc.get("appGrpArtNumber")),
        "us_class": api_text(doc.get("appClsSubCls")),
        "first_inventor_to_file": api_text(doc.get("firstInventorFile")),
        "patent_number": patent,
        "patent_date": iso(api_date(doc.get("patentIssueDate"), "patentIssueDate")),
        "publication_number": publication,
        "publication_date": iso(api_date(doc.get("appEarlyPubDate"), "appEarlyPubDate")),
        "wipo_publication_number": api_text(doc.get("wipoEarlyPubNumber")),
        "wipo_publication_date": iso(api_date(doc.get("wipoEarlyPubDate"), "wipoEarlyPubDate")),
        "pta_days": api_text(doc.get("totalPtoDays")),
        "continuity": _continuity(doc, warnings),
        "foreign_priorities": [
            {"country": api_text(p.get("countryName")), "number": api_text(p.get("applicationNumberText")),
             "date": iso(api_date(p.get("filingDate"), "foreignPriority/filingDate"))}
            for p in doc.get("foreignPriority") or []
        ],
        "assignments": [_assignment_summary(a) for a in doc.get("assignments") or []],
    }
    return ApplicationEvent(
        app_key=app_key, pub_number=patent or publication, event_type="prosecution", date=filed, code="BIB",
        description=f"Application {api_text(doc.get('applId'))}" + (f": {title}" if title else ""),
        parties=parties, details={k: v for k, v in details.items() if v not in (None, [], {})},
        provenance=[prov.model_copy(update={"warnings": warnings})] if warnings else [prov],
    )


def _continuity(doc: dict[str, Any], warnings: list[str]) -> list[dict[str, Any]]:
    out = []
    for relation, key in (("parent", "parentContinuity"), ("child", "childContinuity")):

        def entry(c: dict[str, Any], relation: str = relation, key: str = key) -> dict[str, Any]:
            return {
                "relation": relation,
                "application": app_key_or_text(c.get("claimApplicationNumberText")),
                "description": api_text(c.get("applicationStatusDescription")),
                "filing_date": iso(api_date(c.get("filingDate"), f"{key}/filingDate")),
                "status": api_text(c.get("applicationStatus")),
                "patent_number": us_pub_number(c.get("patentNumberText")),
            }

        out += kept(doc.get(key) or [], entry, warnings, f"{key} entry")
    return out


def _assignment_summary(a: dict[str, Any]) -> dict[str, Any]:
    return {
        "reel_frame": reel_frame(a.get("reelNumber"), a.get("frameNumber")),
        "recorded_date": iso(api_date(a.get("recordedDate"), "assignments/recordedDate")),
        "conveyance": api_text(a.get("converyanceName")),  # sic: the API's spelling
        "assignors": [api_text(x.get("assignorName")) for x in a.get("assignors") or []],
        "assignees": [api_text(x.get("assigneeName")) for x in a.get("assignee") or []],
    }
