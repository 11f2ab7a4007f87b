"""The analyses of a result set, each a :class:`Chart` counted by unit (simple family or document).

Each row carries the query that lists its documents: the set's query AND the row's filter
(``pd=2015``, ``ipc=H01M``, ``pa="…"``), so a click on a chart opens the filtered result list.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from iprhub.analytics.dataset import Doc
from iprhub.analytics.model import Chart, Unit

K = TypeVar("K")

MAX_LISTED = 50
#: name -> (entity id, display name, query finding every spelling)
EntityOf = Callable[[str], tuple[str, str, str]]


@dataclass
class Context:
    query: str
    unit: Unit
    entity_of: EntityOf
    titles: Callable[[str, str], str | None]  # (scheme, symbol) -> title
    baseline_countries: Counter[str]  # applicant countries over the whole store (RTA)
    top: int = 20

    def key(self, doc: Doc) -> str:
        return doc.family if self.unit == "family" else doc.pub

    def link(self, condition: str) -> str:
        return f"({self.query}) and {condition}"

    def link_numbers(self, pubs: set[str], fallback: str | None = None) -> str | None:
        """The documents themselves (``pn=`` each) where the query language has no field for the
        row's filter; past 50 documents the ``fallback`` condition (or no link)."""
        if 0 < len(pubs) <= MAX_LISTED:
            return "(" + " or ".join(f"pn={p}" for p in sorted(pubs)) + ")"
        return self.link(fallback) if fallback else None


def by_count(counts: Mapping[K, int]) -> list[tuple[K, int]]:
    """Count descending, then the key: the tie rule of every chart (the Spark analyses order the same), so a
    chart does not depend on the order the search lists the set in."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _count(ctx: Context, groups: dict[str, set[str]]) -> list[tuple[str, int]]:
    return by_count({k: len(v) for k, v in groups.items()})


def _quote(text: str) -> str:
    return '"' + text.replace('"', " ") + '"'


def trend(ctx: Context, docs: Sequence[Doc]) -> Chart:
    by: dict[str, dict[int, set[str]]] = {"priority": defaultdict(set), "filing": defaultdict(set),
                                          "publication": defaultdict(set)}
    for d in docs:
        for basis, date in (("priority", d.priority_date or d.app_date), ("filing", d.app_date),
                            ("publication", d.pub_date)):
            if date:
                by[basis][date.year].add(ctx.key(d))
    years = sorted(set().union(*(b.keys() for b in by.values())))
    rows = [[y, len(by["priority"][y]), len(by["filing"][y]), len(by["publication"][y])] for y in years]
    return Chart(id="trend", title="Trend by year", kind="line", columns=["year", "priority", "filing", "publication"],
                 rows=rows, links=[ctx.link(f"pd={y}") for y in years], value="publication",
                 notes=["priority: earliest priority date, else the filing date"])


def _applicant_units(ctx: Context, docs: Sequence[Doc]) -> tuple[dict[str, set[str]], dict[str, tuple[str, str]]]:
    """Counting units by applicant entity, and each entity's (display name, query of every spelling)."""
    groups: dict[str, set[str]] = defaultdict(set)
    label: dict[str, tuple[str, str]] = {}
    for d in docs:
        for name, _c in d.applicants:
            eid, display, q = ctx.entity_of(name)
            groups[eid].add(ctx.key(d))
            label.setdefault(eid, (display, q))
    return groups, label


def top_applicants(ctx: Context, docs: Sequence[Doc]) -> Chart:
    groups, label = _applicant_units(ctx, docs)
    rows = _count(ctx, groups)[:ctx.top]
    return Chart(id="applicants", title="Top applicants", columns=["entity", "applicant", "count"],
                 rows=[[e, label[e][0], n] for e, n in rows], links=[ctx.link(label[e][1]) for e, _n in rows],
                 notes=["applicants merged into entities across spellings (parties)"])


def top_inventors(ctx: Context, docs: Sequence[Doc]) -> Chart:
    groups: dict[str, set[str]] = defaultdict(set)
    for d in docs:
        for name in d.inventors:
            groups[name].add(ctx.key(d))
    rows = _count(ctx, groups)[:ctx.top]
    return Chart(id="inventors", title="Top inventors", columns=["inventor", "count"], rows=[[k, n] for k, n in rows],
                 links=[ctx.link(f"in={_quote(k)}") for k, _n in rows])


def _level(symbol: str, level: str) -> str:
    s = symbol.replace(" ", "")
    if level == "section":
        return s[:1]
    if level == "class":
        return s[:3]
    if level == "subclass":
        return s[:4]
    return s[:4] + " " + s[4:].split("/")[0] + "/00" if "/" in s else s[:4]


