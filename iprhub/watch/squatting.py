"""Squatting detection: marks in target countries that resemble an owner's marks but were filed by
someone else, and the applicants of those marks whose filings show bad-faith patterns
(``data/bad_faith_rules.json``, from the CN rules on bad-faith trademark applications).

Register facts only: whether a mark is used cannot be read from office records, so the "no use"
indicator is listed as not assessable rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from iprhub.errors import NotFound
from iprhub.limits import Deadline
from iprhub.model.common import normalize_name
from iprhub.model.trademark import Trademark
from iprhub.store import schema as core
from iprhub.watch import watchlist as wl
from iprhub.watch.deadlines import DeadlineBook
from iprhub.watch.fallback_similarity import fold
from iprhub.watch.matcher import Matcher
from iprhub.watch.model import Comparison, tier_rank
from iprhub.watch.report_model import (
    ApplicantProfile,
    MarkRef,
    PatternHit,
    SquattingFinding,
    SquattingReport,
)

RULES = Path(__file__).with_name("data") / "bad_faith_rules.json"


@dataclass
class _Mark:
    ref: MarkRef
    folded: str
    owner_norms: list[str]


def _ref(tm: Trademark) -> MarkRef:
    c = wl.trademark_candidate(0, tm)
    return MarkRef(
        key=tm.key,
        office=tm.office,
        text=tm.mark_text or "",
        owners=c.owners,
        classes=c.classes,
        filed=tm.app_date,
        published=tm.pub_date,
        status=tm.status,
    )


def owner_score(want: str, names: list[str]) -> float:
    """1.0 when a normalised owner name equals ``want`` (normalised), 0.8 when one holds the other as words."""
    best = 0.0
    for have in names:
        if not have or not want:
            continue
        if have == want:
            return 1.0
        if f" {want} " in f" {have} " or f" {have} " in f" {want} ":
            best = 0.8
    return best


def load_marks(hub: Any, deadline: Deadline) -> tuple[list[_Mark], bool]:
    """Every stored mark with its owners (read in id order; cut at the deadline)."""
    out: list[_Mark] = []
    last = 0
    while True:
        if deadline.expired():
            return out, True
        with hub.store.engine.connect() as conn:
            rows = conn.execute(
                select(core.trademarks.c.id, core.trademarks.c.record)
                .where(core.trademarks.c.id > last)
                .order_by(core.trademarks.c.id)
                .limit(2000)
            ).all()
        if not rows:
            return out, False
        for r in rows:
            tm = Trademark.model_validate_json(r.record)
            ref = _ref(tm)
            # an owner's name in another language (TIPO's English) counts as the owner's own
            aliases = [n for p in tm.parties if p.name in ref.owners for n in p.other_names]
            out.append(_Mark(ref, fold(ref.text), [normalize_name(o) for o in [*ref.owners, *aliases]]))
        last = rows[-1].id


def _evidence(
    owner_mark: MarkRef, other: MarkRef, cmp: Comparison, shared: list[int], after: bool | None
) -> list[str]:
    ev = [
        f"{other.office} {other.key} {other.text!r} filed {other.filed or 'on an unknown date'} by "
        f"{'; '.join(other.owners) or 'an unnamed applicant'}",
        f"resembles {owner_mark.key} {owner_mark.text!r} of the owner (filed {owner_mark.filed or 'unknown'}): "
        f"score {cmp.score:.2f}, tier {cmp.tier}",
    ]
    ev += [f"{r.signal} {r.score:.2f}: {r.detail}" for r in cmp.reasons if r.detail]
    if shared:
        ev.append(f"same Nice class(es) {shared}")
    if after:
        ev.append("filed after the owner's mark")
    if not other.owners:
        ev.append("the record names no owner: the applicant cannot be profiled")
    return ev


def detect(hub: Any, settings: Any, owner: str, countries: list[str], deadline: Deadline) -> SquattingReport:
    rules = json.loads(RULES.read_text(encoding="utf-8"))
    want = normalize_name(owner)
    matcher = Matcher(hub)
    marks, cut = load_marks(hub, deadline)
    mine = [m for m in marks if owner_score(want, m.owner_norms) > 0]
    if not mine:
        raise NotFound(f"no marks of owner {owner!r} in the store", field="owner")
    words: dict[tuple[str, tuple[int, ...]], _Mark] = {}
    for m in mine:  # one comparison per distinct word mark (and classes) of the owner
        key = (m.folded, tuple(m.ref.classes))
        if m.folded and key not in words:
            words[key] = m
    targets = [
        m
        for m in marks
        if (not countries or m.ref.office in countries) and m.folded and owner_score(want, m.owner_norms) == 0
    ]
    targets_by_key = {m.ref.key: m for m in targets}
    findings: list[SquattingFinding] = []
    book = DeadlineBook(hub)
    pairs, compared, cut2 = _pairs(matcher, list(words.values()), targets, countries, deadline)
    cut = cut or cut2
    for other, (cmp, own) in pairs.items():
        if tier_rank(cmp.tier) > tier_rank("medium"):
            continue
        o = targets_by_key[other]
        shared = sorted(set(own.ref.classes) & set(o.ref.classes))
        after = (o.ref.filed > own.ref.filed) if o.ref.filed and own.ref.filed else None
        findings.append(
            SquattingFinding(
                owner_mark=own.ref,
                other_mark=o.ref,
                comparison=cmp,
                shared_classes=shared,
                filed_after_owner=after,
                deadline=book.deadline(o.ref.office, o.ref.published),
                evidence=_evidence(own.ref, o.ref, cmp, shared, after),
            )
        )
    findings.sort(key=lambda f: (tier_rank(f.comparison.tier), -f.comparison.score, f.other_mark.key))
    applicants = _profiles(findings, marks, settings, rules, matcher, deadline)
    return SquattingReport(
        owner=owner,
        countries=countries,
        owner_marks=[m.ref for m in mine],
        findings=findings,
        applicants=applicants,
        marks_compared=compared,
        engine=matcher.engine,
        partial=cut,
        notice="the time limit was reached: not every mark was compared" if cut else None,
        limits=[
            "whether a mark is used (" + rules["rules"]["no_use"]["indicator"] + ") cannot be read from "
            "register data and is not assessed",
            "patterns are counted over the marks in this store only",
        ],
        rules_source=rules["source"],
    )


def _pairs(
    matcher: Matcher, words: list[_Mark], targets: list[_Mark], countries: list[str], deadline: Deadline
) -> tuple[dict[str, tuple[Comparison, _Mark]], int, bool]:
    """The best comparison per target mark (by key) with the owner's mark it resembles most.

    With the trademarks capability its search finds the candidates (across scripts); without it the
    fallback scores every pair cheaply and compares in full only those that could reach a tier."""
    from iprhub.watch.fallback_similarity import quick_score
    from iprhub.watch.matcher import as_comparison, hit_key

    best: dict[str, tuple[Comparison, _Mark]] = {}
    compared = 0

    def keep(key: str, cmp: Comparison, own: _Mark) -> None:
        if key not in best or cmp.score > best[key][0].score:
            best[key] = (cmp, own)

    if matcher.engine == "trademarks":
        index = {m.ref.key: m for m in targets}
        partial = False
        for own in words[:50]:
            if deadline.expired():
                return best, compared, True
            result = matcher.search(
                own.ref.text, offices=countries, similar=True, limit=100, time_limit=deadline.remaining()
            )
            partial = partial or bool(getattr(result, "partial", False))
            for h in result.hits:
                m = index.get(hit_key(h))
                if m is None:
                    continue
                compared += 1
                cmp = (
                    as_comparison(h.comparison, own.ref.text, m.ref.text)
                    if getattr(h, "comparison", None)
                    else matcher.compare(
                        own.ref.text, m.ref.text, classes_a=own.ref.classes, classes_b=m.ref.classes
                    )
                )
                keep(m.ref.key, cmp, own)
        return best, compared, partial
    for i, other in enumerate(targets):
        if i % 500 == 0 and deadline.expired():
            return best, compared, True
        for own in words:
            compared += 1
            if quick_score(own.folded, other.folded) < 0.6:
                continue
            keep(
                other.ref.key,
                matcher.compare(
                    own.ref.text, other.ref.text, classes_a=own.ref.classes, classes_b=other.ref.classes
                ),
                own,
            )
    return best, compared, False


def _most_in_window(dates: list[dt.date], days: int = 30) -> int:
    dates = sorted(dates)
    best, start = 0, 0
    for end, d in enumerate(dates):
        while d - dates[start] > dt.timedelta(days=days):
            start += 1
        best = max(best, end - start + 1)
    return best


def _copies_of_others(
    matcher: Matcher, theirs: list[_Mark], marks: list[_Mark], norm: str, deadline: Deadline
) -> list[tuple[_Mark, _Mark]]:
    """The applicant's marks that resemble (tier high) an earlier mark of another owner: (theirs, other)."""
    from iprhub.watch.matcher import hit_key

    by_key = {m.ref.key: m for m in marks}
    out: list[tuple[_Mark, _Mark]] = []
    if matcher.engine == "fallback":
        from rapidfuzz import fuzz, process

        others = [m for m in marks if m.folded and norm not in m.owner_norms]
        choices = [m.folded for m in others]
    for mine in theirs[:200]:
        if deadline.expired() or not mine.folded:
            break
        found: list[_Mark] = []
        if matcher.engine == "trademarks":
            result = matcher.search(mine.ref.text, similar=True, limit=10, time_limit=deadline.remaining())
            found = [
                by_key[k]
                for h in result.hits
                if (k := hit_key(h)) in by_key and h.comparison is not None and h.comparison.tier == "high"
            ]
        else:
            found = [
                others[i]
                for _, _, i in process.extract(
                    mine.folded, choices, scorer=fuzz.ratio, score_cutoff=90, limit=10
                )
            ]
        earlier = [
            m
            for m in found
            if norm not in m.owner_norms and m.ref.filed and mine.ref.filed and m.ref.filed < mine.ref.filed
        ]
        if earlier:
            out.append((mine, min(earlier, key=lambda m: m.ref.filed or dt.date.max)))
    return out


