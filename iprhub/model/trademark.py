"""The normalised trademark record (WIPO ST.66 / ST.96 concepts)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from iprhub.model.common import Party, Provenance, Record, Text

MarkType = Literal["word", "figurative", "combined", "three-dimensional", "sound", "colour", "position", "other"]


class NiceClass(Record):
    number: int  # 1..45
    goods_services: list[Text] = Field(default_factory=list)


class TrademarkEvent(Record):
    date: dt.date | None = None
    code: str | None = None
    description: str


class Trademark(Record):
    """One trademark application/registration. Identity: ``office`` + ``app_number``."""

    office: str  # ST.3 of the office (US, KR, WO, EM …)
    app_number: str
    reg_number: str | None = None
    mark_text: str | None = None
    mark_script: str | None = None  # ISO 15924 (Latn, Hang, Hani …)
    mark_lang: str | None = None
    mark_type: MarkType = "other"
    status: str | None = None
    status_date: dt.date | None = None
    app_date: dt.date | None = None
    reg_date: dt.date | None = None
    pub_date: dt.date | None = None
    expiry_date: dt.date | None = None
    nice_classes: list[NiceClass] = Field(default_factory=list)
    parties: list[Party] = Field(default_factory=list)
    designations: list[str] = Field(default_factory=list)  # Madrid designated contracting parties
    vienna_codes: list[str] = Field(default_factory=list)  # figurative elements (Vienna Classification, 6 digits)
    events: list[TrademarkEvent] = Field(default_factory=list)
    provenance: list[Provenance] = Field(default_factory=list)
    field_sources: dict[str, str] = Field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.office}/{self.app_number}"
