"""Typed answers of the ownership capability: a patent's chain of title, an owner's transactions,
transaction statistics. What the CLI prints with ``--json``, the API answers and the pages show."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class PropertyRef(BaseModel):
    """An application or patent a recording names, and whether the store holds a document of it."""

    app_key: str | None = None
    patent_number: str | None = None
    pub_number: str | None = None
    title: str | None = None
    filing_date: dt.date | None = None
    in_store: bool = Field(default=False, description="A document of this application or patent is stored.")
    documents: list[str] = Field(default_factory=list, description="Its stored publications.")


class Conveyance(BaseModel):
    """One recorded conveyance (one reel/frame) as it bears on one property; the same recording read
    from several sources is one conveyance."""

    reel_frame: str | None
    conveyance_type: str
    conveyance: str
    executed: dt.date | None = Field(default=None, description="Earliest execution date.")
    executed_last: dt.date | None = Field(default=None, description="Latest execution date.")
    recorded: dt.date | None = Field(default=None, description="Recording date (the Assignment Center API gives none).")
    date: dt.date | None = Field(default=None, description="Order date: the earliest execution, else the recording.")
    assignors: list[str] = Field(default_factory=list)
    assignees: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list, description="Readers the recording came from.")
    refers_to: str | None = Field(default=None, description="Reel/frame an earlier recording this one releases or corrects.")
    released_by: str | None = Field(default=None, description="For a security interest: the release's reel/frame.")
    flags: list[str] = Field(default_factory=list, description="Codes of the date conflicts and chain gaps found.")


class Finding(BaseModel):
    """A conflicting date or a gap in the chain of title, with the recordings it concerns."""

    code: str
    message: str
    reel_frames: list[str] = Field(default_factory=list)


class OwnershipHistory(BaseModel):
    """A patent's (application's) recorded ownership, in order, with its current owner and encumbrances."""

    query: str
    app_key: str
    property: PropertyRef
    events: list[Conveyance]
    current_owner: list[str] = Field(description="Assignees of the last assignment, merger or change of name; "
                                                 "empty when none is recorded (the applicants keep it).")
    owner_since: dt.date | None = None
    owner_basis: str = Field(default="none recorded", description="Which recording says who owns it: the last "
                             "assignment, merger or change of name, else the debtor of the first security interest.")
    encumbered: bool = Field(description="A recorded security interest has no recorded release.")
    security_interests: list[Conveyance] = Field(default_factory=list)
    licences: list[Conveyance] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    counts: dict[str, int] = Field(default_factory=dict, description="Recordings by conveyance type.")


class OwnerTransaction(BaseModel):
    """One recording an owner took part in, with the properties it covers."""

    role: str = Field(description="acquired, disposed, renamed, pledged (as debtor), secured (as secured party), "
                                  "released, licensed, licensee, corrected")
    conveyance: Conveyance
    counterparties: list[str]
    properties: list[PropertyRef]


class OwnerHistory(BaseModel):
    """An owner's acquisitions, disposals, pledges and name changes, by date."""

    query: str
    owner_key: str
    names: list[str] = Field(description="The name spellings that matched (disambiguated by the owner key).")
    transactions: list[OwnerTransaction]
    counts: dict[str, int] = Field(default_factory=dict, description="Transactions by role.")
    properties: int = Field(default=0, description="Distinct properties named.")
    properties_in_store: int = 0
    properties_held: list[str] = Field(default_factory=list,
                                       description="Application keys whose chain of title ends with this owner.")


class StatsTable(BaseModel):
    """Counts of recordings in CNIPA's layout: one row per year / type / field / region / office, one
    column per conveyance type, with totals; cells below ``min_cell`` are suppressed (``None``)."""

    by: str
    columns: list[str]
    rows: list[dict[str, int | str | None]]
    totals: dict[str, int | str | None]
    min_cell: int
    suppressed_cells: int
    measure: str = "recordings (distinct reel/frame), patents (distinct applications)"
    date_basis: str = "recording date; the earliest execution where no recording date is given"
    amounts: str = "not given: the USPTO recordings carry no prices, pledge amounts or licence fees"
    notes: list[str] = Field(default_factory=list)


class Pledge(BaseModel):
    """One recorded security interest (pledge, lien) across the properties it covers, with its releases."""

    conveyance: Conveyance
    debtors: list[str]
    secured_parties: list[str]
    properties: list[PropertyRef]
    released: list[str] = Field(default_factory=list, description="Application keys a recorded release frees.")
    releases: list[str] = Field(default_factory=list, description="Reel/frames of the releases.")
    open: list[str] = Field(default_factory=list, description="Application keys still encumbered by it.")


class PledgeList(BaseModel):
    pledges: list[Pledge]
    total: int
    released: int = Field(description="Security interests released on every property they cover.")
    partly_released: int
    amounts: str = "not given: the USPTO recordings carry no secured amounts"
