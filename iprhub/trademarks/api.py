"""API routes of the trademarks capability (mounted under /api/v1); one-line adapters over ``hub.trademarks``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from iprhub.trademarks.filters import MarkFilter, parse_date
from iprhub.trademarks.goods import parse_classes
from iprhub.trademarks.models import MarkComparison, MarkPage, MarkSearchResult
from iprhub.trademarks.offices import check_offices
from iprhub.web.deps import HubDep

router = APIRouter(tags=["trademarks"])


def mark_filter(
    owner: str | None = Query(None, max_length=200, description="Words of the owner's name."),
    goods: str | None = Query(None, max_length=200, description="Words of the goods/services."),
    classes: str | None = Query(None, max_length=200, description="Nice classes, e.g. `9,42`."),
    offices: str | None = Query(None, max_length=200, description="ST.3 office codes, e.g. `KR,TW`."),
    status: str | None = Query(None, max_length=80, description="Words of the status, e.g. `registered`."),
    date_from: str | None = Query(None, max_length=10, description="On or after this date (YYYY-MM-DD)."),
    date_to: str | None = Query(None, max_length=10, description="On or before this date (YYYY-MM-DD)."),
    date_field: str = Query(
        "filed", max_length=20, description="The date the range applies to: `filed`, `published` or `registered`."
    ),
) -> MarkFilter:
    """The search filters of the API and the portal page, read from the query string (one definition)."""
    return MarkFilter.of(
        fields={
            "owner": owner,
            "goods": goods,
            "classes": parse_classes(classes),
            "offices": check_offices(offices),
            "status": status,
            "date_from": parse_date(date_from, "date_from"),
            "date_to": parse_date(date_to, "date_to"),
            "date_field": date_field,
        }
    )


MarkFilterDep = Annotated[MarkFilter, Depends(mark_filter)]


@router.get("/tm/search", response_model=MarkSearchResult)
def search(
    hub: HubDep,
    where: MarkFilterDep,
    q: str | None = Query(None, max_length=200, description="Mark text, any script."),
    similar: bool = Query(False, description="Rank by the similarity engine (each hit with its comparison)."),
    limit: int = Query(50, ge=1, le=1000),
    time_limit: float | None = Query(None, gt=0, le=60),
) -> MarkSearchResult:
    """Trademarks by text (exact, prefix, fuzzy, phonetic, across scripts), owner, classes, offices, status,
    goods words and filing, publication or registration dates."""
    return hub.trademarks.search(q, where, similar=similar, limit=limit, time_limit=time_limit)


@router.get("/tm/compare", response_model=MarkComparison)
def compare(
    hub: HubDep,
    a: str = Query(..., max_length=200),
    b: str = Query(..., max_length=200),
    classes_a: str | None = Query(None, max_length=200),
    classes_b: str | None = Query(None, max_length=200),
) -> MarkComparison:
    """Two marks compared: explained signals, combined score, tier."""
    return hub.trademarks.compare(
        a, b, classes_a=parse_classes(classes_a, "classes_a"), classes_b=parse_classes(classes_b, "classes_b")
    )


@router.get("/tm/marks/{number:path}", response_model=MarkPage)
def mark(hub: HubDep, number: str) -> MarkPage:
    """One mark: goods by class, owners, status history, similar marks."""
    return hub.trademarks.mark_page(number)
