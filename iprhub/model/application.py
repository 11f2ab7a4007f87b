"""Records around documents: an application with its publications and events, a family with its
members, and what a typed number resolves to."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from iprhub.model.event import ApplicationEvent

RecordKind = Literal["publication", "application", "trademark"]


class ResolvedNumber(BaseModel):
    """What a typed number means in this store."""

    query: str = Field(description="The number as typed.")
    kind: RecordKind
    key: str = Field(description="Canonical key: publication number, application key or trademark key.")
    read_as: Literal["publication", "application", "priority", "trademark", "number"] = Field(
        description="How the number was read (a priority number resolves to the document claiming it).")
    alternatives: list[str] = Field(default_factory=list,
                                    description="Other records of the same number (other kinds of one publication).")


class PublicationRef(BaseModel):
    pub_number: str
    kind: str | None = None
    doc_type: str
    pub_date: dt.date | None = None
    title: str | None = None


class Application(BaseModel):
    """One application: office, number, filing date, status, its publications and events."""

    key: str = Field(description="``US15145443``, ``EP91302636``, ``WO2013US064552``; ``pn:US8000000`` for an "
                                 "application known only through its patent.")
    office: str
    number: str | None = Field(description="Office application number; null when no source gives it.")
    display_number: str | None = Field(description="As the office prints it (``15/145,443``).")
    known_by: str | None = Field(None, description="The kind-less publication of a number-less application.")
    filing_date: dt.date | None = None
    title: str | None = None
    family_id: str | None = None
    status: str | None = Field(None, description="From the latest event (assignments aside).")
    status_date: dt.date | None = None
    publications: list[PublicationRef] = Field(default_factory=list, description="Its publications in the store.")
    events: list[ApplicationEvent] = Field(default_factory=list, description="Prosecution, office actions, trials, "
                                           "assignments, dossier and legal events, by date.")
    event_counts: dict[str, int] = Field(default_factory=dict, description="Events by type.")


class FamilyMember(BaseModel):
    pub_number: str
    country: str
    kind: str | None = None
    doc_type: str
    pub_date: dt.date | None = None
    title: str | None = None
    application: str | None = Field(None, description="Application key, when the document names one.")
    app_date: dt.date | None = None


class Family(BaseModel):
    """A DOCDB simple family: the stored documents that carry its id."""

    family_id: str
    members: list[FamilyMember]
    applications: list[str] = Field(description="Application keys of the members.")
    countries: list[str]
