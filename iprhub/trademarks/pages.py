"""Portal pages of the trademarks capability: search with facets, a mark page, a comparison (JSON twins)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request, Response

from iprhub.trademarks.api import MarkFilterDep
from iprhub.trademarks.goods import parse_classes
from iprhub.web.deps import HubDep, rate_limit

router = APIRouter(dependencies=[Depends(rate_limit)], include_in_schema=False)


@router.get("/tm")
def search(
    request: Request,
    hub: HubDep,
    where: MarkFilterDep,
    q: str | None = Query(None, max_length=200),
    similar: bool = False,
    limit: int = Query(50, ge=1, le=200),
) -> Response:
    page = hub.trademarks.search_page(q, where, similar=similar, limit=limit)
    return request.app.state.pages.render(request, "trademarks/search.html", {"page": page}, model=page)


@router.get("/tm/compare")
def compare(
    request: Request,
    hub: HubDep,
    a: str = Query(..., max_length=200),
    b: str = Query(..., max_length=200),
    classes_a: str | None = Query(None, max_length=200),
    classes_b: str | None = Query(None, max_length=200),
) -> Response:
    c = hub.trademarks.compare(
        a, b, classes_a=parse_classes(classes_a, "classes_a"), classes_b=parse_classes(classes_b, "classes_b")
    )
    return request.app.state.pages.render(request, "trademarks/compare.html", {"c": c}, model=c)


@router.get("/tm/mark/{number:path}")
def mark(request: Request, hub: HubDep, number: str) -> Response:
    page = hub.trademarks.mark_page(number)
    return request.app.state.pages.render(request, "trademarks/mark.html", {"page": page}, model=page)
