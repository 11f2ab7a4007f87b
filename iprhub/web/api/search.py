"""Retrieval: search (query language, facets, cursor), similar documents, index status."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query

from iprhub.search.results import IndexReport, IndexStatus, SearchResult, SimilarResult
from iprhub.web.deps import AdminDep, HubDep

router = APIRouter(tags=["search"])
PAGE_LIMIT = 100
Mode = Literal["bm25", "semantic", "hybrid"]
Sort = Literal["relevance", "date", "date-asc", "priority"]


@router.get("/search", response_model=SearchResult)
def search(
    hub: HubDep,
    q: str = Query(..., min_length=1, max_length=2000, description="Query: CQL field codes (`ti=battery and "
                   "pd>=2012`, `pa=\"SAMSUNG SDI\"`, `ipc=H01M`, phrases, wildcards, `prox/distance<3`) or free "
                   "text in any language. See the search page's help."),
    mode: Mode | None = Query(None, description="Default: hybrid for free text, bm25 for field queries."),
    limit: int = Query(10, ge=1, le=PAGE_LIMIT, description="Hits per page."),
    cursor: str | None = Query(None, max_length=200, description="`cursor` of the previous page, for the next."),
    sort: Sort | None = Query(None, description="bm25 only: relevance (default), date, date-asc, priority."),
    facets: bool = Query(True, description="Counts by year, country, kind, IPC and applicant."),
    all_members: bool = Query(False, description="List every family member rather than one per family."),
    snippets: bool = Query(True, description="Passages with the matched words marked."),
) -> SearchResult:
    """Search the index; hits with highlighted snippets, facets and a cursor for the next page."""
    return hub.search.search(q, mode=mode, limit=limit, cursor=cursor, facets=facets, sort=sort,
                             collapse=not all_members, snippets=snippets)


@router.get("/similar", response_model=SimilarResult)
def similar(
    hub: HubDep,
    number: str | None = Query(None, max_length=64, description="A stored document: its nearest prior art."),
    text: str | None = Query(None, max_length=5000, description="Or a text, in any language."),
    limit: int = Query(10, ge=1, le=PAGE_LIMIT),
    cutoff: bool = Query(True, description="Only documents published before the document's earliest priority."),
    before: str | None = Query(None, max_length=10, description="Only documents published before this date."),
    filter: str | None = Query(None, max_length=500, description="A CQL filter, e.g. `ctry=CN and pd>=2010`."),
) -> SimilarResult:
    """Nearest documents by meaning (cross-lingual), with a prior-art cut-off."""
    return hub.search.similar(number, text=text, limit=limit, cutoff=cutoff, before=before, filter=filter)


@router.get("/search/status", response_model=IndexStatus)
def status(hub: HubDep) -> IndexStatus:
    """The search index compared with the store (by watermark)."""
    return hub.search.status(full=False)


@router.post("/search/repair", response_model=IndexReport, responses={403: {"description": "Needs the admin role."}})
def repair(hub: HubDep, _: AdminDep) -> IndexReport:
    """Index what the store has and the index lacks, drop what is gone (admin; `iprhub index --repair`)."""
    return hub.search.repair()
