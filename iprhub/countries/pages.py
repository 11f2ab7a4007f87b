"""Page routes of the countries capability: the landing page with its forms, country pages,
comparisons, the filing-route planner and the indicator monitor (each with its JSON twin)."""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import RedirectResponse

from iprhub.countries.labels import label
from iprhub.countries.render import CSS, page_context, template_of
from iprhub.countries.worldmap import map_context
from iprhub.web.deps import HubDep, rate_limit
from iprhub.web.pages.render import style_hash

router = APIRouter(dependencies=[Depends(rate_limit)], include_in_schema=False)
_STYLE_HASHES = (style_hash(CSS),)


def _page(request: Request, model: Any, **extra: Any) -> Response:
    return request.app.state.pages.render(request, template_of(model),
                                          {**page_context(model, layout="countries/portal.html"), **extra},
                                          model=model, style_hashes=_STYLE_HASHES)


@router.get("/countries")
def countries(request: Request, hub: HubDep, code: str | None = Query(None, max_length=40),
              region: str | None = Query(None, max_length=40), treaty: str | None = Query(None, max_length=20),
              pph: str | None = Query(None, max_length=10), bri: str | None = Query(None, max_length=10)) -> Response:
    if code:
        return RedirectResponse(f"/countries/{code.strip()}", status_code=303)
    index = hub.countries.index(region or None, treaty or None, pph or None, bri or None)
    return request.app.state.pages.render(request, "countries/index.html",
                                          {"index": index, "label": label, **map_context(index)}, model=index)


@router.get("/countries/compare")
def compare(request: Request, hub: HubDep, codes: str = Query(..., min_length=2, max_length=200)) -> Response:
    return _page(request, hub.countries.compare(codes))


@router.get("/countries/{code}")
def country(request: Request, hub: HubDep, code: str) -> Response:
    return _page(request, hub.countries.profile(code))


@router.get("/plan")
def plan(request: Request, hub: HubDep, first_filing: str | None = Query(None, max_length=40),
         date: str | None = Query(None, max_length=10),
         type: Literal["invention", "utility", "design", "trademark"] = "invention",
         targets: str | None = Query(None, max_length=400)) -> Response:
    if not (first_filing and date and targets):
        return request.app.state.pages.render(request, "countries/index.html", {"plan_form": True})
    query = urlencode({"first_filing": first_filing, "date": date, "type": type, "targets": targets})
    return _page(request, hub.countries.plan(first_filing, date, type, targets), ics_href=f"/api/v1/plan.ics?{query}")


@router.get("/indicators")
def indicators(request: Request, hub: HubDep) -> Response:
    return _page(request, hub.countries.indicators())
