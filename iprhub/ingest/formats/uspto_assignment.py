"""USPTO Patent Assignment Search API XML: recorded ownership transfers as events.

The response is a Solr ``<response>`` with one ``<doc>`` per recorded assignment (reel/frame).
An assignment may cover many applications; each covered application gets its own
``assignment`` event (app_key ``US`` + application number, pub_number the patent, else the
publication, when given) whose ``transfer`` (:class:`~iprhub.model.event.OwnershipTransfer`) holds
the conveyance, its type, the assignors with their execution dates, the assignees with their
addresses and the covered application's numbers, title and dates. Assignors are also the
event's parties with role ``other``, assignees with role ``assignee``.

Response metadata (QTime, ``lastUpdateDate``, ``transactionDate``, ``_version_``) never enters
an event, so the same assignment read from two responses is stored once.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import zip_longest
from typing import Any, BinaryIO

from lxml import etree

from iprhub.errors import ParseError
from iprhub.ingest.formats._uspto_api import (
    api_date,
    api_text,
    country_code,
    guarded,
    joined,
    party,
    us_app_key,
    us_pub_number,
)
from iprhub.ingest.formats._uspto_transfer import assignment_event, assignor, reel_frame, transfer_of
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext
from iprhub.ingest.xml_stream import iter_elements
from iprhub.model.event import TransferredProperty


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
    names_dates = [(name, date) for name, date in zip_longest(many("patAssignorName"), many("patAssignorExDate"))
                   if name]
    assignors = [a for n, (name, date) in enumerate(names_dates, 1)
                 if (a := assignor(name, api_date(date, "patAssignorExDate"), n))]
    assignees = []
    rows = zip_longest(many("patAssigneeName"), many("patAssigneeAddress1"), many("patAssigneeAddress2"),
                       many("patAssigneeCity"), many("patAssigneeState"), many("patAssigneePostcode"),
                       many("patAssigneeCountryName"))
    for n, (name, addr1, addr2, city, state, postcode, country) in enumerate(rows, 1):
        p = party("assignee", name, country=country_code(country), sequence=n,
                  address=joined(addr1, addr2, city, state, postcode, country))
        if p:
            assignees.append(p)
    common: dict[str, Any] = {
        "conveyance": one("conveyanceText"), "assignors": assignors, "assignees": assignees,
        "recorded_date": api_date(one("recordedDate"), "recordedDate"),
        "reel_frame": reel_frame(one("reelNo"), one("frameNo")),
        "correspondent": one("corrName"), "attorney_docket": one("attorneyDockNum"),
        "pages": int(pages) if (pages := one("pageCount")) and pages.isdigit() else None,
    }
    events: list[Item] = []
    covered = zip_longest(apps, many("patNum"), many("issueDate"), many("publNum"), many("publDate"),
                          many("filingDate"), many("inventionTitle"), many("pctNum"))
    for app, patent, issued, pub, published, filed, title, pct in covered:
        if not app:
            continue
        app_key = us_app_key(app, "applNum")
        covers = TransferredProperty(
            app_key=app_key, pub_number=us_pub_number(pub), patent_number=us_pub_number(patent), title=title,
            filing_date=api_date(filed, "filingDate"), publication_date=api_date(published, "publDate"),
            patent_date=api_date(issued, "issueDate"), pct_number=pct,
        )
        events.append(assignment_event(
            app_key=app_key, pub_number=covers.patent_number or covers.pub_number,
            transfer=transfer_of(properties=[covers], **common), provenance=prov,
        ))
    return events
