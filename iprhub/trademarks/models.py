"""The typed answers of the trademarks capability (the contract other capabilities build on).

``hub.trademarks.compare`` answers a :class:`MarkComparison` (a combined score, a tier and one
:class:`SignalScore` per signal that spoke); ``hub.trademarks.search`` a :class:`MarkSearchResult` of
:class:`MarkHit` (a :class:`MarkSummary`, plus the comparison with the query when ranked by similarity).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from iprhub.trademarks.filters import MarkFilter

Tier = Literal["high", "medium", "low", "noise"]
Signal = Literal["exact", "normalised", "edit", "phonetic", "containment", "meaning", "goods"]
SIGNALS: tuple[str, ...] = ("exact", "normalised", "edit", "phonetic", "containment", "meaning", "goods")


class SignalScore(BaseModel):
    """One explained signal: its name, its score in [0, 1] and what it saw."""

    signal: str
    score: float
    detail: str


class MarkComparison(BaseModel):
    """Two marks compared: combined score in [0, 1], tier, and the signals that spoke (strongest first)."""

    a: str
    b: str
    score: float
    tier: Tier
    reasons: list[SignalScore] = Field(default_factory=list)


class MarkSummary(BaseModel):
    """What a hit list shows of one trademark."""

    number: str  # office/application number, the key hub.trademark() and summary() accept
    office: str
    mark: str | None
    owner: str | None
    classes: list[int] = Field(default_factory=list)
    status: str | None = None
    filing_date: date | None = None
    publication_date: date | None = None
    registration_date: date | None = None


class MarkHit(BaseModel):
    mark: MarkSummary
    comparison: MarkComparison | None = None


class MarkSearchResult(BaseModel):
    query: str | None
    total: int
    hits: list[MarkHit] = Field(default_factory=list)
    partial: bool = False
    notice: str | None = None


class Facet(BaseModel):
    value: str
    count: int


class MarkFacets(BaseModel):
    """Counts over every match of a search (not only the page shown)."""

    offices: list[Facet] = Field(default_factory=list)
    classes: list[Facet] = Field(default_factory=list)
    statuses: list[Facet] = Field(default_factory=list)
    years: list[Facet] = Field(default_factory=list)  # of the date searched on (filed, published, registered)


class SearchPage(BaseModel):
    """The portal's search page: the query as read, the result and its facets."""

    query: str | None = None
    where: MarkFilter = Field(default_factory=MarkFilter)
    similar: bool = False
    result: MarkSearchResult | None = None
    facets: MarkFacets = Field(default_factory=MarkFacets)
    store_marks: int = 0


class ClassGoods(BaseModel):
    number: int
    goods: list[str] = Field(default_factory=list)


class StatusEvent(BaseModel):
    date: date | None
    description: str


class MarkPage(BaseModel):
    """One mark: its summary, goods by class, owners, status history and the most similar marks."""

    summary: MarkSummary
    mark_type: str
    reg_number: str | None = None
    expiry_date: date | None = None
    owners: list[str] = Field(default_factory=list)
    agents: list[str] = Field(default_factory=list)
    goods: list[ClassGoods] = Field(default_factory=list)
    vienna_codes: list[str] = Field(default_factory=list)
    history: list[StatusEvent] = Field(default_factory=list)
    similar: list[MarkHit] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
