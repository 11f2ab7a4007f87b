"""USPTO APS "Green Book" full text (grants 1976-2001): fixed-field tagged text.

A record starts with ``PATN``; four-letter lines open a section (``INVT`` inventor, ``ASSG``,
``PRIR``, ``RLAP``, ``CLAS``, ``UREF``/``FREF``/``OREF`` references, ``LREP``, ``PCTA``,
``ABST``, ``BSUM``/``DRWD``/``DETD`` description, ``CLMS`` claims); three-letter fields carry
their value from column 6, continued on lines indented by blanks.

The text helpers it shares with the BRS and PPUBS readers ("Last; First" names, numbered text
claims) live in ``_uspto_text``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from iprhub.errors import ParseError
from iprhub.ingest.formats._uspto_text import decode_text, ipc7_symbol, person_name, text_claims, uspc_symbol
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


@dataclass
class Section:
    tag: str
    fields: list[tuple[str, str]] = field(default_factory=list)

    def get(self, tag: str) -> str | None:
        for t, v in self.fields:
            if t == tag:
                return v
        return None

    def all(self, tag: str) -> list[str]:
        return [v for t, v in self.fields if t == tag]


_SECTION_RE = re.compile(r"^([A-Z][A-Z0-9]{3})\s*$")
_FIELD_RE = re.compile(r"^([A-Z][A-Z0-9]{2})\s\s?(.*)$")


def aps_sections(lines: list[str]) -> list[Section]:
    sections: list[Section] = []
    for line in lines:
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        m = _SECTION_RE.match(line)
        if m:
            sections.append(Section(m.group(1)))
            continue
        if line[:1] == " " and sections and sections[-1].fields:
            tag, value = sections[-1].fields[-1]
            sections[-1].fields[-1] = (tag, f"{value} {line.strip()}")
            continue
        m = _FIELD_RE.match(line)
        if m and sections:
            value = m.group(2) if m.group(2)[:1] != " " else m.group(2)[1:]
            # TBL and table lines keep their layout blanks; text fields are folded later
            sections[-1].fields.append((m.group(1), value.rstrip()))
    return sections


# -- APS -----------------------------------------------------------------------------------------

_KIND_BY_PREFIX = {"": "A", "D": "S", "RE": "E", "PP": "P", "P": "P", "H": "H", "T": "I4"}
_TYPE_BY_PREFIX = {"": "grant", "D": "design", "RE": "reissue", "PP": "plant", "P": "plant"}
_RELATION = {"71": "continuation", "72": "continuation-in-part", "73": "division"}
_DESCRIPTION = ("GOVT", "PARN", "BSUM", "DRWD", "DETD")


def _country(cnt: str | None, state: str | None) -> str | None:
    """APS countries are ST.3 plus ``X`` (``JPX``); a state alone means the United States."""
    if cnt:
        return cnt.strip()[:2].upper() or None
    return "US" if state else None


def _party(sec: Section, role: str, seq: int, name_tags: tuple[str, ...] = ("NAM",)) -> Party | None:
    raw = next((sec.get(t) for t in name_tags if sec.get(t)), None)
    name = person_name(raw) if raw and ";" in raw else clean_text(raw)
    if not name:
        return None
    city, state = clean_text(sec.get("CTY")), clean_text(sec.get("STA"))
    address = ", ".join(p for p in (city, state) if p)
    return Party(role=role, name=name, normalized_name=normalize_name(name),
                 country=_country(sec.get("CNT"), state), address=address or None, sequence=seq)


def _paragraphs(sections: list[Section], tags: tuple[str, ...]) -> list[str]:
    return [clean_text(v) for s in sections if s.tag in tags for t, v in s.fields
            if t in ("PAR", "PAL", "PAC", "PA1", "PA2", "PA3", "PA4", "PA5", "PTA", "PDA", "TBL", "EQU")
            and clean_text(v)]


class UsptoAps(Format):
    name = "uspto-aps"
    label = 'USPTO APS "Green Book" full-text grants (tagged text, 1976-2001)'
    priority = 50
    parallel = True

    def sniff(self, head: Head) -> bool:
        data = head.data.lstrip(b"\xef\xbb\xbf \t\r\n")
        return re.match(rb"(HHHHHT[^\n]*\n)?PATN\s*\r?\nWKU  ", data) is not None

    def split(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[RawDoc]:
        """One record per ``PATN`` line; a file header (``HHHHHT``) before the first is skipped."""
        buf: list[bytes] = []
        size = index = offset = doc_offset = line_no = doc_line = 0
        for line in stream:
            line_no += 1
            if line.rstrip() == b"PATN":
                if buf:
                    yield RawDoc(index, doc_offset, doc_line, b"".join(buf))
                    index += 1
                buf, size, doc_offset, doc_line = [line], 0, offset, line_no
            elif buf:
                buf.append(line)
            size += len(line)
            offset += len(line)
            if size > ctx.max_document_bytes:
                raise ParseError(f"record larger than the {ctx.max_document_bytes}-byte limit",
                                 file=ctx.source, position=f"doc {index + 1} (line {doc_line})", stage="parse")
        if buf:
            yield RawDoc(index, doc_offset, doc_line, b"".join(buf))

    def parse_doc(self, raw: RawDoc, ctx: ReadContext) -> list[Item]:
        sections = aps_sections(decode_text(raw.data).splitlines())
        patn = next((s for s in sections if s.tag == "PATN"), None)
        wku = clean_text(patn.get("WKU") if patn else None)
        if not wku:
            raise ParseError("record without WKU (patent number)", field="WKU")
        number = wku[:-1] if len(wku) == 9 else wku  # the 9th position is a check digit
        m = re.fullmatch(r"([A-Z]*)0*(\d+)", number)
        if not m:
            raise ParseError(f"unreadable patent number {wku!r}", field="WKU")
        prefix = m.group(1)
        dn = normalize_doc_number("US", prefix + m.group(2), _KIND_BY_PREFIX.get(prefix, "A"))
        assert patn is not None
        apn = clean_text(patn.get("APN"))
        apn = apn[:6] if len(apn) == 7 and apn.isdigit() else apn  # 6 digits + check digit
        series = clean_text(patn.get("SRC"))
        series = series.zfill(2) if series.isdigit() else ("29" if series == "D" else "")
        parties: list[Party] = []
        for tag, role in (("INVT", "inventor"), ("ASSG", "assignee")):
            for sec in (s for s in sections if s.tag == tag):
                p = _party(sec, role, sum(q.role == role for q in parties) + 1)
                if p:
                    parties.append(p)
        for sec in (s for s in sections if s.tag == "LREP"):
            for tag in ("FRM", "FR2", "AAT", "AGT", "ATT"):
                for value in sec.all(tag):
                    name = person_name(value) if ";" in value else clean_text(value)
                    if name:
                        parties.append(Party(role="agent", name=name, normalized_name=normalize_name(name),
                                             sequence=sum(q.role == "agent" for q in parties) + 1))
        for tag in ("EXP", "EXA"):
            name = person_name(patn.get(tag))
            if name:
                parties.append(Party(role="examiner", name=name, normalized_name=normalize_name(name),
                                     sequence=sum(q.role == "examiner" for q in parties) + 1))
        title = clean_text(patn.get("TTL"))
        abstract = " ".join(_paragraphs(sections, ("ABST",)))
        description = " ".join(_paragraphs(sections, _DESCRIPTION))
        claims = text_claims(_paragraphs(sections, ("CLMS", "DCLM")))
        doc = PatentDocument(
            pub_number=dn.canonical, country="US", doc_number=dn.number, kind=dn.kind,
            doc_type=_TYPE_BY_PREFIX.get(prefix, "other"),
            pub_date=parse_date(patn.get("ISD"), "ISD"),
            app_number=f"US{series}{apn}" if apn else None,
            app_date=parse_date(patn.get("APD"), "APD"),
            lang="en",
            priorities=self._priorities(sections),
            parties=parties,
            titles=[Text(lang="en", text=title)] if title else [],
            abstracts=[Text(lang="en", text=abstract)] if abstract else [],
            claims=[ClaimSet(lang="en", claims=claims)] if claims else [],
            descriptions=[Text(lang="en", text=description)] if description else [],
            classifications=self._classifications(sections),
            citations=self._citations(sections),
            npl_citations=[NplCitation(text=clean_text(v)) for s in sections if s.tag == "OREF"
                           for t, v in s.fields if t in ("PAL", "PAR") and clean_text(v)],
            related=self._related(sections),
            provenance=[ctx.provenance(raw.position, raw.data, None)],
        )
        return [doc]

    @staticmethod
    def _priorities(sections: list[Section]) -> list[Priority]:
        out = []
        for sec in (s for s in sections if s.tag == "PRIR"):
            number = clean_text(sec.get("APN"))
            if number:
                out.append(Priority(country=_country(sec.get("CNT"), None) or "XX", number=number,
                                    date=parse_date(sec.get("APD"), "PRIR/APD"), kind="national"))
        return out

    @staticmethod
    def _classifications(sections: list[Section]) -> list[Classification]:
        out: list[Classification] = []
        for sec in (s for s in sections if s.tag == "CLAS"):
            edition = clean_text(sec.get("EDF")) or None
            for i, value in enumerate(sec.all("ICL")):
                if re.fullmatch(r"\d{4}", value.strip()):  # designs carry their Locarno class here
                    out.append(Classification(scheme="LOCARNO", symbol=value.strip(), first=i == 0, version=edition))
                    continue
                sym = ipc7_symbol(value)
                if sym:
                    out.append(Classification(scheme="IPC", symbol=sym, first=i == 0, version=edition))
            for i, value in enumerate(sec.all("OCL") + sec.all("XCL")):
                sym = uspc_symbol(value)
                if sym and not any(c.scheme == "USPC" and c.symbol == sym for c in out):
                    out.append(Classification(scheme="USPC", symbol=sym, first=i == 0))
        return out

    @staticmethod
    def _citations(sections: list[Section]) -> list[PatentCitation]:
        out = []
        for sec in sections:
            if sec.tag not in ("UREF", "FREF") or not clean_text(sec.get("PNO")):
                continue
            cc = "US" if sec.tag == "UREF" else (_country(sec.get("CNT"), None) or "XX")
            dn = normalize_doc_number(cc, clean_text(sec.get("PNO")))
            out.append(PatentCitation(
                number=dn.without_kind, country=cc, doc_number=dn.number, kind=dn.kind,
                date=partial_date(sec.get("ISD")), name=clean_text(sec.get("NAM")) or None, office="US"))
        return out

    @staticmethod
    def _related(sections: list[Section]) -> list[RelatedDocument]:
        out = []
        for sec in (s for s in sections if s.tag == "RLAP"):
            code = clean_text(sec.get("COD"))
            relation = _RELATION.get(code, f"related-application-{code}" if code else "related-application")
            if clean_text(sec.get("APN")):
                out.append(RelatedDocument(relation=relation, number="US" + re.sub(r"\D", "", sec.get("APN") or ""),
                                           date=parse_date(sec.get("APD"), "RLAP/APD")))
            if clean_text(sec.get("PNO")):
                out.append(RelatedDocument(relation=f"{relation}-patent",
                                           number=normalize_doc_number("US", clean_text(sec.get("PNO"))).canonical,
                                           date=parse_date(sec.get("ISD"), "RLAP/ISD")))
        for sec in (s for s in sections if s.tag == "PCTA"):
            if clean_text(sec.get("PCN")):
                out.append(RelatedDocument(relation="pct-application", number=clean_text(sec.get("PCN")),
                                           date=parse_date(sec.get("PD3"), "PCTA/PD3")))
            if clean_text(sec.get("PCP")):
                out.append(RelatedDocument(relation="pct-publication", number=clean_text(sec.get("PCP")),
                                           date=parse_date(sec.get("PCD"), "PCTA/PCD")))
        return out
