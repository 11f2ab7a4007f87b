"""Retrieval: search (query language, facets, cursor), similar documents, index status."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query

from iprhub.search.results import IndexReport, IndexStatus, SearchResult, SimilarResult
from iprhub.web.deps import AdminDep, BudgetDep, HubDep
from iprhub.web.errors import ErrorBody

router = APIRouter(tags=["search"])
BOUNDED = {504: {"model": ErrorBody, "description": "The time limit ran out (`timeout`); the message names the "
                 "stage reached. Anonymous clients get `search_time_limit` seconds, keys `search_time_limit_keyed`."}}
PAGE_LIMIT = 100
Mode = Literal["bm25", "semantic", "hybrid"]
Sort = Literal["relevance", "date", "date-asc", "priority"]


@router.get("/search", response_model=SearchResult, responses=BOUNDED)  # type: ignore[arg-type]
def search(
    hub: HubDep,
    budget: BudgetDep,
    q: str = Query(..., min_length=1, max_length=2000, description="Query: Espacenet smart-search field "
                   "identifiers with Espacenet's meaning (`ti=battery and pd>=2012`, `pa=\"SAMSUNG SDI\"`, "
                   "`cl=H01M` IPC or CPC, `claims=laser`, `ap=EP19910302636`, `cpc=A61K31/33/low`, phrases, "
                   "`* ? #` truncation, `prox/distance<3`, `prox/unit=sentence`), PATENTSCOPE or Lens syntax "
                   "(translated, shown in `interpretation.notes`), or free text in any language. See docs/search.md."),
    mode: Mode | None = Query(None, description="Default: hybrid for free text, bm25 for field queries."),
    limit: int = Query(10, ge=1, le=PAGE_LIMIT, description="Hits per page."),
    cursor: str | None = Query(None, max_length=200, description="`cursor` of the previous page, for the next."),
    sort: Sort | None = Query(None, description="bm25 only: relevance (default), date, date-asc, priority."),
    facets: bool = Query(True, description="Counts by year, country, kind, IPC and applicant."),
    all_members: bool = Query(False, description="List every family member rather than one per family."),
    snippets: bool = Query(True, description="Passages with the matched words marked."),
    explain: bool = Query(True, description="Semantic and hybrid hits: `explanation`, the sentence that made the hit "
                          "match by meaning, its words and the query's that carry the match marked."),
) -> SearchResult:
    """Search the index; hits with highlighted snippets, facets and a cursor for the next page.

    Bounded: a query nested too deep, with too many terms or wildcards, a wildcard of fewer than three
    letters or a proximity distance over 1,000 answers 400; one that runs out of time answers 504, or
    200 with `partial: true` where snippets, facets or wildcard words were cut (`warnings` says what).
    The rate limit charges the query's `cost` (wildcards, hybrid mode, facets and long pages cost more)."""
    return hub.search.search(q, mode=mode, limit=limit, cursor=cursor, facets=facets, sort=sort,
                             collapse=not all_members, snippets=snippets, explain=explain, deadline=budget.deadline,
                             charge=budget.charge)


@router.get("/similar", response_model=SimilarResult, responses=BOUNDED)  # type: ignore[arg-type]
def similar(
    hub: HubDep,
    budget: BudgetDep,
    number: str | None = Query(None, max_length=64, description="A stored document: its nearest prior art."),
    text: str | None = Query(None, max_length=5000, description="Or a text, in any language."),
    limit: int = Query(10, ge=1, le=PAGE_LIMIT),
    cutoff: bool = Query(True, description="Only documents published before the document's earliest priority."),
    before: str | None = Query(None, max_length=10, description="Only documents published before this date "
                               "(instead of the earliest priority date)."),
    filter: str | None = Query(None, max_length=500, description="A CQL filter, e.g. `ctry=CN and pd>=2010`."),
    mode: Mode = Query("hybrid", description="hybrid (words and meaning), bm25 or semantic."),
    pairs: bool = Query(True, description="Each hit's `claim_pairs`: every claim of the query document with the "
                        "closest passage of the hit."),
) -> SimilarResult:
    """Prior art: nearest documents by words and meaning (cross-lingual), published before the document's
    earliest priority date, each with claim-to-passage pairs, its best pair as `explanation` and a `reason`."""
    return hub.search.similar(number, text=text, limit=limit, cutoff=cutoff, before=before, filter=filter,
                              mode=mode, pairs=pairs, deadline=budget.deadline, charge=budget.charge)


@router.get("/search/status", response_model=IndexStatus)
def status(hub: HubDep) -> IndexStatus:
    """The search index compared with the store (by watermark)."""
    return hub.search.status(full=False)


@router.post("/search/repair", response_model=IndexReport, responses={403: {"description": "Needs the admin role."}})
def repair(hub: HubDep, _: AdminDep) -> IndexReport:
    """Index what the store has and the index lacks, drop what is gone (admin; `iprhub index --repair`)."""
    return hub.search.repair()
