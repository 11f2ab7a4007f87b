"""Page routes of the laws capability: the law list with article search, a page per law and per
article (each with its JSON twin, ``?format=json``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response
from markupsafe import Markup, escape

from iprhub.laws.labels import KIND_LABELS, STATUS_LABELS
from iprhub.web.deps import HubDep, rate_limit

router = APIRouter(dependencies=[Depends(rate_limit)], include_in_schema=False)


def _marked(snippet: str) -> Markup:
    """A search snippet as HTML: the text escaped, its «matches» in <mark>."""
    return Markup(str(escape(snippet)).replace("«", "<mark>").replace("»", "</mark>"))


_CONTEXT = {"kind_labels": KIND_LABELS, "status_labels": STATUS_LABELS, "marked": _marked}


def _page(request: Request, template: str, model: Any, **extra: Any) -> Response:
    return request.app.state.pages.render(request, f"laws/{template}", {"m": model, **_CONTEXT, **extra},
                                          model=model)


@router.get("/laws")
def laws(request: Request, hub: HubDep, q: str | None = Query(None, max_length=200),
         jurisdiction: str | None = Query(None, max_length=8)) -> Response:
    if q and q.strip():
        return _page(request, "search.html", hub.laws.search(q, limit=20), q=q)
    return _page(request, "index.html", hub.laws.list(jurisdiction), q="")


@router.get("/laws/{law}")
def law(request: Request, hub: HubDep, law: str) -> Response:
    return _page(request, "law.html", hub.laws.law(law))


@router.get("/laws/{law}/{article}")
def article(request: Request, hub: HubDep, law: str, article: str) -> Response:
    return _page(request, "article.html", hub.laws.article(law, article))
