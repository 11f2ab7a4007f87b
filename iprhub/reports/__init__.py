"""Landscape reports of a query's result set, with sections after GB/T 39551-2020 (industry, region,
enterprise, R&D), each a chart and a text built only from its figures, in English and Chinese; HTML,
and PDF through weasyprint (extra ``reports``).

>>> from iprhub.reports.types import TYPES
>>> sorted(TYPES)
['enterprise', 'industry', 'rd', 'region']
"""

from __future__ import annotations

from typing import Any

from iprhub.capability import Capability


def _service(hub: Any) -> Any:
    from iprhub.reports.service import ReportsService

    return ReportsService(hub)


def _api() -> Any:
    from iprhub.reports.api import router

    return router


def _cli(app: Any) -> None:
    from iprhub.reports.cli import register

    register(app)


CAPABILITY = Capability(
    name="reports",
    summary="Landscape reports shaped by GB/T 39551, HTML and PDF, in English and Chinese.",
    service=_service,
    api=_api,
    cli=_cli,
)
