"""Typed results of the exchange capability."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

FeedKind = Literal["document", "trademark", "event"]


class FeedItem(BaseModel):
    kind: FeedKind
    key: str = Field(description="Publication number, trademark key or event key.")
    record: dict[str, Any] = Field(description="The normalised record, as `iprhub export` writes it.")


class FeedPage(BaseModel):
    """One page of the change feed: records changed after ``since``, oldest first."""

    node: str = Field(description="Name of the node that serves the feed (provenance at the receiver).")
    since: str
    next: str = Field(description="Cursor to ask for the next page with (``?since=``).")
    more: bool = Field(description="More changes wait after this page.")
    items: list[FeedItem]


class SyncReport(BaseModel):
    node: str | None = None
    url: str
    pages: int = 0
    received: dict[str, int] = Field(default_factory=dict, description="Records received by kind.")
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    cursor: str = ""
    complete: bool = False
    interrupted: str | None = Field(default=None, description="Why the pull stopped early (the pages before are kept; "
                                    "run it again to resume).")
    seconds: float = 0.0


class RecordOrigin(BaseModel):
    kind: str
    key: str
    node: str
    url: str
    pulled_at: dt.datetime
