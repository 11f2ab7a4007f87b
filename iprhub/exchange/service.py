"""``hub.exchange``: the change feed this node serves and pulls from partner nodes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from iprhub.errors import InvalidInput, NotFound
from iprhub.exchange.feed import read_page
from iprhub.exchange.model import FeedPage, RecordOrigin, SyncReport
from iprhub.exchange.settings import ExchangeSettings
from iprhub.exchange.tables import provenance
from iprhub.limits import Deadline


class ExchangeService:
    def __init__(self, hub: Any) -> None:
        self.hub = hub
        self.settings: ExchangeSettings = hub.settings_of("exchange")

    @property
    def node(self) -> str:
        return self.settings.node_name or self.hub.store_url

    def feed(self, since: str | None = None, limit: int | None = None) -> FeedPage:
        """Records changed after cursor ``since`` (documents, trademarks, events), oldest first."""
        n = self.settings.page_size if limit is None else limit
        if not 1 <= n <= 1000:
            raise InvalidInput("limit must be between 1 and 1000", field="limit", position=str(n))
        return read_page(self.hub.store, self.node, since, n)

    def pull(self, url: str, key: str, *, limit: int | None = None, restart: bool = False,
             time_limit: float | None = None, transport: Any = None) -> SyncReport:
        """Pull a partner node's feed into this store, from where the last pull of that node stopped."""
        from iprhub.exchange.pull import pull

        if not url.startswith(("http://", "https://")):
            raise InvalidInput(f"{url!r} is not an http(s) URL of a partner node", field="url")
        if not key:
            raise InvalidInput("the partner's API key is needed (--key)", field="key")
        index = self.hub.settings.search_index_on_ingest
        try:
            return pull(self.hub.store, url, key, limit=limit or self.settings.page_size, restart=restart,
                        deadline=Deadline.after(time_limit), transport=transport,
                        on_documents=self.hub.search.on_documents if index else None)
        finally:
            if index:
                self.hub.search.flush()

    def origins(self, kind: str, keys: list[str]) -> dict[str, str]:
        """The node each of these records was pulled from (records made here are left out)."""
        out: dict[str, str] = {}
        with self.hub.store.reading() as conn:
            for i in range(0, len(keys), 500):
                out.update({r.key: r.node for r in conn.execute(
                    select(provenance.c.key, provenance.c.node).where(provenance.c.kind == kind,
                                                                      provenance.c.key.in_(keys[i:i + 500])))})
        return out

    def origin(self, kind: str, key: str) -> RecordOrigin:
        """Which node a pulled record came from."""
        with self.hub.store.reading() as conn:
            row = conn.execute(select(provenance).where(provenance.c.kind == kind, provenance.c.key == key)).first()
        if row is None:
            raise NotFound(f"{kind} {key} was not pulled from another node", record=key)
        return RecordOrigin(kind=row.kind, key=row.key, node=row.node, url=row.url, pulled_at=row.pulled_at)
