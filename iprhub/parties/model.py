"""What the parties service returns."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

PartyKind = Literal["applicant", "inventor"]


class Spelling(BaseModel):
    name: str
    key: str
    documents: int


class Evidence(BaseModel):
    """Why a spelling joined its entity."""

    key: str = Field(description="The name key that joined.")
    into: str = Field(description="The key it joined.")
    rule: str = Field(description="same-key, phonetic, edit-distance, extends, same-family or manual.")
    score: float = Field(description="Confidence of this merge, 0..1.")


class EntitySummary(BaseModel):
    id: str
    kind: PartyKind
    name: str = Field(description="The commonest spelling.")
    spellings: int
    documents: int
    confidence: float = Field(description="The lowest confidence of the merges that built it (1: one key).")


class Count(BaseModel):
    key: str
    count: int
    label: str | None = None


class EntityPage(BaseModel):
    entity: EntitySummary
    spellings: list[Spelling]
    evidence: list[Evidence]
    documents: list[str] = Field(description="Publication numbers, newest first.")
    families: int
    years: list[Count]
    offices: list[Count]
    classes: list[Count]
    co_applicants: list[Count]
    inventors: list[Count]
    search: str = Field(description="A pa=/in= query that finds every spelling.")


class EntityList(BaseModel):
    kind: PartyKind
    total: int
    entities: list[EntitySummary]


class Decision(BaseModel):
    id: int
    kind: PartyKind
    action: Literal["merge", "split"]
    key_a: str
    key_b: str
    note: str | None = None
