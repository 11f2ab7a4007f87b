"""Screening: signals per document, applicant, agency and trademark owner, weighted into a score
that ranks what a reviewer should look at first — with the evidence, never a verdict.

Every signal is a value 0..1 that says how strongly the records show one behaviour the rules name
(``rules.py``); the score is the sum of value × weight, and the weights are the user's to set.
"""

from __future__ import annotations

import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from iprhub.errors import InvalidInput
from iprhub.limits import Deadline
from iprhub.quality import rules
from iprhub.quality.corpus import Corpus, party_key
from iprhub.quality.models import ClusterView, Finding, PairView, RuleRef, ScreeningRun, Signal
from iprhub.quality.near_duplicates import NearDuplicateFinder, PairwiseResult

DEFAULT_WEIGHTS: dict[str, float] = {
    "near_duplicate": 3.0,      # the same content filed again (item 1) or someone else's (item 2)
    "splitting": 2.0,           # one invention split into many near-identical applications
    "filing_burst": 1.0,        # many applications in a short window
    "unrelated_classes": 1.0,   # a field the applicant never files in
    "final_rejections": 0.5,    # context: share of applications finally rejected
    "abandonments": 0.5,        # context: share of applications abandoned
    "agency_template": 2.0,     # one agency's template text across unrelated applicants (item 8)
    "tm_many_classes": 1.0,     # a trademark owner hoarding classes
    "tm_prior_mark": 2.0,       # a mark identical to an earlier mark of someone else
}
# loosest first: a cluster is as interesting as its loosest pair
RELATIONS = ("different-applicants", "applicant-unknown", "same-applicant", "same-family", "same-application")
BURST_DAYS = 30
BURST_MIN = 5
MANY_CLASSES = 10


def parse_weights(spec: str | Mapping[str, Any] | None) -> dict[str, float]:
    """``"near_duplicate=2,splitting=0"`` (or a mapping) over the defaults; an unknown signal, a value
    that is not a number or a negative one is refused naming it and its position."""
    weights = dict(DEFAULT_WEIGHTS)
    if not spec:
        return weights
    items = list(spec.items()) if isinstance(spec, Mapping) else \
        [tuple(part.split("=", 1)) if "=" in part else (part, None) for part in str(spec).split(",")]
    pos = 0
    for item in items:
        name, value = str(item[0]).strip(), item[1]
        if name not in DEFAULT_WEIGHTS:
            raise InvalidInput(f"unknown signal {name!r} in weights; known: {', '.join(DEFAULT_WEIGHTS)}",
                               field="weights", position=pos)
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise InvalidInput(f"weight of {name} is not a number: {value!r}", field="weights",
                               position=pos) from None
        if number < 0 or number != number or number == float("inf"):
            raise InvalidInput(f"weight of {name} must be a finite number ≥ 0, not {value!r}",
                               field="weights", position=pos)
        weights[name] = number
        pos += len(f"{item[0]}={item[1]}") + 1
    return weights


@dataclass(frozen=True)
class Scope:
    """What to rank: the whole store, a batch of documents (an ingest's), or one party's records."""

    documents: frozenset[str] | None = None
    applicant: str | None = None
    agency: str | None = None

    def describe(self) -> str:
        if self.applicant:
            return f"applicant:{self.applicant}"
        if self.agency:
            return f"agency:{self.agency}"
        if self.documents is not None:
            return f"batch:{len(self.documents)} documents"
        return "store"


