"""Page routes of the watch capability: the inbox, squatting detection, FTO screening and the risk
report (each with its JSON twin at ``?format=json``); one-line adapters over ``hub.watch``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, Query, Request, Response
from fastapi.responses import RedirectResponse

from iprhub.watch.model import Inbox
from iprhub.web.deps import HubDep, PrincipalDep, rate_limit

router = APIRouter(dependencies=[Depends(rate_limit)], include_in_schema=False)


def _render(request: Request, template: str, context: dict[str, Any], model: Any = None) -> Response:
    return request.app.state.pages.render(request, template, context, model=model)


@router.get("/watch")
def inbox(request: Request, hub: HubDep, principal: PrincipalDep) -> Response:
    if principal.anonymous:
        return RedirectResponse("/login?next=/watch", status_code=303)
    principal.require("analyst")
    model: Inbox = hub.watch.inbox()
    return _render(request, "watch/inbox.html", {"m": model}, model)


@router.post("/watch")
def add_watch(request: Request, hub: HubDep, principal: PrincipalDep, csrf_token: str = Form(""),
              kind: str = Form("mark", max_length=16), subject: str = Form("", max_length=500),
              classes: str = Form("", max_length=200), countries: str = Form("", max_length=200),
              email: str = Form("", max_length=500), webhook: str = Form("", max_length=500)) -> Response:
    from iprhub.web.security import CSRF_COOKIE

    request.app.state.signer.check_csrf(request.cookies.get(CSRF_COOKIE), csrf_token)
    principal.require("analyst")
    hub.watch.add(kind, subject, classes=classes or None, countries=countries or None, email=email or None,
                  webhook=webhook or None)
    return RedirectResponse("/watch", status_code=303)


@router.get("/squatting")
def squatting(request: Request, hub: HubDep, owner: str | None = Query(None, max_length=200),
              countries: str | None = Query(None, max_length=200)) -> Response:
    model = hub.watch.squatting(owner, countries) if owner else None
    return _render(request, "watch/squatting.html", {"m": model, "owner": owner, "countries": countries}, model)


@router.get("/fto")
def fto(request: Request, hub: HubDep, text: str | None = Query(None, max_length=4000),
        country: str | None = Query(None, max_length=40), date: str | None = Query(None, max_length=10)) -> Response:
    model = hub.watch.fto(text or "", country, date=date or None) if (text or country) else None
    return _render(request, "watch/fto.html", {"m": model, "text": text, "country": country, "date": date}, model)


@router.get("/risk")
def risk(request: Request, hub: HubDep, owner: str | None = Query(None, max_length=200),
         countries: str | None = Query(None, max_length=200), text: str | None = Query(None, max_length=4000)) -> Response:
    from iprhub.watch.render import report_context

    model = hub.watch.risk_report(owner, countries or "", text=text or None) if owner else None
    translate = request.app.state.pages.envs[request.app.state.pages.lang(request)].globals["translate"]
    context = report_context(model, translate, "base.html") if model else {"r": None, "layout": "base.html"}
    return _render(request, "watch/risk.html", {**context, "form": True}, model)
