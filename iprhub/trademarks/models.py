"""The typed answers of the trademarks capability (the contract other capabilities build on).

``hub.trademarks.compare`` answers a :class:`MarkComparison` (a combined score, a tier and one
:class:`SignalScore` per signal that spoke); ``hub.trademarks.search`` a :class:`MarkSearchResult` of
:class:`MarkHit` (a :class:`MarkSummary`, plus the comparison with the query when ranked by similarity).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

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
