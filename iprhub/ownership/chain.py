"""Chains of title from recorded conveyances: pure functions over the stored ``assignment`` events.

A recording (one reel/frame) may reach the store from several readers (the Assignment Search XML
gives recording dates, the Assignment Center JSON does not): per property it is merged into one
:class:`Conveyance`. The chain is walked in order of execution: an assignment, merger or change of
name hands the patent to its assignees; a security interest encumbers it until a release names it
(by its reel/frame, else by the secured party); corrections and licences leave the owner as it is.

>>> owner_key("U.S. BANK NATIONAL ASSOCIATION, AS ADMINISTRATIVE AGENT")
'US BANK NATIONAL ASSOCIATION'
>>> owner_key("GOOGLE LLC (FORMERLY GOOGLE, INC.)") == owner_key("Google Inc.")
True
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from iprhub.ownership.model import Conveyance, Finding

_SUFFIXES = {"INC", "INCORPORATED", "LLC", "LTD", "LIMITED", "CORP", "CORPORATION", "CO", "COMPANY", "AS", "AG",
             "GMBH", "SA", "NV", "BV", "PLC", "LP", "LLP", "KK", "AB", "OY", "SPA", "SRL", "SAS", "SE", "PTE"}
_AKA = re.compile(r"[,\s]+(F/?K/?A/?|N/?K/?A/?|D/?B/?A/?|FORMERLY)(\s|$).*$")  # "… F/K/A/ OLD NAME"
_ROLE_TAIL = re.compile(r",?\s+AS\s+(ADMINISTRATIVE|COLLATERAL|AGENT|TRUSTEE|SECURITY)\b.*$")
_REEL_REF = re.compile(r"REEL\s*:?\s*0*(\d{1,6})\s*[/,]?\s*,?\s*FRAME\s*:?\s*0*(\d{1,4})")
#: conveyance types that hand the property to the assignees
OWNER_CHANGING = ("assignment", "merger", "change-of-name")
# conveyance texts the core types as "other" that are changes of legal form
_ENTITY = re.compile(r"\bENTITY CONVEYANCE\b")


def owner_key(name: str | None) -> str:
    """A name reduced for matching one owner's spellings: upper case, no punctuation, no role
    ("as administrative agent"), no "(formerly …)", no legal-form suffix, ``U S`` read as ``US``."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().upper()
    text = re.sub(r"\(.*?\)", " ", text)
    text = _AKA.sub("", text)
    text = _ROLE_TAIL.sub("", text)
    text = re.sub(r"[^A-Z0-9]+", " ", text)
    while True:  # "U S WELL" -> "US WELL"
        joined = re.sub(r"\b([A-Z]) ([A-Z])\b", r"\1\2", text)
        if joined == text:
            break
        text = joined
    tokens = text.split()
    if tokens and tokens[0] == "THE":
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1] in _SUFFIXES:
        tokens.pop()
    return " ".join(tokens)


def refers_to(conveyance: str) -> str | None:
    """The reel/frame a release or correction names (``…RECORDED AT REEL 048818/FRAME 0520`` -> ``048818/0520``)."""
    m = _REEL_REF.search(conveyance.upper())
    return f"{int(m.group(1)):06d}/{int(m.group(2)):04d}" if m else None


def conveyance_kind(conveyance_type: str, text: str) -> str:
    """The core's conveyance type, with "ENTITY CONVEYANCE" (a change of legal form) read as a change of name."""
    if conveyance_type == "other" and _ENTITY.search(text.upper()):
        return "change-of-name"
    return conveyance_type


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def merge_recordings(records: Iterable[tuple[str, dict[str, Any]]]) -> list[Conveyance]:
    """(reader, event record) of one property -> its conveyances, one per reel/frame, in order."""
    merged: dict[str, dict[str, Any]] = {}
    for fmt, rec in records:
        t = rec.get("transfer") or {}
        key = t.get("reel_frame") or f"event:{rec.get('date')}:{t.get('conveyance')}"
        m = merged.setdefault(key, {"reel_frame": t.get("reel_frame"), "types": [], "texts": [], "executions": {},
                                    "recorded": set(), "assignors": [], "assignees": [], "sources": []})
        m["types"].append(t.get("conveyance_type") or "other")
        m["texts"].append(t.get("conveyance") or rec.get("description") or "")
        execs = tuple(sorted({a["executed"] for a in t.get("assignors") or [] if a.get("executed")}))
        m["executions"][fmt] = execs
        if t.get("recorded_date"):
            m["recorded"].add(t["recorded_date"])
        for side in ("assignors", "assignees"):
            for p in t.get(side) or []:
                if p.get("name") and p["name"] not in m[side]:
                    m[side].append(p["name"])
        if fmt not in m["sources"]:
            m["sources"].append(fmt)
    out = []
    for m in merged.values():
        dates = sorted({d for execs in m["executions"].values() for d in execs})
        recorded = sorted(m["recorded"])
        text = max(m["texts"], key=len)
        c = Conveyance(
            reel_frame=m["reel_frame"], conveyance_type=conveyance_kind(m["types"][0], text), conveyance=text,
            executed=_date(dates[0]) if dates else None, executed_last=_date(dates[-1]) if dates else None,
            recorded=_date(recorded[0]) if recorded else None, assignors=m["assignors"], assignees=m["assignees"],
            sources=sorted(m["sources"]))
        c.date = c.executed or c.recorded
        if c.conveyance_type in ("release", "correction"):
            c.refers_to = refers_to(text)
        if len({v for v in m["executions"].values() if v}) > 1:
            c.flags.append("sources-disagree")
        if len(recorded) > 1:
            c.flags.append("sources-disagree")
        out.append(c)
    out.sort(key=lambda c: (c.date or dt.date.max, c.recorded or dt.date.max, c.reel_frame or ""))
    return out