class _Builder:
    def __init__(self, weights: dict[str, float]) -> None:
        self.weights = weights
        self.found: dict[tuple[str, str], list[Signal]] = defaultdict(list)

    def add(self, kind: str, subject: str, name: str, value: float, rule: RuleRef, detail: str,
            evidence: Iterable[str]) -> None:
        value = round(max(0.0, min(1.0, value)), 4)
        if value <= 0:
            return
        w = self.weights[name]
        signals = self.found[(kind, subject)]
        same = next((s for s in signals if s.name == name), None)
        if same is not None:  # one signal per behaviour: the stronger reading, with both readings' evidence
            if value > same.value:
                same.value, same.contribution, same.detail, same.rule = value, round(value * w, 4), detail, rule
            same.evidence = sorted(set(same.evidence) | set(evidence))[:50]
            return
        signals.append(Signal(name=name, value=value, weight=w, contribution=round(value * w, 4),
                                                  rule=rule, detail=detail, evidence=sorted(set(evidence))[:50]))

    def findings(self, display: Any) -> list[Finding]:
        out = []
        for (kind, subject), signals in self.found.items():
            signals.sort(key=lambda s: (-s.contribution, s.name))
            out.append(Finding(subject_kind=kind, subject=display(kind, subject),  # type: ignore[arg-type]
                               score=round(sum(s.contribution for s in signals), 4), signals=signals))
        out.sort(key=lambda f: (-f.score, f.subject_kind, f.subject))
        return out


def screen(hub: Any, *, scope: Scope = Scope(), weights: dict[str, float] | None = None,
           deadline: Deadline | None = None, finder: NearDuplicateFinder | None = None,
           corpus: Corpus | None = None, cut: str | None = None) -> ScreeningRun:
    """``cut``: what the reading of ``corpus`` left out at the time limit (see :func:`read_store`)."""
    started = time.perf_counter()
    weights = weights or dict(DEFAULT_WEIGHTS)
    deadline = deadline or Deadline.after(None)
    if corpus is None:
        corpus, read, cut = read_store(hub, deadline)
        finder = finder or read
    if scope.documents is not None and not scope.documents:
        raise InvalidInput("the batch holds no documents to screen", field="batch")
    keys: list[str] | None = sorted(scope.documents) if scope.documents is not None else None
    wanted_party = party_key(scope.applicant or scope.agency or "")
    if wanted_party:
        role = "applicants" if scope.applicant else "agents"
        party_docs = sorted(k for k, d in corpus.docs.items() if wanted_party in getattr(d, role))
        if not party_docs:
            what = "applicant" if scope.applicant else "agency"
            raise InvalidInput(f"no {what} named {scope.applicant or scope.agency!r} in the store",
                               field=what)
        if keys is None:  # a batch, when given, stays the scope of the comparison
            keys = party_docs
    if finder is None:
        finder = NearDuplicateFinder.for_screening()
        for info in corpus.docs.values():
            _index(finder, info)
    result = finder.find(keys=keys, deadline=deadline)
    b = _Builder(weights)
    clusters = _cluster_views(corpus, result)
    _document_signals(b, corpus, result)
    _applicant_signals(b, corpus, result, hub, deadline)
    _agency_signals(b, corpus, result)
    if scope.documents is None and not wanted_party:
        _trademark_signals(b, hub, deadline)

    def display(kind: str, subject: str) -> str:
        return corpus.display(subject) if kind in ("applicant", "agency") else subject

    findings = b.findings(display)
    if wanted_party:
        names = {corpus.display(wanted_party)}
        in_scope = set(keys or ())
        findings = [f for f in findings if f.subject in names or f.subject in in_scope]
    partial = cut is not None or result.partial or deadline.expired()
    notice = cut or result.notice or (
        "time limit reached before every signal was computed" if deadline.expired() else None)
    return ScreeningRun(scope=scope.describe(), documents=len(corpus.docs), screened=len(finder),
                        weights=weights, findings=findings, clusters=clusters, partial=partial, notice=notice,
                        seconds=round(time.perf_counter() - started, 3))


