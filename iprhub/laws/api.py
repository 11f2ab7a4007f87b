"""API routes of the laws capability (mounted under /api/v1); one-line adapters over ``hub.laws``."""

from __future__ import annotations

from fastapi import APIRouter, Path, Query

from iprhub.laws.model import ArticleView, LawList, LawRecord, LawSearchResult
from iprhub.web.deps import HubDep

router = APIRouter(tags=["laws"])
LAW = Path(..., min_length=1, max_length=255, description="A law's key (cn-专利法-2020-10-17), title or short title.")


@router.get("/laws", response_model=LawList)
def laws(hub: HubDep, jurisdiction: str | None = Query(None, max_length=8)) -> LawList:
    """The laws in the law base."""
    return hub.laws.list(jurisdiction)


@router.get("/laws/search", response_model=LawSearchResult)
def search(hub: HubDep, q: str = Query(..., min_length=1, max_length=200, description="Words or phrases."),
           limit: int = Query(10, ge=1, le=100), superseded: bool = False) -> LawSearchResult:
    """Articles matching the words, best first, each with its citation (专利法 第七十一条)."""
    return hub.laws.search(q, limit=limit, include_superseded=superseded)


@router.get("/laws/{law}", response_model=LawRecord)
def law(hub: HubDep, law: str = LAW) -> LawRecord:
    """A law: title, issuing body, document number, dates, status, chapters and articles."""
    return hub.laws.law(law)


@router.get("/laws/{law}/articles/{article}", response_model=ArticleView)
def article(hub: HubDep, law: str = LAW,
            article: str = Path(..., max_length=40, description="第七十一条, 71 or Art. 71.")) -> ArticleView:
    """One article with its citation and neighbours."""
    return hub.laws.article(law, article)
