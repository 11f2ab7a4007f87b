"""The validate stage: checks a normalised record before it is stored."""

from __future__ import annotations

import datetime as dt
import re

from iprhub.ingest.formats.base import Record
from iprhub.model.event import ApplicationEvent
from iprhub.model.patent import PatentDocument
from iprhub.model.trademark import Trademark

_PUB_RE = re.compile(r"^[A-Z]{2}[A-Z]{0,2}\d[\dA-Z]*$")


def validate(record: Record) -> str | None:
    """Return why the record must be rejected, or None when it may be stored."""
    if isinstance(record, PatentDocument):
        if not record.doc_number or not record.country:
            return "missing publication number"
        if not re.fullmatch(r"[A-Z]{2}", record.country):
            return f"invalid country code {record.country!r} (ST.3 two letters expected)"
        if not _PUB_RE.match(record.pub_number):
            return f"malformed publication number {record.pub_number!r}"
        for name in ("pub_date", "app_date"):
            value = getattr(record, name)
            if value and not (dt.date(1790, 1, 1) <= value <= dt.date.today() + dt.timedelta(days=3 * 366)):
                return f"implausible {name} {value.isoformat()}"
        for cs in record.claims:
            nums = [c.num for c in cs.claims]
            if len(nums) != len(set(nums)):
                return f"duplicate claim numbers in claim set ({cs.lang})"
        return None
    if isinstance(record, Trademark):
        if not record.app_number:
            return "missing application number"
        if not re.fullmatch(r"[A-Z]{2}", record.office):
            return f"invalid office code {record.office!r}"
        bad = [c.number for c in record.nice_classes if not 1 <= c.number <= 45]
        if bad:
            return f"Nice class out of range 1-45: {bad}"
        return None
    if isinstance(record, ApplicationEvent):
        if not record.app_key and not record.pub_number:  # app_key "" with a patent: see ApplicationEvent
            return "event names neither an application nor a publication"
        return None
    return f"unknown record type {type(record).__name__}"
