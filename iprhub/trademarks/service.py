"""``hub.trademarks``: trademark search, the similarity engine and mark pages over the store's marks.

The index is built from the store on first use and rebuilt when the store's trademarks change (their
count or latest update), so marks ingested a moment ago are found.

>>> # hub.trademarks.compare("QIAODAN", "乔丹").tier -> 'high'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import func, select

from iprhub.errors import InvalidInput, NotFound
from iprhub.limits import Deadline
from iprhub.store import schema as s
from iprhub.trademarks.filters import DATE_FIELDS, MarkFilter
from iprhub.trademarks.index import INDEX_VERSION, MarkEntry, MarkIndex
from iprhub.trademarks.models import (
    ClassGoods,
    Facet,
    MarkComparison,
    MarkFacets,
    MarkPage,
    MarkSearchResult,
    MarkSummary,
    SearchPage,
    StatusEvent,
)
from iprhub.trademarks.search import run_search, summary_of
from iprhub.trademarks.similarity import compare as compare_marks

MAX_LIMIT = 1000


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def entry_of(key: str, record: dict[str, Any]) -> MarkEntry:
    """The index's light copy of a stored trademark record (its JSON)."""
    parties = record.get("parties") or []
    holders = [p for p in parties if p.get("role") == "owner"] or [
        p for p in parties if p.get("role") == "applicant"
    ]
    classes = [c["number"] for c in record.get("nice_classes") or []]
    goods = " ".join(
        t.get("text", "") for c in record.get("nice_classes") or [] for t in c.get("goods_services") or []
    )
    return MarkEntry(
        number=key,
        office=record.get("office") or "",
        mark=record.get("mark_text"),
        owner=holders[0]["name"] if holders else None,
        classes=classes,
        status=record.get("status"),
        filing_date=_date(record.get("app_date")),
        publication_date=_date(record.get("pub_date")),
        registration_date=_date(record.get("reg_date")),
        goods=goods,
        owners=tuple(p["name"] for p in holders),
        owner_aliases=tuple(n for p in holders for n in p.get("other_names") or ()),
    )


