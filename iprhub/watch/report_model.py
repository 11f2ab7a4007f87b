"""Typed results of squatting detection, freedom-to-operate screening and risk reports."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from iprhub.watch.model import NOT_LEGAL_ADVICE, ActionDeadline, Alert, Comparison


class MarkRef(BaseModel):
    key: str
    office: str
    text: str
    owners: list[str] = Field(default_factory=list)
    classes: list[int] = Field(default_factory=list)
    filed: dt.date | None = None
    published: dt.date | None = None
    status: str | None = None


class SquattingFinding(BaseModel):
    """A mark in a target country resembling one of the owner's marks, filed by someone else."""

    owner_mark: MarkRef
    other_mark: MarkRef
    comparison: Comparison
    shared_classes: list[int] = Field(default_factory=list)
    filed_after_owner: bool | None = None
    deadline: ActionDeadline
    evidence: list[str] = Field(default_factory=list)


class PatternHit(BaseModel):
    rule: str  # bulk_filings / others_marks / many_classes / short_period
    indicator: str  # the rule's text
    value: int
    threshold: int
    sources: list[str] = Field(default_factory=list)


class ApplicantProfile(BaseModel):
    """An applicant of findings with the bad-faith patterns its filings show in this store."""

    name: str
    marks_in_store: int
    findings: int
    resembling_others: int  # of the owner's marks
    copies_of_others: int = 0  # its marks resembling an earlier mark of any other owner
    owners_copied: list[str] = Field(default_factory=list)
    many_class_marks: int
    most_in_30_days: int
    patterns: list[PatternHit] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)


class SquattingReport(BaseModel):
    owner: str
    countries: list[str]
    owner_marks: list[MarkRef]
    findings: list[SquattingFinding] = Field(default_factory=list)
    applicants: list[ApplicantProfile] = Field(default_factory=list)
    marks_compared: int = 0
    engine: str
    partial: bool = False
    notice: str | None = None
    limits: list[str] = Field(default_factory=list)
    rules_source: str = ""


class FtoHit(BaseModel):
    pub_number: str
    title: str | None = None
    applicants: list[str] = Field(default_factory=list)
    score: float
    filed: dt.date | None = None
    term_years: int | None = None
    expiry_estimate: dt.date | None = None
    status: str  # likely in force / pending application / expired (estimate) / lapsed / unknown
    status_basis: str
    lapse_events: list[str] = Field(default_factory=list)
    claim_number: int | None = None
    claim_text: str | None = None
    claim_score: float | None = None


class FtoReport(BaseModel):
    text: str
    country: str
    date: dt.date
    hits: list[FtoHit] = Field(default_factory=list)
    considered: int = 0
    model: str = ""
    notice: str = NOT_LEGAL_ADVICE
    partial: bool = False
    warnings: list[str] = Field(default_factory=list)


class CountryFacts(BaseModel):
    code: str
    name: str
    trademark_opposition: str
    trademark_term: str
    patent_term: str
    madrid: bool | None = None
    pct: bool | None = None
    paris: bool | None = None


class ChartBar(BaseModel):
    label: str
    values: dict[str, int]


class RiskReport(BaseModel):
    owner: str
    countries: list[str]
    generated: dt.datetime
    watch_hits: list[Alert] = Field(default_factory=list)
    squatting: SquattingReport
    fto: list[FtoReport] = Field(default_factory=list)
    facts: list[CountryFacts] = Field(default_factory=list)
    by_country: list[ChartBar] = Field(default_factory=list)
    score: dict[str, str] = Field(default_factory=dict)  # country -> high / medium / low
    notice: str = NOT_LEGAL_ADVICE
