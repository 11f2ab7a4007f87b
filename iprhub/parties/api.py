"""API routes of the parties capability (under /api/v1): one-line adapters over ``hub.parties``."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query

from iprhub.parties.model import Decision, EntityList, EntityPage
from iprhub.web.deps import AdminDep, HubDep

router = APIRouter(tags=["parties"])
Kind = Literal["applicant", "inventor"]


@router.get("/parties", response_model=EntityList)
def entities(hub: HubDep, kind: Kind = "applicant", q: str | None = Query(None, max_length=200),
             limit: int = Query(50, ge=1, le=500)) -> EntityList:
    """Applicant or inventor entities, most documents first."""
    return hub.parties.entities(kind, q=q, limit=limit)


@router.get("/parties/expand")
def expand(hub: HubDep, name: str = Query(..., min_length=1, max_length=300), kind: Kind = "applicant") -> dict:
    """The query finding every spelling of a name's entity (``pa=`` expansion)."""
    return {"query": hub.parties.expand_query(name, kind), "spellings": hub.parties.spellings(name, kind)}


@router.get("/parties/{entity_id}", response_model=EntityPage)
def entity(hub: HubDep, entity_id: str) -> EntityPage:
    """One entity: spellings with evidence, portfolio, years, offices, classes, co-applicants, inventors."""
    return hub.parties.entity(entity_id)


@router.post("/parties/decisions", response_model=Decision)
def decide(hub: HubDep, _admin: AdminDep, action: Literal["merge", "split"], a: str = Query(..., max_length=300),
           b: str = Query(..., max_length=300), kind: Kind = "applicant") -> Decision:
    """Merge two spellings' entities or split B from A's (admin; kept across re-ingest)."""
    return hub.parties.decide(action, a, b, kind=kind)
