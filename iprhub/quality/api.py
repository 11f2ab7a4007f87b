"""API routes of the quality capability (under /api/v1): screening, review, pair explanations, agency
scorecards, credit records; one-line adapters over ``hub.quality``. Screening results name parties and
stay with analysts; writing (runs, reviews, credit entries) needs an administrator."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Body, Query, Response
from fastapi import Path as PathParam
from pydantic import BaseModel, Field

from iprhub.quality.models import AgencyScorecard, CreditRecord, Finding, PairExplanation, ScreeningRun
from iprhub.web.deps import AdminDep, AnalystDep, HubDep

router = APIRouter(tags=["quality"])
RUN = PathParam(..., ge=1, le=2**53, description="A screening run's id.")
FINDING = PathParam(..., ge=1, le=2**53, description="A finding's id.")


class ScreenRequest(BaseModel):
    batch: list[str] | None = Field(None, description="Ingested files/folders or publication numbers to screen.")
    applicant: str | None = None
    agency: str | None = None
    weights: str | None = Field(None, description="e.g. `near_duplicate=2,splitting=0` over the defaults.")
    time_limit: float | None = Field(None, gt=0, le=3600)


class ReviewRequest(BaseModel):
    status: Literal["confirmed", "dismissed", "open"]
    note: str | None = Field(None, max_length=2000)


class CreditRequest(BaseModel):
    party: str = Field(..., min_length=1, max_length=300)
    kind: Literal["agency", "applicant"] = "agency"
    entry: Literal["sanction", "note"] = "sanction"
    points: float = Field(0, ge=-100, le=100)
    detail: str = Field(..., min_length=1, max_length=2000)


@router.post("/quality/screen", response_model=ScreeningRun)
def screen(hub: HubDep, _: AdminDep, body: ScreenRequest = Body(...)) -> ScreeningRun:
    """Screen the store (or a batch, an applicant's or an agency's records); the run is stored for review."""
    return hub.quality.screen(**body.model_dump())


@router.get("/quality/runs/latest", response_model=ScreeningRun)
def latest(hub: HubDep, _: AnalystDep, status: Literal["open", "confirmed", "dismissed"] | None = None,
           limit: int = Query(200, ge=1, le=10_000)) -> ScreeningRun:
    return hub.quality.run(None, status=status, limit=limit)


@router.get("/quality/runs/{run_id}.csv", response_class=Response,
            responses={200: {"description": "A row per signal.", "content": {"text/csv": {"schema": {"type": "string"}}}}})
def run_csv(hub: HubDep, _: AnalystDep, run_id: int = RUN) -> Response:
    """The run's findings, a row per signal."""
    return Response(hub.quality.findings_csv(hub.quality.run(run_id, limit=100_000)), media_type="text/csv")


@router.get("/quality/runs/{run_id}", response_model=ScreeningRun)
def run(hub: HubDep, _: AnalystDep, run_id: int = RUN, status: Literal["open", "confirmed", "dismissed"] | None = None,
        limit: int = Query(200, ge=1, le=10_000)) -> ScreeningRun:
    return hub.quality.run(run_id, status=status, limit=limit)


@router.post("/quality/findings/{finding_id}/review", response_model=Finding)
def review(hub: HubDep, principal: AdminDep, finding_id: int = FINDING, body: ReviewRequest = Body(...)) -> Finding:
    return hub.quality.review(finding_id, body.status, body.note, by=principal.name)


@router.get("/quality/explain", response_model=PairExplanation)
def explain(hub: HubDep, _: AnalystDep, a: str = Query(..., max_length=40), b: str = Query(..., max_length=40)) -> PairExplanation:
    """Per-section similarity of two documents and the passages that differ."""
    return hub.quality.explain(a, b)


@router.get("/quality/agencies", response_model=list[AgencyScorecard])
def agencies(hub: HubDep, _: AnalystDep, agency: str | None = Query(None, max_length=300),
             limit: int = Query(100, ge=1, le=5000)) -> list[AgencyScorecard]:
    return hub.quality.agencies(agency, limit=limit)


@router.get("/quality/credit", response_model=CreditRecord)
def credit(hub: HubDep, _: AnalystDep, party: str = Query(..., min_length=1, max_length=300),
           kind: Literal["agency", "applicant"] = "agency") -> CreditRecord:
    return hub.quality.credit(party, kind=kind)


@router.post("/quality/credit", response_model=CreditRecord)
def add_credit(hub: HubDep, principal: AdminDep, body: CreditRequest = Body(...)) -> CreditRecord:
    return hub.quality.add_credit(body.party, kind=body.kind, entry=body.entry, points=body.points,
                                  detail=body.detail, by=principal.name)
