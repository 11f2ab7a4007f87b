"""EPO OPS full-text responses (``ftxt:fulltext-documents``): claims and descriptions.

OPS serves text only: a claim set is either one ``claim-text`` per claim or one ``claim-text``
holding all claims as numbered lines (``1. …`` ``2. …``). Claims are numbered from that text,
their dependencies read from the wording ("of claim 1", "nach Anspruch 2", "selon la revendication 3").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from iprhub.errors import ParseError
from iprhub.ingest.formats._docdb import (
    best_id,
    claim_dependencies,
    doc_number,
    doc_type_for,
    document_ids,
    lang_of,
)
from iprhub.ingest.formats._ops import OpsFormat
from iprhub.ingest.formats.base import Item, ReadContext
from iprhub.ingest.xml_stream import descendants, find_all, first, text
from iprhub.model.common import Text, clean_text
from iprhub.model.patent import Claim, ClaimSet, PatentDocument

_NUMBERED = re.compile(r"(?m)^[ \t]*(\d{1,3})[ \t]*[.)][ \t]+")


def _raw(el: etree._Element) -> str:
    return "".join(el.itertext())


def split_claims(texts: list[str]) -> list[Claim]:
    """Claims from OPS ``claim-text`` values.

    >>> [(c.num, c.text, c.depends_on) for c in split_claims(["Claims\\n1. A lamp.\\n2. The lamp of claim 1."])]
    [(1, 'A lamp.', []), (2, 'The lamp of claim 1.', [1])]
    """
    joined = "\n".join(texts)
    cuts: list[tuple[int, int, int]] = []  # (claim number, start of number, start of body)
    for m in _NUMBERED.finditer(joined):
        expected = cuts[-1][0] + 1 if cuts else 1
        if int(m.group(1)) == expected:  # numbered sub-items inside a claim are not claims
            cuts.append((expected, m.start(), m.end()))
    bodies: list[tuple[int, str]]
    if cuts:
        bodies = [(num, joined[body:cuts[k + 1][1] if k + 1 < len(cuts) else len(joined)])
                  for k, (num, _, body) in enumerate(cuts)]
    else:
        bodies = list(enumerate(texts, start=1))
    claims = []
    for num, body in bodies:
        value = clean_text(body)
        if value:
            claims.append(Claim(num=num, text=value, depends_on=claim_dependencies(value, num)))
    return claims


def _document(ftd: etree._Element, ctx: ReadContext, position: str) -> PatentDocument:
    fmt, d = best_id(document_ids(find_all(first(ftd, "bibliographic-data"), "publication-reference")))
    if not d.get("country") or not d.get("doc-number"):
        raise ParseError("full-text document without publication number", field="publication-reference",
                         stage="parse")
    dn = doc_number(d["country"], d["doc-number"], d.get("kind") or None)
    claim_sets: list[ClaimSet] = []
    for block in find_all(ftd, "claims"):
        texts = [_raw(ct) for claim in find_all(block, "claim") for ct in find_all(claim, "claim-text")]
        claims = split_claims(texts)
        if claims:
            claim_sets.append(ClaimSet(lang=lang_of(block.get("lang")), claims=claims))
    descriptions = [Text(lang=lang_of(el.get("lang")), text=text(el, sep=" "))
                    for el in find_all(ftd, "description") if text(el)]
    return PatentDocument(
        pub_number=dn.canonical, country=dn.country, doc_number=dn.number, kind=dn.kind,
        doc_type=doc_type_for(dn.country, dn.kind), claims=claim_sets, descriptions=descriptions,
        provenance=[ctx.provenance(position, etree.tostring(ftd), ftd.get("fulltext-format"))])


class EpoOpsFulltext(OpsFormat):
    name = "epo-ops-fulltext"
    label = "EPO OPS published-data full text: claims and description"
    services = ("fulltext-documents",)

    def records(self, root: etree._Element, ctx: ReadContext) -> Iterator[Item]:
        for i, ftd in enumerate(descendants(root, "fulltext-document"), start=1):
            position = f"record {i} (line {ftd.sourceline})"
            yield from self.guarded(position, _document, ftd, ctx, position)
