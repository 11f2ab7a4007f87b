"""Typed results of the search service (shared by CLI, web API and tests)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Mode = Literal["bm25", "semantic", "hybrid"]


@dataclass
class Snippet:
    """A passage of one field with the matched spans marked (``[start, end)`` character offsets)."""

    field: str
    text: str
    highlights: list[tuple[int, int]] = field(default_factory=list)

    def marked(self, before: str = "«", after: str = "»") -> str:
        out, last = [], 0
        for start, end in self.highlights:
            out.append(self.text[last:start])
            out.append(before + self.text[start:end] + after)
            last = end
        out.append(self.text[last:])
        return "".join(out)


@dataclass
class Explanation:
    """The sentence of a hit that made it match by meaning (``similarity`` with the query, same model),
    in the document's language: ``highlights`` mark its words that carry the match, ``query_highlights``
    the query's words they match (same stem or close in meaning, also across languages)."""

    field: str  # ti, ab, cl, desc
    text: str
    lang: str | None
    similarity: float
    highlights: list[tuple[int, int]] = field(default_factory=list)
    query_highlights: list[tuple[int, int]] = field(default_factory=list)
    claim: int | None = None  # the claim number when ``field`` is cl


@dataclass
class ClaimPair:
    """A claim of the query document (prior-art search) and the closest passage of a hit."""

    claim: int  # the query document's claim number (for a text query: its sentence number)
    claim_text: str
    field: str  # where the passage is in the hit: ti, ab, cl, desc
    passage: str
    lang: str | None
    similarity: float
    passage_claim: int | None = None  # the hit's claim number when ``field`` is cl
    highlights: list[tuple[int, int]] = field(default_factory=list)  # the claim's words in the passage


@dataclass
class Hit:
    pub_number: str
    title: str | None
    score: float
    country: str
    kind: str | None
    pub_date: str | None  # ISO date
    lang: str | None
    applicants: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    family: str | None = None
    family_members: list[str] = field(default_factory=list)  # other documents of the family in the index
    snippets: list[Snippet] = field(default_factory=list)
    ranks: dict[str, int] = field(default_factory=dict)  # rank per mode in a hybrid result (1-based)
    explanation: Explanation | None = None  # semantic and hybrid hits: the sentence that made it match
    claim_pairs: list[ClaimPair] = field(default_factory=list)  # similar: each query claim -> best passage
    reason: str | None = None  # similar: one line saying why it is prior art


@dataclass
class FacetValue:
    value: str
    count: int


@dataclass
class Facet:
    name: str  # year, country, kind, ipc, applicant
    values: list[FacetValue] = field(default_factory=list)


@dataclass
class QueryPart:
    """How one piece of the query was read."""

    text: str
    field: str
    label: str
    how: str  # "term", "phrase", "wildcard", "range", "proximity", "number", "class", "date", "text"
    negated: bool = False


@dataclass
class Interpretation:
    query: str
    normalized: str  # the query as the engine read it, in CQL
    natural: bool  # free text only: ranked, any word may match
    mode: Mode
    parts: list[QueryPart] = field(default_factory=list)
    semantic_text: str | None = None  # what was embedded in semantic / hybrid mode
    notes: list[str] = field(default_factory=list)


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int  # matching documents (all family members), lexical count; semantic: candidates kept
    interpretation: Interpretation
    facets: list[Facet] = field(default_factory=list)
    cursor: str | None = None  # pass back for the next page; None on the last page
    took_ms: float = 0.0
    warnings: list[str] = field(default_factory=list)  # also what a partial result left out
    partial: bool = False  # something was cut (time limit, wildcard words): ``warnings`` says what
    cost: int = 1  # rate-limit tokens the query took (``query_limits.query_cost``)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SimilarResult:
    query_number: str | None
    query_text: str
    cutoff_date: str | None  # prior-art cut-off applied (earliest priority date, or ``before``), ISO
    hits: list[Hit]
    model: str
    mode: Mode = "hybrid"
    claims: int = 0  # query claims (or sentences of a text) paired with the hits' passages
    took_ms: float = 0.0
    warnings: list[str] = field(default_factory=list)  # what a partial result left out
    partial: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class IndexStatus:
    path: str
    documents_in_store: int
    documents_in_index: int
    vectors: int
    in_step: bool  # lexical index matches the store (count and checksum)
    missing: int = 0  # in the store, not (or stale) in the index
    extra: int = 0  # in the index, no longer in the store
    vectors_missing: int = 0
    sentence_vectors: int = 0  # documents whose passage vectors are stored (explanations read them)
    model: str | None = None
    size_bytes: int = 0
    checked: Literal["watermark", "checksum"] = "checksum"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class IndexReport:
    action: str  # rebuild, repair, vectors
    indexed: int = 0
    deleted: int = 0
    embedded: int = 0
    already: int = 0  # vectors: documents whose vector was up to date
    passages: int = 0  # vectors: documents whose passages (sentence vectors) were embedded
    seconds: float = 0.0
    status: IndexStatus | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class MetricRow:
    task: str
    mode: str
    queries: int
    recall_at_10: float
    recall_at_100: float
    mrr: float
    ndcg_at_10: float


@dataclass
class CorrelationRow:
    dataset: str
    model: str
    pairs: int
    pearson: float
    spearman: float
    seconds: float


@dataclass
class EvalReport:
    documents: int
    retrieval: list[MetricRow] = field(default_factory=list)
    correlation: list[CorrelationRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
