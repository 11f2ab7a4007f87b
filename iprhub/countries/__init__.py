"""Country knowledge base, filing-route planner and strategy-indicator monitor.

>>> from iprhub.countries import packaged_reference, country_profile
>>> country_profile(packaged_reference(), "VN").name
'Viet Nam'
"""

from iprhub.countries.reference import ReferenceData, packaged_reference

__all__ = ["ReferenceData", "packaged_reference"]
