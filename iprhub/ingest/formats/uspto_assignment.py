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

import datetime as dt
import re
from collections.abc import Iterator
from itertools import zip_longest
from typing import Any, BinaryIO

from lxml import etree

from iprhub.errors import ParseError
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext
from iprhub.ingest.formats.uspto_peds import (
    api_date,
    api_text,
    guarded,
    iso,
    joined,
    party,
    us_app_key,
    us_pub_number,
)
from iprhub.ingest.xml_stream import iter_elements
from iprhub.model.common import Party, Provenance, clean_text
from iprhub.model.event import ApplicationEvent

# conveyance texts -> short type, most specific first
_CONVEYANCE_TYPES = (
    ("CORRECTIVE", "CORRECTIVE ASSIGNMENT"),
    ("NUNC PRO TUNC", "NUNC PRO TUNC ASSIGNMENT"),
    ("RELEASE", "RELEASE OF SECURITY INTEREST"),
    ("SECURITY", "SECURITY INTEREST"),
    ("MERGER", "MERGER"),
    ("CHANGE OF NAME", "CHANGE OF NAME"),
    ("LICENSE", "LICENSE"),
    ("GOVERNMENT INTEREST", "GOVERNMENT INTEREST"),
    ("EMPLOYEE", "EMPLOYER ASSIGNMENT"),
    ("ASSIGNMENT", "ASSIGNMENT"),
)

# assignee country names as the assignment database spells them -> ST.3
_COUNTRY_BY_NAME = {
    "AUSTRALIA": "AU", "AUSTRIA": "AT", "BELGIUM": "BE", "BERMUDA": "BM", "BRAZIL": "BR",
    "CANADA": "CA", "CAYMAN ISLANDS": "KY", "CHINA": "CN", "CZECH REPUBLIC": "CZ", "DENMARK": "DK",
    "FINLAND": "FI", "FRANCE": "FR", "GERMANY": "DE", "GREECE": "GR", "HONG KONG": "HK",
    "HUNGARY": "HU", "INDIA": "IN", "IRELAND": "IE", "ISRAEL": "IL", "ITALY": "IT", "JAPAN": "JP",
    "KOREA, REPUBLIC OF": "KR", "REPUBLIC OF KOREA": "KR", "KOREA": "KR", "LIECHTENSTEIN": "LI",
    "LUXEMBOURG": "LU", "MALAYSIA": "MY", "MEXICO": "MX", "NETHERLANDS": "NL", "NEW ZEALAND": "NZ",
    "NORWAY": "NO", "POLAND": "PL", "PORTUGAL": "PT", "RUSSIAN FEDERATION": "RU", "SAUDI ARABIA": "SA",
    "SINGAPORE": "SG", "SOUTH AFRICA": "ZA", "SPAIN": "ES", "SWEDEN": "SE", "SWITZERLAND": "CH",
    "TAIWAN": "TW", "THAILAND": "TH", "TURKEY": "TR", "UNITED ARAB EMIRATES": "AE",
    "UNITED KINGDOM": "GB", "UNITED STATES": "US", "VIRGIN ISLANDS, BRITISH": "VG",
}


def conveyance_type(text: str) -> str:
    """Short conveyance type of a conveyance text.

    >>> conveyance_type("ASSIGNMENT OF ASSIGNORS INTEREST (SEE DOCUMENT FOR DETAILS).")
    'ASSIGNMENT'
    >>> conveyance_type("TERMINATION AND RELEASE OF PATENT SECURITY AGREEMENT RECORDED AT REEL 048818/FRAME 0520")
    'RELEASE OF SECURITY INTEREST'
    """
    upper = text.upper()
    for needle, code in _CONVEYANCE_TYPES:
        if needle in upper:
            return code
    return re.sub(r"\s*\(SEE DOCUMENT FOR DETAILS\)\.?", "", upper).strip(" .")[:64] or "OTHER"


def country_code(name: str | None) -> str | None:
    return _COUNTRY_BY_NAME.get((name or "").strip().upper())


def reel_frame(reel: Any, frame: Any) -> str | None:
    r, f = api_text(reel), api_text(frame)
    if not (r and f and r.isdigit() and f.isdigit()):
        return None
    return f"{int(r):06d}/{int(f):04d}"


def assignment_event(*, app_key: str, pub_number: str | None, recorded: dt.date | None, conveyance: str,
                     reel_frame: str | None, assignors: list[tuple[str | None, dt.date | None]],
                     assignees: list[Party], provenance: Provenance,
                     extra: dict[str, Any] | None = None) -> ApplicationEvent:
    """One ``assignment`` event, shaped the same whichever USPTO API it comes from."""
    parties = [p for n, (name, _) in enumerate(assignors, 1) if (p := party("other", name, sequence=n))]
    parties += assignees
    executed = [d for _, d in assignors if d]
    details: dict[str, Any] = {
        "reel_frame": reel_frame,
        "assignors": [{"name": clean_text(name), "execution_date": iso(d)} for name, d in assignors if name],
        "assignees": [p.name for p in assignees],
        **(extra or {}),
    }
    text = clean_text(conveyance)
    return ApplicationEvent(
        app_key=app_key, pub_number=pub_number, event_type="assignment",
        date=recorded or (min(executed) if executed else None),
        code=conveyance_type(text) if text else None, description=text or "assignment recorded",
        parties=parties, details={k: v for k, v in details.items() if v not in (None, [], {})},
        provenance=[provenance],
    )


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
