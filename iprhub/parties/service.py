"""PartiesService (``hub.parties``): applicants and inventors of the store as entities.

The entities are computed from the store's party rows when first asked for, and again when the
store or a decision changes (the rows' count and newest update are the check). A person's merge or
split is kept by name keys, so it holds after the documents are ingested again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from iprhub.errors import InvalidInput, NotFound
from iprhub.parties.clustering import (
    PersonMention,
    _UnionFind,
    cluster_orgs,
    cluster_persons,
    same_party,
    same_person,
)
from iprhub.parties.model import (
    Count,
    Decision,
    EntityList,
    EntityPage,
    EntitySummary,
    Evidence,
    PartyKind,
    Spelling,
)
from iprhub.parties.names import org_key, person_parts, split_person
from iprhub.parties.tables import decisions

APPLICANT_ROLES = ("applicant", "assignee", "owner")


@dataclass
class _Row:
    doc_id: int
    pub: str
    family: str
    country: str
    year: int | None
    role: str
    name: str


@dataclass
class _Index:
    check: tuple[Any, ...]
    entity_of: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, key) -> entity id
    keys_of: dict[str, list[str]] = field(default_factory=dict)
    names_of: dict[str, Counter[str]] = field(default_factory=dict)
    docs_of: dict[str, set[int]] = field(default_factory=dict)
    kind_of: dict[str, PartyKind] = field(default_factory=dict)
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    rows: list[_Row] = field(default_factory=list)


def key_of(kind: str, name: str) -> str:
    if kind == "inventor":
        first, last = split_person(name)
        last_n, first_n, middle = person_parts(first, last)
        return f"{last_n}|{first_n}|{middle[:1]}"
    return org_key(name)


def _join(uf: _UnionFind, a: str, b: str, why: tuple[str, float], merged_by: dict[str, tuple[str, float]]) -> None:
    """Join two labels' groups; the root that stops being one keeps why (each label loses once)."""
    roots = {uf.find(a), uf.find(b)}
    uf.union(a, b)
    for r in roots - {uf.find(a)}:
        merged_by[r] = why


def _entity_id(kind: str, root: str) -> str:
    return ("pa-" if kind == "applicant" else "in-") + hashlib.blake2b(root.encode(), digest_size=5).hexdigest()


