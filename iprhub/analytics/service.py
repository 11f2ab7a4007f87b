"""AnalyticsService (``hub.analytics``): analysis and export of any query's result set.

>>> # hub.analytics.analyze('ti=battery', unit='family').chart('trend').rows
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select

from iprhub.analytics.analyses import ANALYSES, Context, by_count
from iprhub.analytics.dataset import APPLICANT_ROLES, Doc, iter_batches
from iprhub.analytics.model import Analysis, Unit
from iprhub.errors import InvalidInput, Timeout
from iprhub.limits import Deadline
from iprhub.store.schema import class_titles, doc_parties, documents

GRANT_TYPES = ("grant", "design", "plant", "reissue")


class AnalyticsService:
    def __init__(self, hub: Any) -> None:
        self.hub = hub

    # the set ----------------------------------------------------------------------------------
    def matches(self, query: str, deadline: Deadline) -> Any:
        if not query or not query.strip():
            raise InvalidInput("the query is empty: analyse a query's result set", field="q", position=0)
        return self.hub.search.matching(query, deadline=deadline)

    def _entity_of(self) -> Callable[[str], tuple[str, str, str]]:
        if self.hub.has_capability("parties"):
            parties = self.hub.parties
            idx = parties.index()

            @lru_cache(maxsize=50_000)
            def via_parties(name: str) -> tuple[str, str, str]:
                from iprhub.parties.service import key_of

                eid = idx.entity_of.get(("applicant", key_of("applicant", name)))
                if eid is None:
                    return name, name, f'pa="{name}"'
                names = idx.names_of[eid]
                spellings = sorted(names)
                q = " or ".join(f'pa="{n.replace(chr(34), " ")}"' for n in spellings)
                return eid, names.most_common(1)[0][0], f"({q})" if len(spellings) > 1 else q

            return via_parties
        return lambda name: (name, name, f'pa="{name}"')

    def _titles(self) -> Callable[[str, str], str | None]:
        store = self.hub.store

        @lru_cache(maxsize=10_000)
        def title(scheme: str, symbol: str) -> str | None:
            with store.engine.connect() as conn:
                return conn.execute(select(class_titles.c.title).where(
                    class_titles.c.scheme == scheme, class_titles.c.symbol == symbol).limit(1)).scalar()

        return title

    def _baseline_countries(self) -> Counter[str]:
        q = (select(doc_parties.c.country, func.count(func.distinct(doc_parties.c.doc_id)))
             .where(doc_parties.c.role.in_(APPLICANT_ROLES), doc_parties.c.country.is_not(None))
             .group_by(doc_parties.c.country))
        with self.hub.store.engine.connect() as conn:
            return Counter({c: n for c, n in conn.execute(q) if c})

    def data_cutoff(self) -> str | None:
        with self.hub.store.engine.connect() as conn:
            newest = conn.execute(select(func.max(documents.c.pub_date))).scalar()
        return newest.isoformat() if newest else None

    # analysis ---------------------------------------------------------------------------------
    def analyze(self, query: str, *, unit: Unit = "family", time_limit: float | None = None,
                only: Sequence[str] | None = None, top: int = 20) -> Analysis:
        """Every analysis of the query's result set (or those in ``only``), counted by ``unit``.

        Within ``time_limit`` (default: the search's keyed limit): what is left out when it runs out
        (matches not listed, documents not read, analyses not run) is said in ``warnings``."""
        started = time.perf_counter()
        if unit not in ("family", "document"):
            raise InvalidInput(f"unknown unit {unit!r} (family or document)", field="unit")
        chosen = list(only or ANALYSES)
        unknown = [a for a in chosen if a not in ANALYSES]
        if unknown:
            raise InvalidInput(f"unknown analysis {unknown[0]!r} (known: {', '.join(ANALYSES)})", field="only")
        deadline = Deadline.after(time_limit) if time_limit is not None else self.hub.search.deadline(keyed=True)
        warnings: list[str] = []
        try:
            found = self.matches(query, deadline)
        except Timeout as exc:
            return self._empty(query, unit, started, [f"nothing analysed: {exc.message}"], partial=True)
        warnings.extend(found.warnings)
        docs: list[Doc] = []
        for batch in iter_batches(self.hub.store, found.numbers, deadline=deadline,
                                  with_citations="citations" in chosen):
            docs.extend(batch)
        if len(docs) < len(found.numbers):
            warnings.append(f"the time limit was reached while reading documents: {len(docs):,} of "
                            f"{len(found.numbers):,} are analysed")
        ctx = Context(query=query, unit=unit, entity_of=self._entity_of(), titles=self._titles(),
                      baseline_countries=self._baseline_countries(), top=top)
        charts = []
        skipped = []
        for name in chosen:
            if deadline.expired():
                skipped.append(name)
                continue
            charts.append(ANALYSES[name](ctx, docs))
        if skipped:
            warnings.append(f"the time limit was reached: analyses left out: {', '.join(skipped)}")
        types = Counter(d.doc_type for d in docs)
        return Analysis(query=query, unit=unit, documents=len(docs), families=len({d.family for d in docs}),
                        total_matches=found.total, document_types=dict(by_count(types)),
                        basis=_basis(types, unit), data_cutoff=self.data_cutoff(), charts=charts,
                        partial=bool(warnings and (skipped or found.partial or len(docs) < len(found.numbers))),
                        warnings=warnings, took_ms=round((time.perf_counter() - started) * 1000, 1))

    def _empty(self, query: str, unit: Unit, started: float, warnings: list[str], partial: bool) -> Analysis:
        return Analysis(query=query, unit=unit, documents=0, families=0, total_matches=0, document_types={},
                        basis=_basis(Counter(), unit), data_cutoff=self.data_cutoff(), charts=[], partial=partial,
                        warnings=warnings, took_ms=round((time.perf_counter() - started) * 1000, 1))

    def chart_csv(self, analysis: Analysis, chart_id: str) -> str:
        from iprhub.analytics.export import chart_csv

        return chart_csv(analysis.chart(chart_id))

    # landscape --------------------------------------------------------------------------------
    def landscape(self, *, seeds: Sequence[str] = (), query: str | None = None, holdout: float = 0.0,
                  threshold: float = 1.0, time_limit: float | None = None) -> Any:
        """A landscape from seed publications (any spelling of their numbers) or a query's result set,
        expanded through families, citations and the seeds' classes, scored and pruned; ``holdout``
        holds back part of the seeds and reports their recall."""
        from iprhub.analytics.landscape import build_landscape

        if not 0 <= holdout < 1:
            raise InvalidInput("holdout must be in [0, 1)", field="holdout")
        deadline = Deadline.after(time_limit) if time_limit is not None else self.hub.search.deadline(keyed=True)
        numbers = [self.hub.resolve_number(s) for s in seeds]
        warnings: list[str] = []
        if query:
            found = self.matches(query, deadline)
            numbers += found.numbers
            warnings += found.warnings
        if not numbers:
            raise InvalidInput("a landscape needs seed documents or a query that matches some", field="seeds")
        result = build_landscape(self.hub.store, numbers, holdout=holdout, threshold=threshold, deadline=deadline)
        result.warnings = warnings + result.warnings
        result.partial = result.partial or bool(warnings)
        return result

    # export -----------------------------------------------------------------------------------
    def export(self, query: str, fmt: str, *, fields: Sequence[str] | None = None, collapse: bool = False,
               time_limit: float | None = None) -> tuple[Any, Iterator[bytes]]:
        """(what is exported, a stream of the file's bytes); see :mod:`iprhub.analytics.export`."""
        from iprhub.analytics.export import export_stream
        from iprhub.search.service import MatchSet

        deadline = Deadline.after(time_limit) if time_limit is not None else self.hub.search.deadline(keyed=True)
        try:
            found = self.matches(query, deadline)
        except Timeout as exc:  # nothing listed in time: an empty file that says so (X-Partial, --json)
            found = MatchSet(numbers=[], total=0, partial=True, warnings=[f"nothing exported: {exc.message}"])
        return export_stream(self.hub.store, found, fmt, fields=fields, collapse=collapse, deadline=deadline)


def _basis(types: Counter[str], unit: Unit) -> str:
    apps = types.get("application", 0)
    grants = sum(types.get(t, 0) for t in GRANT_TYPES)
    what = "simple families (DOCDB family id; a document without one counts alone)" if unit == "family" \
        else "documents (publications)"
    return (f"counts are of {what}; the set holds {apps} application publications and {grants} grants "
            f"({sum(types.values()) - apps - grants} other documents): counts mix applications and grants"
            if apps and grants else
            f"counts are of {what}; the set holds " + (f"application publications only ({apps})" if apps else
                                                       f"grants only ({grants})" if grants else "no applications or grants"))