class Chain:
    """The walk over one property's conveyances: current owner, open security interests, findings."""

    def __init__(self, conveyances: list[Conveyance], *, today: dt.date) -> None:
        self.events = conveyances
        self.owner: list[str] = []
        self.owner_since: dt.date | None = None
        self.owner_basis = "none recorded"
        self.findings: list[Finding] = []
        self.security: list[Conveyance] = [c for c in conveyances if c.conveyance_type == "security-interest"]
        self.licences: list[Conveyance] = [c for c in conveyances if c.conveyance_type == "license"]
        self._walk(today)

    @property
    def open_security(self) -> list[Conveyance]:
        return [c for c in self.security if not c.released_by]

    def _flag(self, code: str, message: str, *convs: Conveyance) -> None:
        frames = [c.reel_frame for c in convs if c.reel_frame]
        for c in convs:
            if code not in c.flags:
                c.flags.append(code)
        self.findings.append(Finding(code=code, message=message, reel_frames=frames))

    def _walk(self, today: dt.date) -> None:
        by_frame = {c.reel_frame: c for c in self.events if c.reel_frame}
        for c in self.events:
            if "sources-disagree" in c.flags:
                self.findings.append(Finding(code="sources-disagree", reel_frames=[c.reel_frame or ""],
                                             message=f"{c.reel_frame}: the sources give different dates"))
            if c.recorded and c.executed_last and c.recorded < c.executed_last:
                self._flag("recorded-before-executed",
                           f"{c.reel_frame}: recorded {c.recorded} before its last execution {c.executed_last}", c)
            if c.date and c.date > today:
                self._flag("future-date", f"{c.reel_frame}: dated {c.date}, after today ({today})", c)
        self._reel_order()
        for c in self.events:
            kind = c.conveyance_type
            if kind in OWNER_CHANGING:
                self._transfer(c)
            elif kind == "release":
                self._release(c, by_frame)
            elif kind == "security-interest" and not self.owner and c.assignors:
                self.owner, self.owner_since = list(c.assignors), c.date  # the debtor held it then
                self.owner_basis = f"debtor of {c.reel_frame}"

    def _reel_order(self) -> None:
        """Reels are numbered in recording order: a recording whose reel disagrees with its recording
        date is flagged (the one out of order with the most others, repeatedly, until the rest agree)."""
        dated = [c for c in self.events if c.recorded and c.reel_frame]

        def inverted(a: Conveyance, b: Conveyance) -> bool:
            return (a.reel_frame < b.reel_frame) != (a.recorded < b.recorded) and a.recorded != b.recorded  # type: ignore[operator]

        while True:
            score = {id(a): sum(inverted(a, b) for b in dated) for a in dated}
            worst = max(dated, key=lambda a: score[id(a)], default=None)
            if worst is None or score[id(worst)] == 0:
                return
            others = [b.reel_frame or "" for b in dated if inverted(worst, b)]
            self._flag("reel-order", f"{worst.reel_frame} is dated {worst.recorded} but its reel number puts it "
                                     f"after {', '.join(sorted(others)[:3])}{' …' if len(others) > 3 else ''} "
                                     f"(reels are numbered in recording order)", worst)
            dated.remove(worst)

    def _transfer(self, c: Conveyance) -> None:
        owners = {owner_key(n) for n in self.owner}
        assignors = {owner_key(n) for n in c.assignors}
        assignees = {owner_key(n) for n in c.assignees}
        if owners and not (owners & assignors) and not (assignees <= owners):
            self._flag("chain-gap", f"{c.reel_frame}: {', '.join(c.assignors)} conveyed it while the owner of "
                                    f"record was {', '.join(self.owner)}", c)
        if c.assignees:
            if assignees != owners or c.conveyance_type != "assignment" or not self.owner:
                self.owner_since = c.date
                self.owner_basis = f"{c.conveyance_type} {c.reel_frame}"
            self.owner = list(c.assignees)

    def _release(self, c: Conveyance, by_frame: dict[str, Conveyance]) -> None:
        target = by_frame.get(c.refers_to) if c.refers_to else None
        if target is None or target.conveyance_type != "security-interest":
            releasing = {owner_key(n) for n in c.assignors}
            candidates = [s for s in self.open_security if releasing & {owner_key(n) for n in s.assignees}]
            target = candidates[-1] if candidates else None
        if target is None:
            named = f" (it names {c.refers_to}, not recorded against this patent)" if c.refers_to else ""
            self._flag("release-unmatched", f"{c.reel_frame}: releases no security interest recorded for it{named}", c)
            return
        target.released_by = c.reel_frame
        c.refers_to = target.reel_frame
        if c.date and target.date and c.date < target.date:
            self._flag("release-before-security", f"{c.reel_frame} released {target.reel_frame} on {c.date}, "
                                                  f"before it was executed ({target.date})", c, target)
