"""Page routes: parse the request, call the same function as the API, render the template."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, File, Form, Query, Request, Response, UploadFile
from fastapi.responses import RedirectResponse

from iprhub.errors import InvalidInput
from iprhub.search.results import SearchResult, SimilarResult
from iprhub.web import views
from iprhub.web.deps import BudgetDep, HubDep, PrincipalDep, authenticate, rate_limit
from iprhub.web.errors import Forbidden
from iprhub.web.i18n import LANGUAGES
from iprhub.web.pages.render import Pages
from iprhub.web.security import CSRF_COOKIE, LANG_COOKIE, SESSION_COOKIE, SESSION_SECONDS
from iprhub.web.uploads import IngestJob

router = APIRouter(dependencies=[Depends(rate_limit)], include_in_schema=False)


def pages(request: Request) -> Pages:
    return request.app.state.pages


def _safe_next(target: str | None, default: str = "/") -> str:
    # only paths on this site: no scheme, no host, no protocol-relative //
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


def _check_csrf(request: Request, token: str) -> None:
    request.app.state.signer.check_csrf(request.cookies.get(CSRF_COOKIE), token)


# home, search, similar ------------------------------------------------------------------------
@router.get("/")
def home(request: Request) -> Response:
    stats = request.app.state.view_cache.stats()
    return pages(request).render(request, "home.html", {"stats": stats}, model=stats)


@router.get("/search")
def search(
    request: Request, hub: HubDep, budget: BudgetDep,
    q: str = Query("", max_length=2000), f: list[str] = Query([], max_length=20),
    mode: Literal["bm25", "semantic", "hybrid"] | None = None,
    sort: Literal["relevance", "date", "date-asc", "priority"] | None = None,
    cursor: str | None = Query(None, max_length=200), page: int = Query(1, ge=1, le=10_000),
    all_members: bool = False,
) -> Response:
    filters = [_split_filter(x) for x in f]
    full = q.strip()
    for facet, value in filters:
        full = views.facet_query(full, facet, value)
    ctx: dict[str, Any] = {"q": q, "filters": filters, "fs": [f"{a}:{b}" for a, b in filters], "mode": mode, "sort": sort, "page": page,
                           "all_members": all_members, "result": None, "facet_names": list(views.FACET_FIELDS)}
    if not full:
        return pages(request).render(request, "search.html", ctx)
    result = hub.search.search(full, mode=mode, limit=10, cursor=cursor, facets=True, sort=sort,
                               collapse=not all_members, deadline=budget.deadline, charge=budget.charge)
    ctx["result"] = result
    return pages(request).render(request, "search.html", ctx, model=result, tp=SearchResult)


def _split_filter(text: str) -> tuple[str, str]:
    facet, _, value = text.partition(":")
    if facet not in views.FACET_FIELDS or not value.strip():
        raise InvalidInput(f"a filter reads facet:value with facet one of {', '.join(views.FACET_FIELDS)}", field="f")
    return facet, value.strip()


@router.get("/similar")
def similar(request: Request, hub: HubDep, budget: BudgetDep, number: str | None = Query(None, max_length=64),
            text: str | None = Query(None, max_length=5000), before: str | None = Query(None, max_length=10)) -> Response:
    result = hub.search.similar(number or None, text=None if number else text, limit=10, before=before or None,
                                deadline=budget.deadline, charge=budget.charge) if (number or text) else None
    return pages(request).render(request, "similar.html", {"result": result, "number": number, "text": text,
                                                           "before": before}, model=result, tp=SimilarResult)


# records -------------------------------------------------------------------------------------
@router.get("/documents/{number}")
def document(request: Request, number: str) -> Response:
    view = request.app.state.view_cache.document(number)
    return pages(request).render(request, "document.html", {"v": view, "d": view.document}, model=view)


@router.get("/trademarks")
def trademark_lookup(request: Request, number: str = Query("", max_length=64)) -> Response:
    if not number.strip():
        raise InvalidInput("give a trademark application or registration number", field="number")
    return RedirectResponse(f"/trademarks/{number.strip()}", status_code=303)


@router.get("/trademarks/{number:path}")
def trademark(request: Request, hub: HubDep, number: str) -> Response:
    tm = views.trademark(hub, number)
    return pages(request).render(request, "trademark.html", {"tm": tm}, model=tm)


@router.get("/applications/{number:path}")
def application(request: Request, hub: HubDep, number: str) -> Response:
    app = views.application(hub, number)
    return pages(request).render(request, "application.html", {"a": app}, model=app)


@router.get("/families/{family_id}")
def family(request: Request, hub: HubDep, family_id: str) -> Response:
    fam = views.family(hub, family_id)
    return pages(request).render(request, "family.html", {"f": fam}, model=fam)


@router.get("/stats")
def stats(request: Request) -> Response:
    data = request.app.state.view_cache.stats()
    return pages(request).render(request, "stats.html", {"stats": data}, model=data)


# country knowledge base: the countries package's own HTML renderings, mounted in the layout ---------
# ingest (admin) ------------------------------------------------------------------------------
@router.get("/ingest")
def ingest_page(request: Request, principal: PrincipalDep, job: str | None = Query(None, max_length=32)) -> Response:
    if principal.anonymous:
        return RedirectResponse("/login?next=/ingest", status_code=303)
    if not principal.allows("admin"):
        raise Forbidden(f"the {principal.role} role may not ingest; it needs admin")
    jobs: list[IngestJob] = request.app.state.jobs.list()
    return pages(request).render(request, "ingest.html", {
        "jobs": jobs, "highlight": job, "max_bytes": request.app.state.hub.settings.web_max_upload_bytes,
    }, model=jobs, tp=list[IngestJob])


@router.post("/ingest")
def ingest_upload(request: Request, principal: PrincipalDep, csrf_token: str = Form(""),
                  file: UploadFile = File(...)) -> Response:
    _check_csrf(request, csrf_token)
    principal.require("admin")
    job = request.app.state.jobs.receive(file.filename, file.file, principal.name)
    return RedirectResponse(f"/ingest?job={job.id}", status_code=303)


# sign-in, language ---------------------------------------------------------------------------
@router.get("/login")
def login_form(request: Request, next: str | None = Query(None, max_length=500)) -> Response:
    return pages(request).render(request, "login.html", {"next": _safe_next(next, "/ingest")})


@router.post("/login")
def login(request: Request, api_key: str = Form(..., max_length=200), csrf_token: str = Form(""),
          next: str = Form("/ingest", max_length=500)) -> Response:
    _check_csrf(request, csrf_token)
    principal = authenticate(request, api_key)
    response = RedirectResponse(_safe_next(next, "/ingest"), status_code=303)
    response.set_cookie(SESSION_COOKIE, request.app.state.signer.session(principal.key_prefix or ""),
                        max_age=SESSION_SECONDS, httponly=True, samesite="strict",
                        secure=request.app.state.pages.https, path="/")
    return response


@router.post("/logout")
def logout(request: Request, csrf_token: str = Form("")) -> Response:
    _check_csrf(request, csrf_token)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/lang/{code}")
def language(request: Request, code: str, next: str | None = Query(None, max_length=2000)) -> Response:
    if code not in LANGUAGES:
        raise InvalidInput(f"language must be one of {', '.join(LANGUAGES)}", field="code")
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(LANG_COOKIE, code, max_age=365 * 86400, samesite="lax", path="/",
                        secure=request.app.state.pages.https)
    return response
