"""``hub.ownership``: chains of title per patent, transactions per owner, transaction statistics.

Reads the stored ``assignment`` events (their typed ``transfer``) once per store state and keeps an
index: application -> recordings, patent/publication number -> application, reel/frame ->
applications. A recording that names an application or patent the store holds no document of is
kept and shown with ``in_store: false``.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import func, select

from iprhub.errors import AmbiguousNumber, InvalidInput, IprHubError, NotFound
from iprhub.model.application_numbers import parse_application_number
from iprhub.model.numbers import parse_number
from iprhub.ownership.chain import Chain, conveyance_kind, merge_recordings, owner_key
from iprhub.ownership.model import (
    Conveyance,
    OwnerHistory,
    OwnershipHistory,
    OwnerTransaction,
    Pledge,
    PledgeList,
    PropertyRef,
    StatsTable,
)
from iprhub.ownership.regions import region_of
from iprhub.store import schema as s

TYPES = ("assignment", "security-interest", "release", "license", "merger", "change-of-name", "correction",
         "government-interest", "other")
STATS_BY = ("year", "type", "field", "region", "office")
IPC_SECTIONS = {"A": "A Human necessities", "B": "B Performing operations; transporting", "C": "C Chemistry; metallurgy",
                "D": "D Textiles; paper", "E": "E Fixed constructions", "F": "F Mechanical engineering; lighting; "
                "heating; weapons; blasting", "G": "G Physics", "H": "H Electricity"}
NOT_IN_STORE = "not in store"
UNKNOWN = "unknown"


@dataclass
class _Index:
    stamp: tuple[Any, ...]
    by_app: dict[str, list[tuple[str, dict[str, Any]]]] = field(default_factory=lambda: defaultdict(list))
    by_number: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    props: dict[str, PropertyRef] = field(default_factory=dict)
    names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


class OwnershipService:
    owner_key = staticmethod(owner_key)  # the owner-name key, for other capabilities (through the Hub)

    def __init__(self, hub: Any) -> None:
        self.hub = hub
        self.store = hub.store
        self._index: _Index | None = None
        self._lock = threading.Lock()

    # index ------------------------------------------------------------------------------------
    def _stamp(self) -> tuple[Any, ...]:
        e = s.events
        with self.store.reading() as conn:
            # any change to the events changes their count or newest id (cheap: the primary key answers it)
            return tuple(conn.execute(select(func.count(e.c.id), func.max(e.c.id))).one())

    def index(self) -> _Index:
        stamp = self._stamp()
        with self._lock:
            if self._index is None or self._index.stamp != stamp:
                self._index = self._build(stamp)
            return self._index

    def _build(self, stamp: tuple[Any, ...]) -> _Index:
        idx = _Index(stamp=stamp)
        e = s.events
        with self.store.reading() as conn:
            rows = conn.execute(select(e.c.format, e.c.record).where(e.c.event_type == "assignment")
                                .order_by(e.c.id)).all()
        for fmt, raw in rows:
            rec = orjson.loads(raw)
            t = rec.get("transfer")
            if not t:
                continue
            prop = (t.get("properties") or [{}])[0]
            key = rec.get("app_key") or prop.get("app_key") or f"pn:{rec.get('pub_number')}"
            idx.by_app[key].append((fmt, rec))
            ref = idx.props.setdefault(key, PropertyRef(app_key=key))
            for attr in ("patent_number", "pub_number", "title"):
                if prop.get(attr) and not getattr(ref, attr):
                    setattr(ref, attr, prop[attr])
            if prop.get("filing_date") and not ref.filing_date:
                ref.filing_date = dt.date.fromisoformat(prop["filing_date"])
            for attr in ("patent_number", "pub_number"):
                if prop.get(attr):
                    idx.by_number[prop[attr]].add(key)
            for side in ("assignors", "assignees"):
                for p in t.get(side) or []:
                    if p.get("name"):
                        idx.names[owner_key(p["name"])].add(p["name"])
        self._mark_in_store(idx)
        return idx

    def _mark_in_store(self, idx: _Index) -> None:
        """Which named applications/patents the store holds a document of (by application key or patent number)."""
        n, d = s.doc_numbers, s.documents
        keys = sorted(idx.props)
        found: dict[str, set[str]] = defaultdict(set)
        with self.store.reading() as conn:
            for i in range(0, len(keys), 900):
                chunk = keys[i:i + 900]
                for app, pub in conn.execute(select(n.c.app_key, d.c.pub_number).join(d, d.c.id == n.c.doc_id)
                                             .where(n.c.role == "application", n.c.app_key.in_(chunk))):
                    found[app].add(pub)
        numbers: dict[tuple[str, str], str] = {}
        for key, ref in idx.props.items():
            for num in (ref.patent_number, ref.pub_number):
                if num and len(num) > 2:
                    numbers[(num[:2], num[2:])] = key
        for r in self.store.document_keys(numbers=numbers, limit=None) if numbers else []:
            found[numbers[(r.country, r.doc_number)]].add(r.pub_number)
        for key, pubs in found.items():
            ref = idx.props[key]
            ref.in_store, ref.documents = True, sorted(pubs)

    # per patent -------------------------------------------------------------------------------
    def _app_keys(self, number: str, idx: _Index) -> list[str]:
        text = " ".join((number or "").split())
        if not text:
            raise InvalidInput("give a patent, publication or application number", field="number")
        keys: set[str] = set()
        readable = False
        try:
            app = parse_application_number(text).key
            readable = True
            if app in idx.by_app:
                keys.add(app)
        except IprHubError:
            pass
        try:
            dn = parse_number(text)
            readable = True
            keys |= idx.by_number.get(dn.without_kind, set()) | idx.by_number.get(dn.canonical, set())
        except IprHubError:
            pass
        if not keys:
            try:  # a stored document or application the recordings name by another number
                app = self.hub.application(text)
                keys.add(app.key)
                readable = True
            except NotFound:
                pass
            except InvalidInput:
                if not readable:
                    raise
        if not keys:
            if not readable:
                raise InvalidInput(f"not a number: {number!r} (a patent such as US 10,123,456, a publication or an "
                                   "application such as US 15/145,443)", field="number")
            raise NotFound(f"no recorded conveyance and no stored record for {number!r}", record=text)
        return sorted(keys)

    def history(self, number: str, *, today: dt.date | None = None) -> OwnershipHistory:
        """A patent's chain of title by any number of it (patent, pre-grant publication, application)."""
        idx = self.index()
        keys = self._app_keys(number, idx)
        if len(keys) > 1:
            raise AmbiguousNumber(f"{number!r} names {len(keys)} applications: {', '.join(keys)}; give one of them",
                                  candidates=[f"application:{k}" for k in keys], field="number")
        return self._history(number, keys[0], idx, today or dt.date.today())

    def _history(self, query: str, key: str, idx: _Index, today: dt.date) -> OwnershipHistory:
        convs = merge_recordings(idx.by_app.get(key, []))
        chain = Chain(convs, today=today)
        ref = idx.props.get(key) or self._stored_ref(key)
        return OwnershipHistory(
            query=query, app_key=key, property=ref, events=convs, current_owner=chain.owner,
            owner_since=chain.owner_since, owner_basis=chain.owner_basis, encumbered=bool(chain.open_security),
            security_interests=chain.security, licences=chain.licences, findings=chain.findings,
            counts=dict(Counter(c.conveyance_type for c in convs)))

    def _stored_ref(self, key: str) -> PropertyRef:
        app = self.hub.application(key)
        pubs = [p.pub_number for p in app.publications]
        return PropertyRef(app_key=key, title=app.title, filing_date=app.filing_date, in_store=bool(pubs), documents=pubs)

    def chains(self, *, today: dt.date | None = None) -> dict[str, OwnershipHistory]:
        """Every recorded property's chain of title (for statistics and the value capability)."""
        idx = self.index()
        day = today or dt.date.today()
        return {key: self._history(key, key, idx, day) for key in sorted(idx.by_app)}

    def pledges(self, *, today: dt.date | None = None) -> PledgeList:
        """Every recorded security interest with the properties it covers and the releases recorded for them."""
        idx = self.index()
        day = today or dt.date.today()
        found: dict[str, Pledge] = {}
        for app, records in sorted(idx.by_app.items()):
            if not any(r["transfer"].get("conveyance_type") == "security-interest" for _, r in records):
                continue
            for c in Chain(merge_recordings(records), today=day).security:
                frame = c.reel_frame or f"{app}:{c.date}"
                p = found.setdefault(frame, Pledge(conveyance=c, debtors=c.assignors, secured_parties=c.assignees,
                                                   properties=[]))
                p.properties.append(idx.props[app])
                if c.released_by:
                    p.released.append(app)
                    if c.released_by not in p.releases:
                        p.releases.append(c.released_by)
                else:
                    p.open.append(app)
        pledges = sorted(found.values(), key=lambda p: (p.conveyance.date or dt.date.max, p.conveyance.reel_frame or ""))
        return PledgeList(pledges=pledges, total=len(pledges), released=sum(1 for p in pledges if not p.open),
                          partly_released=sum(1 for p in pledges if p.open and p.released))

    # per owner --------------------------------------------------------------------------------
    def owner(self, name: str, *, today: dt.date | None = None) -> OwnerHistory:
        """An owner's transactions: every recording naming one of its spellings (matched by owner key,
        else by the key containing the asked name)."""
        query = " ".join((name or "").split())
        key = owner_key(query)
        if len(key) < 2:
            raise InvalidInput(f"owner name {name!r} is too short to match", field="owner")
        idx = self.index()
        matched = {k for k in idx.names if k == key} or {k for k in idx.names if key in k}
        if not matched:
            raise NotFound(f"no recorded conveyance names an owner like {name!r}", record=query)
        day = today or dt.date.today()
        by_frame: dict[str, tuple[Conveyance, str, list[PropertyRef]]] = {}
        held: list[str] = []
        for app, records in idx.by_app.items():
            if not any(owner_key(p.get("name")) in matched for _, r in records
                       for side in ("assignors", "assignees") for p in (r["transfer"].get(side) or [])):
                continue
            convs = merge_recordings(records)
            chain = Chain(convs, today=day)
            if any(owner_key(n) in matched for n in chain.owner):
                held.append(app)
            for c in convs:
                role = _role(c, matched)
                if role is None:
                    continue
                frame = c.reel_frame or f"{app}:{c.date}"
                entry = by_frame.setdefault(frame, (c, role, []))
                entry[2].append(idx.props[app])
        txs = [OwnerTransaction(role=role, conveyance=c, properties=sorted(props, key=lambda p: p.app_key or ""),
                                counterparties=[n for n in (c.assignors + c.assignees) if owner_key(n) not in matched])
               for c, role, props in by_frame.values()]
        txs.sort(key=lambda t: (t.conveyance.date or dt.date.max, t.conveyance.recorded or dt.date.max,
                                t.conveyance.reel_frame or ""))
        props = {p.app_key: p for t in txs for p in t.properties}
        return OwnerHistory(query=query, owner_key=key, names=sorted({n for k in matched for n in idx.names[k]}),
                            transactions=txs, counts=dict(Counter(t.role for t in txs)), properties=len(props),
                            properties_in_store=sum(1 for p in props.values() if p.in_store),
                            properties_held=sorted(held))

    # statistics -------------------------------------------------------------------------------
    def stats(self, by: str = "year", *, min_cell: int | None = None) -> StatsTable:
        """Recordings counted in CNIPA's layout by year, type, field (IPC section of the stored
        document), region (of the assignee) or office, one column per conveyance type."""
        k = stats_cell(by, min_cell, self.hub.settings_of("ownership").min_cell)
        idx = self.index()
        recordings = _recordings(idx)
        fields = self._fields(idx) if by == "field" else {}
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        patents: dict[str, set[str]] = defaultdict(set)
        for r in recordings:
            if by == "year":
                keys = {str(r["date"].year) if r["date"] else UNKNOWN}
            elif by == "type":
                keys = {r["type"]}
            elif by == "field":
                keys = {fields.get(a, NOT_IN_STORE) for a in r["apps"]}
            elif by == "region":
                keys = {r["region"]}
            else:
                keys = {a.split(":")[0][:2] if not a.startswith("pn:") else a[3:5] for a in r["apps"]}
            for key in keys:
                counts[key][r["type"]] += 1
                patents[key] |= r["apps"]
        return stats_table(by, k, counts, {key: len(apps) for key, apps in patents.items()},
                           Counter(r["type"] for r in recordings), len(recordings),
                           len(set().union(*(r["apps"] for r in recordings))) if recordings else 0)

    def _fields(self, idx: _Index) -> dict[str, str]:
        """Application key -> IPC section of its stored document's first IPC class."""
        c, n = s.doc_classes, s.doc_numbers
        keys = [k for k, p in idx.props.items() if p.in_store]
        out: dict[str, str] = {}
        with self.store.reading() as conn:
            for i in range(0, len(keys), 900):
                # first-flagged classes first, then by publication number: one answer when several stored
                # documents share the application (the batch statistics follow the same rule)
                q = (select(n.c.app_key, c.c.symbol).join(c, c.c.doc_id == n.c.doc_id)
                     .join(s.documents, s.documents.c.id == n.c.doc_id)
                     .where(n.c.role == "application", n.c.app_key.in_(keys[i:i + 900]), c.c.scheme == "IPC")
                     .order_by(c.c.first.desc(), s.documents.c.pub_number))
                for app, symbol in conn.execute(q):
                    out.setdefault(app, IPC_SECTIONS.get(symbol[:1], UNKNOWN))
        return {k: out.get(k, UNKNOWN) for k in keys}


