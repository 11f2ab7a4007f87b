"""USPTO Patent Assignment Search API XML: recorded ownership transfers as events.

The response is a Solr ``<response>`` with one ``<doc>`` per recorded assignment (reel/frame).
An assignment may cover many applications; each covered application gets its own
``assignment`` event (app_key ``US`` + application number, pub_number the patent, else the
publication, when given). Assignors are parties with role ``other``, assignees role
``assignee``; ``details.assignors`` keeps each assignor's execution date.

Response metadata (QTime, ``lastUpdateDate``, ``transactionDate``, ``_version_``) never enters
an event, so the same assignment read from two responses is stored once.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import zip_longest
from typing import BinaryIO

from lxml import etree

from iprhub.errors import ParseError
from iprhub.ingest.formats._uspto_api import (
    api_date,
    api_text,
    guarded,
    iso,
    joined,
    party,
    us_app_key,
    us_pub_number,
)
from iprhub.ingest.formats._uspto_transfer import assignment_event, country_code, reel_frame
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext
from iprhub.ingest.xml_stream import iter_elements


class UsptoAssignmentXml(Format):
    name = "uspto-assignment-xml"
    label = "USPTO Patent Assignment Search API XML (ownership transfers)"
    kind = "event"

    def sniff(self, head: Head) -> bool:
        return head.root == "response" and any(
            marker in head.data for marker in (b'name="reelNo"', b'name="conveyanceText"', b"patAssignorEarliestExDate"))

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Item]:
        for n, doc in enumerate(iter_elements(stream, ["doc"], file=ctx.source), 1):
            position = f"doc {n} (line {doc.sourceline})"
            yield from guarded(position, lambda doc=doc, position=position: _assignment(doc, ctx, position))


def _assignment(doc: etree._Element, ctx: ReadContext, position: str) -> list[Item]:
    fields = {el.get("name"): el for el in doc if isinstance(el.tag, str)}

    def one(name: str) -> str | None:
        el = fields.get(name)
        return api_text(el.text) if el is not None else None

    def many(name: str) -> list[str | None]:
        el = fields.get(name)
        if el is None:
            return []
        return [api_text(x.text) for x in el] if etree.QName(el).localname == "arr" else [api_text(el.text)]

    apps = many("applNum")
    if not any(apps):
        raise ParseError("assignment record lists no application number", field="applNum")
    prov = ctx.provenance(position, etree.tostring(doc), one("dtdVersion"))
    assignors = [(name, api_date(date, "patAssignorExDate"))
                 for name, date in zip_longest(many("patAssignorName"), many("patAssignorExDate")) if name]
    assignees = []
    rows = zip_longest(many("patAssigneeName"), many("patAssigneeAddress1"), many("patAssigneeAddress2"),
                       many("patAssigneeCity"), many("patAssigneeState"), many("patAssigneePostcode"),
                       many("patAssigneeCountryName"))
    for n, (name, addr1, addr2, city, state, postcode, country) in enumerate(rows, 1):
        p = party("assignee", name, country=country_code(country), sequence=n,
                  address=joined(addr1, addr2, city, state, postcode, country))
        if p:
            assignees.append(p)
    common = {
        "pages": int(pages) if (pages := one("pageCount")) and pages.isdigit() else None,
        "correspondent": one("corrName"),
        "attorney_docket": one("attorneyDockNum"),
    }
    recorded = api_date(one("recordedDate"), "recordedDate")
    conveyance = one("conveyanceText") or ""
    frame = reel_frame(one("reelNo"), one("frameNo"))
    events: list[Item] = []
    covered = zip_longest(apps, many("patNum"), many("issueDate"), many("publNum"), many("publDate"),
                          many("filingDate"), many("inventionTitle"), many("pctNum"))
    for app, patent, issued, pub, published, filed, title, pct in covered:
        if not app:
            continue
        patent_number = us_pub_number(patent)
        pub_number = us_pub_number(pub)
        extra = {
            **common,
            "title": title,
            "filing_date": iso(api_date(filed, "filingDate")),
            "patent_number": patent_number,
            "patent_date": iso(api_date(issued, "issueDate")),
            "publication_number": pub_number,
            "publication_date": iso(api_date(published, "publDate")),
            "pct_number": pct,
        }
        events.append(assignment_event(
            app_key=us_app_key(app, "applNum"), pub_number=patent_number or pub_number, recorded=recorded,
            conveyance=conveyance, reel_frame=frame, assignors=assignors, assignees=assignees,
            provenance=prov, extra=extra,
        ))
    return events
