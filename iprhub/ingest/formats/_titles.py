"""What the classification title readers (title lists, scheme XML) share: hierarchy levels of
symbols and batching of title rows."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from iprhub.ingest.formats.base import ClassTitles, Item, Rejected

BATCH_ROWS = 5000


_RANK_LEVEL = {1: 2, 3: 3, 4: 5}  # section, class, subclass by symbol length


def scheme_level(symbol: str, dots: int | None) -> int | None:
    """Hierarchy level of a normalised symbol; ``dots`` is the subgroup indent where known."""
    if " " not in symbol:
        return _RANK_LEVEL.get(len(symbol))
    if dots is not None:
        return 7 + dots
    return 7 if symbol.endswith("/00") else None


def title_batches(items: Iterable[dict[str, Any] | Rejected]) -> Iterator[Item]:
    """Group title rows into ``ClassTitles`` batches; rejections pass through in order."""
    rows: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, Rejected):
            yield item
            continue
        rows.append(item)
        if len(rows) >= BATCH_ROWS:
            yield ClassTitles(rows=rows)
            rows = []
    if rows:
        yield ClassTitles(rows=rows)
