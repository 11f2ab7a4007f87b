"""How the watch capability compares marks and searches the register: through ``hub.trademarks``
(the trademarks capability) when it is loaded, else through the fallback comparator and a scan.

Only the contract of ``hub.trademarks`` is used (``compare``, ``search``), never its modules; its
answers are read by attribute and turned into this package's :class:`Comparison`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from iprhub.watch.fallback_similarity import compare_marks
from iprhub.watch.model import TIERS, Comparison, Reason


class Matcher:
    def __init__(self, hub: Any) -> None:
        self.hub = hub
        self.engine = "trademarks" if hub.has_capability("trademarks") else "fallback"

    def compare(self, a: str, b: str, *, classes_a: Sequence[int] = (), classes_b: Sequence[int] = ()) -> Comparison:
        if self.engine == "fallback":
            return compare_marks(a, b, classes_a=classes_a, classes_b=classes_b)
        got = self.hub.trademarks.compare(a, b, classes_a=tuple(classes_a), classes_b=tuple(classes_b))
        return as_comparison(got, a, b)

    def search(self, text: str | None = None, *, owner: str | None = None, classes: Sequence[int] = (),
               offices: Sequence[str] = (), similar: bool = True, limit: int = 200,
               time_limit: float | None = None) -> Any:
        """``hub.trademarks.search`` (only with the trademarks capability; None without it)."""
        if self.engine == "fallback":
            return None
        return self.hub.trademarks.search(text, owner=owner, classes=tuple(classes), offices=tuple(offices),
                                          similar=similar, limit=limit, time_limit=time_limit)


def as_comparison(got: Any, a: str, b: str) -> Comparison:
    tier = str(getattr(got, "tier", "noise"))
    reasons = [Reason(signal=str(getattr(r, "signal", "")), score=float(getattr(r, "score", 0.0) or 0.0),
                      detail=str(getattr(r, "detail", "") or ""))
               for r in (getattr(got, "reasons", None) or [])]
    return Comparison(a=str(getattr(got, "a", a)), b=str(getattr(got, "b", b)),
                      score=float(getattr(got, "score", 0.0) or 0.0), tier=tier if tier in TIERS else "noise",
                      reasons=reasons, engine="trademarks")


def hit_key(hit: Any) -> str:
    """The store key (``office/number``) of a ``hub.trademarks.search`` hit."""
    number, office = str(hit.mark.number), str(hit.mark.office)
    return number if "/" in number else f"{office}/{number}"