def stats_cell(by: str, min_cell: int | None, default: int) -> int:
    """The smallest count shown for a statistics table by ``by`` (``min_cell``, else ``default``); an unknown
    grouping or a bound below 1 is :class:`InvalidInput` naming it."""
    if by not in STATS_BY:
        raise InvalidInput(f"--by must be one of {', '.join(STATS_BY)}, not {by!r}", field="by")
    k = default if min_cell is None else min_cell
    if k < 1:
        raise InvalidInput("min_cell must be at least 1", field="min_cell")
    return k


def stats_table(by: str, k: int, counts: dict[str, Counter[str]], patents: dict[str, int], all_types: Counter[str],
                recordings: int, total_patents: int) -> StatsTable:
    """The CNIPA-layout table from its counts: recordings per key and conveyance type, distinct
    applications per key, recordings per type, all recordings and all applications (``hub.ownership.stats``
    and ``hub.batch.ownership_stats`` count these their own way and share this layout and suppression)."""
    columns = [t for t in TYPES if any(c[t] for c in counts.values())] if by != "type" else []
    rows: list[dict[str, int | str | None]] = []
    suppressed = 0
    for key in sorted(counts, key=lambda x: (x in (UNKNOWN, NOT_IN_STORE), x)):
        row: dict[str, int | str | None] = {by: key}
        for col in columns:
            v = counts[key][col]
            row[col] = v if (v == 0 or v >= k) else None
            suppressed += row[col] is None
        total = sum(counts[key].values())
        row["recordings"] = total if total >= k else None
        row["patents"] = patents[key] if patents[key] >= k else None
        suppressed += (row["recordings"] is None) + (row["patents"] is None)
        rows.append(row)
    totals: dict[str, int | str | None] = {by: "total"}
    for col in columns:
        totals[col] = all_types[col]
    totals["recordings"] = recordings
    totals["patents"] = total_patents
    notes = [f"cells with fewer than {k} recordings are suppressed (shown as <{k}); totals count all recordings"]
    if by == "field":
        notes.append("a recording covering patents of several fields counts once in each")
    if by == "region":
        notes.append("region: the assignee's country, or the US state of its address; unknown where the "
                     "recording gives no address (the Assignment Center API gives none)")
    return StatsTable(by=by, columns=[by, *columns, "recordings", "patents"], rows=rows, totals=totals,
                      min_cell=k, suppressed_cells=suppressed, notes=notes)


