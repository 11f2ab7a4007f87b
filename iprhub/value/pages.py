"""Portal pages of the value capability: a patent's value report and the scorecard comparison."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from iprhub.value.render import CSS
from iprhub.web.deps import HubDep, rate_limit
from iprhub.web.pages.render import style_hash

router = APIRouter(dependencies=[Depends(rate_limit)], include_in_schema=False)
_STYLE = (style_hash(CSS),)


def _page(request: Request, template: str, model: Any) -> Response:
    return request.app.state.pages.render(request, f"value/{template}", {"m": model, "css": CSS, "layout": "base.html"},
                                          model=model, style_hashes=_STYLE)


@router.get("/value")
def value(request: Request, hub: HubDep, number: str | None = Query(None, max_length=80)) -> Response:
    if not number:
        return request.app.state.pages.render(request, "value/index.html", {"css": CSS, "layout": "base.html"},
                                              style_hashes=_STYLE)
    return _page(request, "report.html", hub.value.report(number))


@router.get("/value/counts")
def counts(request: Request, hub: HubDep, by: Literal["owner", "year", "region"] = "owner") -> Response:
    return _page(request, "counts.html", hub.value.counts(by))


@router.get("/scorecard")
def scorecard(request: Request, hub: HubDep, owners: list[str] = Query(..., min_length=1, max_length=50),
              weights: str | None = Query(None, max_length=400)) -> Response:
    return _page(request, "scorecard.html", hub.value.scorecard(owners, weights))
