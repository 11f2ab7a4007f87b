"""The action deadline of a watch hit: the end of the publishing office's opposition period.

The period comes from the country knowledge base (``trademark_opposition_period``, or for patents
``patent_opposition_period`` / ``pre_grant_opposition_period``), as in force on the publication date (a
recorded change, such as KR's 30 days from 2025-07-22, applies to publications from its day on), counted
from the publication date;
periods in months end on the same day of the last month or that month's last day (month-end rule),
and move to the next working day where the office's non-working-day rule is in the data.

>>> import datetime as dt
>>> period = OppositionPeriod(office="KR", amount=2, unit="months", basis="from publication")
>>> opposition_deadline(period, dt.date(2023, 12, 31), None).date
datetime.date(2024, 2, 29)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from iprhub.watch.model import ActionDeadline

_LEADING_INT = re.compile(r"^\s*(\d{1,4})\b")


@dataclass(frozen=True)
class OppositionPeriod:
    office: str
    amount: int | None  # None: the country has no opposition period, or its value is not a number
    unit: str  # "months" / "days" / ""
    basis: str
    none: bool = False  # the data says there is no opposition period
    source: str = ""


def parse_period(office: str, value: str, unit: str | None, detail: str | None, source: str = "") -> OppositionPeriod:
    """A law-parameter row (value "3", unit "months") as a period; "none" means no opposition exists."""
    text = (value or "").strip().lower()
    basis = (detail or "").strip()
    if text in ("none", "no", "n/a"):
        return OppositionPeriod(office, None, "", basis, none=True, source=source)
    m = _LEADING_INT.match(text)
    u = (unit or "").strip().lower()
    if m and u in ("month", "months", "day", "days"):
        return OppositionPeriod(office, int(m.group(1)), "months" if u.startswith("month") else "days", basis,
                                source=source)
    return OppositionPeriod(office, None, u, f"{value} {unit or ''} {basis}".strip(), source=source)


def _add(start: dt.date, period: OppositionPeriod) -> dt.date:
    from iprhub.countries.dates import add_months

    assert period.amount is not None
    if period.unit == "days":
        return start + dt.timedelta(days=period.amount)
    return add_months(start, period.amount)


def opposition_deadline(period: OppositionPeriod | None, published: dt.date | None, office_rule: Any,
                        *, office: str | None = None, kind: str = "trademark") -> ActionDeadline:
    """The deadline from ``period`` and the publication date, moved past closing days when
    ``office_rule`` (the countries capability's OfficeRule: ``shift``, ``weekend_days``) says so."""
    from iprhub.countries.dates import WEEKDAY_NAMES, next_working_day

    office = office or (period.office if period else None)
    if period is None:
        return ActionDeadline(office=office, publication_date=published,
                              note=f"unknown: the {kind} opposition period of {office or 'this office'} "
                                   "is not in the country data")
    if period.none:
        return ActionDeadline(office=office, publication_date=published,
                              note=f"{office} has no formal {kind} opposition period"
                                   + (f" ({period.basis})" if period.basis else ""))
    if period.amount is None:
        return ActionDeadline(office=office, publication_date=published,
                              note=f"unknown: the opposition period of {office} is stated as {period.basis!r}")
    label = f"{period.amount} {period.unit}"
    if published is None:
        return ActionDeadline(office=office, period=label,
                              note=f"unknown: the record has no publication date (period {label} "
                                   f"{period.basis or 'from publication'})")
    legal = _add(published, period)
    day = legal
    note = f"{label} {period.basis or 'from publication'}; published {published.isoformat()}"
    if period.unit == "months":
        note += " (month-end rule)"
    if office_rule is not None and getattr(office_rule, "shift", False) and office_rule.weekend_days:
        day = next_working_day(legal, list(office_rule.weekend_days))
        if day != legal:
            closed = "/".join(WEEKDAY_NAMES[d] for d in office_rule.weekend_days)
            note += f"; {legal.isoformat()} is a closing day ({closed}), moved to the next working day"
        note += "; public holidays are not in the data"
    else:
        note += "; not moved for closing days: the office's non-working-day rule is not in the data"
    return ActionDeadline(office=office, publication_date=published, period=label, legal_date=legal, date=day,
                          shifted=day != legal, known=True, note=note)


class DeadlineBook:
    """Opposition periods and office rules per office, read once from ``hub.countries`` (cached)."""

    def __init__(self, hub: Any) -> None:
        self.hub = hub
        self._cache: dict[tuple[str, str], tuple[OppositionPeriod | None, Any, list[tuple[dt.date, OppositionPeriod]]]] = {}

    def lookup(self, office: str, kind: str = "trademark",
               published: dt.date | None = None) -> tuple[OppositionPeriod | None, Any]:
        """The period in force on ``published`` (the recorded one, or the latest change in force by then)
        and the office's non-working-day rule."""
        key = (office, kind)
        if key not in self._cache:
            self._cache[key] = self._read(office, kind)
        period, rule, changes = self._cache[key]
        if published is not None:
            for since, changed in changes:
                if since <= published:
                    period = changed
        return period, rule

    def _read(self, office: str, kind: str) -> tuple[OppositionPeriod | None, Any,
                                                      list[tuple[dt.date, OppositionPeriod]]]:
        from iprhub.errors import IprHubError

        if not office or not self.hub.has_capability("countries"):
            return None, None, []
        try:
            profile = self.hub.countries.profile(office)
        except IprHubError:
            return None, None, []
        names = (("trademark_opposition_period",) if kind == "trademark"
                 else ("patent_opposition_period", "pre_grant_opposition_period"))
        for name in names:
            row = next((p for p in profile.law_parameters if p.parameter == name), None)
            if row is not None:
                changes = [(c.effective_from, parse_period(office, c.value, c.unit, c.detail, c.source))
                           for c in sorted(profile.law_changes, key=lambda c: c.effective_from) if c.parameter == name]
                return parse_period(office, row.value, row.unit, row.detail, row.source), profile.office_rule, changes
        return None, profile.office_rule, []

    def deadline(self, office: str | None, published: dt.date | None, kind: str = "trademark") -> ActionDeadline:
        period, rule = self.lookup(office or "", kind, published)
        return opposition_deadline(period, published, rule, office=office, kind=kind)
