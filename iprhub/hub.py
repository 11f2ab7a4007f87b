"""The one way in: ``Hub(settings)`` opens the store and exposes the features.

>>> from iprhub.settings import Settings
>>> hub = Hub(Settings(database_url="sqlite:///:memory:"))
>>> hub.stats()["totals"]["documents"]
0
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iprhub.capability import Capability, JobHandler, capability_settings, load_capabilities
from iprhub.errors import NotFound
from iprhub.model.application import Application, Family, RecordKind, ResolvedNumber
from iprhub.model.patent import PatentDocument
from iprhub.model.trademark import Trademark
from iprhub.settings import Settings
from iprhub.store import QuarantineItem, Store
from iprhub.store.resolver import KINDS, NumberResolver

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
            try:
                self.store.migrate(self.capabilities)
            except BaseException:
                self.store.close()  # no Hub comes back to close it
                raise

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

        return SearchService(self.settings, self.store, resolve=self.resolve_number)

    # records ------------------------------------------------------------------------
    @cached_property
    def resolver(self) -> NumberResolver:
        """The one number resolver (publication, application, priority, trademark numbers)."""
        return NumberResolver(self.store)

    def resolve(self, number: str, kinds: Collection[RecordKind] = KINDS) -> ResolvedNumber:
        """What a typed number means: kind of record and its key. Raises NotFound, or
        AmbiguousNumber (an InvalidInput) with the ``candidates`` when it means several records."""
        return self.resolver.resolve(number, kinds)

    def resolve_number(self, number: str) -> str:
        """Turn a typed number into the stored publication number (an application number gives its
        newest publication)."""
        return self.resolver.publication(number)

    def application(self, number: str) -> Application:
        """An application record with its publications and events, by any spelling of its number
        (or of one of its publications)."""
        resolved = self.resolve(number, ("application", "publication"))
        key = resolved.key
        if resolved.kind == "publication":
            key = self.store.application_key_of(resolved.key) or ""
            if not key:
                raise NotFound(f"publication {resolved.key} names no application in the store", record=resolved.key)
        app = self.store.application(key)
        if app is None:  # pragma: no cover - removed between the two reads
            raise NotFound(f"no application {key} in the store", record=key)
        return app

    def family(self, family_id: str) -> Family:
        """A DOCDB simple family by its id, or by the number of one of its members."""
        fid = family_id.strip()
        fam = self.store.family(fid) if fid.isdigit() else None
        if fam is None and not fid.isdigit():
            doc = self.store.get_document(self.resolve_number(fid))
            fam = self.store.family(doc.family_id) if doc and doc.family_id else None
        if fam is None:
            raise NotFound(f"no family {family_id!r} in the store", record=family_id)
        return fam

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
        """The record a number means: a patent document, an application or a trademark."""
        resolved = self.resolve(number)
        if resolved.kind == "application":
            return {"type": "application", "application": self.store.application(resolved.key)}
        if resolved.kind == "trademark":
            return {"type": "trademark", "trademark": self.store.get_trademark(resolved.key)}
        return {"type": "patent", **self.document_view(resolved.key)}

    # reports ------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        return self.store.stats()

    def quarantine(self) -> list[QuarantineItem]:
        return self.store.quarantine_items()

    def export(self, fmt: str, out: Path, **kw: Any) -> dict[str, Any]:
        from iprhub.export import export

        return export(self.store, fmt, out, **kw)

    def import_export(self, path: Path) -> dict[str, Any]:
        from iprhub.export import import_jsonl

        return import_jsonl(self.store, path)