def read_store(hub: Any, deadline: Deadline) -> tuple[Corpus, NearDuplicateFinder, str | None]:
    """The store's documents read and indexed for screening, within 70 % of the time left before ``deadline``
    (reading and indexing take most of a large screening: what was read must still be compared and its
    signals computed); the third value says what was cut, or None."""
    left = deadline.remaining()
    deadline = deadline.sooner(None if left is None else left * 0.7)
    corpus = Corpus()
    finder = NearDuplicateFinder.for_screening()
    for n, doc in enumerate(hub.store.iter_documents()):
        if n % 256 == 0 and deadline.expired():
            return corpus, finder, (f"time limit reached while reading the store: the first {n:,} documents "
                                    "screened; the others were not read")
        _index(finder, corpus.add(doc))
    return corpus, finder, None


def _index(finder: NearDuplicateFinder, info: Any) -> None:
    if info.doc_type != "design":  # a design's text is the office's boilerplate: its drawings are the content
        finder.add(info.text)


def _pair_view(corpus: Corpus, a: str, b: str, sim: float) -> PairView:
    return PairView(a=a, b=b, similarity=sim, relation=corpus.relation(a, b),
                    applicants_a=[corpus.display(k) for k in corpus.docs[a].applicants],
                    applicants_b=[corpus.display(k) for k in corpus.docs[b].applicants])


def _cluster_views(corpus: Corpus, result: PairwiseResult) -> list[ClusterView]:
    views = []
    for c in result.clusters:
        pairs = [_pair_view(corpus, p.a, p.b, p.similarity) for p in c.pairs]
        loosest = min((p.relation for p in pairs), key=RELATIONS.index)
        views.append(ClusterView(members=c.members, pairs=pairs, relation=loosest,
                                 doc_types=sorted({corpus.docs[m].doc_type for m in c.members})))
    return views


def _document_signals(b: _Builder, corpus: Corpus, result: PairwiseResult) -> None:
    # per document: its near-identical partners by relation (others' text weighs more than its own)
    partners: dict[str, dict[str, list[tuple[float, str]]]] = defaultdict(lambda: defaultdict(list))
    for p in result.pairs:
        relation = corpus.relation(p.a, p.b)
        if relation in ("same-application", "same-family"):
            continue  # expected: the same invention published again
        partners[p.a][relation].append((p.similarity, p.b))
        partners[p.b][relation].append((p.similarity, p.a))
    for key, by_rel in partners.items():
        others = by_rel.get("different-applicants", []) + by_rel.get("applicant-unknown", [])
        if others:
            known = bool(by_rel.get("different-applicants"))
            value = max(s for s, _ in others) * (1.0 if known else 0.5)
            b.add("document", key, "near_duplicate", value, rules.measures_item(2),
                  f"near-identical to {len(others)} application(s) of "
                  f"{'other applicants' if known else 'unknown applicants'} (Jaccard {max(s for s, _ in others):.2f})"
                  + (f" and {len(by_rel['same-applicant'])} of its own" if by_rel.get("same-applicant") else ""),
                  [o for _, o in others + by_rel.get("same-applicant", [])])
        else:
            own = by_rel["same-applicant"]
            value = max(s for s, _ in own)
            b.add("document", key, "near_duplicate", value, rules.measures_item(1),
                  f"near-identical to {len(own)} other application(s) of the same applicant (Jaccard {value:.2f})",
                  [o for _, o in own])
    by_applicant: dict[str, list[str]] = defaultdict(list)
    for key, d in corpus.docs.items():
        for a in d.applicants:
            by_applicant[a].append(key)
    for keys in by_applicant.values():
        apps = {corpus.docs[k].app or k for k in keys}
        if len(apps) < 5:
            continue
        for key in keys:
            mine = {c[:3] for c in corpus.docs[key].classes}
            if not mine:
                continue
            theirs = {c[:3] for k in keys if corpus.docs[k].app != corpus.docs[key].app for c in corpus.docs[k].classes}
            if theirs and not mine & theirs:
                b.add("document", key, "unrelated_classes", 1.0, rules.measures_item(3),
                      f"classes {', '.join(sorted(corpus.docs[key].classes))} share no IPC class with the "
                      f"applicant's {len(apps) - 1} other applications ({', '.join(sorted(theirs)[:8])})",
                      [key])


