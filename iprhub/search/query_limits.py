"""Bounds on what one query may ask of the index, and what it costs the rate limiter.

A query is refused (``InvalidInput``, HTTP 400, exit code 2, with the position) when it nests
parentheses too deep, has too many terms or wildcards, a wildcard with too few letters, a
proximity distance too large, or wildcards that match too many words of the index. Within these
bounds every query finishes well inside the time limit (see docs/search.md, "Limits").

>>> from iprhub.search.query_language import parse_query
>>> query_cost(parse_query("ti=battery"))
1
>>> query_cost(parse_query("ti=batter* or ab=anod*"), facets=True)
6
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from iprhub.search.query_language import ParsedQuery

MAX_COST = 30


@dataclass(frozen=True)
class QueryLimits:
    """The bounds (defaults as in :class:`iprhub.settings.Settings`)."""

    max_depth: int = 32  # parentheses nested at most this deep
    max_clauses: int = 200  # words, phrases, ranges and proximity words of one query
    max_wildcards: int = 10  # terms with * or ?
    wildcard_min_chars: int = 3  # letters or digits a wildcard term needs besides * and ?
    wildcard_max_terms: int = 1000  # index words one wildcard may stand for in one field (most frequent kept)
    wildcard_max_total: int = 5000  # index words all wildcards of a query may stand for together
    max_distance: int = 1000  # largest n of prox/distance<n

    @classmethod
    def from_settings(cls, settings: Any) -> QueryLimits:
        default = cls()
        return cls(**{name: getattr(settings, f"search_{name}", getattr(default, name))
                      for name in cls.__dataclass_fields__})


DEFAULT_LIMITS = QueryLimits()


def query_cost(parsed: ParsedQuery, *, mode: str | None = None, limit: int = 10, facets: bool = False) -> int:
    """Rate-limit tokens one search takes: 1 for a plain query, more for expensive shapes.

    Every ten terms add 1, a wildcard 2 (a leading one 4: it walks the whole word list), a proximity
    1; hybrid mode 2 and semantic 1 (a sentence encoding, two rankings); every 50 hits asked for 1;
    facets 1. At most ``MAX_COST``.
    """
    shape = parsed.shape
    chosen = mode or ("hybrid" if parsed.natural else "bm25")
    cost = 1 + shape.clauses // 10 + 2 * shape.wildcards + 2 * shape.leading_wildcards + shape.proximities
    cost += {"hybrid": 2, "semantic": 1}.get(chosen, 0)
    cost += max(0, limit) // 50 + (1 if facets else 0)
    return min(cost, MAX_COST)
