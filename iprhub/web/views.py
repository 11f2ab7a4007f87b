"""What pages add to the hub's views: search facets, and the country knowledge base.

Records and reports (documents, statistics, health, quarantine) are the hub's own typed views
(:mod:`iprhub.views`): pages, their JSON twins, the API and the CLI serialise the same model.
Nothing here holds SQL, scoring or parsing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from iprhub.countries.model import CountryComparison, CountryProfile, FilingPlan, IndicatorReport
from iprhub.errors import InvalidInput
from iprhub.model.trademark import Trademark

FACET_FIELDS = {"year": "pd", "country": "ctry", "kind": "kind", "ipc": "ipc", "applicant": "pa"}


def facet_query(query: str, facet: str, value: str) -> str:
    """The query narrowed to one facet value (``ti=battery`` + country EP -> ``(ti=battery) and ctry=EP``)."""
    field = FACET_FIELDS.get(facet)
    if field is None:
        raise InvalidInput(f"unknown facet {facet!r}", field="facet")
    clause = f'{field}="{value}"' if " " in value else f"{field}={value}"
    return f"({query}) and {clause}" if query.strip() else clause


def trademark(hub: Any, number: str) -> Trademark:
    return hub.trademark(number)


# country knowledge base ------------------------------------------------------------------------
def reference(hub: Any) -> Any:
    from iprhub.countries.loader import current_reference

    return current_reference(hub.store)


def profile_of(hub: Any, code: str) -> CountryProfile:
    from iprhub.countries.profile import country_profile

    return country_profile(reference(hub), code)


def comparison_of(hub: Any, codes: str) -> CountryComparison:
    from iprhub.countries.profile import compare

    return compare(reference(hub), [c for c in codes.replace(" ", ",").split(",") if c])


def plan_of(hub: Any, first_filing: str, date: str, right_type: str, targets: str,
            today: dt.date | None = None) -> FilingPlan:
    from iprhub.countries.planner import plan

    return plan(reference(hub), first_filing, date, right_type, targets, today=today)


def indicators_of(hub: Any) -> IndicatorReport:
    from iprhub.countries.indicators import indicator_report

    return indicator_report(reference(hub))