def _applicant_signals(b: _Builder, corpus: Corpus, result: PairwiseResult, hub: Any, deadline: Deadline) -> None:
    same_applicant: dict[str, set[str]] = defaultdict(set)
    for p in result.pairs:
        da, db = corpus.docs[p.a], corpus.docs[p.b]
        if corpus.relation(p.a, p.b) != "same-applicant":
            continue
        for a in set(da.applicants) & set(db.applicants):
            same_applicant[a] |= {da.app or p.a, db.app or p.b}
    for applicant, apps in same_applicant.items():
        if len(apps) >= 3:
            b.add("applicant", applicant, "splitting", (len(apps) - 2) / 5, rules.measures_item(1),
                  f"{len(apps)} applications with near-identical text", apps)
    filings: dict[str, dict[str, Any]] = defaultdict(dict)
    for d in corpus.docs.values():
        if d.app_date:
            for a in d.applicants:
                filings[a][d.app or d.key] = d.app_date
    for applicant, dates_by_app in filings.items():
        dates = sorted(dates_by_app.values())
        if len(dates) < BURST_MIN:
            continue
        best, start = 0, 0
        for end in range(len(dates)):
            while (dates[end] - dates[start]).days > BURST_DAYS:
                start += 1
            best = max(best, end - start + 1)
        months = max(1.0, (dates[-1] - dates[0]).days / 30.4)
        rate = len(dates) / months
        if best >= BURST_MIN and best >= 3 * rate:
            window = list(dates_by_app)
            b.add("applicant", applicant, "filing_burst", best / 20, rules.measures_item(1),
                  f"{best} applications filed within {BURST_DAYS} days (its usual rate: {rate:.1f} a month)",
                  window)
    _prosecution_ratios(b, corpus, hub, deadline)


def _prosecution_ratios(b: _Builder, corpus: Corpus, hub: Any, deadline: Deadline) -> None:
    apps_of: dict[str, set[str]] = defaultdict(set)
    for d in corpus.docs.values():
        if d.app:
            for a in d.applicants:
                apps_of[a].add(d.app)
    wanted = sorted({app for apps in apps_of.values() if len(apps) >= 3 for app in apps})
    if not wanted or deadline.expired():
        return
    codes: dict[str, set[str]] = defaultdict(set)
    for e in hub.store.events_for(wanted):
        if e.code:
            codes[e.app_key].add(e.code)
    for applicant, apps in apps_of.items():
        with_events = [a for a in apps if codes.get(a)]
        if len(with_events) < 3:
            continue
        final = [a for a in with_events if "CTFR" in codes[a]]
        abandoned = [a for a in with_events if any(c.startswith(("ABN", "MABN")) for c in codes[a])]
        n = len(with_events)
        b.add("applicant", applicant, "final_rejections", len(final) / n,
              rules.context("share of applications finally rejected (USPTO CTFR)"),
              f"{len(final)} of {n} applications with prosecution events finally rejected", final)
        b.add("applicant", applicant, "abandonments", len(abandoned) / n,
              rules.context("share of applications abandoned (USPTO ABN*)"),
              f"{len(abandoned)} of {n} applications with prosecution events abandoned", abandoned)


def _agency_signals(b: _Builder, corpus: Corpus, result: PairwiseResult) -> None:
    involved: dict[str, set[str]] = defaultdict(set)
    docs: dict[str, set[str]] = defaultdict(set)
    for p in result.pairs:
        if corpus.relation(p.a, p.b) not in ("different-applicants",):
            continue
        da, db = corpus.docs[p.a], corpus.docs[p.b]
        for agent in set(da.agents) & set(db.agents):
            involved[agent] |= set(da.applicants) | set(db.applicants)
            docs[agent] |= {p.a, p.b}
    for agent, applicants in involved.items():
        b.add("agency", agent, "agency_template", len(applicants) / 5, rules.measures_item(8),
              f"near-identical text filed for {len(applicants)} different applicants", docs[agent])


