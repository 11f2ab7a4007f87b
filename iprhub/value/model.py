"""Typed answers of the value capability: the five CNIPA high-value criteria with evidence, OECD-style
quality indicators normalised in their cohort, and the enterprise scorecard."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

Answer = Literal["yes", "no", "unknown"]


class Criterion(BaseModel):
    id: str
    name_en: str
    name_zh: str
    answer: Answer
    evidence: list[str] = Field(default_factory=list, description="What the answer rests on, or what is missing.")
    source: str | None = Field(default=None, description="The reference the criterion is judged by.")


class HighValue(BaseModel):
    """One patent against the five criteria (any one suffices: CNIPA's rule)."""

    answer: Answer = Field(description="yes when one criterion is met; no when every criterion is not; else unknown.")
    invention: bool = Field(description="An invention patent (not a design, plant or utility model).")
    in_indicator_scope: bool = Field(description="Counts toward CNIPA's per-10,000 indicator: a granted CN "
                                                 "invention patent of a domestic owner.")
    scope_note: str
    criteria: list[Criterion]


class Indicator(BaseModel):
    """One quality indicator: the raw value, and the value divided by the largest in its cohort."""

    id: str
    raw: float | None
    normalised: float | None = Field(default=None, description="raw / cohort maximum (0-1); null when raw is unknown.")
    cohort_max: float | None = None
    note: str = ""


class Quality(BaseModel):
    cohort_year: int | None
    cohort_field: str | None
    cohort_size: int = Field(description="Patent documents of the same filing year and technology field in the store.")
    indicators: list[Indicator]
    forward_window_years: int


class ValueReport(BaseModel):
    """`iprhub value NUMBER`: the high-value criteria and the quality indicators of one patent."""

    query: str
    pub_number: str | None = Field(description="The stored document judged; null for an application known "
                                               "only from its events.")
    app_key: str | None
    title: str | None = None
    filing_date: dt.date | None = None
    grant_date: dt.date | None = None
    as_of: dt.date
    high_value: HighValue
    quality: Quality | None = Field(default=None, description="Null when no document of the patent is stored.")


class Component(BaseModel):
    id: str
    raw: float | None
    score: float | None = Field(description="0-1; null when the data does not give it.")
    weight: float
    rule: str = Field(description="How raw becomes score.")


class OwnerScore(BaseModel):
    owner: str
    names: list[str]
    documents: int
    applications: int
    components: list[Component]
    composite: float | None = Field(description="Σ weight × score over the known components, divided by their "
                                                "weights' sum (the weight of unknown components is left out and said).")
    weight_known: float
    high_value: dict[str, int] = Field(default_factory=dict, description="Its invention patents by answer.")
    by_year: dict[str, int] = Field(default_factory=dict, description="Applications by filing year.")
    high_value_by_year: dict[str, dict[str, int]] = Field(default_factory=dict,
                                                          description="High-value answers by filing year.")
    judged: int = Field(default=0, description="Applications whose criteria and indicators were computed "
                                               "(fewer than ``applications`` when the time limit cut it).")


class Scorecard(BaseModel):
    owners: list[OwnerScore]
    weights: dict[str, float]
    as_of: dt.date
    notes: list[str] = Field(default_factory=list)
    partial: bool = Field(default=False, description="The time limit cut the classification of some patents.")
    warnings: list[str] = Field(default_factory=list)


class OfficialValue(BaseModel):
    period: str
    value: str
    unit: str | None = None
    source_url: str


class HighValueCounts(BaseModel):
    """Invention patents of the store (one per application) by high-value answer, grouped by owner, filing
    year or region (the first applicant's country)."""

    by: str
    rows: list[dict[str, int | str]]
    classified: int
    invention_applications: int
    partial: bool = False
    warnings: list[str] = Field(default_factory=list)
    per_10k: str = Field(default="not computed: the store holds no population figures",
                         description="The per-10,000-people indicator needs population data with its source.")
    official: list[OfficialValue] = Field(default_factory=list, description="The officially reported values of "
                                          "the indicator (hvip_per_10k), from the indicator monitor.")
