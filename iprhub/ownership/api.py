"""API routes of the ownership capability (under /api/v1): one-line adapters over ``hub.ownership``."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Response

from iprhub.ownership.model import OwnerHistory, OwnershipHistory, PledgeList, StatsTable
from iprhub.ownership.render import stats_csv
from iprhub.web.deps import HubDep

router = APIRouter(tags=["ownership"])
By = Literal["year", "type", "field", "region", "office"]


@router.get("/ownership/history/{number}", response_model=OwnershipHistory)
def history(hub: HubDep, number: str) -> OwnershipHistory:
    """A patent's chain of title: recordings in order, current owner, security interests and releases, findings."""
    return hub.ownership.history(number)


@router.get("/ownership/owners", response_model=OwnerHistory)
def owner(hub: HubDep, name: str = Query(..., min_length=2, max_length=200)) -> OwnerHistory:
    """An owner's acquisitions, disposals, pledges and name changes."""
    return hub.ownership.owner(name)


@router.get("/ownership/stats", response_model=StatsTable)
def stats(hub: HubDep, by: By = "year") -> StatsTable:
    """Recordings by year, type, field, region or office (CNIPA's layout; small cells suppressed)."""
    return hub.ownership.stats(by)


@router.get("/ownership/stats.csv", response_class=Response,
            responses={200: {"description": "The table as CSV.", "content": {"text/csv": {"schema": {"type": "string"}}}}})
def stats_as_csv(hub: HubDep, by: By = "year") -> Response:
    """The statistics table as CSV (the cells the table shows)."""
    return Response(stats_csv(hub.ownership.stats(by)), media_type="text/csv")


@router.get("/ownership/pledges", response_model=PledgeList)
def pledges(hub: HubDep) -> PledgeList:
    """Every recorded security interest with the properties it covers and its releases."""
    return hub.ownership.pledges()
