"""API routes of the watch capability (mounted under /api/v1); one-line adapters over ``hub.watch``."""

from __future__ import annotations

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel

from iprhub.watch.model import Alert, DeliveryReport, Inbox, Watch, WatchRun
from iprhub.watch.report_model import FtoReport, RiskReport, SquattingReport
from iprhub.web.deps import AnalystDep, HubDep

router = APIRouter(tags=["watch"])
WATCH_ID = Path(..., ge=1, le=2**62, description="A watch id (`watch list`).")


class WatchIn(BaseModel):
    kind: str
    subject: str
    classes: str | None = None
    countries: str | None = None
    min_tier: str = "medium"
    label: str | None = None
    webhook: str | None = None
    webhook_secret: str | None = None
    email: str | None = None
    include_existing: bool = False


@router.get("/watch", response_model=Inbox)
def inbox(hub: HubDep, _: AnalystDep, limit: int = Query(200, ge=1, le=10000)) -> Inbox:
    """Watches and their latest alerts (the inbox)."""
    return hub.watch.inbox(limit=limit)


@router.post("/watch", response_model=Watch, status_code=201)
def add(hub: HubDep, _: AnalystDep, body: WatchIn) -> Watch:
    """Add a watch (mark, owner, query or patent)."""
    return hub.watch.add(**body.model_dump())


@router.delete("/watch/{watch_id}", response_model=Watch)
def remove(hub: HubDep, _: AnalystDep, watch_id: int = WATCH_ID) -> Watch:
    return hub.watch.remove(watch_id)


@router.post("/watch/run", response_model=WatchRun)
def run(hub: HubDep, _: AnalystDep) -> WatchRun:
    """Raise alerts for the records that arrived since each watch last looked."""
    return hub.watch.run()


@router.get("/watch/alerts", response_model=list[Alert])
def alerts(hub: HubDep, _: AnalystDep, watch: int | None = Query(None, ge=1, le=2**62), unread: bool = False, undelivered: bool = False,
           limit: int = Query(200, ge=1, le=10000)) -> list[Alert]:
    return hub.watch.alerts(watch, unread=unread, undelivered=undelivered, limit=limit)


@router.post("/watch/deliver", response_model=DeliveryReport)
def deliver(hub: HubDep, _: AnalystDep, retry_failed: bool = False) -> DeliveryReport:
    return hub.watch.deliver(retry_failed=retry_failed)


@router.get("/squatting", response_model=SquattingReport)
def squatting(hub: HubDep, owner: str = Query(..., max_length=200),
              countries: str | None = Query(None, max_length=200)) -> SquattingReport:
    """Marks resembling an owner's marks filed by others, with evidence, and applicants' bad-faith patterns."""
    return hub.watch.squatting(owner, countries)


@router.get("/fto", response_model=FtoReport)
def fto(hub: HubDep, text: str = Query(..., max_length=4000), country: str = Query(..., max_length=40),
        date: str | None = Query(None, max_length=10), limit: int = Query(20, ge=1, le=100)) -> FtoReport:
    """Freedom-to-operate screening (an estimate, not legal advice)."""
    return hub.watch.fto(text, country, date=date, limit=limit)


@router.get("/risk", response_model=RiskReport)
def risk(hub: HubDep, owner: str = Query(..., max_length=200), countries: str = Query(..., max_length=200),
         text: str | None = Query(None, max_length=4000)) -> RiskReport:
    """Watch hits, squatting findings, FTO results and country facts per target country."""
    return hub.watch.risk_report(owner, countries, text=text)
