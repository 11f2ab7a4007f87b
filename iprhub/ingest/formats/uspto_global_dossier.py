"""USPTO Global Dossier API JSON as ``dossier`` events.

Two responses are read:

* the family of an application (``corrAppNum`` + ``list``): one event per member application,
  attached to that member (``JP2017187096``, ``US16123456``…), dated by its filing date, with its
  publications (the latest as pub_number), its priority claims and the application whose
  dossier listed it;
* the document list of one office's file (``country`` + ``docNumber`` + ``docs``): one event
  per document (date, office document code, description), office actions flagged from
  ``officeActionDocs``, plus a ``BIB`` event with the title and applicants as listed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from iprhub.errors import ParseError
from iprhub.ingest.formats._uspto_api import (
    api_date,
    api_text,
    guarded,
    iso,
    party,
    read_json,
    record_provenance,
    us_app_key,
)
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext
from iprhub.model.common import Provenance
from iprhub.model.event import ApplicationEvent
from iprhub.model.numbers import normalize_doc_number


def app_key(country: str | None, number: str | None, field: str) -> str:
    """Office + application number without punctuation (a US number as ``us_app_key``)."""
    cc = (country or "").strip().upper()
    raw = re.sub(r"\.[A-Z]\d?$", "", (number or "").strip().upper())  # "2017187096.A": kind suffix
    if cc == "US":
        return us_app_key(raw, field)
    digits = re.sub(r"[\s,./\-]", "", raw)
    if not re.fullmatch(r"[A-Z]{2}", cc) or not digits:
        raise ParseError(f"no application number in {country!r} {number!r}", field=field, stage="parse")
    return cc + digits.removeprefix(cc)


class UsptoGlobalDossierJson(Format):
    name = "uspto-global-dossier-json"
    label = "USPTO Global Dossier API JSON (family list, office document list)"
    kind = "event"

    def sniff(self, head: Head) -> bool:
        keys = set(head.json_keys)
        return head.is_json and (
            {"corrAppNum", "list"} <= keys or {"docs", "docNumber", "docCode", "legalDate"} <= keys)

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Item]:
        data = read_json(stream, ctx)
        if not isinstance(data, dict):
            raise ParseError("a Global Dossier response is a JSON object", file=ctx.source, position="file",
                             stage="parse")
        prov = record_provenance(ctx, "record 1", data)
        if "list" in data:
            for i, member in enumerate(data.get("list") or [], 1):
                position = f"record 1, member {i}"
                yield from guarded(position, lambda m=member: [_family_member(m, data, prov)])
        elif "docs" in data:
            yield from guarded("record 1", lambda: _documents(data, prov))
        else:
            raise ParseError("neither a family list nor a document list", file=ctx.source, position="file",
                             field="list", stage="parse")


def _family_member(member: dict[str, Any], data: dict[str, Any], prov: Provenance) -> ApplicationEvent:
    cc = api_text(member.get("countryCode")) or api_text((member.get("docNum") or {}).get("country"))
    number = api_text(member.get("appNum"))
    key = app_key(cc, number, "appNum")
    pubs = []
    for p in member.get("pubList") or []:
        pub_cc, pub_num = api_text(p.get("pubCountry")) or cc, api_text(p.get("pubNum"))
        if pub_cc and pub_num:
            pubs.append({
                "number": normalize_doc_number(pub_cc, pub_num, api_text(p.get("kindCode"))).canonical,
                "date": iso(api_date(p.get("pubDateStr") or p.get("pubDate"), "pubList/pubDate")),
            })
    pubs.sort(key=lambda p: p["date"] or "")
    owner = us_app_key(data.get("corrAppNum"), "corrAppNum") if api_text(data.get("corrAppNum")) else None
    return ApplicationEvent(
        app_key=key, pub_number=pubs[-1]["number"] if pubs else None, event_type="dossier", code="FAMILY",
        date=api_date(member.get("appDateStr") or member.get("appDate"), "appDate"),
        description=f"{cc} application {number} in the family of {owner or 'the requested application'}",
        details={k: v for k, v in {
            "dossier_of": owner,
            "publications": pubs,
            "priority_claims": [
                f"{api_text(c.get('country'))}{api_text(c.get('docNumber'))}"
                for c in member.get("priorityClaimList") or [] if api_text(c.get("docNumber"))
            ],
            "ip5": member.get("ip5"),
        }.items() if v not in (None, [], {})},
        provenance=[prov],
    )


def _documents(data: dict[str, Any], prov: Provenance) -> list[Item]:
    key = app_key(api_text(data.get("country")), api_text(data.get("docNumber")), "docNumber")
    actions = {api_text(d.get("docId")) for d in data.get("officeActionDocs") or []}
    docs = list(data.get("docs") or [])
    # an office action missing from the main list still belongs to the file
    docs += [d for d in data.get("officeActionDocs") or [] if api_text(d.get("docId")) not in
             {api_text(x.get("docId")) for x in docs}]
    # names come HTML-escaped once more than the JSON needs ("NAKAJIMA &amp; KATO")
    applicants = [html.unescape(a).strip(" ,") for a in (api_text(x) for x in data.get("applicantNames") or []) if a]
    title = api_text(data.get("title"))
    items: list[Item] = [ApplicationEvent(
        app_key=key, event_type="dossier", code="BIB",
        description=f"Global Dossier file {key}" + (f": {title}" if title else ""),
        parties=[p for n, a in enumerate(applicants, 1) if (p := party("applicant", a, sequence=n))],
        details={k: v for k, v in {"title": title,
                                   "office_actions": data.get("oaIndCount")}.items() if v is not None},
        provenance=[prov],
    )]
    for d in docs:
        code = api_text(d.get("docCode"))
        items.append(ApplicationEvent(
            app_key=key, event_type="dossier", code=code,
            date=api_date(d.get("legalDateStr") or d.get("legalDate"), "legalDate"),
            description=api_text(d.get("docDesc")) or code or "document",
            details={k: v for k, v in {
                "document_id": api_text(d.get("docId")),
                "group": api_text(d.get("docCodeDesc")),
                "office_action": api_text(d.get("docId")) in actions or None,
                "format": api_text(d.get("docFormat")),
                "pages": d.get("numberOfPages") or None,
            }.items() if v is not None},
            provenance=[prov],
        ))
    return items
