"""Two stores compared through their lossless dumps (iprhub.store.dump): every table's rows with
surrogate ids replaced by the natural keys they stand for and the write times left out, so two
stores that hold the same records compare equal byte for byte, whatever order they were written in."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import orjson

from iprhub.store.dump import read_dump

_SKIP_TABLES = {"meta", "alembic_version"}
_TIMES = {"created_at", "updated_at", "finished_at", "started_at", "refreshed_at"}
_PARENTS = {"doc_id": ("documents", "pub_number"), "tm_id": ("trademarks", "tm_key")}


def store_rows(store: Any) -> dict[str, list[bytes]]:
    """Each table's rows as sorted canonical JSON."""
    raw: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in read_dump(store):
        if line.type == "row" and line.table not in _SKIP_TABLES:
            raw[str(line.table)].append(line.data)
    keys = {parent: {r["id"]: r[col] for r in raw.get(parent, [])} for parent, col in _PARENTS.values()}
    out: dict[str, list[bytes]] = {}
    for table, rows in raw.items():
        canon = []
        for r in rows:
            row = {k: v for k, v in r.items() if k not in _TIMES and k != "id"}
            for fk, (parent, _col) in _PARENTS.items():
                if fk in row:
                    row[fk] = keys[parent].get(row[fk], row[fk])
            canon.append(orjson.dumps(row, option=orjson.OPT_SORT_KEYS))
        out[table] = sorted(canon)
    return out


def differences(a: dict[str, list[bytes]], b: dict[str, list[bytes]], limit: int = 5) -> dict[str, Any]:
    """Per table, rows only in ``a`` and only in ``b`` (the first ``limit``), empty when equal."""
    found: dict[str, Any] = {}
    for table in sorted(set(a) | set(b)):
        ra, rb = a.get(table, []), b.get(table, [])
        if ra == rb:
            continue
        sa, sb = set(ra), set(rb)
        found[table] = {"count": (len(ra), len(rb)), "only_a": sorted(sa - sb)[:limit],
                        "only_b": sorted(sb - sa)[:limit]}
    return found


def embedded_charts(store: Any, query: str, numbers: list[str], only: list[str], unit: str = "family") -> list[Any]:
    """The charts ``hub.analytics.analyze`` draws for a set of ``numbers`` read from ``store`` in the order
    given (the search's part, listing the set, left out: these stores have no index), applicants by name
    as a hub without the parties capability counts them."""
    from collections import Counter

    from iprhub.analytics.analyses import ANALYSES, Context
    from iprhub.analytics.dataset import iter_batches

    docs = [d for batch in iter_batches(store, numbers) for d in batch]
    ctx = Context(query=query, unit=unit, entity_of=lambda n: (n, n, f'pa="{n}"'),  # type: ignore[arg-type]
                  titles=lambda _s, _c: None, baseline_countries=Counter(), top=20)
    return [ANALYSES[name](ctx, docs) for name in only]
