"""API route of the reports capability (under /api/v1): one-line adapter over ``hub.reports``."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Response

from iprhub.web.deps import HubDep

router = APIRouter(tags=["reports"])


@router.get("/reports/landscape", response_class=Response,
            responses={200: {"content": {"text/html": {}, "application/pdf": {}, "application/json": {}},
                             "description": "The report (format=html, pdf or json)."}})
def landscape(hub: HubDep, q: str = Query(..., min_length=1, max_length=2000),
              type: str = Query("industry", max_length=20, description="industry, region, enterprise or rd."),
              lang: Literal["en", "zh"] = "en", unit: Literal["family", "document"] = "family",
              format: Literal["json", "html", "pdf"] = "html", time_limit: float | None = Query(None, gt=0, le=120)) -> Response:
    """A landscape report of a query's result set, sections after GB/T 39551 (HTML, PDF or JSON)."""
    report = hub.reports.landscape(q, type=type, lang=lang, unit=unit, time_limit=time_limit)
    if format == "json":
        return Response(report.model_dump_json(), media_type="application/json")
    if format == "pdf":
        return Response(hub.reports.pdf(report), media_type="application/pdf")
    return Response(hub.reports.html(report), media_type="text/html; charset=utf-8")
