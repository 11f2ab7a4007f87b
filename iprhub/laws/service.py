"""``hub.laws``: the law base over the hub's store (what the API, the pages and the CLI call).

>>> from iprhub.hub import Hub
>>> from iprhub.settings import Settings
>>> Hub(Settings(database_url="sqlite:///:memory:")).laws.list().laws
[]
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from iprhub.laws.base import LawBase
from iprhub.laws.model import ArticleView, LawList, LawLoadReport, LawRecord, LawSearchResult


class LawsService:
    def __init__(self, hub: Any) -> None:
        self._base = LawBase(hub.store)

    def load(self, paths: Iterable[Path], jurisdiction: str = "CN") -> LawLoadReport:
        """Load law files or folders; broken files are reported (file, line) and store nothing."""
        return self._base.load([Path(p) for p in paths], jurisdiction)

    def list(self, jurisdiction: str | None = None) -> LawList:
        return LawList(jurisdiction=jurisdiction.upper() if jurisdiction else None,
                       laws=self._base.summaries(jurisdiction))

    def law(self, ref: str) -> LawRecord:
        return self._base.law(ref)

    def article(self, ref: str, article: str | None = None) -> ArticleView:
        return self._base.article(ref, article)

    def search(self, query: str, limit: int = 10, include_superseded: bool = False) -> LawSearchResult:
        return self._base.search(query, limit=limit, include_superseded=include_superseded)
