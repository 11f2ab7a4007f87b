"""The capability seam: how a feature package plugs into the core without the core importing it.

A capability is one package whose module exposes ``CAPABILITY = Capability(...)``. The list of
capability modules lives in one place (:data:`iprhub.capabilities.CAPABILITIES`, overridable by the
``capabilities`` setting); the Hub, ``create_app``, the CLI and the migrations read it and never name
a capability. Each part is optional:

- ``settings``: a pydantic ``BaseSettings`` class, environment ``IPRHUB_<NAME>__<FIELD>`` (config
  file table ``[iprhub.<name>]``), read as ``hub.settings_of(name)``;
- ``tables`` + ``migrations``: a MetaData of its own (tables named ``<prefix>…``) and an Alembic
  versions folder whose base revision depends on a core revision, branch label = name;
- ``service``: ``(hub) -> service``, reached as ``hub.<name>`` (built once per hub);
- each callable part may be ``lazy("package.module:name")``: imported on first use, so loading the
  capability list stays light (``call=False`` for a router that is returned, not called);
- ``api`` / ``pages``: ``() -> APIRouter`` (the API router is mounted under ``/api/v1``);
- ``cli``: ``register(typer_app)`` adding its commands; ``templates``: a Jinja folder for its pages
  (``<name>/page.html``); ``nav``: its entries in the portal's main navigation; ``i18n``: a folder of
  its own gettext catalogs (``<lang>/LC_MESSAGES/messages.po``, compiled by ``make i18n``), merged over
  the core's, so capabilities never edit one shared catalog;
- ``jobs``: ``{job name: handler(hub, params, progress) -> result}`` for the job runner;
- ``after_ingest``: ``(hub, report) -> JSON-able dict | None``, called after every ingest that committed
  (CLI, upload job, API); its answer (unless None) lands in ``report.after_ingest[<name>]`` — an error it raises
  is reported there too and never undoes the ingest (the records are already stored);
- ``evaluations``: ``{task name: task(hub, data_root, progress) -> [EvalTable]}``, run by
  ``iprhub eval --task NAME`` beside the search tasks (``data_root`` is the shared data folder).

>>> caps = load_capabilities(["iprhub.accounts"])
>>> [c.name for c in caps]
['accounts']
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_settings import BaseSettings
from sqlalchemy import MetaData

from iprhub.errors import InvalidInput

#: progress(state) from a job handler to the job runner: a JSON-able dict of how far it got
ProgressCallback = Callable[[dict[str, Any]], None]
#: handler(hub, params, progress) -> result (JSON-able dict)
JobHandler = Callable[[Any, dict[str, Any], ProgressCallback], dict[str, Any]]

def N_(msgid: str) -> str:  # noqa: N802 - the gettext marker pybabel extracts; translated where shown
    """Mark a capability's label for its catalog (nav entries, data labels) without translating it here."""
    return msgid


