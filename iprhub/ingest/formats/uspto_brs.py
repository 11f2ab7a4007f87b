"""USPTO BRS tagged-text export (EAST/WEST "css_brs" records).

Each record is a tab-separated summary line (number, kind, date, application, size), the
title, the line ``*** BRS DOCUMENT BOUNDARY ***`` and then ``TAG value`` lines continued on
blank-indented lines. Repeating groups (references, parties, classifications) start with
their first tag: ``URPN`` US reference, ``FRCO`` foreign reference, ``AANM`` applicant,
``INNM`` inventor, ``ASNM`` assignee, ``PRCO`` priority.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from iprhub.errors import ParseError
from iprhub.ingest.formats._uspto_text import (
    cited_by,
    continuity_documents,
    cpc_group,
    decode_text,
    ipc_group,
    na,
    person_name,
    text_claims,
    us_doc_type,
    without_cited_by,
)
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext
from iprhub.ingest.xml_stream import RawDoc
from iprhub.model.classification import Classification
from iprhub.model.common import Party, Text, clean_text, normalize_name, parse_date, partial_date
from iprhub.model.numbers import normalize_doc_number
from iprhub.model.patent import (
    ClaimSet,
    NplCitation,
    PatentCitation,
    PatentDocument,
    Priority,
    RelatedDocument,
)

BOUNDARY = b"*** BRS DOCUMENT BOUNDARY ***"
_FIELD_RE = re.compile(r"^([A-Z][A-Z0-9]{2,3}) +(.*)$")
_DESCRIPTION = {"GOTX", "CRTX", "BSTX", "DRTX", "DETX"}
_SUMMARY_RE = re.compile(rb"^\S+\t")


def brs_fields(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    started = False
    for line in text.splitlines():
        if line.strip() == BOUNDARY.decode():
            started = True
            continue
        if not started or not line.strip():
            continue
        if line[:1] in (" ", "\t") and out:
            tag, value = out[-1]
            out[-1] = (tag, f"{value} {line.strip()}")
            continue
        m = _FIELD_RE.match(line)
        if m:
            out.append((m.group(1), m.group(2).strip()))
    return out


def groups(fields: list[tuple[str, str]], start: str, members: set[str]) -> list[dict[str, str]]:
    """Repeating groups: a group opens at ``start`` and collects the member tags that follow."""
    out: list[dict[str, str]] = []
    for tag, value in fields:
        if tag == start:
            out.append({tag: value})
        elif tag in members and out and tag not in out[-1]:
            out[-1][tag] = value
    return out


def _party(group: dict[str, str], prefix: str, role: str, seq: int) -> Party | None:
    raw = na(group.get(prefix + "NM"))
    if not raw:
        return None
    name = person_name(raw) if ";" in raw else raw
    city, state = na(group.get(prefix + "CI")), na(group.get(prefix + "ST"))
    country = na(group.get(prefix + "CO"))
    address = ", ".join(p for p in (city, state) if p)
    return Party(role=role, name=name, normalized_name=normalize_name(name),
                 country=(country or "").upper()[:2] or None, address=address or None, sequence=seq)


class UsptoBrs(Format):
    name = "uspto-brs"
    label = "USPTO BRS tagged-text export (*** BRS DOCUMENT BOUNDARY *** records)"
    priority = 50
    parallel = True

    def sniff(self, head: Head) -> bool:
        return BOUNDARY in head.data[:16384] and re.search(rb"\nWKU \d", head.data) is not None

    def split(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[RawDoc]:
        """A record starts at its summary and title lines, just before its boundary line."""
        buf: list[tuple[int, int, bytes]] = []  # (line number, byte offset, line)
        index = line_no = offset = 0
        seen_boundary = False
        for line in stream:
            line_no += 1
            if line.strip() == BOUNDARY:
                head = len(buf)
                for back in (2, 1):
                    if len(buf) >= back and _SUMMARY_RE.match(buf[-back][2]):
                        head = len(buf) - back
                        break
                if seen_boundary:
                    yield RawDoc(index, buf[0][1], buf[0][0], b"".join(b for _, _, b in buf[:head]))
                    index += 1
                buf = buf[head:]
                seen_boundary = True
            buf.append((line_no, offset, line))
            offset += len(line)
            if offset - buf[0][1] > ctx.max_document_bytes:
                raise ParseError(f"record larger than the {ctx.max_document_bytes}-byte limit",
                                 file=ctx.source, position=f"doc {index + 1} (line {buf[0][0]})", stage="parse")
        if seen_boundary and buf:
            yield RawDoc(index, buf[0][1], buf[0][0], b"".join(b for _, _, b in buf))

    def parse_doc(self, raw: RawDoc, ctx: ReadContext) -> list[Item]:
        fields = brs_fields(decode_text(raw.data))
        one = {}
        for tag, value in fields:
            one.setdefault(tag, value)
        did = na(one.get("DID"))
        if did:
            parts = did.split()
            cc, number, kind = parts[0], parts[1], parts[2] if len(parts) > 2 else None
        else:
            cc, number, kind = "US", na(one.get("WKU")) or "", na(one.get("APT"))
        if not number:
            raise ParseError("record without WKU / DID (patent number)", field="WKU")
        dn = normalize_doc_number(cc, number, kind)
        parties: list[Party] = []
        for start, prefix, role in (("AANM", "AA", "applicant"), ("INNM", "IN", "inventor"),
                                    ("ASNM", "AS", "assignee")):
            members = {prefix + s for s in ("CI", "ST", "CO", "ZP", "TC")}
            for g in groups(fields, start, members):
                p = _party(g, prefix, role, sum(q.role == role for q in parties) + 1)
                if p:
                    parties.append(p)
        for tag, role in (("LRFM", "agent"), ("LRFW", "agent"), ("LRAG", "agent"), ("EXP", "examiner"),
                          ("EXA", "examiner")):
            for t, value in fields:
                name = na(value) if t == tag else None
                if name:
                    name = person_name(name) if ";" in name else name
                    parties.append(Party(role=role, name=name, normalized_name=normalize_name(name),
                                         sequence=sum(q.role == role for q in parties) + 1))
        title = clean_text(one.get("TTL"))
        abstract = " ".join(clean_text(v) for t, v in fields if t in ("ABPR", "ABTX"))
        description = " ".join(clean_text(v) for t, v in fields if t in _DESCRIPTION)
        claims = text_claims([v for t, v in fields if t in ("CLPR", "CLTX")])
        warnings: list[str] = []
        related = self._related(fields, warnings)
        doc = PatentDocument(
            pub_number=dn.canonical, country=dn.country, doc_number=dn.number, kind=dn.kind,
            doc_type=us_doc_type(dn.kind, None, grant=True),
            pub_date=parse_date(one.get("GISD"), "GISD"),
            app_number=f"US{re.sub(r'[^0-9]', '', one['APNR'])}" if na(one.get("APNR")) else None,
            app_date=parse_date(one.get("AFD"), "AFD"),
            lang="en",
            priorities=self._priorities(fields),
            parties=parties,
            titles=[Text(lang="en", text=title)] if title else [],
            abstracts=[Text(lang="en", text=abstract)] if abstract else [],
            claims=[ClaimSet(lang="en", claims=claims)] if claims else [],
            descriptions=[Text(lang="en", text=description)] if description else [],
            classifications=self._classifications(fields),
            citations=self._citations(fields),
            npl_citations=[NplCitation(text=without_cited_by(clean_text(v)), cited_by=cited_by(v))
                           for t, v in fields if t == "ORPL" and clean_text(v)],
            related=related,
            provenance=[ctx.provenance(raw.position, raw.data, None, warnings)],
        )
        return [doc]

    @staticmethod
    def _priorities(fields: list[tuple[str, str]]) -> list[Priority]:
        out = []
        for g in groups(fields, "PRCO", {"PRAN", "PRAD"}):
            number = na(g.get("PRAN"))
            if number:
                out.append(Priority(country=(na(g.get("PRCO")) or "XX").upper()[:2], number=number,
                                    date=parse_date(g.get("PRAD"), "PRAD"), kind="national"))
        return out

    @staticmethod
    def _classifications(fields: list[tuple[str, str]]) -> list[Classification]:
        out = []
        for tag, value in fields:
            c = ipc_group(value) if tag == "IPCG" else cpc_group(value) if tag == "CPOG" else None
            if c:
                out.append(c)
        return out

    @staticmethod
    def _citations(fields: list[tuple[str, str]]) -> list[PatentCitation]:
        out: list[PatentCitation] = []
        for g in groups(fields, "URPN", {"URNM", "URPD", "URCL", "URGP"}):
            tokens = (g.get("URGP") or "").split()
            kind = tokens[2] if len(tokens) > 2 and re.fullmatch(r"[A-Z]\d?", tokens[2]) else None
            dn = normalize_doc_number("US", g["URPN"], kind)
            out.append(PatentCitation(number=dn.without_kind, country="US", doc_number=dn.number, kind=dn.kind,
                                      date=partial_date(g.get("URPD")), name=na(g.get("URNM")),
                                      cited_by=cited_by(g.get("URGP")), office="US"))
        for g in groups(fields, "FRCO", {"FRPN", "FRPD", "FRCL", "FRGP"}):
            cc = (na(g.get("FRCO")) or "XX").upper()[:2]
            number = na(g.get("FRPN"))
            if not number:
                continue
            tokens = (g.get("FRGP") or "").split()
            kind = tokens[2] if len(tokens) > 2 and re.fullmatch(r"[A-Z]\d?", tokens[2]) else None
            dn = normalize_doc_number(cc, number, kind)
            out.append(PatentCitation(number=dn.without_kind, country=cc, doc_number=dn.number, kind=dn.kind,
                                      date=partial_date(g.get("FRPD")), cited_by=cited_by(g.get("FRGP")),
                                      office="US"))
        return out

    @staticmethod
    def _related(fields: list[tuple[str, str]], warnings: list[str]) -> list[RelatedDocument]:
        out = continuity_documents((value for tag, value in fields if tag == "COND"), warnings)
        for g in groups(fields, "PDID", {"PPPD"}):
            parts = g["PDID"].split()
            if len(parts) >= 2:
                dn = normalize_doc_number(parts[0], parts[1], parts[2] if len(parts) > 2 else None)
                out.append(RelatedDocument(relation="related-publication", number=dn.canonical,
                                           date=parse_date(g.get("PPPD"), "PPPD")))
        return out
