"""What pages add to the hub's views: search facets.

Records and reports (documents, statistics, health, quarantine) are the hub's own typed views
(:mod:`iprhub.views`): pages, their JSON twins, the API and the CLI serialise the same model.
Nothing here holds SQL, scoring or parsing.
"""

from __future__ import annotations

from typing import Any

from iprhub.errors import InvalidInput
from iprhub.model.application import Application, Family
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


def application(hub: Any, number: str) -> Application:
    return hub.application(number)


def family(hub: Any, family_id: str) -> Family:
    return hub.family(family_id)
