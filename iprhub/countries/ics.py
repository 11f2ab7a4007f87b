"""A filing plan's deadlines as an iCalendar file (RFC 5545): one all-day event per deadline that has a
date, with a reminder two weeks before; the description says how the date was computed.

>>> from iprhub.countries.reference import packaged_reference
>>> from iprhub.countries.planner import plan
>>> text = plan_ics(plan(packaged_reference(), "CN", "2025-01-10", "invention", "VN", today=dt.date(2025, 1, 1)))
>>> text.splitlines()[0], text.count("BEGIN:VEVENT")
('BEGIN:VCALENDAR', 4)
"""

from __future__ import annotations

import datetime as dt
import hashlib

from iprhub.countries.model import FilingPlan

PRODID = "-//iprhub//filing plan//EN"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Lines of at most 75 octets, continued with a leading space (RFC 5545 3.1)."""
    out, current = [], ""
    for ch in line:
        if len((current + ch).encode()) > 75:
            out.append(current)
            current = " " + ch
        else:
            current += ch
    return [*out, current]


def plan_ics(plan: FilingPlan, stamp: dt.datetime | None = None) -> str:
    """The plan's dated deadlines as VEVENTs; undated ones (time limit unknown) are left out and listed in
    the calendar's description."""
    stamp = stamp or dt.datetime.combine(plan.today, dt.time(0, 0), dt.UTC)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{_escape(f'Filing plan {plan.first_filing} {plan.priority_date} {plan.right_type}')}"]
    undated = []
    for target in plan.targets:
        for route in target.routes:
            if route.available is False:
                continue
            for d in route.deadlines:
                if d.date is None:
                    undated.append(f"{target.code} {route.label}: {d.label}")
                    continue
                uid = hashlib.sha1(f"{plan.first_filing}|{plan.priority_date}|{plan.right_type}|{target.code}|"
                                   f"{route.route}|{route.office}|{d.label}".encode()).hexdigest()[:20]
                summary = f"{target.code}: {d.label} ({route.label})"
                description = d.rule + (f" Legal date {d.legal_date}, moved to {d.date}." if d.shifted else "")
                end = d.date + dt.timedelta(days=1)
                lines += ["BEGIN:VEVENT", f"UID:{uid}@iprhub", f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
                          f"DTSTART;VALUE=DATE:{d.date:%Y%m%d}", f"DTEND;VALUE=DATE:{end:%Y%m%d}",
                          f"SUMMARY:{_escape(summary)}", f"DESCRIPTION:{_escape(description)}",
                          "TRANSP:TRANSPARENT", "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-P14D",
                          f"DESCRIPTION:{_escape(summary)}", "END:VALARM", "END:VEVENT"]
    if undated:
        lines.insert(5, "X-WR-CALDESC:" + _escape("Not in this calendar (time limit unknown): " + "; ".join(undated)))
    lines.append("END:VCALENDAR")
    return "\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n"
