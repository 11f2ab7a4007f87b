"""Running a query: lexical (BM25), semantic (vectors) and hybrid (confidence-weighted fusion) result pages, with one hit
per simple family, cursors, facets and snippets."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson

from iprhub.errors import InvalidInput
from iprhub.limits import NO_LIMIT, Deadline
from iprhub.search.analysis import has_cjk
from iprhub.search.fusion import confidence
from iprhub.search.lexical_index import LexicalIndex, uid_of
from iprhub.search.results import Facet, FacetValue, Hit
from iprhub.search.snippets import Matcher, snippets

if TYPE_CHECKING:  # numpy and the vector index load with the first semantic query, not with search
    import numpy as np

    from iprhub.search.vectors import VectorIndex

SORTS = {"relevance": None, "date": ("pd", "desc"), "-date": ("pd", "asc"), "date-asc": ("pd", "asc"),
         "priority": ("prd", "asc")}
FACETS = {"year": ("py", 60), "country": ("ctry", 20), "kind": ("kind", 20), "ipc": ("ipc_sub", 20),
          "applicant": ("pa_key", 20)}
CANDIDATES = 100  # per list fused in hybrid mode
MAX_OFFSET = 10_000  # paging stops here (deeper pages cost more and more; refine the query instead)


@dataclass
class Ranked:
    """One candidate in ranked order (before display)."""

    uid: int
    famh: int
    score: float
    address: Any = None
    ranks: dict[str, int] = field(default_factory=dict)


def encode_cursor(offset: int, mode: str) -> str:
    return base64.urlsafe_b64encode(orjson.dumps({"o": offset, "m": mode})).decode().rstrip("=")


def decode_cursor(cursor: str | None, mode: str) -> int:
    if not cursor:
        return 0
    try:
        data = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        offset = int(data["o"])
    except (ValueError, KeyError, TypeError, orjson.JSONDecodeError) as exc:
        raise InvalidInput(f"invalid cursor {cursor!r}", field="cursor") from exc
    if data.get("m") != mode or offset < 0:
        raise InvalidInput("the cursor belongs to another search mode", field="cursor")
    if offset >= MAX_OFFSET:
        raise InvalidInput(f"the cursor goes beyond the first {MAX_OFFSET:,} hits; refine the query", field="cursor")
    return offset


class HitList(list[Hit]):
    """Hits in display order; ``snippets_cut`` counts those left without snippets when time ran out."""

    snippets_cut: int = 0


class Engine:
    def __init__(self, lexical: LexicalIndex) -> None:
        import tantivy

        self.t = tantivy
        self.lexical = lexical

    # lexical ----------------------------------------------------------------------------------
    def lexical_page(self, query: Any, *, offset: int, limit: int, collapse: bool, sort: str | None,
                     count: bool = True, deadline: Deadline = NO_LIMIT) -> tuple[list[Ranked], int, int | None]:
        """(hits, total matching documents, next raw offset or None at the end)."""
        searcher = self.lexical.searcher()
        order = SORTS.get(sort or "relevance", "bad")
        if order == "bad":
            raise InvalidInput(f"unknown sort {sort!r} (use {', '.join(SORTS)})", field="sort")
        kwargs: dict[str, Any] = {}
        if order:
            kwargs = {"order_by_field": order[0],
                      "order": self.t.Order.Desc if order[1] == "desc" else self.t.Order.Asc}
        total = 0
        kept: list[Ranked] = []
        seen: set[int] = set()
        raw = offset
        chunk = max(limit * 3, 30)
        first = True
        while len(kept) < limit:
            deadline.check("candidate scoring")
            result = searcher.search(query, limit=chunk, offset=raw, count=count and first, **kwargs)
            if first:
                total = result.count if count else 0
                first = False
            hits = result.hits
            if not hits:
                return kept, total, None
            addrs = [a for _s, a in hits]
            uids = searcher.fast_field_values("uid", addrs)
            famhs = searcher.fast_field_values("famh", addrs)
            for i, (score, addr) in enumerate(hits):
                famh = int(famhs[i])  # type: ignore[arg-type]
                if collapse:
                    deadline.check("candidate scoring")
                    if famh in seen or not self._best_of_family(searcher, query, famh, addr, kwargs):
                        continue
                    seen.add(famh)
                kept.append(Ranked(int(uids[i]), famh, float(score), addr))  # type: ignore[arg-type]
                if len(kept) >= limit:
                    return kept, total, raw + i + 1
            raw += len(hits)
            if len(hits) < chunk:
                return kept, total, None
        return kept, total, raw

    def _best_of_family(self, searcher: Any, query: Any, famh: int, addr: Any, kwargs: dict) -> bool:
        """True when this document ranks first among the matching members of its family."""
        if searcher.doc_freq("famh", famh) <= 1:
            return True
        Q, Occ = self.t.Query, self.t.Occur
        restricted = Q.boolean_query([(Occ.Must, query), (Occ.Must, Q.term_query(self.lexical.schema, "famh", famh))])
        top = searcher.search(restricted, limit=1, count=False, **kwargs).hits
        return bool(top) and top[0][1].segment_ord == addr.segment_ord and top[0][1].doc == addr.doc

    def lexical_ranking(self, query: Any, k: int) -> list[Ranked]:
        searcher = self.lexical.searcher()
        hits = searcher.search(query, limit=k, count=False).hits
        if not hits:
            return []
        addrs = [a for _s, a in hits]
        uids = searcher.fast_field_values("uid", addrs)
        famhs = searcher.fast_field_values("famh", addrs)
        return [Ranked(int(u), int(f), float(s), a)  # type: ignore[arg-type]
                for (s, a), u, f in zip(hits, uids, famhs, strict=True)]

    # semantic ---------------------------------------------------------------------------------
    def semantic_ranking(self, vectors: VectorIndex, qvec: np.ndarray, k: int, filt: Any | None,
                         exclude_famh: set[int] | None = None, deadline: Deadline = NO_LIMIT) -> list[Ranked]:
        """Nearest documents by cosine, restricted by ``filt`` (a tantivy query) when given."""
        want = k
        n = len(vectors)
        fetch = min(n, max(k * 5, 50))
        while True:
            deadline.check("candidate scoring")
            found = vectors.search(qvec, fetch)
            allowed = self._resolve(found_uids=[h.uid for h in found], filt=filt)
            out = []
            for h in found:
                info = allowed.get(h.uid)
                if info is None or (exclude_famh and info[0] in exclude_famh):
                    continue
                out.append(Ranked(h.uid, info[0], h.similarity, info[1]))
            if len(out) >= want or fetch >= n:
                return out[:want]
            fetch = min(n, fetch * 4)

    def _resolve(self, found_uids: list[int], filt: Any | None) -> dict[int, tuple[int, Any]]:
        """uid -> (family hash, address) for the uids that pass the filter."""
        if not found_uids:
            return {}
        Q, Occ = self.t.Query, self.t.Occur
        query = self.uid_query(found_uids)
        if filt is not None:
            query = Q.boolean_query([(Occ.Must, query), (Occ.Must, filt)])
        searcher = self.lexical.searcher()
        hits = searcher.search(query, limit=len(found_uids), count=False).hits
        if not hits:
            return {}
        addrs = [a for _s, a in hits]
        uids = searcher.fast_field_values("uid", addrs)
        famhs = searcher.fast_field_values("famh", addrs)
        return {int(u): (int(f), a) for u, f, a in zip(uids, famhs, addrs, strict=True)}  # type: ignore[arg-type]

    # fusion -----------------------------------------------------------------------------------
    def complete(self, query: Any, vectors: VectorIndex, qvec: np.ndarray, lexical: list[Ranked],
                 semantic: list[Ranked]) -> tuple[list[Ranked], list[Ranked]]:
        """Both lists over the same candidates: each candidate of one list gets its score in the other.

        A document the vectors found but the words did not rank gets its BM25 score (0 when no word
        matches); one the words found gets its exact cosine. Fusion then compares every candidate on
        both scores instead of treating "not in my top 100" as "worst possible".
        """
        lex_seen = {r.uid for r in lexical}
        sem_seen = {r.uid for r in semantic}
        lex_missing = [r for r in semantic if r.uid not in lex_seen]
        sem_missing = [r for r in lexical if r.uid not in sem_seen]
        lexical, semantic = list(lexical), list(semantic)
        if lex_missing:
            Q, Occ = self.t.Query, self.t.Occur
            only = Q.const_score_query(self.uid_query([r.uid for r in lex_missing]), 0.0)
            found = {r.uid: r.score for r in self.lexical_ranking(Q.boolean_query([(Occ.Must, query), (Occ.Must, only)]),
                                                                   len(lex_missing))}
            lexical.extend(Ranked(r.uid, r.famh, found.get(r.uid, 0.0), r.address) for r in lex_missing)
        if sem_missing:
            sims = vectors.similarities(qvec, [r.uid for r in sem_missing])
            floor = min((r.score for r in semantic), default=0.0)  # nothing to embed: as far as the farthest
            semantic.extend(Ranked(r.uid, r.famh, sims.get(r.uid, floor), r.address) for r in sem_missing)
        return lexical, semantic

    @staticmethod
    def fuse(lexical: list[Ranked], semantic: list[Ranked]) -> list[Ranked]:
        """Hybrid order: :func:`iprhub.search.fusion.confidence` over the two lists; ``ranks`` keeps each mode's rank.

        Give it lists made :meth:`complete` (same candidates in both), so agreement is read off the
        scores rather than off membership of two top-k lists.
        """
        by_uid: dict[int, Ranked] = {}
        for name, ranking in (("bm25", lexical), ("semantic", semantic)):
            for rank, r in enumerate(sorted(ranking, key=lambda x: -x.score), start=1):
                entry = by_uid.setdefault(r.uid, Ranked(r.uid, r.famh, 0.0, r.address))
                if name == "semantic" or r.score > 0.0:  # a BM25 score of 0: no word matched, no rank
                    entry.ranks[name] = rank
        fused = confidence([[(r.uid, r.score) for r in lexical], [(r.uid, r.score) for r in semantic]])
        out = []
        for uid, score in fused:
            entry = by_uid[int(uid)]  # type: ignore[call-overload]
            entry.score = score
            out.append(entry)
        return out

    @staticmethod
    def collapse_page(ranked: list[Ranked], offset: int, limit: int, collapse: bool) -> tuple[list[Ranked], int | None]:
        """A page of an in-memory ranking, one per family; next offset or None."""
        seen: set[int] = set()
        families_before: set[int] = set()
        if collapse:
            for r in ranked[:offset]:
                families_before.add(r.famh)
        out: list[Ranked] = []
        for i in range(offset, len(ranked)):
            r = ranked[i]
            if collapse and (r.famh in seen or r.famh in families_before):
                continue
            seen.add(r.famh)
            out.append(r)
            if len(out) >= limit:
                return out, (i + 1 if i + 1 < len(ranked) else None)
        return out, None

    # display ----------------------------------------------------------------------------------
    def hits(self, ranked: list[Ranked], matcher: Matcher, *, prefer_cjk: bool, members: bool,
             with_snippets: bool = True, deadline: Deadline = NO_LIMIT) -> HitList:
        """Display records of a page; past ``deadline`` the remaining hits come without snippets."""
        searcher = self.lexical.searcher()
        out = HitList()
        for r in ranked:
            cut = with_snippets and deadline.expired()
            out.snippets_cut += cut
            shown = self.lexical.display(searcher, r.address)
            data = shown.data
            others: list[str] = []
            if members and searcher.doc_freq("famh", r.famh) > 1:
                others = [p for p in self.family_numbers(searcher, r.famh) if p != shown.pub]
            out.append(Hit(
                pub_number=shown.pub, title=_pick_title(data.get("ti") or [], prefer_cjk), score=round(r.score, 6),
                country=data.get("ctry") or "", kind=data.get("kind"), pub_date=data.get("pd"), lang=data.get("lang"),
                applicants=data.get("pa") or [], classes=data.get("cls") or [], family=shown.fam,
                family_members=others, snippets=snippets(data, matcher) if with_snippets and not cut else [],
                ranks=r.ranks,
            ))
        return out

    def family_numbers(self, searcher: Any, famh: int, limit: int = 50) -> list[str]:
        q = self.t.Query.term_query(self.lexical.schema, "famh", famh)
        return sorted(searcher.doc(a).get_first("pub") for _s, a in searcher.search(q, limit=limit, count=False).hits)

    def uid_query(self, uids: list[int]) -> Any:
        """The documents with these keys (a ranked candidate list as a query)."""
        Q = self.t.Query
        return Q.term_set_query(self.lexical.schema, "uid", uids) if uids else Q.empty_query()

    def facets(self, query: Any) -> list[Facet]:
        searcher = self.lexical.searcher()
        aggs = {name: {"terms": {"field": fld, "size": size}} for name, (fld, size) in FACETS.items()}
        result = searcher.aggregate(query, aggs)
        out = []
        for name in FACETS:
            buckets = result.get(name, {}).get("buckets", [])
            values = [FacetValue(_facet_key(b["key"]), int(b["doc_count"])) for b in buckets]
            if name == "year":
                values.sort(key=lambda v: v.value, reverse=True)
            out.append(Facet(name, values))
        return out

    def address_of(self, uid: int) -> Any | None:
        q = self.t.Query.term_query(self.lexical.schema, "uid", uid)
        hits = self.lexical.searcher().search(q, limit=1, count=False).hits
        return hits[0][1] if hits else None

    def address_of_pub(self, pub: str) -> Any | None:
        return self.address_of(uid_of(pub))


def _facet_key(key: Any) -> str:
    if isinstance(key, float) and key.is_integer():
        return str(int(key))
    return str(key)


def _pick_title(titles: list, prefer_cjk: bool) -> str | None:
    if not titles:
        return None
    if prefer_cjk:
        for _lang, text in titles:
            if has_cjk(text):
                return text
    for lang, text in titles:
        if lang == "en":
            return text
    return titles[0][1]


ProgressFn = Callable[[int], None]
