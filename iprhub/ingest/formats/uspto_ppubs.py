"""USPTO Patent Public Search (PPUBS) JSON: search results (``{"numFound", "patents": […]}``)
and full-text document lists (``[{"guid", "abstractHtml", "claimsHtml", "descriptionHtml", …}]``).

Both carry the same record shape; hit lists lack the texts, parties beyond the first inventor
and citation details. USPAT (grants), US-PGPUB (applications) and USOCR (scanned pre-1976
documents) records are read alike.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

import orjson

from iprhub.errors import ParseError
from iprhub.ingest.formats._uspto_text import cited_by as cited_by_of
from iprhub.ingest.formats._uspto_text import (
    continuity_documents,
    cpc_group,
    ipc_group,
    na,
    person_name,
    text_claims,
    us_doc_type,
    without_cited_by,
)
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext, Rejected, load_json
from iprhub.model.classification import Classification, normalize_ipc
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

_BREAK = re.compile(r"<br\s*/?>|</p>|</div>|</li>|\n", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_OCR_TITLE = "OCR SCANNED DOCUMENT"


def html_paragraphs(value: str | None) -> list[str]:
    """Paragraph texts of a PPUBS HTML field (``<br />`` separated, inline tags dropped)."""
    if not value:
        return []
    out = []
    for chunk in _BREAK.split(value):
        para = clean_text(html.unescape(_TAG.sub("", chunk)))
        if para:
            out.append(para)
    return out


_BY = re.compile(r"cited by (examiner|applicant|third party|other)", re.IGNORECASE)


def _by(text: str) -> str:
    m = _BY.search(text)
    return m.group(1).lower().replace(" ", "-") if m else "unknown"


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _at(values: list[Any], i: int) -> str | None:
    return na(values[i]) if i < len(values) and isinstance(values[i], str) else None


def _date(value: Any, field: str):
    first = _list(value)[0] if _list(value) else None
    return parse_date(first, field) if isinstance(first, str) else None


def _doc_type(kind: str | None, database: Any) -> str:
    if (kind or "")[:1] in ("H", "I"):
        return "other"  # statutory invention registrations and defensive publications
    return us_doc_type(kind, None, grant=database != "US-PGPUB")


class UsptoPpubs(Format):
    name = "uspto-ppubs"
    label = "USPTO Patent Public Search (PPUBS) JSON: search results and full-text documents"
    priority = 40

    def sniff(self, head: Head) -> bool:
        keys = set(head.json_keys)
        return head.is_json and "guid" in keys and bool(
            keys & {"compositeId", "publicationReferenceDocumentNumber"})

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Item]:
        data = load_json(stream.read(), file=ctx.source)
        if isinstance(data, dict):
            records = data.get("patents") if isinstance(data.get("patents"), list) else [data]
        elif isinstance(data, list):
            records = data
        else:
            raise ParseError("PPUBS JSON is neither a result object nor a document list", file=ctx.source)
        for i, rec in enumerate(records, start=1):
            position = f"record {i}"
            if not isinstance(rec, dict):
                yield Rejected(position, "record is not a JSON object")
                continue
            try:
                yield self._document(rec, position, ctx)
            except ParseError as exc:
                yield Rejected(position, exc.message + (f" [field {exc.field}]" if exc.field else ""),
                               exc.stage or "parse", rec.get("guid"))
            except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
                yield Rejected(position, f"{type(exc).__name__}: {exc}", "parse", rec.get("guid"))

    def _document(self, rec: dict[str, Any], position: str, ctx: ReadContext) -> PatentDocument:
        guid = na(rec.get("guid"))
        parts = guid.split("-") if guid else []
        if len(parts) == 3:
            cc, number, kind = parts
        else:
            cc, number = "US", na(rec.get("publicationReferenceDocumentNumber")) or ""
            kind = _at(_list(rec.get("kindCode")), 0)
        if not number:
            raise ParseError("record without a publication number", field="guid")
        dn = normalize_doc_number(cc, number, kind)
        app = na(rec.get("applicationNumber"))
        title = na(rec.get("inventionTitle"))
        abstract = " ".join(html_paragraphs(rec.get("abstractHtml")))
        description = " ".join(html_paragraphs(rec.get("briefHtml")) + html_paragraphs(rec.get("descriptionHtml")))
        claims = text_claims(html_paragraphs(rec.get("claimsHtml")))
        lang = (na(rec.get("languageIndicator")) or "en").lower()
        warnings: list[str] = []
        related = self._related(rec, warnings)
        return PatentDocument(
            pub_number=dn.canonical, country=dn.country, doc_number=dn.number, kind=dn.kind,
            doc_type=_doc_type(dn.kind, rec.get("type")),
            pub_date=parse_date(na(rec.get("datePublished")), "datePublished"),
            app_number=f"US{re.sub(r'[^0-9]', '', app)}" if app else None,
            app_date=_date(rec.get("applicationFilingDate"), "applicationFilingDate"),
            lang=lang,
            priorities=self._priorities(rec),
            parties=self._parties(rec),
            titles=[Text(lang=lang, text=title)] if title and title != _OCR_TITLE else [],
            abstracts=[Text(lang=lang, text=abstract)] if abstract else [],
            claims=[ClaimSet(lang=lang, claims=claims)] if claims else [],
            descriptions=[Text(lang=lang, text=description)] if description else [],
            classifications=self._classifications(rec),
            citations=self._citations(rec),
            npl_citations=[NplCitation(text=without_cited_by(p), cited_by=cited_by_of(p))
                           for value in _list(rec.get("otherRefPub")) for p in html_paragraphs(value)],
            related=related,
            provenance=[ctx.provenance(position, orjson.dumps(rec), na(rec.get("type")), warnings)],
        )

    @staticmethod
    def _parties(rec: dict[str, Any]) -> list[Party]:
        out: list[Party] = []

        def add(role: str, raw: str | None, country: str | None = None, city: str | None = None,
                state: str | None = None) -> None:
            if not raw:
                return
            name = person_name(raw) if ";" in raw else clean_text(raw)
            norm = normalize_name(name)
            if any(p.role == role and p.normalized_name == norm for p in out):
                return
            address = ", ".join(p for p in (city, state) if p)
            out.append(Party(role=role, name=name, normalized_name=norm, country=(country or "").upper()[:2] or None,
                             address=address or None, sequence=sum(p.role == role for p in out) + 1))

        inventors = _list(rec.get("inventorsName"))
        if inventors:
            for i, name in enumerate(inventors):
                add("inventor", na(name), _at(_list(rec.get("inventorCountry")), i),
                    _at(_list(rec.get("inventorCity")), i), _at(_list(rec.get("inventorState")), i))
        elif na(rec.get("inventorsShort")):
            # hit lists name the first inventor only ("Hurst; William et al.")
            add("inventor", re.sub(r"\s+et al\.?$", "", na(rec.get("inventorsShort")) or ""))
        for role, key in (("applicant", "applicant"), ("assignee", "assignee")):
            for i, name in enumerate(_list(rec.get(f"{key}Name"))):
                add(role, na(name), _at(_list(rec.get(f"{key}Country")), i),
                    _at(_list(rec.get(f"{key}City")), i), _at(_list(rec.get(f"{key}State")), i))
        for key in ("attorneyName", "legalFirmName", "principalAttorneyName", "associateAttorneyName"):
            for name in _list(rec.get(key)):
                add("agent", na(name))
        for key in ("primaryExaminer", "assistantExaminer"):
            for name in _list(rec.get(key)):
                add("examiner", na(name))
        return out

    @staticmethod
    def _priorities(rec: dict[str, Any]) -> list[Priority]:
        out = []
        countries, dates = _list(rec.get("priorityClaimsCountry")), _list(rec.get("priorityClaimsDate"))
        for i, number in enumerate(_list(rec.get("priorityClaimsDocNumber"))):
            number, cc = na(number), (_at(countries, i) or "XX").upper()[:2]
            if not number:
                continue
            if number.upper().startswith(cc) and len(number) > 2 and not number[2].isalpha():
                number = number[2:]
            out.append(Priority(country=cc, number=number, date=parse_date(_at(dates, i), "priorityClaimsDate"),
                                kind="national"))
        return out

    @staticmethod
    def _classifications(rec: dict[str, Any]) -> list[Classification]:
        out: list[Classification] = []
        ipc = [c for g in _list(rec.get("intlPubClassificationGroup")) if (c := ipc_group(g))]
        if not ipc:
            flat = (na(rec.get("ipcCodeFlattened")) or "").split(";")
            ipc = [Classification(scheme="IPC", symbol=s, first=i == 0)
                   for i, s in enumerate(filter(None, map(normalize_ipc, flat)))]
        cpc = [c for g in _list(rec.get("cpcOrigClassificationGroup")) or _list(rec.get("cpcCurClassificationGroup"))
               if (c := cpc_group(g))]
        if not cpc:
            for key, value in (("cpcInventiveFlattened", "I"), ("cpcAdditionalFlattened", "A")):
                for s in filter(None, map(normalize_ipc, (na(rec.get(key)) or "").split(";"))):
                    cpc.append(Classification(scheme="CPC", symbol=s, value=value, first=not cpc))
        uspc: list[Classification] = []
        main = na(rec.get("mainClassificationCode"))
        for s in ([main] if main and main != "1/1" else []) + (na(rec.get("uspcFullClassificationFlattened")) or "").split(";"):
            s = s.strip()
            if s and not any(c.symbol == s for c in uspc):
                uspc.append(Classification(scheme="USPC", symbol=s, first=not uspc and s == main))
        for c in ipc + cpc + uspc:
            if not any(o.scheme == c.scheme and o.symbol == c.symbol for o in out):
                out.append(c)
        return out

    @staticmethod
    def _citations(rec: dict[str, Any]) -> list[PatentCitation]:
        out: list[PatentCitation] = []

        def add(cc: str, number: str, kind: str | None, date: str | None, name: str | None, by: str) -> None:
            dn = normalize_doc_number(cc, number, kind)
            out.append(PatentCitation(number=dn.without_kind, country=cc, doc_number=dn.number, kind=dn.kind,
                                      date=partial_date(date), name=name or None, cited_by=by, office="US"))

        for g in _list(rec.get("usRefGroup")):
            m = re.match(r"([A-Z]{2}) (\S+) ([A-Z]\d?) (.*?) ?(\d{8})(.*)$", g)
            if m:
                add(m.group(1), m.group(2), m.group(3), m.group(5), m.group(4), _by(m.group(6)))
                continue
            m = re.match(r"(\S+) (\d{8}) (.*?)(?: \S+/\S+)?$", g)  # older records: number date name class
            if m:
                add("US", m.group(1), None, m.group(2), m.group(3), "unknown")
        for g in _list(rec.get("foreignRefGroup")):
            m = re.match(r"([A-Z]{2}) (.+?) (?:([A-Z]\d?) )?(\d{8})(.*)$", g)
            if m:
                add(m.group(1), m.group(2), m.group(3), m.group(4), None, _by(m.group(5)))
                continue
            m = re.match(r"(.+?) (\d{8}) ([A-Z]{2})\b", g)  # older records: number date country
            if m:
                add(m.group(3), m.group(1), None, m.group(2), None, "unknown")
        if not out:  # hit lists only list the cited US numbers
            for number in _list(rec.get("urpn")):
                if na(number):
                    add("US", number, None, None, None, "unknown")
        return out

    @staticmethod
    def _related(rec: dict[str, Any], warnings: list[str]) -> list[RelatedDocument]:
        out = continuity_documents((para for value in _list(rec.get("continuityData"))
                                    for para in html_paragraphs(value)), warnings)
        for i, number in enumerate(_list(rec.get("pctFilingNumber"))):
            if na(number):
                out.append(RelatedDocument(relation="pct-application", number=na(number) or "",
                                           date=parse_date(_at(_list(rec.get("pctFilingDate")), i), "pctFilingDate")))
        dates = _list(rec.get("priorPublishedDocDate"))
        for i, ident in enumerate(_list(rec.get("priorPublishedDocIdentifier"))):
            parts = (na(ident) or "").split()
            if len(parts) >= 2:
                dn = normalize_doc_number(parts[0], parts[1], parts[2] if len(parts) > 2 else None)
                out.append(RelatedDocument(relation="related-publication", number=dn.canonical,
                                           date=parse_date(_at(dates, i), "priorPublishedDocDate")))
        return out
