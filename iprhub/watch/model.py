"""Typed results of the watch capability: what the service returns, the API serialises and the pages show."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

Tier = Literal["high", "medium", "low", "noise"]
WatchKind = Literal["mark", "owner", "query", "patent"]
TIERS: tuple[Tier, ...] = ("high", "medium", "low", "noise")
NOT_LEGAL_ADVICE = ("This is an automated screening of the records in this store, not legal advice: dates are "
                    "estimates from stored data and published law parameters; have a qualified attorney in the "
                    "country confirm any conclusion before you act on it.")


def tier_rank(tier: str) -> int:
    """0 for high … 3 for noise (lower is stronger)."""
    return TIERS.index(tier) if tier in TIERS else len(TIERS)


class Reason(BaseModel):
    signal: str
    score: float
    detail: str = ""


class Comparison(BaseModel):
    """Two marks compared (from ``hub.trademarks.compare`` or the fallback comparator)."""

    a: str
    b: str
    score: float
    tier: Tier
    reasons: list[Reason] = Field(default_factory=list)
    engine: str = "trademarks"


class ActionDeadline(BaseModel):
    """The last day to act (oppose) in the office that published the record, or why it is unknown."""

    office: str | None = None
    publication_date: dt.date | None = None
    period: str | None = None  # "3 months", "30 days"
    legal_date: dt.date | None = None  # the period's end before any move to a working day
    date: dt.date | None = None
    shifted: bool = False
    known: bool = False
    note: str


class Watch(BaseModel):
    id: int
    kind: WatchKind
    subject: str
    classes: list[int] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list)
    min_tier: Tier = "medium"
    label: str | None = None
    webhook_url: str | None = None
    email: list[str] = Field(default_factory=list)
    created_at: dt.datetime
    last_run_at: dt.datetime | None = None
    alerts: int = 0
    unread: int = 0


class Delivery(BaseModel):
    id: int
    channel: Literal["webhook", "email"]
    target: str
    status: Literal["pending", "delivered", "failed"]
    attempts: int
    next_attempt_at: dt.datetime | None = None
    last_error: str | None = None
    delivered_at: dt.datetime | None = None


class Alert(BaseModel):
    id: int
    watch_id: int
    watch_subject: str = ""
    record_kind: Literal["trademark", "patent"]
    record_key: str
    office: str | None = None
    title: str | None = None
    owner: str | None = None
    score: float
    tier: Tier
    reasons: list[Reason] = Field(default_factory=list)
    deadline: ActionDeadline
    created_at: dt.datetime
    read_at: dt.datetime | None = None
    deliveries: list[Delivery] = Field(default_factory=list)


class WatchRun(BaseModel):
    """One ``watch run``: per watch, how many new records were looked at and which alerts were raised."""

    watches: int
    records_seen: int
    alerts: list[Alert] = Field(default_factory=list)
    partial: bool = False
    notice: str | None = None
    engine: str
    deliveries: DeliveryReport | None = None


class DeliveryReport(BaseModel):
    attempted: int = 0
    delivered: int = 0
    retry_scheduled: int = 0
    failed: int = 0
    errors: list[str] = Field(default_factory=list)


class Inbox(BaseModel):
    watches: list[Watch]
    alerts: list[Alert]
    undelivered: int = 0


WatchRun.model_rebuild()
