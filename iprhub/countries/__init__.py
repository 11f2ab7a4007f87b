"""Country knowledge base, filing-route planner and strategy-indicator monitor.

>>> from iprhub.countries import packaged_reference, country_profile
>>> country_profile(packaged_reference(), "VN").name
'Viet Nam'
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# resolved on first use: the store schema imports this package's tables, so importing the
# store-facing modules here would be circular
_EXPORTS = {
    "ReferenceData": "reference", "packaged_reference": "reference", "country_profile": "profile",
    "compare": "profile", "plan": "planner", "indicator_report": "indicators", "import_values": "indicators",
    "load_into_store": "loader", "current_reference": "loader",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f"iprhub.countries.{_EXPORTS[name]}"), name)
    raise AttributeError(name)
