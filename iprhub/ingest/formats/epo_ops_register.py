"""EPO OPS European Patent Register responses (``ops:register-search`` / ``reg:register-documents``).

A register document describes one European application. Its bibliographic data keeps history
(older versions of parties, titles, classes follow the current one, each with a change date); the
current — first — version is taken. Records yielded:

* a PatentDocument per EP publication of the application (A1, B1 …) with the register's
  bibliography (parties, titles, IPC, designated states, priorities, search-report citations);
  the PCT application and publication of a Euro-PCT case become related documents. A Euro-PCT
  case without an EP publication yet yields its WO publication instead (no ``app_number``: the
  EP application is a related ``regional-phase-application``). Register search hits name
  publications without kind code; such records keep a kind-less ``pub_number``;
* ApplicationEvents: status changes and dossier events (``legal``), procedural steps
  (``prosecution``), keyed ``app_key`` = ``EP`` + application number. Events and procedural-steps
  responses do not repeat the application number; their events are then keyed by the queried
  publication (``EP2400812``), which is also set as ``pub_number``, and statuses (repeated in
  every register response) are taken only from responses that name the application.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from iprhub.errors import ParseError
from iprhub.ingest.formats._docdb import (
    app_number,
    categories_of,
    cited_by_of,
    doc_number,
    doc_type_for,
    lang_of,
    phase_code,
)
from iprhub.ingest.formats._ops import OpsFormat
from iprhub.ingest.formats.base import Item, ReadContext
from iprhub.ingest.xml_stream import descendants, find_all, first, text
from iprhub.model.classification import Classification, normalize_ipc
from iprhub.model.common import Party, Text, normalize_name, parse_date, partial_date
from iprhub.model.event import ApplicationEvent
from iprhub.model.patent import NplCitation, PatentCitation, PatentDocument, Priority, RelatedDocument

_ROLES = (("applicants", "applicant", "applicant"), ("inventors", "inventor", "inventor"),
          ("agents", "agent", "agent"))


def _did(el: etree._Element | None) -> dict[str, str]:
    d = first(el, "document-id") if el is not None else None
    d = d if d is not None else el
    return {k: text(first(d, k)) for k in ("country", "doc-number", "kind", "date")} if d is not None else {}


def _parties(bib: etree._Element) -> list[Party]:
    out: list[Party] = []
    for group, item, role in _ROLES:
        current = first(bib, f"parties/{group}")  # the first group is the current version
        for n, el in enumerate(find_all(current, item), start=1):
            book = first(el, "addressbook")
            name = text(first(book, "name"))
            if not name:
                continue
            country = text(first(book, "address/country")) or text(first(el, "residence/country")) or None
            lines = [text(a) for a in find_all(book, "address/*") if not a.tag.endswith("country") and text(a)]
            seq = el.get("sequence", "")
            out.append(Party(role=role, name=name, normalized_name=normalize_name(name),
                             country=country.upper()[:2] if country else None,
                             address=", ".join(lines) or None, sequence=int(seq) if seq.isdigit() else n))
    return out


def _classifications(bib: etree._Element) -> list[Classification]:
    out: list[Classification] = []
    current = first(bib, "classifications-ipcr")
    for el in find_all(current, "classification-ipcr"):
        # "H04W84/20,  // H04W88/04": main symbol, further ones after commas / "//"
        for j, part in enumerate(p for p in re.split(r"[,;]|//", text(first(el, "text"))) if p.strip()):
            symbol = normalize_ipc(part)
            if symbol and all(c.symbol != symbol for c in out):
                out.append(Classification(scheme="IPC", symbol=symbol, first=not out and j == 0))
    return out


def _titles(bib: etree._Element) -> list[Text]:
    out: list[Text] = []
    for el in find_all(bib, "invention-title"):
        lg = lang_of(el.get("lang"))
        if text(el) and all(t.lang != lg for t in out):
            out.append(Text(lang=lg, text=text(el)))
    return out


def _priorities(bib: etree._Element) -> list[Priority]:
    out = []
    for el in find_all(first(bib, "priority-claims"), "priority-claim"):
        d = _did(el)
        if d.get("doc-number"):
            out.append(Priority(country=(d.get("country") or "XX").upper()[:2], number=d["doc-number"],
                                date=parse_date(d.get("date"), "priority-claim/date"), kind=el.get("kind")))
    return out


def _citations(bib: etree._Element, office: str) -> tuple[list[PatentCitation], list[NplCitation]]:
    pats: list[PatentCitation] = []
    npls: list[NplCitation] = []
    for cit in find_all(bib, "references-cited/citation"):
        phase = phase_code(cit.get("cited-phase"))
        by = cited_by_of(cit.get("cited-by"), phase)
        cats = categories_of([text(c) for c in find_all(cit, "category")])
        patcit = first(cit, "patcit")
        if patcit is not None:
            d = _did(patcit)
            if not d.get("doc-number") or not d.get("country"):
                continue
            dn = doc_number(d["country"], d["doc-number"], d.get("kind") or None)
            pats.append(PatentCitation(number=dn.without_kind, country=dn.country, doc_number=dn.number,
                                       kind=dn.kind, date=partial_date(d.get("date")), categories=cats,
                                       cited_by=by, phase=phase, office=(cit.get("office") or office).upper()))
        nplcit = first(cit, "nplcit")
        if nplcit is not None and text(nplcit):
            npls.append(NplCitation(text=text(first(nplcit, "text")) or text(nplcit, sep=" "), categories=cats,
                                    cited_by=by, phase=phase))
    return pats, npls


def _pct_application(number: str) -> str:
    """``WO2014EP01597`` -> ``EP2014001597`` (PCT/EP2014/001597 without punctuation)."""
    m = re.fullmatch(r"(?:WO)?((?:19|20)\d\d)([A-Z]{2})(\d+)", number.replace("/", ""))
    return f"{m.group(2)}{m.group(1)}{m.group(3).zfill(6)}" if m else number


def _query_publication(root: etree._Element) -> str | None:
    m = re.search(r"publication\s*=\s*([A-Z]{2}\d+)", text(first(first(root, "register-search"), "query")))
    return m.group(1) if m else None


def _events(rd: etree._Element, app_key: str, pub: str | None, with_status: bool,
            ctx: ReadContext, position: str) -> list[ApplicationEvent]:
    out: list[ApplicationEvent] = []

    def event(el: etree._Element, **fields: object) -> None:
        out.append(ApplicationEvent(app_key=app_key, pub_number=pub,
                                    provenance=[ctx.provenance(position, etree.tostring(el))], **fields))

    if with_status:
        for el in find_all(rd, "ep-patent-statuses/ep-patent-status"):
            if not (el.get("status-code") or text(el)):
                continue  # search results carry an empty status placeholder
            event(el, event_type="legal", date=parse_date(el.get("change-date"), "ep-patent-status"),
                  code=el.get("status-code"), description=text(el) or "status change",
                  details={"source": "ep-patent-status"})
    for el in find_all(rd, "events-data/dossier-event"):
        gazette = text(first(el, "gazette-reference/gazette-num"))
        event(el, event_type="legal", date=parse_date(text(first(el, "event-date/date")), "event-date"),
              code=text(first(el, "event-code")) or None,
              description=text(first(el, "event-text")) or "dossier event",
              details={k: v for k, v in (("gazette", gazette), ("id", el.get("id"))) if v})
    for el in find_all(rd, "procedural-data/procedural-step"):
        texts = {t.get("step-text-type") or "TEXT": text(t) for t in find_all(el, "procedural-step-text")}
        dates = {d.get("step-date-type") or "DATE": text(first(d, "date"))
                 for d in find_all(el, "procedural-step-date")}
        first_date = next((v for v in dates.values() if v), None)
        details: dict[str, object] = {k.lower(): v for k, v in texts.items() if k != "STEP_DESCRIPTION" and v}
        details.update({f"date:{k.lower()}": v for k, v in dates.items() if v})
        if el.get("procedure-step-phase") not in (None, "undefined"):
            details["phase"] = el.get("procedure-step-phase")
        limit = first(el, "time-limit")
        if text(limit):
            details["time_limit"] = f"{text(limit)} {limit.get('time-limit-unit', '')}".strip()
        states = [text(c) for c in find_all(el, "procedural-step-affected-states/country") if text(c)]
        if states:
            details["states"] = states
        event(el, event_type="prosecution", date=parse_date(first_date, "procedural-step-date"),
              code=text(first(el, "procedural-step-code")) or None,
              description=texts.get("STEP_DESCRIPTION") or texts.get("TEXT") or "procedural step",
              details=details)
    return out


def _register_document(rd: etree._Element, query_pub: str | None, ctx: ReadContext,
                       position: str) -> list[PatentDocument | ApplicationEvent]:
    bib = first(rd, "bibliographic-data")
    data = etree.tostring(rd)
    app_refs = [_did(a) for a in find_all(bib, "application-reference")]
    ep_app = next((a for a in app_refs if a.get("country") == "EP" and a.get("doc-number")), None)
    pubs = [(first(p, "document-id").get("lang") if first(p, "document-id") is not None else None, _did(p))
            for p in find_all(bib, "publication-reference")]
    pubs = [(lg, d) for lg, d in pubs if d.get("doc-number")]
    ep_pubs = [(lg, d) for lg, d in pubs if d.get("country") == "EP"]
    kindless = f"EP{doc_number('EP', ep_pubs[0][1]['doc-number']).number}" if ep_pubs else query_pub
    app_key = app_number("EP", ep_app["doc-number"]) if ep_app else kindless
    if not app_key:
        raise ParseError("register document names neither application nor publication",
                         field="application-reference", stage="parse")
    records: list[PatentDocument | ApplicationEvent] = []
    if bib is not None and pubs:
        related = [RelatedDocument(relation="pct-application", number=_pct_application(a["doc-number"]))
                   for a in app_refs if a.get("country") == "WO" and a.get("doc-number")]
        if ep_pubs:
            own = ep_pubs
            related += [RelatedDocument(relation="pct-publication",
                                        number=doc_number("WO", d["doc-number"]).without_kind,
                                        date=parse_date(d.get("date"), "publication-reference/date"))
                        for _, d in pubs if d.get("country") == "WO"]
        else:
            # a Euro-PCT case the EPO has not republished: the register's publication is the WO one
            own = pubs
            if ep_app:
                related.append(RelatedDocument(relation="regional-phase-application", number=app_key))
        pats, npls = _citations(bib, "EP")
        states = first(bib, "designation-of-states")
        common = {
            "app_number": app_key if ep_app and ep_pubs else None,
            "app_date": parse_date(ep_app.get("date"), "application-reference/date") if ep_app and ep_pubs
            else None,
            "priorities": _priorities(bib), "parties": _parties(bib), "titles": _titles(bib),
            "classifications": _classifications(bib), "citations": pats, "npl_citations": npls,
            "related": related,
            "designated_states": list(dict.fromkeys(
                text(c) for c in find_all(states, "designation-pct/regional/country") if text(c))),
        }
        seen: set[str] = set()
        for lang, d in own:
            dn = doc_number(d["country"], d["doc-number"], d.get("kind") or None)
            if dn.canonical in seen or not re.fullmatch(r"[A-Z]{2}", dn.country):
                continue
            seen.add(dn.canonical)
            records.append(PatentDocument(
                pub_number=dn.canonical, country=dn.country, doc_number=dn.number, kind=dn.kind,
                doc_type=doc_type_for(dn.country, dn.kind),
                pub_date=parse_date(d.get("date"), "publication-reference/date"), lang=lang_of(lang),
                provenance=[ctx.provenance(position, data, rd.get("dtd-version"))], **common))
    records.extend(_events(rd, app_key, kindless, ep_app is not None, ctx, position))
    return records


class EpoOpsRegister(OpsFormat):
    name = "epo-ops-register"
    label = "EPO OPS European Patent Register: biblio, events, procedural steps, unitary patent, search"
    services = ("register-search", "register-documents")

    def records(self, root: etree._Element, ctx: ReadContext) -> Iterator[Item]:
        query_pub = _query_publication(root)
        for i, rd in enumerate(descendants(root, "register-document"), start=1):
            position = f"record {i} (line {rd.sourceline})"
            yield from self.guarded(position, _register_document, rd, query_pub, ctx, position)
