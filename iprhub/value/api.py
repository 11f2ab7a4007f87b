"""API routes of the value capability (under /api/v1): one-line adapters over ``hub.value``."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query

from iprhub.value.model import HighValueCounts, Scorecard, ValueReport
from iprhub.web.deps import HubDep

router = APIRouter(tags=["value"])


@router.get("/value/counts", response_model=HighValueCounts)
def counts(hub: HubDep, by: Literal["owner", "year", "region"] = "owner") -> HighValueCounts:
    """Stored invention patents by high-value answer, per owner, filing year or region; the official
    per-10,000-people values beside them (partial past the time limit)."""
    return hub.value.counts(by)


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