_LEVEL_TITLES = {"section": "sections", "class": "classes", "subclass": "subclasses", "group": "main groups"}


def classes(ctx: Context, docs: Sequence[Doc], scheme: str = "IPC", level: str = "subclass") -> Chart:
    groups: dict[str, set[str]] = defaultdict(set)
    for d in docs:
        for sym in {_level(s, level) for s in (d.ipc if scheme == "IPC" else d.cpc)}:
            groups[sym].add(ctx.key(d))
    rows = _count(ctx, groups)[:ctx.top]
    field = scheme.lower()
    return Chart(id=f"{field}-{level}", title=f"{scheme} {_LEVEL_TITLES[level]}", columns=["symbol", "title", "count"],
                 rows=[[k, ctx.titles(scheme, k), n] for k, n in rows],
                 links=[ctx.link(f"{field}={k.replace(' ', '')}") for k, _n in rows])


def flows(ctx: Context, docs: Sequence[Doc]) -> Chart:
    groups: dict[tuple[str, str], set[str]] = defaultdict(set)
    pubs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for d in docs:
        groups[(d.priority_country, d.country)].add(ctx.key(d))
        pubs[(d.priority_country, d.country)].add(d.pub)
    rows = sorted(((a, b, len(v)) for (a, b), v in groups.items()), key=lambda r: (-r[2], r[0], r[1]))
    return Chart(id="flows", title="Priority country to filing office", kind="table",
                 columns=["priority country", "office", "count"], rows=[list(r) for r in rows[:ctx.top * 2]],
                 links=[ctx.link_numbers(pubs[(a, b)], f"ctry={b}") for a, b, _n in rows[:ctx.top * 2]],
                 notes=["priority country: of the earliest priority, else the office itself (first filings)",
                        f"a row's link lists its documents (up to {MAX_LISTED}; past that, every document of the office)"])


def co_applicants(ctx: Context, docs: Sequence[Doc]) -> Chart:
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    label: dict[str, str] = {}
    query: dict[str, str] = {}  # every spelling of the entity: the link finds the pair under any of them
    for d in docs:
        ents = set()
        for name, _c in d.applicants:
            eid, display, q = ctx.entity_of(name)
            label.setdefault(eid, display)
            query.setdefault(eid, q)
            ents.add(eid)
        ordered = sorted(ents)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                pairs[(a, b)].add(ctx.key(d))
    # ties: the labels, then the entity ids (two entities may share a display name)
    ranked = sorted(pairs.items(), key=lambda kv: (-len(kv[1]), label[kv[0][0]], label[kv[0][1]], kv[0]))[:ctx.top * 2]
    return Chart(id="co-applicants", title="Co-applicant network", kind="network",
                 columns=["applicant", "co-applicant", "count"],
                 rows=[[label[a], label[b], len(v)] for (a, b), v in ranked],
                 links=[ctx.link(f"{query[a]} and {query[b]}") for (a, b), _v in ranked],
                 figures={"edges": float(len(pairs)), "nodes": float(len({x for p in pairs for x in p}))})


def citations(ctx: Context, docs: Sequence[Doc]) -> Chart:
    # a kind-less number published several times (A1, B1) stands for its lowest publication number,
    # whatever order the search lists the set in
    inside: dict[str, str] = {}
    for d in docs:
        inside[d.kindless] = min(inside.get(d.kindless, d.pub), d.pub)
    cited_by: dict[str, set[str]] = defaultdict(set)
    offices: Counter[tuple[str, str]] = Counter()
    for d in docs:
        for number, country in set(d.cited):
            offices[(d.country, country or number[:2])] += 1
            if number in inside:
                cited_by[number].add(d.pub)
    rows = sorted(((n, inside[n], len(v)) for n, v in cited_by.items()), key=lambda r: (-r[2], r[0]))
    office_pairs = by_count(offices)[:10]
    top = rows[:ctx.top]
    return Chart(id="citations", title="Most cited inside the set", kind="network",
                 columns=["cited", "publication", "citing documents in the set"], rows=[list(r) for r in top],
                 links=[ctx.link(f"pn={pub}") for _n, pub, _c in top], value="citing documents in the set",
                 figures={"citation links inside the set": float(sum(len(v) for v in cited_by.values())),
                          "citations made": float(sum(offices.values()))},
                 notes=["citing office -> cited office: " + ", ".join(f"{a}->{b} {n}" for (a, b), n in office_pairs)])


