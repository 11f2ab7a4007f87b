"""Typed results of the examination capability: families, dossiers, PPH checks, passage ranking."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

FamilyKind = Literal["simple", "extended"]


class FamilyDocument(BaseModel):
    pub_number: str
    country: str
    kind: str | None = None
    doc_type: str
    pub_date: dt.date | None = None
    application: str | None = Field(default=None, description="Canonical application key.")
    app_date: dt.date | None = None
    title: str | None = None
    priorities: list[str] = Field(default_factory=list, description="Canonical priority application keys claimed.")
    priority_set: list[str] = Field(default_factory=list, description="The DOCDB priority set this document is "
                                    "grouped by (own application when it claims none).")
    source_family_id: str | None = Field(default=None, description="DOCDB family id the source gave, if any.")


class FamilyConflict(BaseModel):
    """Where the computed grouping and the family ids given by the sources disagree."""

    kind: Literal["split-source-ids", "source-id-elsewhere"]
    message: str
    documents: list[str]
    source_family_ids: list[str]


class PatentFamily(BaseModel):
    """A family computed from stored priority claims.

    ``simple``: the DOCDB rule, documents with exactly the same priority set; ``extended``: the INPADOC
    rule, documents connected through any shared priority (or application), directly or through others.
    """

    kind: FamilyKind
    query: str
    anchor: str = Field(description="The publication the number resolved to.")
    members: list[FamilyDocument]
    applications: list[str]
    countries: list[str]
    priorities: list[str] = Field(description="Every priority key of the members.")
    earliest_priority: dt.date | None = None
    source_family_ids: list[str]
    simple_families: list[list[str]] = Field(default_factory=list,
                                             description="Extended family: its simple families (publication numbers).")
    conflicts: list[FamilyConflict] = Field(default_factory=list)
    partial: bool = False
    warnings: list[str] = Field(default_factory=list)


class DossierCitation(BaseModel):
    number: str
    categories: list[str] = Field(default_factory=list)
    cited_by: str = "unknown"
    phase: str | None = None
    office: str
    in_document: str | None = Field(default=None, description="Publication whose report lists it.")
    in_application: str | None = None
    source: str = Field(description="Where it comes from: search-report, office-action, panorama.")
    legal_section: str | None = None


class DossierEvent(BaseModel):
    date: dt.date | None = None
    office: str
    application: str
    kind: str = Field(description="publication, filing, priority, grant, legal, prosecution, office-action, "
                                  "examiner-decision, trial, assignment, dossier.")
    code: str | None = None
    description: str


class Rejection(BaseModel):
    section: str = Field(description="101, 102, 103, 112, double_patenting … or ALLOW.")
    claims: list[int] = Field(default_factory=list)
    references: list[str] = Field(default_factory=list)
    paragraphs: list[str] = Field(default_factory=list)
    text: str | None = None


class OfficeAction(BaseModel):
    application: str
    action_id: str | None = None
    date: dt.date | None = None
    code: str | None = None
    description: str
    sections: list[str] = Field(default_factory=list, description="Legal sections the action rejects under.")
    rejections: list[Rejection] = Field(default_factory=list)
    references: list[DossierCitation] = Field(default_factory=list)
    source: str


class ClaimDecision(BaseModel):
    """An examiner's decision on one claim (PANORAMA parsed non-final rejection)."""

    claim: int
    parent: int | None = None
    rejected: bool
    sections: list[str] = Field(default_factory=list)
    references: list[str] = Field(default_factory=list)
    paragraphs: list[str] = Field(default_factory=list)


class ExaminerRecord(BaseModel):
    """PANORAMA's record of one USPTO examination."""

    application: str
    examiner: str | None = None
    art_unit: str | None = None
    status: str | None = None
    filing_date: dt.date | None = None
    grant_date: dt.date | None = None
    patent_number: str | None = None
    cited_patents: list[str] = Field(default_factory=list)
    decisions: list[ClaimDecision] = Field(default_factory=list)
    allowed_claims: list[int] = Field(default_factory=list, description="Final claims not cancelled.")
    source_file: str


