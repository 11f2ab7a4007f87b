"""Portal pages of the examination capability (each with its JSON twin at ``?format=json``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response

from iprhub.web.deps import HubDep, rate_limit

router = APIRouter(dependencies=[Depends(rate_limit)], include_in_schema=False)


def _page(request: Request, template: str, model: Any, **extra: Any) -> Response:
    return request.app.state.pages.render(request, f"examination/{template}", {"r": model, **extra}, model=model)


@router.get("/examination")
def index(request: Request) -> Response:
    return request.app.state.pages.render(request, "examination/index.html", {})


@router.get("/examination/family")
def family(request: Request, hub: HubDep, number: str = Query(..., min_length=2, max_length=60),
           extended: bool = False) -> Response:
    return _page(request, "family.html", hub.examination.family(number, extended=extended))


@router.get("/dossier")
def dossier(request: Request, hub: HubDep, number: str = Query(..., min_length=2, max_length=60)) -> Response:
    return _page(request, "dossier.html", hub.examination.dossier(number))


@router.get("/pph")
def pph(request: Request, hub: HubDep, number: str = Query(..., min_length=2, max_length=60),
        at: str = Query(..., min_length=2, max_length=20),
        claims: str | None = Query(None, max_length=20000)) -> Response:
    return _page(request, "pph.html", hub.examination.pph_check(number, at, claims=claims or None,
                                                                  claims_name="form"))
