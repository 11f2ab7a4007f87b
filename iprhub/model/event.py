"""Events attached to an application: ownership transfers, office actions, examination steps."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
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


ConveyanceType = Literal[
    "assignment",  # of the owner's interest (incl. nunc pro tunc, confirmatory, employee assignments)
    "security-interest",  # pledge, lien, mortgage, security agreement
    "license",
    "merger",
    "release",  # of a security interest
    "change-of-name",  # incl. entity conversions (a change of legal form)
    "correction",  # a corrective recording of an earlier one
    "government-interest",
    "other",
]

# the office's conveyance text -> type; first match wins, so the most specific comes first
_CONVEYANCE_RULES: tuple[tuple[re.Pattern[str], ConveyanceType], ...] = tuple(
    (re.compile(pattern), kind) for pattern, kind in (
        (r"\bCORRECT(IVE|ION)\b", "correction"),
        (r"\bRELEASE\b", "release"),
        (r"\b(SECURITY|LIEN|PLEDGE|MORTGAGE)\b", "security-interest"),
        (r"\bMERGER\b", "merger"),
        (r"\b(CHANGE OF NAME|CONVERSION)\b", "change-of-name"),
        (r"\bLICEN[CS]E\b", "license"),
        (r"\bGOVERNMENT INTEREST\b", "government-interest"),
        (r"\b(ASSIGNMENT|ASSIGNOR'?S'? INTEREST|EMPLOYE[ER] ASSIGNMENT)\b", "assignment"),
    )
)


def conveyance_type(text: str | None) -> ConveyanceType:
    """The type of a recorded conveyance, from the office's conveyance text.

    >>> conveyance_type("ASSIGNMENT OF ASSIGNORS INTEREST (SEE DOCUMENT FOR DETAILS).")
    'assignment'
    >>> conveyance_type("TERMINATION AND RELEASE OF PATENT SECURITY AGREEMENT RECORDED AT REEL 048818/FRAME 0520")
    'release'
    >>> conveyance_type("ENTITY CONVERSION")
    'change-of-name'
    """
    upper = " ".join((text or "").upper().split())
    for pattern, kind in _CONVEYANCE_RULES:
        if pattern.search(upper):
            return kind
    return "other"


class Assignor(Party):
    """A party conveying its interest, with the date it signed the conveyance."""

    executed: dt.date | None = None


class TransferredProperty(Record):
    """An application or patent a conveyance covers, as the recording names it."""

    app_key: str | None = None  # CC + application number, as ApplicationEvent.app_key
    pub_number: str | None = None  # the pre-grant publication
    patent_number: str | None = None
    title: str | None = None
    filing_date: dt.date | None = None
    publication_date: dt.date | None = None
    patent_date: dt.date | None = None
    pct_number: str | None = None


class OwnershipTransfer(Record):
    """A recorded change of ownership or of rights in applications and patents.

    ``properties`` are the properties this event is about: for USPTO data, which records one
    event per covered application, the one application; the events sharing a ``reel_frame``
    give all the recording covers. (How many it covers is left out on purpose: later snapshots
    of a recording list more properties, and the event must stay the same event.)
    """

    conveyance_type: ConveyanceType
    conveyance: str  # the office's conveyance text
    assignors: list[Assignor] = Field(default_factory=list)
    assignees: list[Party] = Field(default_factory=list)
    recorded_date: dt.date | None = None
    received_date: dt.date | None = None
    reel_frame: str | None = None  # USPTO reel/frame of the recording, ``036385/0377``
    properties: list[TransferredProperty] = Field(default_factory=list)
    correspondent: str | None = None
    attorney_docket: str | None = None
    pages: int | None = None

    @property
    def execution_dates(self) -> list[dt.date]:
        """The distinct dates the assignors signed, earliest first."""
        return sorted({a.executed for a in self.assignors if a.executed})


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
    transfer: OwnershipTransfer | None = None  # for ``assignment`` events
    details: dict[str, Any] = Field(default_factory=dict)
    provenance: list[Provenance] = Field(default_factory=list)

    def identity(self) -> str:
        """Stable id: the same event from a re-run or another file is stored once."""
        # an event without a transfer hashes as before transfers existed: stored events keep their ids
        data = self.model_dump(mode="json", exclude={"provenance"} if self.transfer else {"provenance", "transfer"})
        return hashlib.sha256(orjson.dumps(data, option=orjson.OPT_SORT_KEYS)).hexdigest()