def lifecycle(ctx: Context, docs: Sequence[Doc]) -> Chart:
    apps: dict[int, set[str]] = defaultdict(set)
    who: dict[int, set[str]] = defaultdict(set)
    pubs: dict[int, set[str]] = defaultdict(set)
    for d in docs:
        date = d.priority_date or d.app_date or d.pub_date
        if not date:
            continue
        apps[date.year].add(ctx.key(d))
        pubs[date.year].add(d.pub)
        for name, _c in d.applicants:
            who[date.year].add(ctx.entity_of(name)[0])
    years = sorted(apps)
    return Chart(id="lifecycle", title="Technology life cycle", kind="line", columns=["year", "applicants", "applications"],
                 rows=[[y, len(who[y]), len(apps[y])] for y in years],
                 # the year is the earliest priority's (else filing, publication): no one field says it, so the
                 # row's documents are listed; past 50 the priority-date field (any priority of that year)
                 links=[ctx.link_numbers(pubs[y], fallback=f"prd={y}") for y in years],
                 value="applications", notes=["applicants vs applications per priority year (else filing, publication)"])


def concentration(ctx: Context, docs: Sequence[Doc]) -> Chart:
    groups, label = _applicant_units(ctx, docs)
    counts = sorted((len(v) for v in groups.values()), reverse=True)
    total = sum(counts)
    shares = [c / total for c in counts] if total else []
    figures = {"CR4": round(sum(shares[:4]), 4), "CR8": round(sum(shares[:8]), 4),
               "HHI": round(sum((s * 100) ** 2 for s in shares), 1), "applicants": float(len(counts))}
    ranked = _count(ctx, groups)[:10]
    return Chart(id="concentration", title="Concentration of applicants", columns=["applicant", "share"],
                 rows=[[label[e][0], round(n / total, 4)] for e, n in ranked] if total else [],
                 links=[ctx.link(label[e][1]) for e, _n in ranked], value="share", figures=figures,
                 notes=["shares of applicant-unit counts (a co-applied unit counts for each applicant); "
                        "HHI on percentage shares (0..10,000)"])


def rta(ctx: Context, docs: Sequence[Doc]) -> Chart:
    here: Counter[str] = Counter()
    pubs: dict[str, set[str]] = defaultdict(set)
    for d in docs:
        for country in {c for _n, c in d.applicants if c}:
            here[country] += 1
            pubs[country].add(d.pub)
    n_here, n_all = sum(here.values()), sum(ctx.baseline_countries.values())
    rows = []
    for country, n in by_count(here)[:ctx.top]:
        base = ctx.baseline_countries.get(country, 0)
        value = (n / n_here) / (base / n_all) if base and n_all and n_here else None
        rows.append([country, n, base, round(value, 3) if value is not None else None])
    return Chart(id="rta", title="Relative technological advantage by country", columns=["country", "documents",
                 "documents in the store", "RTA"], rows=rows, links=[ctx.link_numbers(pubs[str(r[0])]) for r in rows],
                 value="RTA", notes=["RTA = share of the country in the set / its share in the whole store "
                                     "(documents with an applicant of the country; documents, not families)"])


def text_clusters(ctx: Context, docs: Sequence[Doc], k: int | None = None) -> Chart:
    from iprhub.analytics.text_clusters import cluster_titles

    clusters = cluster_titles([(ctx.key(d), d.title or "") for d in docs], k=k)
    pubs_of: dict[str, set[str]] = defaultdict(set)
    for d in docs:
        pubs_of[ctx.key(d)].add(d.pub)
    return Chart(id="clusters", title="Text clusters", columns=["cluster", "label", "count"],
                 rows=[[i + 1, " · ".join(c.terms), c.size] for i, c in enumerate(clusters)],
                 links=[ctx.link_numbers(set().union(*(pubs_of[m] for m in c.members)),
                                         "(" + " or ".join(f"ti={t}" for t in c.terms[:3]) + ")") for c in clusters],
                 notes=["k-means on title TF-IDF; labels: each cluster's most frequent distinctive terms"])


ANALYSES: dict[str, Callable[[Context, Sequence[Doc]], Chart]] = {
    "trend": trend, "applicants": top_applicants, "inventors": top_inventors,
    "ipc-section": lambda c, d: classes(c, d, "IPC", "section"),
    "ipc-class": lambda c, d: classes(c, d, "IPC", "class"),
    "ipc-subclass": lambda c, d: classes(c, d, "IPC", "subclass"),
    "ipc-group": lambda c, d: classes(c, d, "IPC", "group"),
    "cpc-subclass": lambda c, d: classes(c, d, "CPC", "subclass"),
    "flows": flows, "co-applicants": co_applicants, "citations": citations, "lifecycle": lifecycle,
    "concentration": concentration, "rta": rta, "clusters": text_clusters,
}


def hhi(counts: Sequence[int]) -> float:
    """Herfindahl-Hirschman index of counts on percentage shares.

    >>> hhi([50, 50])
    5000.0
    """
    total = sum(counts)
    return round(sum((100 * c / total) ** 2 for c in counts), 1) if total else math.nan
