"""Portal pages of the quality capability: the latest screening (findings with their signals and the
near-duplicate clusters) and the agency scorecards; each with its JSON twin (``?format=json``).
Both name parties: analysts and administrators only."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import RedirectResponse

from iprhub.capability import N_
from iprhub.errors import NotFound
from iprhub.quality.models import AgencyScorecard, ScreeningRun
from iprhub.web.deps import HubDep, PrincipalDep, rate_limit

router = APIRouter(dependencies=[Depends(rate_limit)], include_in_schema=False)


def _signed_in(request: Request, principal: PrincipalDep) -> Response | None:
    if principal.anonymous:
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    principal.require("analyst")
    return None


@router.get("/quality")
def quality(request: Request, hub: HubDep, principal: PrincipalDep,
            status: str | None = Query(None, pattern="^(open|confirmed|dismissed)$")) -> Response:
    if (redirect := _signed_in(request, principal)) is not None:
        return redirect
    try:
        run: ScreeningRun | None = hub.quality.run(None, status=status)
    except NotFound:
        run = None
    return request.app.state.pages.render(request, "quality/screening.html", {"run": run, "status": status},
                                          model=run, tp=ScreeningRun | None)


@router.get("/quality/agencies")
def agencies(request: Request, hub: HubDep, principal: PrincipalDep,
             agency: str | None = Query(None, max_length=300)) -> Response:
    if (redirect := _signed_in(request, principal)) is not None:
        return redirect
    cards = hub.quality.agencies(agency)
    return request.app.state.pages.render(request, "quality/agencies.html", {"cards": cards, "agency": agency},
                                          model=cards, tp=list[AgencyScorecard])


LABELS = (N_("document"), N_("applicant"), N_("agency"), N_("trademark-owner"), N_("open"), N_("confirmed"),
          N_("dismissed"), N_("different-applicants"), N_("applicant-unknown"), N_("same-applicant"),
          N_("same-family"), N_("same-application"))
