"""The five CNIPA criteria of a high-value invention patent, each answered yes / no / unknown with
the evidence it rests on. Pure functions over what the service gathers (:class:`Subject`).

The definition (../shared/reference/high_value_invention_patent_definition.json, packaged here as
``CRITERIA``) is a logical OR: one criterion met makes the patent high-value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from iprhub.value.model import Answer, Criterion

DEFINITION_SOURCE = ("CNIPA indicator note of the 14th Five-Year IP plan (English summary: chinaiplawupdate.com, "
                     "2021-10; kept in ../shared/reference/high_value_invention_patent_definition.json)")
CRITERIA = (
    ("strategic_emerging_industry", "Invention patents in strategic emerging industries", "战略性新兴产业的发明专利"),
    ("overseas_family", "Invention patents with corresponding patent rights (family members) abroad",
     "在海外有同族专利权的发明专利"),
    ("maintained_over_10_years", "Invention patents maintained for more than 10 years", "维持年限超过10年的发明专利"),
    ("high_pledge_financing", "Invention patents that achieved a relatively high pledge-financing amount",
     "实现较高质押融资金额的发明专利"),
    ("award_winning", "Invention patents that won the National Science and Technology Award or the China Patent Award",
     "获得国家科学技术奖或中国专利奖的发明专利"),
)
SEI_CONCORDANCE = ("CNIPA 《战略性新兴产业分类与国际专利分类参照关系表（2021）（试行）》 (strategic emerging industries "
                   "classification to IPC concordance)")
# USPTO maintenance-fee event codes: fee year -> codes (large, small, micro entity)
US_FEES = {4: ("M1551", "M2551", "M3551"), 8: ("M1552", "M2552", "M3552"), 12: ("M1553", "M2553", "M3553")}
US_EXPIRED = ("EXP.",)
EP_RENEWAL = ("EPIDOSNRFE2", "EPIDOS RFEE", "RFEE")


@dataclass
class FamilyMember:
    pub_number: str
    country: str
    doc_type: str


@dataclass
class Subject:
    """What is known of one patent: its stored document (if any), dates, events, family, recordings."""

    number: str
    country: str
    as_of: dt.date
    filing_date: dt.date | None = None
    grant_date: dt.date | None = None
    ipc: list[str] = field(default_factory=list)
    family: list[FamilyMember] | None = None  # None: no family information at all
    events: list[tuple[dt.date | None, str | None, str]] = field(default_factory=list)  # (date, code, description)
    pledges: list[str] | None = None  # None: no ownership recording of it in the store
    recordings: int = 0
    award_keys: list[str] = field(default_factory=list)


def _years(a: dt.date, b: dt.date) -> float:
    return (b - a).days / 365.25


def _criterion(idx: int, answer: Answer, evidence: Sequence[str], source: str | None = None) -> Criterion:
    cid, en, zh = CRITERIA[idx]
    return Criterion(id=cid, name_en=en, name_zh=zh, answer=answer, evidence=list(evidence), source=source)


def strategic_emerging_industry(s: Subject, concordance: list[tuple[str, str, str]] | None) -> Criterion:
    """IPC prefix -> industry, from a concordance file (``value.sei_concordance``); unknown without one."""
    if not s.ipc:
        return _criterion(0, "unknown", ["no IPC class of it is stored"], SEI_CONCORDANCE)
    if concordance is None:
        return _criterion(0, "unknown", [f"IPC {', '.join(s.ipc[:5])}; the concordance is not in the store or in "
                                         "../shared (set value.sei_concordance to a CSV of it: ipc_prefix,industry,"
                                         "source)"], SEI_CONCORDANCE)
    hits = []
    for symbol in s.ipc:
        compact = symbol.replace(" ", "")
        for prefix, industry, source in concordance:
            if compact.startswith(prefix.replace(" ", "")):
                hits.append(f"{symbol} -> {industry} ({source})")
    if hits:
        return _criterion(0, "yes", hits, SEI_CONCORDANCE)
    return _criterion(0, "no", [f"none of IPC {', '.join(s.ipc)} falls in the {len(concordance)} concordance entries"],
                      SEI_CONCORDANCE)


def overseas_family(s: Subject) -> Criterion:
    if s.family is None:
        return _criterion(1, "unknown", ["no family information is stored (no DOCDB family id, application or "
                                         "priority shared with another stored document)"])
    foreign = [m for m in s.family if m.country != s.country and m.country not in ("WO",)]
    granted = [m for m in foreign if m.doc_type == "grant"]
    if granted:
        return _criterion(1, "yes", [f"granted family member {m.pub_number} ({m.country})" for m in granted])
    if foreign:
        return _criterion(1, "unknown", [f"family member {m.pub_number} ({m.country}) is an application; no grant "
                                         "of it is stored" for m in foreign])
    return _criterion(1, "unknown", [f"{len(s.family)} family member(s) in the store, none abroad; the store may "
                                     "not hold the whole family"])


def maintenance(s: Subject) -> tuple[Criterion, float | None]:
    """Maintained over 10 years from filing, and the years it is known to have been kept in force."""
    if s.filing_date is None:
        return _criterion(2, "unknown", ["no filing date is stored"]), None
    age = _years(s.filing_date, s.as_of)
    kept: dt.date | None = None  # latest date it is known to have been in force
    evidence: list[str] = []
    lapsed: dt.date | None = None
    seen: set[tuple[dt.date | None, str | None]] = set()
    for date, code, desc in sorted(s.events, key=lambda e: e[0] or dt.date.min):
        if (date, code) in seen:  # the same event from several sources
            continue
        seen.add((date, code))
        if date is None or date > s.as_of:  # what happened after the as-of date is not known then
            continue
        fee_year = next((y for y, codes in US_FEES.items() if code in codes), None)
        if fee_year is not None:
            # paid in force at ``date``; with a grant date it keeps the patent in force up to grant + fee
            # year - 0.5 + 4 years (the 12th-year fee: to the end of term), never past today
            cover = date
            if s.grant_date is not None:
                until = (_add_years(s.grant_date, fee_year + 3.5) if fee_year < 12
                         else _add_years(s.filing_date, 20))
                cover = max(date, min(until, s.as_of))
            kept = max(kept or cover, cover)
            evidence.append(f"{date} {code} {desc}")
            lapsed = None
        elif code in EP_RENEWAL:
            kept = max(kept or date, date)
            evidence.append(f"{date} {code} {desc}")
        elif code in US_EXPIRED:
            lapsed = date
            evidence.append(f"{date} {code} {desc}")
    years = _years(s.filing_date, kept) if kept else None
    if lapsed and _years(s.filing_date, lapsed) < 10 and (kept is None or kept <= lapsed):
        return _criterion(2, "no", [*evidence, f"expired {lapsed}, {_years(s.filing_date, lapsed):.1f} years after "
                                               f"filing ({s.filing_date})"]), years
    if years is not None and years > 10:
        return _criterion(2, "yes", [*evidence, f"in force at least {years:.1f} years after filing ({s.filing_date})"]), years
    if age <= 10:
        return _criterion(2, "no", [*evidence, f"filed {s.filing_date}: {age:.1f} years by {s.as_of}, under 10"]), years
    return _criterion(2, "unknown", [*evidence, f"filed {s.filing_date} ({age:.1f} years ago); no fee, renewal or "
                                                "lapse record shows whether it was kept beyond 10 years"]), years


def _add_years(d: dt.date, years: float) -> dt.date:
    return d + dt.timedelta(days=round(years * 365.25))


def pledge_financing(s: Subject, has_ownership: bool) -> Criterion:
    if not has_ownership:
        return _criterion(3, "unknown", ["the ownership capability is not loaded: no pledge records"])
    if s.pledges is None:
        return _criterion(3, "unknown", ["no ownership recording of it is stored"])
    if not s.pledges:
        return _criterion(3, "no", [f"{s.recordings} ownership recording(s) stored, none a security interest"])
    return _criterion(3, "unknown", [*s.pledges, "pledge amount not given in the recordings; CNIPA publishes no "
                                                 "threshold for a 'relatively high' amount"])


def award(s: Subject, awards: dict[str, tuple[str, str]] | None, awards_source: str | None) -> Criterion:
    if awards is None:
        return _criterion(4, "unknown", ["no award list is configured (value.awards_file: number,award,year)"])
    for key in s.award_keys:
        if key in awards:
            name, year = awards[key]
            return _criterion(4, "yes", [f"{key}: {name} {year}"], awards_source)
    return _criterion(4, "no", [f"not among the {len(awards)} awarded patents of the list"], awards_source)


def overall(criteria: Sequence[Criterion]) -> Answer:
    answers = {c.answer for c in criteria}
    if "yes" in answers:
        return "yes"
    return "no" if answers == {"no"} else "unknown"


def load_concordance(rows: Sequence[dict[str, Any]]) -> list[tuple[str, str, str]]:
    return [(str(r["ipc_prefix"]).strip().upper(), str(r["industry"]).strip(), str(r.get("source") or "").strip())
            for r in rows if str(r.get("ipc_prefix") or "").strip()]
