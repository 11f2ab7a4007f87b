"""What quality screening returns: pydantic models, the same for the CLI, the API and the pages."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

SubjectKind = Literal["document", "applicant", "agency", "trademark-owner"]
Status = Literal["open", "confirmed", "dismissed"]


class RuleRef(BaseModel):
    """The rule a signal supports: instrument and item, as ../shared/reference/abnormal_filing_rules.json
    names them (``None`` item: context the rules do not name, shown for the reviewer's judgement)."""

    instrument: str
    item: str | None = None
    text: str | None = None


class Signal(BaseModel):
    name: str
    value: float = Field(description="Strength 0..1 before weighting.")
    weight: float
    contribution: float = Field(description="value × weight: its share of the score.")
    rule: RuleRef
    detail: str
    evidence: list[str] = Field(default_factory=list, description="The records behind it (numbers).")


class Finding(BaseModel):
    """One screened record or party: a ranked score with the signals that make it, never a verdict."""

    id: int | None = None
    subject_kind: SubjectKind
    subject: str
    score: float
    signals: list[Signal]
    status: Status = "open"
    note: str | None = None
    reviewed_at: dt.datetime | None = None


class Difference(BaseModel):
    section: str
    a: str
    b: str


class SectionSimilarity(BaseModel):
    section: str
    similarity: float | None
    words_a: int
    words_b: int


class PairView(BaseModel):
    a: str
    b: str
    similarity: float
    relation: str = Field(description="same-application, same-family, same-applicant or different-applicants")
    applicants_a: list[str] = Field(default_factory=list)
    applicants_b: list[str] = Field(default_factory=list)


class ClusterView(BaseModel):
    members: list[str]
    pairs: list[PairView]
    relation: str = Field(description="the loosest relation among its pairs: why it matters")
    doc_types: list[str] = Field(default_factory=list)


class PairExplanation(BaseModel):
    a: str
    b: str
    relation: str
    sections: list[SectionSimilarity]
    differences: list[Difference]


class ScreeningRun(BaseModel):
    id: int | None = None
    created_at: dt.datetime | None = None
    scope: str
    documents: int
    screened: int = Field(description="Documents with enough text to compare.")
    weights: dict[str, float]
    findings: list[Finding] = Field(default_factory=list)
    clusters: list[ClusterView]
    partial: bool = False
    notice: str | None = None
    seconds: float = 0.0


class AgencyScorecard(BaseModel):
    agency: str
    spellings: list[str]
    documents: int
    applications: int
    applicants: int
    offices: dict[str, int]
    grants: int
    grant_rate: float | None = Field(None, description="Applications with a granted publication / applications.")
    office_actions: int
    rejections: int
    rejection_rate: float | None = Field(None, description="Applications with a non-final or final rejection / applications with prosecution events.")
    extensions: int
    extension_rate: float | None = Field(None, description="Extensions of time / rejections answered: how often replies came late.")
    abandoned: int
    abnormal_signals: int = Field(0, description="Signals of the latest screening naming this agency or its documents.")
    credit_points: float | None = None


class CreditEntry(BaseModel):
    id: int | None = None
    party_kind: Literal["applicant", "agency"]
    party: str
    kind: Literal["finding", "sanction", "note"]
    points: float = Field(0, description="Deducted from 100 (positive = deduction).")
    detail: str
    finding_id: int | None = None
    created_at: dt.datetime | None = None
    created_by: str | None = None


class CreditRecord(BaseModel):
    party_kind: Literal["applicant", "agency"]
    party: str
    points: float = Field(description="100 minus the deductions recorded.")
    entries: list[CreditEntry]
