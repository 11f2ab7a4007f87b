"""API routes of the value capability (under /api/v1): one-line adapters over ``hub.value``."""

from __future__ import annotations

from fastapi import APIRouter, Query

from iprhub.value.model import Scorecard, ValueReport
from iprhub.web.deps import HubDep

router = APIRouter(tags=["value"])


@router.get("/value/{number}", response_model=ValueReport)
def value(hub: HubDep, number: str) -> ValueReport:
    """The five CNIPA high-value criteria with evidence, and the cohort-normalised quality indicators."""
    return hub.value.report(number)


@router.get("/scorecard", response_model=Scorecard)
def scorecard(hub: HubDep, owners: list[str] = Query(..., min_length=1, max_length=50),
              weights: str | None = Query(None, max_length=400,
                                          description="NAME=NUMBER,... summing to 1, e.g. size=0.5,quality=0.5")
              ) -> Scorecard:
    """Enterprise IP scorecards side by side: every component, its weight and rule."""
    return hub.value.scorecard(owners, weights)
