"""Deadline arithmetic: months from a date, month ends, and offices' non-working days.

Periods in months end on the same day of the last month, or on that month's last day when it
has no such day (PCT Rule 80.2; CNIPA Guidelines Part V Ch. 7 §2.3).

>>> add_months(dt.date(2024, 8, 31), 6)
datetime.date(2025, 2, 28)
>>> add_months(dt.date(2023, 8, 31), 6)
datetime.date(2024, 2, 29)
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from iprhub.errors import InvalidInput

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(text: str, *, field: str = "date") -> dt.date:
    """An ISO date (YYYY-MM-DD); malformed or impossible dates raise :class:`InvalidInput`."""
    value = (text or "").strip()
    if not _ISO.match(value):
        raise InvalidInput(f"{value!r} is not a date of the form YYYY-MM-DD", field=field)
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"{value} is not a real calendar date ({exc})", field=field) from None


def add_months(start: dt.date, months: int) -> dt.date:
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def next_working_day(day: dt.date, weekend_days: list[int]) -> dt.date:
    """The first day on or after ``day`` that is not a weekly closing day."""
    if len(set(weekend_days)) >= 7:
        raise InvalidInput("an office cannot be closed on every day of the week", field="weekend_days")
    while day.weekday() in weekend_days:
        day += dt.timedelta(days=1)
    return day


WEEKDAYS = {"Mon": 0, "Tue": 1, "Wed": 2, "Thu": 3, "Fri": 4, "Sat": 5, "Sun": 6}
WEEKDAY_NAMES = {v: k for k, v in WEEKDAYS.items()}
