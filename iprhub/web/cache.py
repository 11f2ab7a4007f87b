"""A short-lived cache of document views and statistics.

A document page composes several reads (citations resolved one by one) and popular documents are
asked for again and again; the statistics count whole tables. Documents live ``ttl`` seconds,
statistics ``stats_ttl``; everything is dropped when an upload's ingest finishes, and a CLI ingest
is seen within the TTL."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any

from iprhub.views import DocumentView, Stats


class ViewCache:
    def __init__(self, hub: Any, *, ttl: float = 30.0, size: int = 512, stats_ttl: float = 10.0) -> None:
        self.hub = hub
        self.ttl = ttl
        self.size = size
        self.stats_ttl = stats_ttl
        self._stats: tuple[float, Stats] | None = None
        self._items: OrderedDict[str, tuple[float, DocumentView]] = OrderedDict()
        self._lock = threading.Lock()

    def document(self, number: str) -> DocumentView:
        key = " ".join(number.split()).upper()
        now = time.monotonic()
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
        cached = self._stats
        if cached and now - cached[0] < self.stats_ttl:
            return cached[1]
        fresh = self.hub.stats()
        self._stats = (now, fresh)
        return fresh

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._stats = None
