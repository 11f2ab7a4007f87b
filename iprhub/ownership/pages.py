"""Portal pages of the ownership capability (each with its JSON twin, the statistics with a CSV twin)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import PlainTextResponse

from iprhub.ownership.render import CSS, stats_csv, stats_svg, table_rows
from iprhub.web.deps import HubDep, rate_limit
from iprhub.web.pages.render import style_hash

router = APIRouter(dependencies=[Depends(rate_limit)], include_in_schema=False)
_STYLE = (style_hash(CSS),)
By = Literal["year", "type", "field", "region", "office"]


def _page(request: Request, template: str, model: Any, **ctx: Any) -> Response:
    return request.app.state.pages.render(request, f"ownership/{template}", {"m": model, "css": CSS, **ctx},
                                          model=model, style_hashes=_STYLE)


@router.get("/ownership")
def stats(request: Request, hub: HubDep, by: By = "year", format: str | None = Query(None)) -> Response:
    table = hub.ownership.stats(by)
    if format == "csv":
        return PlainTextResponse(stats_csv(table), media_type="text/csv")
    return _page(request, "stats.html", table, rows=table_rows(table), svg=stats_svg, pledges=hub.ownership.pledges())


@router.get("/ownership/history")
def history(request: Request, hub: HubDep, number: str = Query(..., min_length=1, max_length=80)) -> Response:
    return _page(request, "history.html", hub.ownership.history(number))


@router.get("/ownership/owner")
def owner(request: Request, hub: HubDep, name: str = Query(..., min_length=2, max_length=200)) -> Response:
    return _page(request, "owner.html", hub.ownership.owner(name))
