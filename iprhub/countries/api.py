"""API routes of the countries capability (mounted under /api/v1): country pages, comparison, filing-route
planner, strategy indicators; one-line adapters over ``hub.countries``."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Path, Query, Request, Response

from iprhub.countries.model import (
    CountryComparison,
    CountryIndex,
    CountryProfile,
    FilingPlan,
    IndicatorReport,
)
from iprhub.web.deps import HubDep
from iprhub.web.representation import record_response

router = APIRouter(tags=["countries"])  # mounted under /api/v1 with the core's dependencies
CODE = Path(..., min_length=2, max_length=40, description="ISO 3166 two-letter code (VN) or a country name.")


@router.get("/countries", response_model=CountryIndex)
def countries(hub: HubDep, region: str | None = Query(None, max_length=40),
              treaty: Literal["paris", "pct", "madrid_protocol", "hague"] | None = None,
              pph: Literal["open", "any", "none"] | None = None,
              bri: Literal["yes", "no_data"] | None = None) -> CountryIndex:
    """Every state: region, Belt and Road status, filing treaties in force, CNIPA PPH, law facts; filtered."""
    return hub.countries.index(region, treaty, pph, bri)


@router.get("/countries/compare", response_model=CountryComparison)
def compare(hub: HubDep, codes: str = Query(..., min_length=2, max_length=200,
                                            description="Comma-separated codes, e.g. `CN,VN,TH`.")) -> CountryComparison:
    """Countries side by side."""
    return hub.countries.compare(codes)


@router.get("/countries/{code}", response_model=CountryProfile,
            responses={304: {"description": "Not modified (If-None-Match matched the ETag)."}})
def country(request: Request, hub: HubDep, code: str = CODE) -> Response:
    """One country: treaties, PCT time limit, regional systems, PPH, law parameters, Belt and Road, sources."""
    return record_response(request, hub.countries.profile(code))


@router.get("/plan", response_model=FilingPlan)
def plan(
    hub: HubDep,
    first_filing: str = Query(..., min_length=2, max_length=40, description="Country of the first filing, e.g. CN."),
    date: str = Query(..., min_length=4, max_length=10, description="Priority date YYYY-MM-DD (may lie ahead)."),
    type: Literal["invention", "utility", "design", "trademark"] = Query("invention"),
    targets: str = Query(..., min_length=2, max_length=400, description="Comma-separated targets, e.g. VN,TH."),
) -> FilingPlan:
    """Filing routes and deadlines per target (Paris, PCT, regional, Madrid, Hague), PPH options, warnings."""
    return hub.countries.plan(first_filing, date, type, targets)


@router.get("/plan.ics", response_class=Response,
            responses={200: {"content": {"text/calendar": {}}, "description": "The plan's deadlines (RFC 5545)."}})
def plan_calendar(
    hub: HubDep,
    first_filing: str = Query(..., min_length=2, max_length=40, description="Country of the first filing, e.g. CN."),
    date: str = Query(..., min_length=4, max_length=10, description="Priority date YYYY-MM-DD (may lie ahead)."),
    type: Literal["invention", "utility", "design", "trademark"] = Query("invention"),
    targets: str = Query(..., min_length=2, max_length=400, description="Comma-separated targets, e.g. VN,TH."),
) -> Response:
    """The plan's deadlines as an iCalendar file (one all-day event per dated deadline, reminder 14 days before)."""
    return Response(hub.countries.plan_calendar(first_filing, date, type, targets), media_type="text/calendar",
                    headers={"Content-Disposition": 'attachment; filename="filing-plan.ics"'})


@router.get("/indicators", response_model=IndicatorReport)
def indicators(hub: HubDep) -> IndicatorReport:
    """IP strategy indicators: baseline, 2025 target, yearly values, progress."""
    return hub.countries.indicators()
