"""The one way in: ``Hub(settings)`` opens the store and exposes the features.

>>> from iprhub.settings import Settings
>>> hub = Hub(Settings(database_url="sqlite:///:memory:"))
>>> hub.stats().totals["documents"]
0
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iprhub.capability import (
    Capability,
    EvalTable,
    EvalTask,
    JobHandler,
    capability_settings,
    load_capabilities,
)
from iprhub.errors import InvalidInput, IprHubError, NotFound
from iprhub.model.application import Application, Family, RecordKind, ResolvedNumber
from iprhub.model.numbers import DocNumber, parse_number
from iprhub.model.patent import PatentDocument
from iprhub.model.patent_facts import claim_levels, kindless_number
from iprhub.model.trademark import Trademark
from iprhub.settings import Settings
from iprhub.store import DocumentKeys, Store
from iprhub.store.resolver import KINDS, NumberResolver
from iprhub.views import (
    ApplicationView,
    Citation,
    DocumentLink,
    DocumentView,
    Health,
    QuarantineEntry,
    Stats,
    TrademarkView,
)

if TYPE_CHECKING:
    from iprhub.jobs.queue import JobStore
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

    @property
    def store_url(self) -> str:
        """The store's URL without its password (for messages and ``serve --json``)."""
        return self.store.safe_url

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

    def eval_tasks(self) -> dict[str, EvalTask]:
        """Every capability's evaluation tasks by name (``iprhub eval --task NAME``)."""
        return {name: task for cap in self.capabilities for name, task in cap.evaluations.items()}

    def evaluate(self, data: Path, tasks: Sequence[str] = (), *, models: list[str] | None = None,
                 progress: Callable[[str], None] | None = None) -> tuple[Any, list[EvalTable]]:
        """``iprhub eval``: the search tasks (default all) and the capabilities' tasks named in ``tasks``;
        ``data`` is the shared data folder or its eval/ folder. Returns (search report or None, tables)."""
        from iprhub.search.evaluation import HUB_TASKS, TASKS

        root = data.parent if data.name == "eval" else data  # both spellings of --data mean the same sets
        extra = self.eval_tasks()
        chosen = list(tasks or [*TASKS, *(t for t in HUB_TASKS if t in extra)])
        unknown = [t for t in chosen if t not in TASKS and t not in extra]
        if unknown:
            raise InvalidInput(f"unknown evaluation task(s) {unknown}; known: "
                               f"{', '.join([*TASKS, *sorted(extra)])}", field="task")
        say = progress or (lambda _m: None)
        search_tasks = [t for t in chosen if t in TASKS]
        report = self.search.evaluate(data_dir=root, tasks=search_tasks, models=models,
                                      progress=say) if search_tasks else None
        return report, [table for t in chosen if t in extra for table in extra[t](self, root, say)]

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
            report = Pipeline(self.store, self.settings).run([str(p) for p in paths], force=force,
                                                              on_file=on_file, on_bytes=on_bytes,
                                                              on_documents=on_documents, index=index)
        finally:
            if self.settings.search_index_on_ingest:
                self.search.flush()
        for cap in self.capabilities:
            if cap.after_ingest is not None:
                # the records are committed: a failing hook is reported, it cannot undo the ingest
                try:
                    answer = cap.after_ingest(self, report)
                    if answer is not None:  # None: the hook had nothing to do (switched off, no records)
                        report.after_ingest[cap.name] = answer
                except IprHubError as exc:
                    report.after_ingest[cap.name] = {"error": exc.message, "code": exc.code}
        return report

    @cached_property
    def jobs(self) -> JobStore:
        """Background jobs (the ``jobs`` table): submitted here, run by the job runner (iprhub/jobs)."""
        from iprhub.jobs.queue import JobStore

        return JobStore(self.store)

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
        return self._stored_application(key)

    def _stored_application(self, key: str) -> Application:
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
        return self._stored_document(self.resolve_number(number))

    def _stored_document(self, pub: str) -> PatentDocument:
        doc = self.store.get_document(pub)
        if doc is None:
            raise NotFound(f"no document {pub} in the store", record=pub)
        return doc

    def document_view(self, number: str) -> DocumentView:
        """A document with what lies around it: other kinds, family, citations both ways, events,
        class titles, claim levels (what `iprhub show` and ``/api/v1/documents/{number}`` give)."""
        return self._document_view(self.document(number))

    def _document_view(self, doc: PatentDocument) -> DocumentView:
        kindless = kindless_number(doc)
        others = [n for n in self.store.find_numbers(doc.country, doc.doc_number) if n != doc.pub_number]
        events = self.store.events_for([doc.app_number] if doc.app_number else [], [doc.pub_number, kindless])
        titles = self.store.class_titles((c.scheme, c.symbol) for c in doc.classifications)
        return DocumentView(
            document=doc, other_kinds=others,
            family=[DocumentLink(number=n, in_store=True) for n in self.family_members(doc)],
            cites=self._resolve_citations(doc),
            cited_by=[DocumentLink(number=n, in_store=True)
                      for n in self.store.cited_by(doc.pub_number, kindless) if n != doc.pub_number],
            events=events, class_titles={f"{k[0]}:{k[1]}": v for k, v in titles.items()},
            claim_levels=[claim_levels(cs.claims) for cs in doc.claims])

    def family_members(self, doc: PatentDocument | str, *, rounds: int = 4) -> list[str]:
        """Publications in the store of the same family as ``doc`` (itself excluded), from the store alone.

        Two stored documents are of one family when they share a DOCDB family id, an application
        number or a kind-less publication number, directly or through other members (followed for
        ``rounds`` steps). The search index is not asked: its family key is made of these same columns.
        """
        if isinstance(doc, str):
            doc = self.document(doc)
        asked_numbers: set[tuple[str, str]] = set()
        asked_apps: set[str] = set()
        asked_fams: set[str] = set()
        rows = [DocumentKeys(doc.pub_number, doc.country, doc.doc_number, doc.app_number, doc.family_id)]
        members: set[str] = set()
        for _ in range(rounds):
            numbers = {(r.country, r.doc_number) for r in rows} - asked_numbers
            apps = {r.app_number for r in rows if r.app_number} - asked_apps
            fams = {r.family_id for r in rows if r.family_id} - asked_fams
            if not (numbers or apps or fams):
                break
            asked_numbers |= numbers
            asked_apps |= apps
            asked_fams |= fams
            rows = self.store.document_keys(numbers=numbers, app_numbers=apps, family_ids=fams)
            members |= {r.pub_number for r in rows}
        members.discard(doc.pub_number)
        return sorted(members)

    def _resolve_citations(self, doc: PatentDocument) -> list[Citation]:
        """Each cited document with the stored publication it names: the cited kind when stored,
        else the last stored kind of that number."""
        parsed: list[DocNumber | None] = []
        for c in doc.citations:
            try:
                parsed.append(parse_number(c.number))
            except IprHubError:
                parsed.append(None)  # an unparseable cited number is shown, just not resolved
        stored: dict[tuple[str, str], list[str]] = {}
        for r in self.store.document_keys(numbers={(dn.country, dn.number) for dn in parsed if dn}, limit=None):
            stored.setdefault((r.country, r.doc_number), []).append(r.pub_number)
        out = []
        for c, dn in zip(doc.citations, parsed, strict=True):
            found = stored.get((dn.country, dn.number), []) if dn else []
            pick = None
            if dn and found:
                pick = dn.canonical if dn.canonical in found else found[-1]
            out.append(Citation(citation=c, stored=pick))
        return out

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

    def show(self, number: str) -> DocumentView | ApplicationView | TrademarkView:
        """The record a number means (see :data:`iprhub.views.Show`): a patent document, an
        application or a trademark, through the one resolver."""
        resolved = self.resolve(number)  # once: the branches read the record by its resolved key
        if resolved.kind == "application":
            return ApplicationView(application=self._stored_application(resolved.key))
        if resolved.kind == "trademark":
            return TrademarkView(trademark=self.trademark(resolved.key))
        return self._document_view(self._stored_document(resolved.key))

    # reports ------------------------------------------------------------------------
    def stats(self) -> Stats:
        return Stats.model_validate(self.store.stats())

    def health(self) -> Health:
        return Health.of(self.stats())

    def quarantine(self) -> list[QuarantineEntry]:
        return [QuarantineEntry(**vars(q)) for q in self.store.quarantine_items()]

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
