"""Events attached to an application: ownership transfers, office actions, examination steps."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Literal

import orjson
from pydantic import Field

from iprhub.model.common import Party, Provenance, Record

EventType = Literal[
    "assignment",  # ownership transfer recorded at the office
    "office-action",  # an action with its rejections and cited references
    "prosecution",  # a file-wrapper transaction (PEDS, ODP)
    "trial",  # PTAB / opposition / invalidation proceeding
    "dossier",  # a Global Dossier document list entry
    "legal",  # a legal-status event (INPADOC)
]


class CitedReference(Record):
    number: str
    category: str | None = None  # legal ground, e.g. 102 / 103
    cited_by: str = "examiner"


class ApplicationEvent(Record):
    """One event for one application. ``app_key`` is ``CC`` + office application number.

    ``app_key == ""`` means the source file names no application, only a patent: ``pub_number``
    then holds the kind-less patent number (``US8000000``), through which the store attaches the
    event to the patent's application (a PTAB trial naming only its trial and patent is one).
    An event naming neither is never stored.
    """

    app_key: str
    pub_number: str | None = None  # a publication it names, when given
    event_type: EventType
    date: dt.date | None = None
    code: str | None = None
    description: str
    parties: list[Party] = Field(default_factory=list)
    references: list[CitedReference] = Field(default_factory=list)
    details: dict[str, Any] = Field(default_factory=dict)
    provenance: list[Provenance] = Field(default_factory=list)

    def identity(self) -> str:
        """Stable id: the same event from a re-run or another file is stored once."""
        data = self.model_dump(mode="json", exclude={"provenance"})
        return hashlib.sha256(orjson.dumps(data, option=orjson.OPT_SORT_KEYS)).hexdigest()
