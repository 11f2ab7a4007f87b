"""A short-lived cache of document views and statistics.

A document page composes several reads (citations resolved one by one) and popular documents are
asked for again and again; the statistics count whole tables. Documents live ``ttl`` seconds,
statistics ``stats_ttl``; everything is dropped when an upload's ingest finishes (``changed``, asked
at most every ``check_every`` seconds, tells: with several server processes the job ends in the
runner, not here), and a CLI ingest is seen within the TTL."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from iprhub.views import DocumentView, Stats


class ViewCache:
    def __init__(self, hub: Any, *, ttl: float = 30.0, size: int = 512, stats_ttl: float = 10.0,
                 changed: Callable[[], object] | None = None, check_every: float = 2.0) -> None:
        self.hub = hub
        self.changed = changed
        self.check_every = check_every
        self._seen: tuple[float, object] = (-1e9, None)
        self.ttl = ttl
        self.size = size
        self.stats_ttl = stats_ttl
        self._stats: tuple[float, Stats] | None = None
        self._items: OrderedDict[str, tuple[float, DocumentView]] = OrderedDict()
        self._lock = threading.Lock()

    def document(self, number: str) -> DocumentView:
        key = " ".join(number.split()).upper()
        now = time.monotonic()
        self._check(now)
        with self._lock:
            hit = self._items.get(key)
            if hit and now - hit[0] < self.ttl:
                self._items.move_to_end(key)
                return hit[1]
        view = self.hub.document_view(number)
        with self._lock:
            self._items[key] = (now, view)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return view

    def stats(self) -> Stats:
        now = time.monotonic()
        self._check(now)
        cached = self._stats
        if cached and now - cached[0] < self.stats_ttl:
            return cached[1]
        fresh = self.hub.stats()
        self._stats = (now, fresh)
        return fresh

    def _check(self, now: float) -> None:
        if self.changed is None or now - self._seen[0] < self.check_every:
            return
        stamp = self.changed()
        if stamp != self._seen[1] and self._seen[0] > -1e9:
            self.clear()
        self._seen = (now, stamp)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._stats = None