class TrademarksService:
    """Search, compare and summarise trademarks (see :mod:`iprhub.trademarks`)."""

    def __init__(self, hub: Any) -> None:
        self.hub = hub
        self._lock = threading.Lock()
        self._index: MarkIndex | None = None
        self._signature: tuple[Any, ...] | None = None

    # --- index ----------------------------------------------------------------------------------
    def _store_signature(self) -> tuple[Any, ...]:
        with self.hub.store.reading() as conn:
            row = conn.execute(
                select(
                    func.count(), func.max(s.trademarks.c.updated_at), func.max(s.trademarks.c.id)
                ).select_from(s.trademarks)
            ).one()
        return tuple(row)

    def _entries(self) -> Iterable[MarkEntry]:
        with self.hub.store.reading() as conn:
            rows = conn.execute(
                select(s.trademarks.c.tm_key, s.trademarks.c.record).order_by(s.trademarks.c.id)
            )
            for key, record in rows:
                yield entry_of(key, orjson.loads(record))

    def index(self) -> MarkIndex:
        signature = self._store_signature()
        with self._lock:
            if self._index is None or signature != self._signature:
                self._index = self._load(signature) or self._build(signature)
                self._signature = signature
            return self._index

    # the index of the store as it is is kept in <home>/index/trademarks-<signature>.pickle, so a command
    # does not transliterate every mark again; any change of the trademarks changes the signature
    def _cache_path(self, signature: tuple[Any, ...]) -> Path | None:
        base = getattr(self.hub.settings, "search_index_dir", None) or Path(self.hub.settings.home) / "index"
        digest = hashlib.sha256(
            repr((INDEX_VERSION, str(self.hub.settings.database_url), signature)).encode()
        ).hexdigest()[:16]
        return Path(base) / f"trademarks-{digest}.pickle"

    def _load(self, signature: tuple[Any, ...]) -> MarkIndex | None:
        path = self._cache_path(signature)
        if path is None or not path.exists():
            return None
        try:
            with path.open("rb") as fh:
                index = pickle.load(fh)  # noqa: S301 - our own file in the data folder
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None
        return (
            index
            if isinstance(index, MarkIndex) and getattr(index, "version", None) == INDEX_VERSION
            else None
        )

    def _build(self, signature: tuple[Any, ...]) -> MarkIndex:
        index = MarkIndex(list(self._entries()))
        path = self._cache_path(signature)
        if path is not None and len(index):
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                for old in path.parent.glob("trademarks-*.pickle"):
                    old.unlink(missing_ok=True)
                tmp = path.with_suffix(".tmp")
                with tmp.open("wb") as fh:
                    pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
                tmp.replace(path)
            except OSError:
                pass  # a read-only data folder: the index lives in memory only
        return index

    # --- the contract ---------------------------------------------------------------------------
    def compare(
        self, a: str, b: str, *, classes_a: Sequence[int] = (), classes_b: Sequence[int] = ()
    ) -> MarkComparison:
        """Two word marks compared by explained signals, a combined score and a tier."""
        return compare_marks(a, b, classes_a=classes_a, classes_b=classes_b)

    def search(
        self,
        text: str | None = None,
        where: MarkFilter | None = None,
        *,
        similar: bool = False,
        limit: int = 50,
        time_limit: float | None = None,
        **filters: Any,
    ) -> MarkSearchResult:
        """Marks by text (exact, prefix, fuzzy, phonetic, across scripts), narrowed by ``where`` (a
        :class:`MarkFilter`) or its fields as keywords (``owner=``, ``goods=``, ``classes=``, ``offices=``,
        ``status=``, ``date_from=``, ``date_to=``, ``date_field=``: filed, published or registered);
        ``similar=True`` ranks by the similarity engine."""
        if not 1 <= limit <= MAX_LIMIT:
            raise InvalidInput(f"limit must be 1-{MAX_LIMIT}", field="limit")
        where = MarkFilter.of(where, filters)
        if text is not None and not text.strip() and where.is_empty():
            raise InvalidInput("the mark is empty", field="text")
        return run_search(
            self.index(), text, where, similar=similar, limit=limit, deadline=Deadline.after(time_limit)
        )

    def summary(self, number: str) -> MarkSummary:
        """The hit-list view of one stored trademark (any number ``hub.trademark`` accepts)."""
        tm = self.hub.trademark(number)
        index = self.index()
        i = index.by_number.get(tm.key)
        if i is None:
            raise NotFound(f"no trademark {number!r} in the store", record=number)
        return summary_of(index.entries[i])

    # --- pages ----------------------------------------------------------------------------------
    def search_page(
        self,
        text: str | None = None,
        where: MarkFilter | None = None,
        *,
        similar: bool = False,
        limit: int = 50,
        time_limit: float | None = None,
    ) -> SearchPage:
        """The portal's search page: a search with facets over all its matches (no search without words)."""
        where = MarkFilter.of(where)
        page = SearchPage(query=text, where=where, similar=similar, store_marks=len(self.index()))
        if not (text or "").strip() and where.is_empty():
            return page

        def run(size: int) -> MarkSearchResult:
            return self.search(text or None, where, similar=similar, limit=size, time_limit=time_limit)

        result, wide = run(limit), run(MAX_LIMIT)
        offices_c: dict[str, int] = {}
        classes_c: dict[str, int] = {}
        statuses_c: dict[str, int] = {}
        years_c: dict[str, int] = {}
        attr = DATE_FIELDS[where.date_field]
        for hit in wide.hits:
            m = hit.mark
            offices_c[m.office] = offices_c.get(m.office, 0) + 1
            for c in m.classes:
                classes_c[str(c)] = classes_c.get(str(c), 0) + 1
            key = m.status or "—"
            statuses_c[key] = statuses_c.get(key, 0) + 1
            when = getattr(m, attr)
            year = str(when.year) if when else "—"
            years_c[year] = years_c.get(year, 0) + 1

        def top(counts: dict[str, int]) -> list[Facet]:
            return [
                Facet(value=k, count=v)
                for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
            ]

        page.result = result
        page.facets = MarkFacets(
            offices=top(offices_c),
            classes=top(classes_c),
            statuses=top(statuses_c),
            years=[Facet(value=k, count=v) for k, v in sorted(years_c.items(), reverse=True)],
        )
        return page

    def mark_page(self, number: str, *, similar: int = 10) -> MarkPage:
        """One mark with goods by class, owners, status history and its most similar marks."""
        tm = self.hub.trademark(number)
        summary = self.summary(tm.key)
        near: list[Any] = []
        if tm.mark_text:
            try:
                found = self.search(
                    tm.mark_text,
                    similar=True,
                    limit=similar + 1,
                    classes=[c.number for c in tm.nice_classes][:45],
                )
            except InvalidInput:
                found = None
            if found is not None:
                near = [h for h in found.hits if h.mark.number != tm.key][:similar]
        history = [
            StatusEvent(date=e.date, description=e.description)
            for e in sorted(tm.events, key=lambda e: e.date or dt.date.min)
        ]
        if tm.status and not history:
            history = [StatusEvent(date=tm.status_date, description=tm.status)]
        return MarkPage(
            summary=summary,
            mark_type=tm.mark_type,
            reg_number=tm.reg_number,
            expiry_date=tm.expiry_date,
            owners=[
                " / ".join([p.name, *p.other_names]) for p in tm.parties if p.role in ("owner", "applicant")
            ],
            agents=[p.name for p in tm.parties if p.role in ("agent", "correspondent")],
            goods=[
                ClassGoods(number=c.number, goods=[t.text for t in c.goods_services]) for c in tm.nice_classes
            ],
            vienna_codes=tm.vienna_codes,
            history=history,
            similar=near,
            sources=[f"{p.source_file} · {p.position} · {p.format}" for p in tm.provenance],
        )

    def evaluate(self, data_root: Any, progress: Any = None) -> list[Any]:
        """The ``trademarks`` evaluation task (see :mod:`iprhub.trademarks.evaluation`)."""
        from pathlib import Path

        from iprhub.trademarks.evaluation import run

        return run(Path(data_root), progress or (lambda _m: None))