def _profiles(
    findings: list[SquattingFinding],
    marks: list[Any],
    settings: Any,
    rules: dict,
    matcher: Matcher,
    deadline: Deadline,
) -> list[ApplicantProfile]:
    by_applicant: dict[str, list[SquattingFinding]] = defaultdict(list)
    for f in findings:
        for name in f.other_mark.owners[:1]:  # a record naming no owner (EUIPO open data) has no profile
            by_applicant[name].append(f)
    out: list[ApplicantProfile] = []
    for name, found in list(by_applicant.items())[:20]:
        norm = normalize_name(name)
        theirs = [m for m in marks if norm in m.owner_norms]
        resembling = {f.other_mark.key for f in found}
        copies = _copies_of_others(matcher, theirs, marks, norm, deadline)
        copied_owners = {o for _, other in copies for o in other.ref.owners[:1]}
        many = [m for m in theirs if len(m.ref.classes) >= settings.squatting_many_classes]
        window = _most_in_window([m.ref.filed for m in theirs if m.ref.filed])
        checks = (
            ("bulk_filings", len(theirs), settings.squatting_bulk_filings),
            ("others_marks", max(len(resembling), len(copies)), settings.squatting_others_marks),
            ("many_classes", len(many), 1),
            ("short_period", window, settings.squatting_short_period),
        )
        patterns = [
            PatternHit(
                rule=rule,
                indicator=rules["rules"][rule]["indicator"],
                value=value,
                threshold=threshold,
                sources=rules["rules"][rule]["sources"],
            )
            for rule, value, threshold in checks
            if value >= threshold
        ]
        evidence = [
            f"{len(theirs)} mark(s) of {name} in the store",
            f"{len(resembling)} resemble the owner's marks ({', '.join(sorted(resembling)[:10])})",
        ]
        if copies:
            evidence.append(
                f"{len(copies)} of its marks resemble earlier marks of {len(copied_owners)} other "
                "owner(s): "
                + "; ".join(
                    f"{m.ref.key} {m.ref.text!r} ~ {o.ref.key} {o.ref.text!r} of "
                    f"{'; '.join(o.ref.owners[:1])} (filed {o.ref.filed})"
                    for m, o in copies[:8]
                )
            )
        if many:
            evidence.append(
                f"{len(many)} mark(s) designating at least {settings.squatting_many_classes} classes: "
                + ", ".join(f"{m.ref.key} ({len(m.ref.classes)} classes)" for m in many[:5])
            )
        if window > 1:
            evidence.append(f"{window} filings within 30 days at most")
        out.append(
            ApplicantProfile(
                name=name,
                marks_in_store=len(theirs),
                findings=len(found),
                resembling_others=len(resembling),
                copies_of_others=len(copies),
                owners_copied=sorted(copied_owners),
                many_class_marks=len(many),
                most_in_30_days=window,
                patterns=patterns,
                evidence=evidence,
            )
        )
    out.sort(key=lambda p: (-len(p.patterns), -p.findings, p.name))
    return out