def _mark_key(text: str | None) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text or "").casefold() if ch.isalnum())


def _trademark_signals(b: _Builder, hub: Any, deadline: Deadline) -> None:
    classes: dict[str, set[int]] = defaultdict(set)
    marks_of: dict[str, set[str]] = defaultdict(set)
    by_text: dict[str, list[tuple[Any, frozenset[str], str]]] = defaultdict(list)
    names: dict[str, str] = {}
    for tm in hub.store.iter_trademarks():
        holders = [p for p in tm.parties if p.role in ("applicant", "owner") and p.name]
        for p in holders:
            key = party_key(p.name)
            names.setdefault(key, p.name)
            classes[key] |= {c.number for c in tm.nice_classes if getattr(c, "number", None)}
            marks_of[key].add(tm.key)
        mk = _mark_key(tm.mark_text)
        if len(mk) >= 3 and holders:
            by_text[mk].append((tm.app_date, frozenset(party_key(p.name) for p in holders), tm.key))
    if hub.has_capability("trademarks"):
        _similar_prior_marks(b, hub, marks_of, names, deadline)
    for owner, cls in classes.items():
        if len(cls) >= MANY_CLASSES:
            b.add("trademark-owner", names[owner], "tm_many_classes", len(cls) / 30, rules.practice_indicator(0),
                  f"{len(marks_of[owner])} marks in {len(cls)} Nice classes", marks_of[owner])
    for entries in by_text.values():
        dated = sorted((e for e in entries if e[0] is not None), key=lambda e: (e[0], e[2]))
        if len(dated) < 2:
            continue
        first_date, first_owners, first_key = dated[0]
        for when, owners, key in dated[1:]:
            # a later filing of the same mark by owners none of whom held the earlier one
            if when > first_date and not owners & first_owners:
                earlier = ", ".join(sorted(names.get(o, o) for o in first_owners))
                for owner in sorted(owners):
                    b.add("trademark-owner", names.get(owner, owner), "tm_prior_mark", 1.0, rules.samr_item(4),
                          f"{key} (filed {when}) is identical to {first_key} of {earlier} (filed {first_date})",
                          [key, first_key])


ENGINE_OWNER_MIN = 20  # an owner's marks are checked with the similarity engine from this many on
ENGINE_MARKS_MAX = 200  # at most this many of one owner's marks (the engine answers one search per mark)


def _similar_prior_marks(b: _Builder, hub: Any, marks_of: dict[str, set[str]], names: dict[str, str],
                         deadline: Deadline) -> None:
    """Bulk filers' marks that the trademark similarity engine ranks ``high`` against an earlier mark
    of another owner (cross-script and phonetic copies the exact match cannot see)."""
    for owner, keys in sorted(marks_of.items(), key=lambda kv: -len(kv[1])):
        if len(keys) < ENGINE_OWNER_MIN:
            break
        copied: list[str] = []
        for key in sorted(keys)[:ENGINE_MARKS_MAX]:
            if deadline.expired():
                return
            mine = hub.trademarks.summary(key)
            if not mine.mark or not mine.filing_date:
                continue
            for hit in hub.trademarks.search(mine.mark, similar=True, limit=5, time_limit=deadline.remaining()).hits:
                other = hit.mark
                if (hit.comparison and hit.comparison.tier == "high" and other.owner and other.filing_date
                        and other.filing_date < mine.filing_date and party_key(other.owner) != owner
                        and other.number not in keys):
                    copied += [key, other.number]
                    break
        if copied:
            b.add("trademark-owner", names.get(owner, owner), "tm_prior_mark", min(1.0, len(copied) / 2 / 10),
                  rules.samr_item(4), f"{len(copied) // 2} of its marks rank high (similarity engine) against "
                  "earlier marks of other owners", copied)


def signal_counts(run: ScreeningRun) -> Counter[str]:
    return Counter(s.name for f in run.findings for s in f.signals)