def _role(c: Conveyance, matched: set[str]) -> str | None:
    assignor = any(owner_key(n) in matched for n in c.assignors)
    assignee = any(owner_key(n) in matched for n in c.assignees)
    kind = c.conveyance_type
    if not (assignor or assignee):
        return None
    if kind in ("assignment", "merger"):
        return "disposed" if assignor and not assignee else "acquired"
    if kind == "change-of-name":
        return "renamed"
    if kind == "security-interest":
        return "pledged" if assignor else "secured"
    if kind == "release":
        return "released"
    if kind == "license":
        return "licensed" if assignor else "licensee"
    if kind == "correction":
        return "corrected"
    return kind


def _recordings(idx: _Index) -> list[dict[str, Any]]:
    """One entry per recording (reel/frame) across the properties it covers."""
    out: dict[str, dict[str, Any]] = {}
    for app, records in idx.by_app.items():
        for _fmt, rec in records:
            t = rec["transfer"]
            frame = t.get("reel_frame") or f"{app}:{rec.get('date')}:{t.get('conveyance')}"
            r = out.setdefault(frame, {"type": conveyance_kind(t.get("conveyance_type") or "other",
                                                               t.get("conveyance") or ""),
                                       "recorded": None, "executed": None, "apps": set(), "region": UNKNOWN})
            r["apps"].add(app)
            if t.get("recorded_date"):
                r["recorded"] = min(filter(None, (r["recorded"], t["recorded_date"])))
            execs = [a["executed"] for a in t.get("assignors") or [] if a.get("executed")]
            if execs:
                r["executed"] = min(filter(None, (r["executed"], *execs)))
            if r["region"] == UNKNOWN:
                for p in t.get("assignees") or []:
                    reg = region_of(p.get("country"), p.get("address"))
                    if reg:
                        r["region"] = reg
                        break
    for r in out.values():
        d = r["recorded"] or r["executed"]
        r["date"] = dt.date.fromisoformat(d) if d else None
    return list(out.values())
