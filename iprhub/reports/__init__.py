"""Landscape reports of a query's result set, with sections after GB/T 39551-2020 (industry, region,
enterprise, R&D), each a chart and a text built only from its figures, in English and Chinese; HTML,
and PDF through weasyprint (extra ``reports``).

>>> from iprhub.reports.types import TYPES
>>> sorted(TYPES)
['enterprise', 'industry', 'rd', 'region']
"""

from __future__ import annotations

from iprhub.capability import Capability, lazy

CAPABILITY = Capability(
    name="reports",
    summary="Landscape reports shaped by GB/T 39551, HTML and PDF, in English and Chinese.",
    service=lazy("iprhub.reports.service:ReportsService"),
    api=lazy("iprhub.reports.api:router", call=False),
    cli=lazy("iprhub.reports.cli:register"),
)
