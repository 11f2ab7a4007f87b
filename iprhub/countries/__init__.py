"""Country knowledge base, filing-route planner and strategy-indicator monitor.

>>> from iprhub.countries import packaged_reference, country_profile
>>> country_profile(packaged_reference(), "VN").name
'Viet Nam'
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import Any

from iprhub.capability import Capability, NavLink, lazy
from iprhub.countries.labels import N_
from iprhub.countries.tables import metadata

# resolved on first use: loading the capability (CAPABILITY below) stays light
_EXPORTS = {
    "ReferenceData": "reference", "packaged_reference": "reference", "country_profile": "profile",
    "compare": "profile", "plan": "planner", "indicator_report": "indicators", "import_values": "indicators",
    "load_into_store": "loader", "current_reference": "loader",
}

__all__ = sorted(_EXPORTS)


CAPABILITY = Capability(
    name="countries",
    summary="Country knowledge base, filing-route planner and strategy-indicator monitor.",
    tables=metadata,
    table_prefix=("country_", "ip_indicator"),
    migrations=Path(__file__).with_name("migrations"),
    service=lazy("iprhub.countries.service:CountriesService"),
    api=lazy("iprhub.countries.api:router", call=False),
    pages=lazy("iprhub.countries.pages:router", call=False),
    cli=lazy("iprhub.countries.cli:register"),
    templates=Path(__file__).with_name("templates"),
    i18n=Path(__file__).with_name("i18n"),  # its own catalog (new strings; the older ones also stay in the core's)
    nav=(NavLink(N_("Countries"), "/countries", ("/countries", "/plan", "/indicators")),),
)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f"iprhub.countries.{_EXPORTS[name]}"), name)
    raise AttributeError(name)
