"""Retrieval: the query language, the full-text index, semantic vectors, fusion and evaluation.

``SearchService(settings, store)`` is the public surface (``hub.search`` builds one); results
are the typed objects of :mod:`iprhub.search.results`. Importing this package loads nothing
heavy: tantivy opens on first use, the semantic model on the first semantic query.
"""

from iprhub.search.results import (
    EvalReport,
    Facet,
    FacetValue,
    Hit,
    IndexReport,
    IndexStatus,
    Interpretation,
    QueryPart,
    SearchResult,
    SimilarResult,
    Snippet,
)
from iprhub.search.service import SearchService

__all__ = [
    "EvalReport", "Facet", "FacetValue", "Hit", "IndexReport", "IndexStatus", "Interpretation", "QueryPart",
    "SearchResult", "SearchService", "SimilarResult", "Snippet",
]
