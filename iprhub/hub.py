"""The one way in: ``Hub(settings)`` opens the store and exposes the features.

>>> from iprhub.settings import Settings
>>> hub = Hub(Settings(database_url="sqlite:///:memory:"))
>>> hub.stats()["totals"]["documents"]
0
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iprhub.capability import Capability, JobHandler, capability_settings, load_capabilities
from iprhub.errors import InvalidInput, NotFound
from iprhub.model.numbers import parse_number
from iprhub.model.patent import PatentDocument
from iprhub.model.trademark import Trademark
from iprhub.settings import Settings
from iprhub.store import QuarantineItem, Store

if TYPE_CHECKING:
    from iprhub.search import SearchService


class Hub:
    def __init__(self, settings: Settings, *, migrate: bool = True) -> None:
        self.settings = settings
        self.capabilities: list[Capability] = load_capabilities(settings.capability_modules)
        self._services: dict[str, Any] = {}
        self._capability_settings: dict[str, Any] = {}
        self._services_lock = threading.Lock()
        self.store = Store(settings.database_url)
        if migrate:
            self.store.migrate(self.capabilities)

    def close(self) -> None:
        self.store.close()

    # capabilities (see iprhub/capability.py) ------------------------------------------
    def capability(self, name: str) -> Capability:
        for cap in self.capabilities:
            if cap.name == name:
                return cap
        raise NotFound(f"no capability {name!r} is loaded", field="capabilities")

    def has_capability(self, name: str) -> bool:
        return any(cap.name == name for cap in self.capabilities)

    def settings_of(self, name: str) -> Any:
        """The settings of capability ``name`` (env ``IPRHUB_<NAME>__*``, config table ``[iprhub.<name>]``)."""
        if name not in self._capability_settings:
            cap = self.capability(name)
            if cap.settings is None:
                raise NotFound(f"capability {name!r} has no settings", field=name)
            self._capability_settings[name] = capability_settings(
                cap, self.settings.capability_settings.get(name, {}))
        return self._capability_settings[name]

    def job_handlers(self) -> dict[str, JobHandler]:
        """Every capability's background jobs by name (names are unique across capabilities)."""
        return {name: handler for cap in self.capabilities for name, handler in cap.jobs.items()}

    def __getattr__(self, name: str) -> Any:
        # hub.<capability>: its service, built on first use (only reached for unknown attributes)
        services = self.__dict__.get("_services")
        if services is None or name.startswith("_"):
            raise AttributeError(name)
        cap = next((c for c in self.__dict__["capabilities"] if c.name == name and c.service), None)
        if cap is None or cap.service is None:
            raise AttributeError(f"Hub has no attribute or capability service {name!r}")
        with self._services_lock:  # one service per hub, also when two requests ask at once
            if name not in services:
                services[name] = cap.service(self)
            return services[name]

    def __enter__(self) -> Hub:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ingest -------------------------------------------------------------------------
    def ingest(self, paths: Iterable[str | Path], *, force: bool = False,
               on_file: Callable[[str, int], None] | None = None,
               on_bytes: Callable[[int], None] | None = None,
               on_documents: Callable[[list[str]], None] | None = None):
        """Ingest files; ``on_documents`` receives the publication numbers of each committed batch."""
        from iprhub.ingest.pipeline import Pipeline

        index = self.search.ingest_hooks() if self.settings.search_index_on_ingest else None
        try:
            return Pipeline(self.store, self.settings).run([str(p) for p in paths], force=force,
                                                            on_file=on_file, on_bytes=on_bytes,
                                                            on_documents=on_documents, index=index)
        finally:
            if self.settings.search_index_on_ingest:
                self.search.flush()

    @cached_property
    def search(self) -> SearchService:
        """Search, similar, index maintenance and evaluation over this hub's store."""
        from iprhub.search import SearchService

        return SearchService(self.settings, self.store)

    # records ------------------------------------------------------------------------
    def resolve_number(self, number: str) -> str:
        """Turn a typed number into the stored publication number (kind optional)."""
        dn = parse_number(number)
        if dn.kind:
            if self.store.get_document(dn.canonical) is not None:
                return dn.canonical
        candidates = self.store.find_numbers(dn.country, dn.number)
        if dn.kind:
            candidates = [c for c in candidates if c == dn.canonical] or candidates
        if not candidates:
            by_app = self.store.find_by_application(dn.without_kind)
            if by_app:
                candidates = by_app
        if not candidates:
            raise NotFound(f"no document {dn.canonical} in the store", record=dn.canonical)
        if len(candidates) > 1 and not dn.kind:
            # several kinds: the newest publication wins, others are listed by `show`
            return sorted(candidates)[-1]
        return candidates[0]

    def document(self, number: str) -> PatentDocument:
        pub = self.resolve_number(number)
        doc = self.store.get_document(pub)
        if doc is None:
            raise NotFound(f"no document {pub} in the store", record=pub)
        return doc

    def document_view(self, number: str) -> dict[str, Any]:
        """A document with what lies around it: other kinds, citing documents, events, titles."""
        doc = self.document(number)
        kindless = f"{doc.country}{doc.doc_number}"
        others = [n for n in self.store.find_numbers(doc.country, doc.doc_number) if n != doc.pub_number]
        app_keys = [doc.app_number] if doc.app_number else []
        events = self.store.events_for(app_keys, [doc.pub_number, kindless])
        titles = self.store.class_titles((c.scheme, c.symbol) for c in doc.classifications)
        return {
            "document": doc,
            "other_kinds": others,
            "cited_by": [n for n in self.store.cited_by(doc.pub_number, kindless) if n != doc.pub_number],
            "events": events,
            "class_titles": {f"{k[0]}:{k[1]}": v for k, v in titles.items()},
        }

    def trademark(self, number: str) -> Trademark:
        text = number.strip()
        if "/" in text:
            tm = self.store.get_trademark(text.upper())
            if tm:
                return tm
        keys = self.store.find_trademarks(text.split("/")[-1])
        if not keys:
            raise NotFound(f"no trademark {number!r} in the store", record=number)
        tm = self.store.get_trademark(keys[0])
        assert tm is not None
        return tm

    def show(self, number: str) -> dict[str, Any]:
        """A patent document or, failing that, a trademark."""
        try:
            return {"type": "patent", **self.document_view(number)}
        except (NotFound, InvalidInput) as first_error:
            try:
                return {"type": "trademark", "trademark": self.trademark(number)}
            except NotFound:
                raise first_error from None

    # reports ------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        return self.store.stats()

    def quarantine(self) -> list[QuarantineItem]:
        return self.store.quarantine_items()

    def export(self, fmt: str, out: Path, **kw: Any) -> dict[str, Any]:
        from iprhub.export import export

        return export(self.store, fmt, out, capabilities=self.capabilities, **kw)

    def import_export(self, path: Path, *, replace: bool = False) -> dict[str, Any]:
        """Load an export: a store dump (``export --full``) restores the whole store, records merge in.
        Holds the ingest lock; the search index is rebuilt on its next use (the store's epoch changed)."""
        from iprhub.export import import_file
        from iprhub.store.lock import ingest_lock

        with ingest_lock(self.store, wait=self.settings.ingest_lock_wait):
            result = import_file(self.store, path, replace=replace, capabilities=self.capabilities)
        self.__dict__.pop("search", None)  # a cached search service re-checks the index on next use
        result["search_index"] = "rebuilt on its next use, or by `iprhub index --rebuild`"
        return result
