"""USPTO IFW XML4IP: claims, specification and abstract documents from application file
wrappers (``ClaimsDocument`` / ``SpecificationDocument`` in ``urn:us:gov:doc:uspto:patent``).

They are filings of an application (as filed or amended), not publications, so each becomes a
dossier event: ``code`` CLM / SPEC / ABST, the mail-room date, the text, and for claims the
numbered claims with status and dependencies. OCR page furniture (``BoundaryData`` headers and
footers, ``LineNumber``) is left out of the text.
"""

from __future__ import annotations

import re
from copy import deepcopy

from lxml import etree

from iprhub.errors import ParseError
from iprhub.ingest.formats._uspto_text import claim_references
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext
from iprhub.ingest.xml_stream import RawDoc, descendants, find_all, first, local, parse_xml, text
from iprhub.model.common import clean_text, parse_date
from iprhub.model.event import ApplicationEvent

NAMESPACE = "urn:us:gov:doc:uspto:patent"
_ROOTS = ("ClaimsDocument", "SpecificationDocument")
_NOISE = frozenset({"BoundaryData", "LineNumber", "ClaimLabelText"})
_DESCRIPTION = {"CLM": "claims", "SPEC": "specification", "ABST": "abstract"}


def _clean(el: etree._Element | None) -> str:
    """Text without page furniture: noise elements are dropped from a copy of ``el``."""
    if el is None:
        return ""
    copy = deepcopy(el)
    for noise in [n for n in copy.iter() if isinstance(n.tag, str) and local(n) in _NOISE]:
        parent = noise.getparent()
        if parent is None:
            continue
        tail = noise.tail or ""
        prev = noise.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + " " + tail
        else:
            parent.text = (parent.text or "") + " " + tail
        parent.remove(noise)
    for block in copy.iter():
        if isinstance(block.tag, str) and local(block) in ("P", "Heading", "ClaimText") and block is not copy:
            block.tail = " " + (block.tail or "")
    return text(copy)


def _claims(root: etree._Element) -> list[dict]:
    claim_els = descendants(root, "Claim")
    ids: dict[str, int] = {}
    for el in claim_els:
        num = text(first(el, "ClaimNumber"))
        if num.isdigit() and el.get(f"{{{NAMESPACE}}}id"):
            ids[el.get(f"{{{NAMESPACE}}}id")] = int(num)
    out: list[dict] = []
    for el in claim_els:
        ident = el.get(f"{{{NAMESPACE}}}id") or ""
        num_text = text(first(el, "ClaimNumber"))
        body = clean_text(" ".join(_clean(t) for t in find_all(el, "ClaimText")))
        if not num_text.isdigit() or not body or ident.startswith("UNKNOWN"):
            continue  # page headers and "IN THE CLAIMS" preambles come as pseudo-claims
        num = int(num_text)
        deps: list[int] = []
        for ref in descendants(el, "ClaimReference"):
            for idref in (ref.get(f"{{{NAMESPACE}}}idrefs") or "").split():
                target = ids.get(idref)
                if target is not None and target != num and target not in deps:
                    deps.append(target)
        if not deps and not descendants(el, "ClaimReference"):
            deps = claim_references(body, num)
        out.append({
            "num": num, "text": body, "depends_on": deps,
            "status": text(first(el, "ClaimStatusCategory")) or None,
            "type": (text(first(el, "ClaimTypeCategory")) or "").lower() or None,
        })
    return out


class UsptoIfw(Format):
    name = "uspto-ifw"
    label = "USPTO IFW XML4IP file-wrapper documents (claims, specification, abstract)"
    kind = "event"
    priority = 20
    parallel = True

    def sniff(self, head: Head) -> bool:
        return head.root in _ROOTS and head.namespace == NAMESPACE

    def parse_doc(self, raw: RawDoc, ctx: ReadContext) -> list[Item]:
        root = parse_xml(raw.data, file=ctx.source, position=raw.position)
        if local(root) not in _ROOTS:
            raise ParseError(f"unexpected root element <{local(root)}> in an IFW XML4IP file", field="root")
        app = re.sub(r"\D", "", text(first(root, "DocumentHeaderDetails/ApplicationHeaderDetails/ApplicationNumber")))
        if not app:
            raise ParseError("missing ApplicationNumber", field="ApplicationNumber")
        code = text(first(root, "DocumentCode")) or ("CLM" if local(root) == "ClaimsDocument" else "SPEC")
        details: dict = {"document_id": root.get(f"{{{NAMESPACE}}}id")}
        pages = text(first(root, "DocumentHeaderDetails/PageTotalQuantity"))
        if pages.isdigit():
            details["pages"] = int(pages)
        if local(root) == "ClaimsDocument":
            claims = _claims(root)
            details["claims"] = claims
            details["text"] = " ".join(f"{c['num']}. {c['text']}" for c in claims)
            complete = root.get(f"{{{NAMESPACE}}}completeClaimsProvidedIndicator")
            if complete:
                details["complete"] = complete == "true"
        else:
            details["text"] = clean_text(_clean(first(root, "Specification")))
        event = ApplicationEvent(
            app_key=f"US{app}", event_type="dossier", code=code,
            date=parse_date(text(first(root, "MailRoomDate")), "MailRoomDate"),
            description=f"{_DESCRIPTION.get(code, code.lower())} (image file wrapper document)",
            details=details,
            provenance=[ctx.provenance(raw.position, raw.data, _schema_version(root))],
        )
        return [event]


def _schema_version(root: etree._Element) -> str | None:
    loc = root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation") or ""
    m = re.search(r"/(V\d+_\d+)/", loc)
    return m.group(1) if m else None