@dataclass(frozen=True)
class EvalTable:
    """One table of figures from an evaluation task: what ``iprhub eval`` prints (and ``--json`` emits)."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "columns": list(self.columns),
                "rows": [dict(zip(self.columns, row, strict=True)) for row in self.rows], "notes": list(self.notes)}


#: task(hub, data_root, progress) -> the tables of figures it measured
EvalTask = Callable[[Any, Path, Callable[[str], None]], list[EvalTable]]


@dataclass(frozen=True)
class NavLink:
    """An entry of the portal's main navigation: ``label`` is a gettext msgid (mark it with ``N_``),
    current on every path that starts with one of ``paths`` (default: ``href``)."""

    label: str
    href: str
    paths: tuple[str, ...] = ()

    @property
    def current_on(self) -> tuple[str, ...]:
        return self.paths or (self.href,)


_NAME_RE = re.compile(r"^[a-z][a-z0-9_]{1,30}$")


@dataclass(frozen=True)
class Capability:
    """What one capability package adds to the core (see the module docstring)."""

    name: str
    summary: str = ""
    settings: type[BaseSettings] | None = None
    tables: MetaData | None = None
    table_prefix: str | tuple[str, ...] | None = None  # default "<name>_"
    migrations: Path | None = None
    service: Callable[[Any], Any] | None = None
    api: Callable[[], Any] | None = None
    pages: Callable[[], Any] | None = None
    cli: Callable[[Any], None] | None = None
    templates: Path | None = None
    i18n: Path | None = None
    nav: Sequence[NavLink] = ()
    jobs: Mapping[str, JobHandler] = field(default_factory=dict)
    evaluations: Mapping[str, EvalTask] = field(default_factory=dict)
    after_ingest: Callable[[Any, Any], dict[str, Any] | None] | None = None
    record_kinds: Sequence[Any] = ()

    @property
    def prefixes(self) -> tuple[str, ...]:
        if self.table_prefix is None:
            return (self.name + "_",)
        return (self.table_prefix,) if isinstance(self.table_prefix, str) else self.table_prefix

    def check(self, module: str) -> None:
        """Raise :class:`InvalidInput` naming the module when the declaration is inconsistent."""
        def bad(message: str) -> InvalidInput:
            return InvalidInput(f"capability {module}: {message}", field="capabilities")

        if not _NAME_RE.match(self.name):
            raise bad(f"name {self.name!r} must be 2-31 lower-case letters, digits or _")
        for table in (self.tables.tables if self.tables is not None else ()):
            if not table.startswith(self.prefixes):
                raise bad(f"table {table!r} is not prefixed {' or '.join(self.prefixes)}")
        if self.i18n is not None and not self.i18n.is_dir():
            raise bad(f"i18n folder {self.i18n} does not exist")
        if self.migrations is not None and not self.migrations.is_dir():
            raise bad(f"migrations folder {self.migrations} does not exist")
        if (self.tables is not None and self.tables.tables) and self.migrations is None:
            raise bad("has tables but no migrations folder")
        if self.settings is not None:
            prefix = self.settings.model_config.get("env_prefix", "")
            if prefix != env_prefix(self.name):
                raise bad(f"settings env_prefix must be {env_prefix(self.name)!r}, not {prefix!r}")


@dataclass(frozen=True)
class Lazy:
    """A part of a capability named ``"package.module:name"``, imported when first used: called with the
    caller's arguments (a service class, a ``register`` function, a task), or with ``call=False`` returned
    as it is (an ``APIRouter``)."""

    ref: str
    call: bool = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        module, _, name = self.ref.partition(":")
        try:
            target = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError) as exc:
            raise InvalidInput(f"capability part {self.ref!r} cannot be loaded: {exc}", field="capabilities") from exc
        return target(*args, **kwargs) if self.call else target


def lazy(ref: str, *, call: bool = True) -> Lazy:
    """``lazy("iprhub.quality.service:QualityService")``: see :class:`Lazy`.

    >>> lazy("json:dumps")([1])
    '[1]'
    >>> lazy("json:JSONDecoder", call=False)().__name__
    'JSONDecoder'
    """
    if ":" not in ref:
        raise InvalidInput(f"capability part {ref!r} must read package.module:name", field="capabilities")
    return Lazy(ref, call)


def env_prefix(name: str) -> str:
    """``IPRHUB_<NAME>__``: the environment prefix of a capability's settings."""
    return f"IPRHUB_{name.upper()}__"


def load_capabilities(modules: Sequence[str]) -> list[Capability]:
    """Import each module and return its ``CAPABILITY``, checked; names and job names are unique."""
    found: list[Capability] = []
    names: set[str] = set()
    jobs: set[str] = set()
    tasks: set[str] = set()
    for module in modules:
        try:
            mod = importlib.import_module(module)
        except ImportError as exc:
            raise InvalidInput(f"capability module {module!r} cannot be imported: {exc}",
                               field="capabilities") from exc
        cap = getattr(mod, "CAPABILITY", None)
        if not isinstance(cap, Capability):
            raise InvalidInput(f"capability module {module!r} has no CAPABILITY = Capability(...)",
                               field="capabilities")
        cap.check(module)
        if cap.name in names:
            raise InvalidInput(f"capability {cap.name!r} is listed twice", field="capabilities")
        clash = jobs & set(cap.jobs)
        if clash:
            raise InvalidInput(f"capability {cap.name!r}: job name(s) {sorted(clash)} already taken",
                               field="capabilities")
        clash = tasks & set(cap.evaluations)
        if clash:
            raise InvalidInput(f"capability {cap.name!r}: evaluation task(s) {sorted(clash)} already taken",
                               field="capabilities")
        names.add(cap.name)
        jobs |= set(cap.jobs)
        tasks |= set(cap.evaluations)
        found.append(cap)
    return found


def capability_settings(cap: Capability, file_values: Mapping[str, Any]) -> BaseSettings:
    """The capability's settings: defaults < config-file table < environment."""
    assert cap.settings is not None
    prefix = env_prefix(cap.name)
    init = {k: v for k, v in file_values.items() if f"{prefix}{k.upper()}" not in os.environ}
    unknown = set(init) - set(cap.settings.model_fields)
    if unknown:
        raise InvalidInput(f"unknown setting(s) {sorted(unknown)} for capability {cap.name}",
                           field=f"{cap.name}")
    try:
        return cap.settings(**init)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(x) for x in first.get("loc", ()))
        raise InvalidInput(f"{cap.name} setting {loc}: {first.get('msg')}", field=f"{cap.name}.{loc}") from exc


def table_metadata() -> MetaData:
    """A fresh MetaData with the core's naming convention (constraint names match the migrations)."""
    from iprhub.store.schema import NAMING_CONVENTION

    return MetaData(naming_convention=NAMING_CONVENTION)
