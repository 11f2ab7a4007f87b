"""The REST API under ``/api/v1``: JSON routers over the hub, documented by OpenAPI."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from fastapi import APIRouter, Depends

from iprhub.web.deps import rate_limit
from iprhub.web.errors import ErrorBody

if TYPE_CHECKING:
    from iprhub.capability import Capability

ERRORS = {
    400: {"model": ErrorBody, "description": "Invalid input (`invalid_input`)."},
    401: {"model": ErrorBody, "description": "Missing, wrong or revoked API key (`unauthorized`)."},
    404: {"model": ErrorBody, "description": "No such record (`not_found`)."},
    429: {"model": ErrorBody, "description": "Rate limit reached (`rate_limited`); see Retry-After."},
    500: {"model": ErrorBody, "description": "Unexpected error; the body names a request id, never a trace."},
}


def build_router(capabilities: Sequence[Capability] = ()) -> APIRouter:
    """The core routers, then each capability's ``api()`` router, all under /api/v1."""
    from iprhub.web.api import data, records, search

    router = APIRouter(prefix="/api/v1", dependencies=[Depends(rate_limit)], responses=ERRORS)  # type: ignore[arg-type]
    for module in (records, search, data):
        router.include_router(module.router)
    for cap in capabilities:
        if cap.api is not None:
            router.include_router(cap.api())
    return router
