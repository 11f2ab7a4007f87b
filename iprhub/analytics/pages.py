"""The portal's Analyse view (JSON twin ``?format=json``; CSV of a chart through the API)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from iprhub.analytics.charts import search_href, svg
from iprhub.web.deps import HubDep, rate_limit

router = APIRouter(dependencies=[Depends(rate_limit)], include_in_schema=False)


@router.get("/analyse")
def analyse(request: Request, hub: HubDep, q: str | None = Query(None, max_length=2000),
            unit: Literal["family", "document"] = "family") -> Response:
    if not q:
        return request.app.state.pages.render(request, "analytics/analyse.html", {"a": None, "q": ""})
    analysis = hub.analytics.analyze(q, unit=unit)
    return request.app.state.pages.render(request, "analytics/analyse.html", {"a": analysis, "q": q, "unit": unit, "svg": svg,
                                                                                 "href": search_href},
                                          model=analysis)
