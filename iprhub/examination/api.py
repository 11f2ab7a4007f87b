"""API routes of the examination capability (mounted under /api/v1); one-line adapters over
``hub.examination``."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Body, Path, Query

from iprhub.examination.model import Dossier, PatentFamily, PphCheck, RankResult
from iprhub.web.deps import HubDep

router = APIRouter(tags=["examination"])
NUMBER = Path(..., min_length=2, max_length=60, description="Publication or application number.")


@router.get("/examination/families/{number}", response_model=PatentFamily)
def family(hub: HubDep, number: str = NUMBER,
           extended: bool = Query(False, description="INPADOC extended family (any shared priority).")) -> PatentFamily:
    """The simple (DOCDB) or extended (INPADOC) family computed from the stored priority claims."""
    return hub.examination.family(number, extended=extended)


@router.get("/dossier/{number}", response_model=Dossier)
def dossier(hub: HubDep, number: str = NUMBER) -> Dossier:
    """Per office: members, status, citations, office actions, examiner decisions; merged citations; timeline."""
    return hub.examination.dossier(number)


@router.get("/pph/{number}", response_model=PphCheck)
def pph(hub: HubDep, number: str = NUMBER, at: str = Query(..., min_length=2, max_length=20),
        date: dt.date | None = Query(None, description="Judge programmes on this date.")) -> PphCheck:
    """PPH eligibility at office ``at`` with the claim-correspondence table (claims of the application there)."""
    return hub.examination.pph_check(number, at, as_of=date)


@router.post("/pph/{number}", response_model=PphCheck)
def pph_claims(hub: HubDep, number: str = NUMBER, at: str = Query(..., min_length=2, max_length=20),
               date: dt.date | None = Query(None),
               claims: str = Body(..., media_type="text/plain", max_length=200_000,
                                  description="The claims to file, one numbered claim per paragraph.")) -> PphCheck:
    """The same check for claims given in the request body."""
    return hub.examination.pph_check(number, at, claims=claims, claims_name="request body", as_of=date)


@router.get("/rank", response_model=RankResult)
def rank(hub: HubDep, candidates: str = Query(..., min_length=2, max_length=2000),
         claim: str | None = Query(None, max_length=20000), claim_of: str | None = Query(None, max_length=80),
         top: int = Query(3, ge=1, le=50)) -> RankResult:
    """Order candidate documents for one claim, with the passages matching each claim element."""
    return hub.examination.rank(claim=claim, claim_of=claim_of, top=top,
                                candidates=[c.strip() for c in candidates.split(",") if c.strip()])