class OfficeView(BaseModel):
    office: str
    applications: list[str]
    members: list[FamilyDocument]
    status: str | None = None
    status_date: dt.date | None = None
    granted: list[str] = Field(default_factory=list, description="Granted publications.")
    citations: list[DossierCitation] = Field(default_factory=list)
    office_actions: list[OfficeAction] = Field(default_factory=list)
    examiner_records: list[ExaminerRecord] = Field(default_factory=list)
    events: list[DossierEvent] = Field(default_factory=list)
    from_nodes: dict[str, str] = Field(default_factory=dict, description="Publications pulled from another "
                                       "platform node, with that node's name (exchange capability).")


class MergedCitation(BaseModel):
    """One cited document and which offices cited it, how (the common-citation-document view)."""

    number: str
    offices: dict[str, list[str]] = Field(description="office -> categories/sections it gave (may be empty).")
    cited_by: list[str] = Field(default_factory=list)
    in_store: str | None = None


class Dossier(BaseModel):
    query: str
    family: PatentFamily | None = None
    offices: list[OfficeView]
    merged_citations: list[MergedCitation]
    timeline: list[DossierEvent]
    partial: bool = False
    warnings: list[str] = Field(default_factory=list)


class Programme(BaseModel):
    name: str = Field(description="CNIPA bilateral PPH, IP5 PPH, Global PPH.")
    offices: list[str]
    start: dt.date | None = None
    end: dt.date | None = None
    status: Literal["in force", "ended", "not begun", "start unknown"]
    note: str | None = None
    source: str | None = None


class Requirement(BaseModel):
    id: str
    met: bool | None = Field(description="null: cannot be told from the records.")
    explanation: str


class CorrespondenceRow(BaseModel):
    claim: int = Field(description="Claim number in the application filed at the office of later examination.")
    text: str
    depends_on: list[int] = Field(default_factory=list)
    allowed_claim: int | None = Field(default=None, description="The allowed claim it corresponds to.")
    allowed_text: str | None = None
    similarity: float
    verdict: Literal["identical", "narrower", "does not correspond"]
    added: list[str] = Field(default_factory=list, description="Words of the claim the allowed claim lacks.")
    missing: list[str] = Field(default_factory=list, description="Words of the allowed claim the claim lacks.")
    diff_html: str = Field(default="", description="The claim with added words in <ins> and missing ones in <del>.")
    renumbered: bool = False
    translation_needed: bool = False
    explanation: str


class PphCheck(BaseModel):
    query: str
    at: str
    as_of: dt.date
    earlier_office: str | None = None
    earlier_application: str | None = None
    earlier_publication: str | None = Field(default=None, description="The grant whose claims are the allowed claims.")
    later_application: str | None = None
    eligible: bool
    programmes: list[Programme]
    programmes_not_offered: list[Programme] = Field(default_factory=list)
    requirements: list[Requirement]
    correspondence: list[CorrespondenceRow] = Field(default_factory=list)
    claims_source: str = Field(default="", description="Where the claims to be filed came from.")
    explanation: list[str] = Field(default_factory=list)


class Passage(BaseModel):
    key: str
    text: str
    score: float
    elements: list[int] = Field(default_factory=list, description="Claim elements this passage matches best.")


class ElementMatch(BaseModel):
    element: int
    text: str
    passage: str | None = None
    score: float


class RankedCandidate(BaseModel):
    candidate: str
    title: str | None = None
    score: float
    passages: list[Passage]
    elements: list[ElementMatch]


class RankResult(BaseModel):
    claim: str
    elements: list[str]
    candidates: list[RankedCandidate]
    method: str
    extra: dict[str, Any] = Field(default_factory=dict)
