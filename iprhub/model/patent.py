"""The normalised patent document record (WIPO ST.3 countries, ST.16 kinds, ST.36 structure)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal

import orjson
from pydantic import Field, PrivateAttr

from iprhub.model.classification import Classification
from iprhub.model.common import Party, Provenance, Record, Text


class Priority(Record):
    country: str
    number: str
    date: dt.date | None = None
    kind: str | None = None  # national / regional / international


class Claim(Record):
    num: int
    text: str
    depends_on: list[int] = Field(default_factory=list)


class ClaimSet(Record):
    lang: str | None = None
    claims: list[Claim]


Category = str  # ST.14 categories: X Y A D E L O P T & I


class PatentCitation(Record):
    number: str  # canonical, kind-less when the source gives no kind
    country: str | None = None
    doc_number: str | None = None
    kind: str | None = None
    date: str | None = None  # ISO, possibly partial (1921-11)
    name: str | None = None  # first applicant / patentee as printed
    categories: list[Category] = Field(default_factory=list)
    cited_by: Literal["examiner", "applicant", "third-party", "other", "unknown"] = "unknown"
    phase: str | None = None  # search (SEA), examination (EXA), opposition (OPP), international search (ISR) …
    office: str | None = None  # office whose report cites it


class NplCitation(Record):
    text: str
    categories: list[Category] = Field(default_factory=list)
    cited_by: Literal["examiner", "applicant", "third-party", "other", "unknown"] = "unknown"
    phase: str | None = None


class LegalEvent(Record):
    date: dt.date | None = None
    code: str | None = None
    description: str
    office: str | None = None
    source: str | None = None


class RelatedDocument(Record):
    relation: str  # continuation, division, pct-application, pct-publication, family-member …
    number: str
    date: dt.date | None = None


DocType = Literal["grant", "application", "utility-model", "design", "plant", "reissue", "search-report", "other"]


class PatentDocument(Record):
    """One published patent document, normalised. ``pub_number`` is the identity."""

    pub_number: str  # canonical CC+number+kind
    country: str
    doc_number: str
    kind: str | None = None
    doc_type: DocType = "other"
    pub_date: dt.date | None = None
    app_number: str | None = None  # as CC + office application number
    app_date: dt.date | None = None
    lang: str | None = None  # language of publication
    priorities: list[Priority] = Field(default_factory=list)
    parties: list[Party] = Field(default_factory=list)
    titles: list[Text] = Field(default_factory=list)
    abstracts: list[Text] = Field(default_factory=list)
    claims: list[ClaimSet] = Field(default_factory=list)
    descriptions: list[Text] = Field(default_factory=list)
    classifications: list[Classification] = Field(default_factory=list)
    citations: list[PatentCitation] = Field(default_factory=list)
    npl_citations: list[NplCitation] = Field(default_factory=list)
    family_id: str | None = None  # DOCDB simple family id where the source gives it
    related: list[RelatedDocument] = Field(default_factory=list)
    designated_states: list[str] = Field(default_factory=list)
    legal_events: list[LegalEvent] = Field(default_factory=list)
    provenance: list[Provenance] = Field(default_factory=list)
    field_sources: dict[str, str] = Field(default_factory=dict)
    _content_hash: str | None = PrivateAttr(default=None)

    def model_copy(self, *, update: dict | None = None, deep: bool = False) -> PatentDocument:
        copy = super().model_copy(update=update, deep=deep)
        if update:
            copy._content_hash = None  # the content changed: hash again when asked
        return copy

    # convenience accessors used by interfaces ---------------------------------------
    def title(self, lang: str | None = None) -> str | None:
        return _pick(self.titles, lang)

    def abstract(self, lang: str | None = None) -> str | None:
        return _pick(self.abstracts, lang)

    def parties_by_role(self, role: str) -> list:
        return [p for p in self.parties if p.role == role]

    def claim_count(self) -> int:
        return max((len(cs.claims) for cs in self.claims), default=0)

    def content_hash(self) -> str:
        """Hash of the normalised content, provenance excluded (computed once: parser workers
        compute it so the loading process does not)."""
        if self._content_hash is None:
            self._content_hash = _hash_content(self.model_dump(mode="json", exclude=_NOT_CONTENT))
        return self._content_hash

    def json_and_hash(self) -> tuple[str, str]:
        """``model_dump_json()`` and ``content_hash()`` from one dump of the data: orjson writes
        the python-mode dump of this model byte for byte as pydantic's JSON (strings, ints, dates;
        tests check every code point and every reader), and about twice as fast."""
        data = self.model_dump()
        record = orjson.dumps(data).decode()
        if self._content_hash is None:
            self._content_hash = _hash_content({k: v for k, v in data.items() if k not in _NOT_CONTENT})
        return record, self._content_hash


_NOT_CONTENT = {"provenance", "field_sources"}


def _hash_content(data: dict) -> str:
    return hashlib.sha256(orjson.dumps(data, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _pick(texts: list[Text], lang: str | None) -> str | None:
    if not texts:
        return None
    if lang:
        for t in texts:
            if t.lang == lang:
                return t.text
    for t in texts:
        if t.lang == "en":
            return t.text
    return texts[0].text
