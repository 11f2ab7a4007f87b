"""What a trademark search is narrowed to besides the mark's text: one model, :class:`MarkFilter`, that the
service, the index, the API, the portal page and the CLI share, checked in one place.

Why one model: the same eight filters (owner words, goods words, Nice classes, offices, status, a date
range on the filing, publication or registration date) used to be spelt out as keyword lists in the
service (twice), the search, the index, the API, the page and the CLI; a new filter had to be added in
seven places, and the API and the page checked dates differently (422 against 400).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from iprhub.errors import InvalidInput
from iprhub.trademarks.goods import check_classes
from iprhub.trademarks.offices import check_offices

# the date a range applies to -> the attribute of a mark that holds it
DATE_FIELDS = {"filed": "filing_date", "published": "publication_date", "registered": "registration_date"}


class MarkFilter(BaseModel):
    """Owner and goods words (every word of 3+ letters must occur), Nice classes (any of them), ST.3 offices,
    a status (contained, case-insensitive) and a date range, inclusive, on ``date_field``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    owner: str | None = None
    goods: str | None = None
    classes: list[int] = Field(default_factory=list)
    offices: list[str] = Field(default_factory=list)
    status: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    date_field: str = "filed"

    @classmethod
    def of(cls, where: MarkFilter | None = None, fields: Mapping[str, Any] | None = None) -> MarkFilter:
        """``where`` with ``fields`` (keyword filters) laid over it, checked: unknown keywords, Nice classes
        outside 1-45, unknown offices, an unknown date field and an upside-down range are
        :class:`InvalidInput` naming the field."""
        values = where.model_dump() if where is not None else {}
        for name, value in (fields or {}).items():
            if name not in cls.model_fields:
                raise InvalidInput(
                    f"unknown trademark filter {name!r}: use one of {', '.join(cls.model_fields)}", field=name
                )
            values[name] = value
        values["owner"] = (values.get("owner") or "").strip() or None
        values["goods"] = (values.get("goods") or "").strip() or None
        values["status"] = (values.get("status") or "").strip() or None
        values["classes"] = check_classes(values.get("classes") or ())
        values["offices"] = check_offices(values.get("offices") or ())
        date_field = values.get("date_field") or "filed"
        if date_field not in DATE_FIELDS:
            raise InvalidInput(
                f"unknown date field {date_field!r}: use one of {', '.join(DATE_FIELDS)}", field="date_field"
            )
        values["date_field"] = date_field
        start, end = values.get("date_from"), values.get("date_to")
        if start and end and start > end:
            raise InvalidInput(f"date_from {start} is after date_to {end}", field="date_from")
        return cls.model_validate(values)

    def is_empty(self) -> bool:
        """No filter at all (the date field alone filters nothing)."""
        return not (
            self.owner or self.goods or self.classes or self.offices or self.status or self.date_from or self.date_to
        )


def parse_date(value: str | None, field: str) -> dt.date | None:
    """A date typed in a form or on a command line: empty is no date (a browser sends ``date_from=``), anything
    but YYYY-MM-DD is an :class:`InvalidInput` naming the field."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"not a date (YYYY-MM-DD): {value!r}", field=field) from None
