"""Trademark search and the cross-script similarity engine (capability ``trademarks``).

``hub.trademarks.search(...)`` finds marks by text (exact, prefix, fuzzy, phonetic, across scripts),
owner, goods words, Nice class, office, status and dates; ``hub.trademarks.compare(a, b)`` explains how
alike two marks are (exact, normalised, edit, phonetic, containment, meaning, goods) with a score and
a tier. CLI ``iprhub tm ...``, API ``/api/v1/tm/...``, portal ``/tm``.
"""

from __future__ import annotations

from typing import Any

from iprhub.capability import Capability


def _service(hub: Any) -> Any:
    from iprhub.trademarks.service import TrademarksService

    return TrademarksService(hub)


CAPABILITY = Capability(
    name="trademarks",
    summary="Trademark search and cross-script mark similarity.",
    service=_service,
)
