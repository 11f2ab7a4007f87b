"""API routes of the analytics capability (under /api/v1): one-line adapters over ``hub.analytics``."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Response
from fastapi.responses import StreamingResponse

from iprhub.analytics.export import FORMATS
from iprhub.analytics.model import Analysis
from iprhub.web.deps import HubDep

router = APIRouter(tags=["analytics"])
Q = Query(..., min_length=1, max_length=2000, description="A search query; its whole result set is analysed.")
UNIT = Query("family", description="Count simple families or documents.")
LIMIT = Query(None, gt=0, le=120, description="Seconds; past it the answer is partial and says what was cut.")


@router.get("/analyze", response_model=Analysis)
def analyze(hub: HubDep, q: str = Q, unit: Literal["family", "document"] = UNIT,
            only: str | None = Query(None, max_length=300, description="Comma-separated analyses."),
            time_limit: float | None = LIMIT) -> Analysis:
    """Every analysis of a query's result set (trend, applicants, classes, flows, networks, life cycle,
    concentration, RTA, clusters)."""
    return hub.analytics.analyze(q, unit=unit, only=only.split(",") if only else None, time_limit=time_limit)


@router.get("/analyze/{chart}.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}, "description": "The chart as CSV."}})
def chart_csv(hub: HubDep, chart: str, q: str = Q, unit: Literal["family", "document"] = UNIT,
              time_limit: float | None = LIMIT) -> Response:
    """One chart as CSV (its rows and the query listing each row's documents)."""
    analysis = hub.analytics.analyze(q, unit=unit, only=[chart] if chart in _known() else None, time_limit=time_limit)
    return Response(hub.analytics.chart_csv(analysis, chart), media_type="text/csv; charset=utf-8")


@router.get("/results/export", response_class=StreamingResponse,
            responses={200: {"content": {m.split(";")[0]: {} for m in FORMATS.values()},
                             "description": "The result set as a file."}})
def export(hub: HubDep, q: str = Q, format: Literal["csv", "jsonl", "xlsx", "parquet"] = "csv",
           fields: str | None = Query(None, max_length=500, description="Comma-separated fields."),
           collapse: bool = Query(False, description="One row per simple family."),
           time_limit: float | None = LIMIT) -> StreamingResponse:
    """A query's result set as a file, streamed."""
    info, stream = hub.analytics.export(q, format, fields=fields.split(",") if fields else None, collapse=collapse,
                                        time_limit=time_limit)
    headers = {"Content-Disposition": f'attachment; filename="results.{format}"', "X-Matches": str(info.matches),
               "X-Partial": "true" if info.partial else "false"}
    return StreamingResponse(stream, media_type=info.media_type, headers=headers)


def _known() -> set[str]:
    from iprhub.analytics.analyses import ANALYSES

    return set(ANALYSES)
