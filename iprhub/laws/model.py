"""Typed law records: a law (any jurisdiction) with its chapters and numbered articles, search hits,
and load reports. The JSON twins of the pages and the CLI's ``--json`` dump these."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

KINDS = ("law", "administrative_regulation", "judicial_interpretation", "departmental_rule", "other")


class Amendment(BaseModel):
    date: dt.date
    text: str


class Article(BaseModel):
    """One article (``第七十一条`` = number 71; ``第五十条之一`` = 50, suffix 1), or one numbered item
    (``一、``) of an instrument without articles (``kind`` = "item")."""

    seq: int
    number: int
    suffix: int | None = None
    label: str
    kind: str = "article"
    chapter: str | None = None
    section: str | None = None
    text: str
    line: int = Field(description="Line of the article's first line in the source file (1-based).")

    @property
    def ref(self) -> str:
        """How a URL or a command names it: ``71``, ``50-1``."""
        return f"{self.number}-{self.suffix}" if self.suffix else str(self.number)


class LawRecord(BaseModel):
    """A law, regulation or judicial interpretation as published, with its articles."""

    key: str = Field(description="Stable id: jurisdiction-short title-version date, e.g. cn-专利法-2020-10-17.")
    jurisdiction: str
    title: str
    short_title: str
    kind: str
    issuing_body: str | None = None
    document_number: str | None = None
    adopted: dt.date | None = None
    promulgated: dt.date | None = None
    effective: dt.date | None = None
    amendments: list[Amendment] = []
    version_date: dt.date | None = None
    status: str = "current"  # current (the newest version of its title in the base) | superseded
    preamble: str = ""
    chapters: list[str] = []
    articles: list[Article] = []
    source_file: str = ""
    source_url: str | None = None
    content_hash: str = ""

    def citation(self, article: Article) -> str:
        return f"{self.short_title} {article.label}"


class LawSummary(BaseModel):
    key: str
    jurisdiction: str
    title: str
    short_title: str
    kind: str
    issuing_body: str | None = None
    document_number: str | None = None
    effective: dt.date | None = None
    version_date: dt.date | None = None
    status: str
    articles: int


class LawList(BaseModel):
    jurisdiction: str | None = None
    laws: list[LawSummary]


class ArticleView(BaseModel):
    """One article with its law's identity, the citation and its neighbours."""

    law: LawSummary
    article: Article
    citation: str
    previous: str | None = Field(None, description="The previous article's reference (70, or 50-1 for 第五十条之一).")
    previous_label: str | None = None
    next: str | None = None
    next_label: str | None = None


class ArticleHit(BaseModel):
    law_key: str
    law_title: str
    short_title: str
    status: str
    label: str
    number: int
    suffix: int | None = None
    citation: str
    score: float
    snippet: str = Field(description="Text with matched words between « and ».")


class LawSearchResult(BaseModel):
    query: str
    terms: list[str] = Field(description="The words the query was read as.")
    total: int
    hits: list[ArticleHit]


class LoadProblem(BaseModel):
    file: str
    position: str
    reason: str


class LawLoadReport(BaseModel):
    files: int
    stored: int = Field(description="Laws inserted or replaced (content changed).")
    unchanged: int
    articles: int
    problems: list[LoadProblem] = []
