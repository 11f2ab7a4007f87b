"""A store's contents for comparing two stores: every table as the dump reads it, with row ids
replaced by the parent's natural key and write times left out, rows sorted."""

from __future__ import annotations

from typing import Any

from iprhub.hub import Hub
from iprhub.store.dump import read_dump

_TIMES = {"id", "updated_at", "finished_at", "created_at"}
_PARENTS = {"doc_id": ("documents", "pub_number"), "tm_id": ("trademarks", "tm_key"),
            "user_id": ("web_users", "name")}


def contents(hub: Hub) -> dict[str, list[Any]]:
    tables: dict[str, list[dict[str, Any]]] = {}
    for line in read_dump(hub.store, hub.capabilities):
        if line.type == "table":
            tables[line.table] = []
        elif line.type == "row" and line.table != "meta":
            tables[line.table].append(dict(line.data))
    keys = {(t, row["id"]): row[col] for t, col in set(_PARENTS.values()) for row in tables.get(t, [])}
    out: dict[str, list[Any]] = {}
    for name, rows in tables.items():
        if name == "meta":
            continue
        clean = []
        for row in rows:
            item = {}
            for col, value in row.items():
                if col in _PARENTS:
                    item[col] = keys[(_PARENTS[col][0], value)]
                elif col not in _TIMES:
                    item[col] = value
            clean.append(repr(sorted(item.items())))
        out[name] = sorted(clean)
    return out
