"""Page models: what each page and its JSON twin show, built from the hub's own functions.

Every HTML page and its JSON twin call the same function here and differ only in rendering, so
the two can never disagree. These compose results (a document with the records around it); they
hold no SQL, scoring or parsing of their own.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from iprhub.errors import InvalidInput, IprHubError
from iprhub.model.application import Application, Family
from iprhub.model.event import ApplicationEvent
from iprhub.model.patent import PatentCitation, PatentDocument
from iprhub.model.trademark import Trademark

FACET_FIELDS = {"year": "pd", "country": "ctry", "kind": "kind", "ipc": "ipc", "applicant": "pa"}


class DocumentLink(BaseModel):
    number: str
    in_store: bool = Field(description="The number resolves to a document in this store.")


class Citation(BaseModel):
    """A cited document, with the stored publication it resolves to (if any)."""

    citation: PatentCitation
    stored: str | None = Field(None, description="Publication number in this store, when the cited document is here.")


class DocumentView(BaseModel):
    """A document with what lies around it: family, citations both ways, events, class titles."""

    document: PatentDocument
    other_kinds: list[str] = Field(description="Other publications of the same number (A1 and B2 …).")
    family: list[DocumentLink] = Field(description="Members of the simple family in the store.")
    cites: list[Citation] = Field(description="Documents this one cites, resolved against the store.")
    cited_by: list[DocumentLink] = Field(description="Documents in the store that cite this one.")
    events: list[ApplicationEvent]
    class_titles: dict[str, str] = Field(description="Titles by `SCHEME:SYMBOL`.")
    claim_levels: list[dict[int, int]] = Field(
        description="Per claim set: claim number -> nesting depth (0 independent, 1 depends on an independent …).")


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
    status: str
    version: str
    documents: int
    trademarks: int


def document_view(hub: Any, number: str) -> DocumentView:
    core = hub.document_view(number)
    doc: PatentDocument = core["document"]
    return DocumentView(
        document=doc, other_kinds=core["other_kinds"], family=_family(hub, doc, core["other_kinds"]),
        cites=[Citation(citation=c, stored=_stored(hub, c.number)) for c in doc.citations],
        cited_by=[DocumentLink(number=n, in_store=True) for n in core["cited_by"]],
        events=core["events"], class_titles=core["class_titles"],
        claim_levels=[claim_levels(cs.claims) for cs in doc.claims])


def claim_levels(claims: list[Any]) -> dict[int, int]:
    """Nesting depth of each claim from its ``depends_on`` (cycles and unknown parents stop at 1)."""
    parents = {c.num: c.depends_on for c in claims}
    levels: dict[int, int] = {}

    def level(num: int, seen: frozenset[int]) -> int:
        if num in levels:
            return levels[num]
        deps = [d for d in parents.get(num, []) if d in parents and d not in seen]
        if not parents.get(num):
            depth = 0
        elif not deps:
            depth = 1
        else:
            depth = 1 + max(level(d, seen | {num}) for d in deps)
        levels[num] = min(depth, 6)
        return levels[num]

    for c in claims:
        level(c.num, frozenset())
    return levels


def _stored(hub: Any, number: str) -> str | None:
    """The stored publication a cited number means, through the hub's one resolver."""
    try:
        return hub.resolve(number, ("publication",)).key
    except IprHubError:
        return None


def _family(hub: Any, doc: PatentDocument, other_kinds: list[str]) -> list[DocumentLink]:
    members = set(other_kinds)
    try:
        result = hub.search.search(f"pn={doc.pub_number}", mode="bm25", limit=1, snippets=False, collapse=True)
        for hit in result.hits:
            members.update(hit.family_members)
            if hit.pub_number != doc.pub_number:
                members.add(hit.pub_number)
    except IprHubError:
        pass  # the record page still shows what the store knows when the index is unavailable
    members.discard(doc.pub_number)
    return [DocumentLink(number=n, in_store=True) for n in sorted(members)]


def facet_query(query: str, facet: str, value: str) -> str:
    """The query narrowed to one facet value (``ti=battery`` + country EP -> ``(ti=battery) and ctry=EP``)."""
    field = FACET_FIELDS.get(facet)
    if field is None:
        raise InvalidInput(f"unknown facet {facet!r}", field="facet")
    clause = f'{field}="{value}"' if " " in value else f"{field}={value}"
    return f"({query}) and {clause}" if query.strip() else clause


def stats(hub: Any) -> Stats:
    return Stats.model_validate(hub.stats())


def health(hub: Any, counts: Stats | None = None) -> Health:
    from importlib.metadata import PackageNotFoundError, version

    totals = (counts or stats(hub)).totals
    try:
        ver = version("iprhub")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        ver = "0"
    return Health(status="ok", version=ver, documents=totals["documents"], trademarks=totals["trademarks"])


def trademark(hub: Any, number: str) -> Trademark:
    return hub.trademark(number)


def application(hub: Any, number: str) -> Application:
    return hub.application(number)


def family(hub: Any, family_id: str) -> Family:
    return hub.family(family_id)
