"""What screening knows of each document and party, read once from the store."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from iprhub.quality.text import DocumentText, document_text

_LEGAL = re.compile(r"\b(incorporated|inc|corporation|corp|company|co|ltd|limited|llc|llp|l\.l\.p|p\.?c|pllc|"
                    r"gmbh|ag|sa|nv|bv|plc|kk|ab|oy|spa|srl|lp|pa|p\.a)\b\.?", re.I)


_NATIVE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+")


def party_key(name: str) -> str:
    """A name folded for grouping: NFKC, case, punctuation and legal-form suffixes removed.

    A name that carries a CJK or Hangul part (offices such as KIPO print the Korean name, then an English
    one) is keyed by that part alone, so both spellings group together.

    >>> party_key("Oblon, Spivak, McClelland, Maier & Neustadt, P.C.") == party_key("OBLON SPIVAK MCCLELLAND MAIER & NEUSTADT PC")
    True
    >>> party_key("서울대학교산학협력단 SNU R&DB FOUNDATION") == party_key("서울대학교 산학협력단")
    True
    """
    text = unicodedata.normalize("NFKC", name).casefold().replace("&", " and ")
    native = "".join(_NATIVE.findall(text))
    if native:
        return native
    text = _LEGAL.sub(" ", text)
    return " ".join(re.findall(r"[^\W_]+", text))


@dataclass
class DocInfo:
    key: str
    app: str | None
    family: str | None
    doc_type: str
    office: str
    app_date: dt.date | None
    applicants: list[str]
    agents: list[str]
    classes: set[str]  # IPC/CPC main groups' classes ("H01M")
    text: DocumentText
    files: list[str] = field(default_factory=list)  # the source files it was read from


@dataclass
class Corpus:
    docs: dict[str, DocInfo] = field(default_factory=dict)
    spellings: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # party key -> names
    keep_sources: bool = False  # keep the documents themselves (the evaluation edits need them)
    sources: dict[str, Any] = field(default_factory=dict)

    def add(self, doc: Any) -> DocInfo:
        def names(roles: Iterable[str]) -> list[str]:
            out = []
            for p in doc.parties:
                if p.role in roles and p.name:
                    key = party_key(p.name)
                    if key:
                        self.spellings[key].add(p.name)
                        if key not in out:
                            out.append(key)
            return out

        info = DocInfo(
            key=doc.pub_number, app=doc.app_number, family=doc.family_id, doc_type=doc.doc_type,
            office=doc.country, app_date=doc.app_date, applicants=names(("applicant", "assignee", "owner")),
            agents=names(("agent",)),
            classes={c.symbol[:4] for c in doc.classifications if c.scheme in ("IPC", "CPC") and len(c.symbol) >= 4},
            text=document_text(doc), files=sorted({p.source_file.split("!")[0] for p in doc.provenance}))
        self.docs[info.key] = info
        if self.keep_sources:
            self.sources[info.key] = doc
        return info

    def display(self, key: str) -> str:
        names = sorted(self.spellings.get(key, ()), key=lambda n: (-len(n), n))
        return names[0] if names else key

    def relation(self, a: str, b: str) -> str:
        """Why two near-identical documents are (or are not) expected to be alike."""
        da, db = self.docs[a], self.docs[b]
        if da.app and da.app == db.app:
            return "same-application"
        if da.family and da.family == db.family:
            return "same-family"
        if set(da.applicants) & set(db.applicants):
            return "same-applicant"
        if not da.applicants or not db.applicants:
            return "applicant-unknown"
        return "different-applicants"
