"""API route of the exchange capability: the change feed, for partners with an API key (analyst role)."""

from __future__ import annotations

from fastapi import APIRouter, Query

from iprhub.exchange.model import FeedPage
from iprhub.web.deps import AnalystDep, HubDep

router = APIRouter(tags=["exchange"])


@router.get("/feed", response_model=FeedPage)
def feed(hub: HubDep, _: AnalystDep, since: str = Query("", max_length=400, description="Cursor of the last page "
                                                         "(`next`); empty: from the start."),
         limit: int | None = Query(None, ge=1, le=1000)) -> FeedPage:
    """Records, citations (inside the documents) and dossier events changed after the cursor, oldest first."""
    return hub.exchange.feed(since, limit)
