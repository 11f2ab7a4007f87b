"""The change feed a node serves: documents and trademarks by (updated_at, id), events by id, oldest
first, one page at a time. The cursor is opaque to partners (base64 of the position in each stream)."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

from sqlalchemy import and_, or_, select

from iprhub.errors import InvalidInput
from iprhub.exchange.model import FeedItem, FeedPage
from iprhub.store import schema as s

_STREAMS = (("document", "d"), ("trademark", "t"), ("event", "e"))


def decode_cursor(cursor: str | None) -> dict[str, Any]:
    if not cursor or cursor == "0":
        return {}
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor.encode() + b"=" * (-len(cursor) % 4)))
        if not isinstance(data, dict):
            raise ValueError(cursor)
        return data
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cursor {cursor[:40]!r} was not given by this feed", field="since") from exc


def encode_cursor(pos: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(pos, separators=(",", ":")).encode()).decode().rstrip("=")


def _after(table: Any, pos: Any) -> Any:
    if table is s.events:
        return table.c.id > int(pos or 0)
    if not pos:
        return table.c.id > 0
    when = dt.datetime.fromisoformat(pos[0])
    return or_(table.c.updated_at > when, and_(table.c.updated_at == when, table.c.id > int(pos[1])))


def _key_col(table: Any) -> Any:
    return {"documents": s.documents.c.pub_number, "trademarks": s.trademarks.c.tm_key,
            "events": s.events.c.event_key}[table.name]


def read_page(store: Any, node: str, since: str | None, limit: int) -> FeedPage:
    pos = decode_cursor(since)
    items: list[FeedItem] = []
    more = False
    tables = {"document": s.documents, "trademark": s.trademarks, "event": s.events}
    with store.reading() as conn:
        for kind, short in _STREAMS:
            table = tables[kind]
            room = limit - len(items)
            ordered = [table.c.id] if table is s.events else [table.c.updated_at, table.c.id]
            cols = [table.c.id, _key_col(table), table.c.record] + ([] if table is s.events else [table.c.updated_at])
            rows = conn.execute(select(*cols).where(_after(table, pos.get(short))).order_by(*ordered)
                                .limit(max(room, 0) + 1)).all()
            if room <= 0:
                more = more or bool(rows)
                continue
            if len(rows) > room:
                more = True
                rows = rows[:room]
            for r in rows:
                items.append(FeedItem(kind=kind, key=r[1], record=json.loads(r[2])))  # type: ignore[arg-type]
            if rows:
                last = rows[-1]
                pos[short] = last.id if table is s.events else [_iso(last.updated_at), last.id]
    return FeedPage(node=node, since=since or "", next=encode_cursor(pos), more=more, items=items)


def _iso(value: dt.datetime) -> str:
    return value.isoformat()
