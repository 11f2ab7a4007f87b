"""Portal pages of the trademarks capability: search with facets, a mark page, a comparison (JSON twins)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Query, Request, Response

from iprhub.errors import InvalidInput
from iprhub.trademarks.goods import parse_classes
from iprhub.trademarks.offices import check_offices
from iprhub.web.deps import HubDep, rate_limit


def form_date(value: str | None, field: str) -> dt.date | None:
    """A date from the search form: an empty input is no date (the browser sends ``date_from=``)."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"not a date (YYYY-MM-DD): {value!r}", field=field) from None


router = APIRouter(dependencies=[Depends(rate_limit)], include_in_schema=False)


@router.get("/tm")
def search(
    request: Request,
    hub: HubDep,
    q: str | None = Query(None, max_length=200),
    owner: str | None = Query(None, max_length=200),
    classes: str | None = Query(None, max_length=200),
    offices: str | None = Query(None, max_length=200),
    status: str | None = Query(None, max_length=80),
    goods: str | None = Query(None, max_length=200),
    similar: bool = False,
    limit: int = Query(50, ge=1, le=200),
    date_from: str | None = Query(None, max_length=10),
    date_to: str | None = Query(None, max_length=10),
    date_field: str = Query("filed", max_length=20),
) -> Response:
    page = hub.trademarks.search_page(
        q,
        owner=owner,
        goods=goods,
        classes=parse_classes(classes),
        offices=check_offices(offices),
        status=status,
        similar=similar,
        limit=limit,
        date_from=form_date(date_from, "date_from"),
        date_to=form_date(date_to, "date_to"),
        date_field=date_field,
    )
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
