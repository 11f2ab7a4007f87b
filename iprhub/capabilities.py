"""The capabilities the core loads, in order: the one list (the ``capabilities`` setting overrides it).

Each entry is a module exposing ``CAPABILITY = Capability(...)`` (see :mod:`iprhub.capability`).
"""

CAPABILITIES: tuple[str, ...] = (
    "iprhub.accounts",
    "iprhub.countries",
    "iprhub.trademarks",
    "iprhub.laws",
    "iprhub.ownership",
    "iprhub.value",
    "iprhub.examination",
    "iprhub.exchange",
    "iprhub.watch",
    "iprhub.quality",
    "iprhub.parties",
    "iprhub.analytics",
    "iprhub.reports",
    "iprhub.batch",
)
