"""What the Hub returns: typed views that the CLI, the REST API and the portal all serialise.

``iprhub show --json`` and ``GET /api/v1/documents/{number}`` print the same
:class:`DocumentView`, ``iprhub stats --json`` and ``GET /api/v1/stats`` the same :class:`Stats`;
a test compares them. The views are built by ``Hub.document_view``, ``Hub.show``,
``Hub.stats``, ``Hub.quarantine`` and ``Hub.health``; they hold data only.

>>> from pydantic import TypeAdapter
>>> TypeAdapter(Show).validate_python({"type": "trademark", "trademark": {
...     "office": "US", "app_number": "78002299", "mark_type": "word"}}).trademark.key
'US/78002299'
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from iprhub.model.application import Application
from iprhub.model.event import ApplicationEvent
from iprhub.model.patent import PatentCitation, PatentDocument
from iprhub.model.trademark import Trademark


class DocumentLink(BaseModel):
    number: str
    in_store: bool = Field(description="The number resolves to a document in this store.")


class Citation(BaseModel):
    """A cited document, with the stored publication it resolves to (if any)."""

    citation: PatentCitation
    stored: str | None = Field(None, description="Publication number in this store, when the cited document is here.")


class DocumentView(BaseModel):
    """A patent document with what lies around it: family, citations both ways, events, class titles."""

    type: Literal["patent"] = Field(default="patent", description="Discriminates the record views of `iprhub show`.")
    document: PatentDocument
    other_kinds: list[str] = Field(description="Other publications of the same number (A1 and B2 …).")
    family: list[DocumentLink] = Field(
        description="Publications in the store linked to this one by a shared DOCDB family id, application "
                    "number or publication number (directly or through another member), this one excluded.")
    cites: list[Citation] = Field(description="Documents this one cites, resolved against the store.")
    cited_by: list[DocumentLink] = Field(description="Documents in the store that cite this one.")
    events: list[ApplicationEvent]
    class_titles: dict[str, str] = Field(description="Titles by `SCHEME:SYMBOL`.")
    claim_levels: list[dict[int, int]] = Field(
        description="Per claim set: claim number -> nesting depth (0 independent, 1 depends on an independent …).")


class TrademarkView(BaseModel):
    """A trademark, as `iprhub show` gives it."""

    type: Literal["trademark"] = "trademark"
    trademark: Trademark


# `iprhub show`: the record a number names; a new record kind adds a variant with its own `type`
class ApplicationView(BaseModel):
    """An application with its publications and events, as `iprhub show` gives it."""

    type: Literal["application"] = "application"
    application: Application


Show = Annotated[DocumentView | ApplicationView | TrademarkView, Field(discriminator="type")]


class Stats(BaseModel):
    """Counts by office, kind, year, type, source format; trademarks; events (as `iprhub stats`)."""

    model_config = ConfigDict(extra="allow")
    totals: dict[str, int]
    documents_by_office: dict[str, int] = Field(default_factory=dict)
    documents_by_kind: dict[str, int] = Field(default_factory=dict)
    documents_by_year: dict[str, int] = Field(default_factory=dict)
    documents_by_format: dict[str, int] = Field(default_factory=dict)
    documents_by_type: dict[str, int] = Field(default_factory=dict)
    trademarks_by_office: dict[str, int] = Field(default_factory=dict)
    events_by_type: dict[str, int] = Field(default_factory=dict)


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    version: str
    documents: int
    trademarks: int

    @classmethod
    def of(cls, stats: Stats) -> Health:
        """The service answers, with its version and the store's record counts."""
        from importlib.metadata import PackageNotFoundError, version

        try:
            ver = version("iprhub")
        except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
            ver = "0"
        return cls(version=ver, documents=stats.totals["documents"], trademarks=stats.totals["trademarks"])


class QuarantineEntry(BaseModel):
    """A rejected record: where it was, at which stage, and why."""

    source_file: str
    position: str
    stage: str
    reason: str
    format: str | None = None
    record_id: str | None = None