class PartiesService:
    def __init__(self, hub: Any) -> None:
        self.hub = hub
        self._index: _Index | None = None
        self._lock = threading.Lock()

    # the index ---------------------------------------------------------------------------------
    def _check(self) -> tuple[Any, ...]:
        from iprhub.store.schema import doc_parties, documents

        with self.hub.store.engine.connect() as conn:
            n = conn.execute(select(func.count()).select_from(doc_parties)).scalar_one()
            newest = conn.execute(select(func.max(documents.c.updated_at))).scalar_one()
            d = conn.execute(select(func.count(), func.max(decisions.c.id))).one()
        return (n, str(newest), d[0], d[1])

    def index(self) -> _Index:
        check = self._check()
        with self._lock:
            if self._index is None or self._index.check != check:
                self._index = self._build(check)
            return self._index

    def _rows(self) -> list[_Row]:
        from iprhub.store.schema import doc_parties, documents

        q = (select(documents.c.id, documents.c.pub_number, documents.c.family_id, documents.c.country,
                    documents.c.pub_date, doc_parties.c.role, doc_parties.c.name)
             .join(documents, documents.c.id == doc_parties.c.doc_id)
             .where(doc_parties.c.role.in_((*APPLICANT_ROLES, "inventor"))))
        with self.hub.store.engine.connect() as conn:
            return [_Row(r[0], r[1], r[2] or f"doc:{r[1]}", r[3], r[4].year if r[4] else None, r[5], r[6])
                    for r in conn.execute(q)]

    def _decisions(self) -> list[Decision]:
        with self.hub.store.engine.connect() as conn:
            return [Decision(id=r.id, kind=r.kind, action=r.action, key_a=r.key_a, key_b=r.key_b, note=r.note)
                    for r in conn.execute(select(decisions).order_by(decisions.c.id))]

    def _build(self, check: tuple[Any, ...]) -> _Index:
        rows = self._rows()
        made = self._decisions()
        idx = _Index(check=check, rows=rows)
        apps = [r for r in rows if r.role in APPLICANT_ROLES]
        manual_join = [(d.key_a, d.key_b, "manual", 1.0) for d in made if d.kind == "applicant" and d.action == "merge"]
        apart = [(d.key_a, d.key_b) for d in made if d.kind == "applicant" and d.action == "split"]
        first = cluster_orgs((r.name for r in apps), separate=apart, join=manual_join)
        # parties named on one family in two spellings (scripts, abbreviations) are one party
        by_family: dict[str, set[str]] = defaultdict(set)
        for r in apps:
            by_family[r.family].add(first.entity(r.name))
        linked: list[tuple[str, str, str, float]] = []
        for roots in by_family.values():
            ordered = sorted(roots)
            for i, a in enumerate(ordered):
                for b in ordered[i + 1:]:
                    score = same_party(a, b)
                    if score:
                        linked.append((a, b, "same-family", score))
        clusters = cluster_orgs((r.name for r in apps), separate=apart, join=manual_join + linked) if linked else first
        for r in apps:
            key = org_key(r.name)
            self._add(idx, "applicant", key, clusters.entity_of_key.get(key, key), r)
        for m in clusters.merges:
            root = clusters.entity_of_key.get(m.into, m.into)
            idx.evidence.setdefault(_entity_id("applicant", root), []).append(
                Evidence(key=m.key, into=m.into, rule=m.rule, score=m.score))
        # inventors: name parts with middle initials; one person named on one family in two scripts,
        # transliterations or name orders is joined; a person's merges and splits win over the rules
        invs = [r for r in rows if r.role == "inventor"]
        labels = cluster_persons([PersonMention(*split_person(r.name)) for r in invs])
        split_keys = {d.key_b for d in made if d.kind == "inventor" and d.action == "split"}
        uf = _UnionFind(dict(Counter(labels)))
        merged_by: dict[str, tuple[str, float]] = {}
        labels_by_family: dict[str, set[str]] = defaultdict(set)
        for r, label in zip(invs, labels, strict=True):
            labels_by_family[r.family].add(label)
        for family_labels in labels_by_family.values():
            ordered = sorted(family_labels)
            pairs = [(alike, a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:]
                     if not {a, b} & split_keys and (alike := same_person(a, b))]
            for alike, a, b in sorted(pairs, key=lambda p: (-p[0][1], p[1], p[2])):  # strongest evidence first
                if uf.find(a) != uf.find(b):
                    _join(uf, a, b, alike, merged_by)
        for d in made:
            if d.kind == "inventor" and d.action == "merge" and uf.find(d.key_a) != uf.find(d.key_b):
                _join(uf, d.key_a, d.key_b, ("manual", 1.0), merged_by)
        for r, label in zip(invs, labels, strict=True):
            key = key_of("inventor", r.name)
            root = key if key in split_keys else uf.find(label)
            self._add(idx, "inventor", key, root, r)
            ev = idx.evidence.setdefault(_entity_id("inventor", root), [])
            if root != key and not any(e.key == key for e in ev):
                rule, score = merged_by.get(label) or merged_by.get(key) or ("initials", 0.9)
                ev.append(Evidence(key=key, into=root, rule=rule, score=score))
        return idx

    @staticmethod
    def _add(idx: _Index, kind: PartyKind, key: str, root: str, row: _Row) -> None:
        eid = _entity_id(kind, root)
        idx.entity_of[(kind, key)] = eid
        idx.kind_of[eid] = kind
        keys = idx.keys_of.setdefault(eid, [])
        if key not in keys:
            keys.append(key)
        idx.names_of.setdefault(eid, Counter())[row.name] += 1
        idx.docs_of.setdefault(eid, set()).add(row.doc_id)

    # reading -----------------------------------------------------------------------------------
    def _summary(self, idx: _Index, eid: str) -> EntitySummary:
        ev = idx.evidence.get(eid, [])
        return EntitySummary(id=eid, kind=idx.kind_of[eid], name=idx.names_of[eid].most_common(1)[0][0],
                             spellings=len(idx.names_of[eid]), documents=len(idx.docs_of[eid]),
                             confidence=min((e.score for e in ev), default=1.0))

    def entities(self, kind: PartyKind = "applicant", *, q: str | None = None, limit: int = 50) -> EntityList:
        """Entities of one kind, most documents first; ``q`` keeps those with a spelling containing it."""
        if kind not in ("applicant", "inventor"):
            raise InvalidInput(f"unknown party kind {kind!r} (applicant or inventor)", field="kind")
        idx = self.index()
        ids = [e for e, k in idx.kind_of.items() if k == kind]
        if q:
            needle = org_key(q)
            ids = [e for e in ids if any(needle in org_key(n) for n in idx.names_of[e])]
        ids.sort(key=lambda e: (-len(idx.docs_of[e]), e))
        return EntityList(kind=kind, total=len(ids), entities=[self._summary(idx, e) for e in ids[:limit]])

    def find(self, name: str, kind: PartyKind = "applicant") -> str:
        """The entity id of a spelling (any script, case, legal form)."""
        idx = self.index()
        eid = idx.entity_of.get((kind, key_of(kind, name)))
        if eid is None:
            raise NotFound(f"no {kind} named {name!r} in the store", field="name")
        return eid

    def spellings(self, name: str, kind: PartyKind = "applicant") -> list[str]:
        """Every spelling of the entity ``name`` belongs to (for ``pa=`` expansion)."""
        idx = self.index()
        return sorted(idx.names_of[self.find(name, kind)])

    def expand_query(self, name: str, kind: PartyKind = "applicant") -> str:
        """A query finding every spelling: ``(pa="A" or pa="B")``; the name itself when unknown."""
        field_name = "pa" if kind == "applicant" else "in"
        try:
            names = self.spellings(name, kind)
        except NotFound:
            names = [name]
        quoted = [f'{field_name}="{n.replace(chr(34), " ")}"' for n in names]
        return quoted[0] if len(quoted) == 1 else "(" + " or ".join(quoted) + ")"

    def entity(self, eid: str) -> EntityPage:
        """An entity's page: spellings and evidence, portfolio, years, offices, classes, co-parties."""
        idx = self.index()
        if eid not in idx.kind_of:
            raise NotFound(f"no party entity {eid!r}", record=eid)
        docs = idx.docs_of[eid]
        rows = [r for r in idx.rows if r.doc_id in docs]
        by_doc = {r.doc_id: r for r in rows}
        kind = idx.kind_of[eid]
        co: Counter[str] = Counter()
        inventors: Counter[str] = Counter()
        for r in rows:
            other = idx.entity_of.get(("applicant" if r.role in APPLICANT_ROLES else "inventor",
                                       key_of("applicant" if r.role in APPLICANT_ROLES else "inventor", r.name)))
            if other == eid or other is None:
                continue
            if r.role in APPLICANT_ROLES:
                co[other] += 1
            else:
                inventors[other] += 1
        years = Counter(r.year for r in by_doc.values() if r.year)
        offices = Counter(r.country for r in by_doc.values())
        classes = self._classes(docs)
        spellings = [Spelling(name=n, key=key_of(kind, n), documents=c) for n, c in idx.names_of[eid].most_common()]

        def named(counter: Counter[str]) -> list[Count]:
            return [Count(key=e, count=c, label=idx.names_of[e].most_common(1)[0][0]) for e, c in counter.most_common(20)]

        newest = sorted(by_doc.values(), key=lambda r: (r.year or 0, r.pub), reverse=True)
        return EntityPage(entity=self._summary(idx, eid), spellings=spellings, evidence=idx.evidence.get(eid, []),
                          documents=[r.pub for r in newest], families=len({r.family for r in by_doc.values()}),
                          years=[Count(key=str(y), count=c) for y, c in sorted(years.items())],
                          offices=[Count(key=k, count=c) for k, c in offices.most_common()],
                          classes=classes, co_applicants=named(co), inventors=named(inventors),
                          search=self.expand_query(spellings[0].name, kind))

    def _classes(self, doc_ids: set[int]) -> list[Count]:
        from iprhub.store.schema import doc_classes

        counts: Counter[str] = Counter()
        ids = sorted(doc_ids)
        with self.hub.store.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                q = select(doc_classes.c.doc_id, doc_classes.c.scheme, doc_classes.c.symbol).where(
                    doc_classes.c.doc_id.in_(ids[i:i + 500]))  # scheme filtered here: see analytics/dataset.py
                seen = {(d, s[:4]) for d, scheme, s in conn.execute(q) if scheme == "IPC"}
                counts.update(s for _d, s in seen)
        return [Count(key=k, count=c) for k, c in counts.most_common(20)]

    # decisions ---------------------------------------------------------------------------------
    def decide(self, action: str, a: str, b: str, *, kind: PartyKind = "applicant", note: str | None = None) -> Decision:
        """Merge two spellings' entities, or split spelling ``b`` from ``a``'s entity; kept by name keys."""
        if action not in ("merge", "split"):
            raise InvalidInput(f"unknown action {action!r} (merge or split)", field="action")
        if kind not in ("applicant", "inventor"):
            raise InvalidInput(f"unknown party kind {kind!r} (applicant or inventor)", field="kind")
        ka, kb = key_of(kind, a), key_of(kind, b)
        if not ka or not kb or ka == kb:
            raise InvalidInput(f"{a!r} and {b!r} are one spelling: nothing to {action}", field="name")
        with self.hub.store.begin() as conn:
            new_id = conn.execute(decisions.insert().values(
                kind=kind, action=action, key_a=ka, key_b=kb, note=note,
                created_at=dt.datetime.now(dt.UTC))).inserted_primary_key[0]
        return Decision(id=new_id, kind=kind, action=action, key_a=ka, key_b=kb, note=note)  # type: ignore[arg-type]

    def decisions(self) -> list[Decision]:
        return self._decisions()
