"""Portal pages of the parties capability (each with its JSON twin)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from iprhub.web.deps import HubDep, rate_limit

router = APIRouter(dependencies=[Depends(rate_limit)], include_in_schema=False)


@router.get("/parties")
def entities(request: Request, hub: HubDep, kind: Literal["applicant", "inventor"] = "applicant",
             q: str | None = Query(None, max_length=200)) -> Response:
    result = hub.parties.entities(kind, q=q, limit=100)
    return request.app.state.pages.render(request, "parties/list.html", {"result": result, "q": q or ""}, model=result)


@router.get("/parties/{entity_id}")
def entity(request: Request, hub: HubDep, entity_id: str) -> Response:
    page = hub.parties.entity(entity_id)
    return request.app.state.pages.render(request, "parties/entity.html", {"p": page}, model=page)
