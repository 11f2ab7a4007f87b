"""Watchlists: what a watch looks for, and the run that raises alerts for newly arrived records only.

Each watch keeps cursors (the last ``trademarks.id`` and ``documents.id`` it has looked at): a run
reads the records above the lowest cursor in id order, in batches, and after each batch moves every
watch's cursor to the batch's last id, so an interrupted run (time limit) resumes where it stopped and
a record is never looked at twice. ``watch_alerts`` is unique per (watch, record): no alert twice.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, update

from iprhub.errors import InvalidInput, NotFound
from iprhub.limits import Deadline
from iprhub.model.common import normalize_name
from iprhub.model.trademark import Trademark
from iprhub.store import schema as core
from iprhub.watch.deadlines import DeadlineBook
from iprhub.watch.fallback_similarity import fold, quick_score
from iprhub.watch.matcher import Matcher
from iprhub.watch.model import TIERS, ActionDeadline, Reason, Tier, Watch, tier_rank
from iprhub.watch.tables import watch_alerts, watch_deliveries, watch_watches

KINDS = ("mark", "owner", "query", "patent")
# offices that are not countries but publish marks or patents (ST.3)
REGIONAL_OFFICES = {"WO", "EP", "EM", "EU", "OA", "AP", "BX", "EA", "GC", "IB"}
_EMAIL = re.compile(r"^[^@\s,]+@[^@\s,]+\.[^@\s,]+$")
OWNER_ROLES = ("applicant", "owner", "holder", "assignee")


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# input ------------------------------------------------------------------------------------
def parse_classes(value: str | Iterable[int | str] | None) -> list[int]:
    """Nice classes from ``"9, 42"`` or a list; each must be 1-45."""
    if value is None:
        return []
    items = [p for p in re.split(r"[,\s]+", value) if p] if isinstance(value, str) else list(value)
    out: list[int] = []
    for pos, item in enumerate(items):
        text = str(item).strip()
        if not text.isdigit() or not 1 <= int(text) <= 45:
            raise InvalidInput(
                f"unknown Nice class {text!r}: classes are numbers 1 to 45", field="classes", position=pos
            )
        if int(text) not in out:
            out.append(int(text))
    return sorted(out)


def parse_countries(hub: Any, value: str | Iterable[str] | None) -> list[str]:
    """Offices from ``"VN,TH"``: ISO 3166 codes known to the country data, or regional offices (EM, WO …)."""
    if value is None:
        return []
    items = [p for p in re.split(r"[,\s]+", value) if p] if isinstance(value, str) else list(value)
    out: list[str] = []
    for pos, item in enumerate(items):
        code = str(item).strip().upper()
        if code not in REGIONAL_OFFICES:
            if not re.fullmatch(r"[A-Z]{2}", code):
                raise InvalidInput(
                    f"unknown country {item!r}: use ISO 3166 two-letter codes such as VN",
                    field="countries",
                    position=pos,
                )
            if hub.has_capability("countries"):
                try:
                    code = hub.countries.reference().resolve(code, field="countries")
                except InvalidInput as exc:
                    raise InvalidInput(exc.message, field="countries", position=pos) from None
        if code not in out:
            out.append(code)
    return out


def check_mark(text: str, field_name: str = "mark") -> str:
    mark = (text or "").strip()
    if not mark:
        raise InvalidInput("the mark is empty", field=field_name)
    if not has_word(mark):
        raise InvalidInput(
            f"the mark {mark!r} has only symbols: give a word mark with letters or digits", field=field_name
        )
    return mark


def has_word(text: str) -> bool:
    """Whether ``text`` has a letter or digit as written (``™`` is a symbol, though NFKC makes it "TM")."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in text)


def _split(text: str | None) -> list[str]:
    return [p for p in (text or "").split(",") if p]


def watch_of(row: Any, alerts: int = 0, unread: int = 0) -> Watch:
    return Watch(
        id=row.id,
        kind=row.kind,
        subject=row.subject,
        classes=[int(c) for c in _split(row.classes)],
        countries=_split(row.countries),
        min_tier=row.min_tier,
        label=row.label,
        webhook_url=row.webhook_url,
        email=_split(row.email),
        created_at=aware(row.created_at),
        last_run_at=aware_or_none(row.last_run_at),
        alerts=alerts,
        unread=unread,
    )


def aware(value: dt.datetime) -> dt.datetime:
    return (
        value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value
    )  # SQLite gives naive datetimes back


def aware_or_none(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else aware(value)


# candidate records ------------------------------------------------------------------------
@dataclass
class Candidate:
    """One newly arrived record a watch may alert on."""

    id: int
    kind: str  # trademark / patent
    key: str
    office: str
    title: str
    owners: list[str]
    classes: list[int]
    designations: list[str]
    published: dt.date | None
    numbers: set[str] = field(default_factory=set)
    owner_aliases: list[str] = field(
        default_factory=list
    )  # the owners' names in another language (TIPO's English)


def trademark_candidate(row_id: int, tm: Trademark) -> Candidate:
    owners = [p.name for p in tm.parties if p.role in OWNER_ROLES] or [p.name for p in tm.parties]
    return Candidate(
        id=row_id,
        kind="trademark",
        key=tm.key,
        office=tm.office,
        title=tm.mark_text or "",
        owners=owners,
        classes=sorted({c.number for c in tm.nice_classes}),
        designations=list(tm.designations),
        published=tm.pub_date,
        numbers={n for n in (tm.app_number, tm.reg_number) if n},
        owner_aliases=[n for p in tm.parties if p.name in owners for n in p.other_names],
    )


@dataclass
class Hit:
    score: float
    tier: Tier
    reasons: list[Reason]


class WatchRunner:
    """Compares newly arrived records with every watch (see the module docstring)."""

    def __init__(self, hub: Any, *, batch: int = 500) -> None:
        self.hub = hub
        self.batch = batch
        self.matcher = Matcher(hub)
        self.deadlines = DeadlineBook(hub)
        self._query_hits: dict[int, set[str] | None] = {}

    # trademark watches ------------------------------------------------------------------
    def match(self, watch: Watch, c: Candidate) -> Hit | None:
        if (
            watch.countries
            and c.office not in watch.countries
            and not set(c.designations) & set(watch.countries)
        ):
            return None
        if watch.classes and c.classes and not set(watch.classes) & set(c.classes):
            return None
        hit: Hit | None = None
        if watch.kind == "mark":
            hit = self._mark(watch, c)
        elif watch.kind == "owner":
            hit = self._owner(watch, c)
        elif watch.kind == "query":
            hit = self._query(watch, c)
        if hit is None or tier_rank(hit.tier) > tier_rank(watch.min_tier):
            return None
        if watch.countries:
            where = (
                c.office
                if c.office in watch.countries
                else ",".join(sorted(set(c.designations) & set(watch.countries)))
            )
            hit.reasons.append(
                Reason(
                    signal="country",
                    score=1.0,
                    detail=f"filed in {c.office}" + (f", designating {where}" if where != c.office else ""),
                )
            )
        if watch.classes and c.classes:
            shared = sorted(set(watch.classes) & set(c.classes))
            hit.reasons.append(Reason(signal="classes", score=1.0, detail=f"shares Nice class(es) {shared}"))
        return hit

    def _mark(self, watch: Watch, c: Candidate) -> Hit | None:
        folded = fold(c.title)
        if not folded:
            return None  # a figurative mark without words cannot be compared as a word
        if (
            self.matcher.engine == "fallback"
            and watch.min_tier != "noise"
            and quick_score(fold(watch.subject), folded) < 0.6
        ):
            return None  # the fallback's score cannot reach "low" (a cheap cut before the full comparison)
        cmp = self.matcher.compare(watch.subject, c.title, classes_a=watch.classes, classes_b=c.classes)
        return Hit(cmp.score, cmp.tier, list(cmp.reasons))

    def _owner(self, watch: Watch, c: Candidate) -> Hit | None:
        want = normalize_name(watch.subject)
        best: Hit | None = None
        for owner in [*c.owners, *c.owner_aliases]:
            have = normalize_name(owner)
            if not have:
                continue
            if have == want:
                return Hit(1.0, "high", [Reason(signal="owner", score=1.0, detail=f"filed by {owner}")])
            if re.search(rf"(^|\s){re.escape(want)}(\s|$)", have) or re.search(
                rf"(^|\s){re.escape(have)}(\s|$)", want
            ):
                best = Hit(
                    0.8,
                    "medium",
                    [Reason(signal="owner", score=0.8, detail=f"owner {owner!r} contains {watch.subject!r}")],
                )
        return best

    def _query(self, watch: Watch, c: Candidate) -> Hit | None:
        from iprhub.watch.matcher import hit_key

        found = self._query_hits.get(watch.id)
        if found is None and self.matcher.engine == "trademarks" and watch.id not in self._query_hits:
            result = self.matcher.search(
                watch.subject, classes=watch.classes, offices=watch.countries, limit=1000
            )
            found = {hit_key(h) for h in result.hits}
            self._query_hits[watch.id] = found
        if found is not None:
            if c.key in found:
                return Hit(
                    1.0,
                    "high",
                    [Reason(signal="query", score=1.0, detail=f"matches the query {watch.subject!r}")],
                )
            return None
        words = [fold(w) for w in watch.subject.split() if fold(w)]
        text = fold(c.title) + " " + " ".join(fold(o) for o in [*c.owners, *c.owner_aliases])
        if words and all(w in text for w in words):
            return Hit(
                1.0,
                "high",
                [
                    Reason(
                        signal="query",
                        score=1.0,
                        detail=f"every word of {watch.subject!r} is in the mark or its owner",
                    )
                ],
            )
        return None

    def deadline(self, c: Candidate) -> ActionDeadline:
        return self.deadlines.deadline(
            c.office, c.published, "trademark" if c.kind == "trademark" else "patent"
        )


def tier_of(value: str) -> Tier:
    text = (value or "").strip().lower()
    if text not in TIERS:
        raise InvalidInput(f"unknown tier {value!r}: use high, medium, low or noise", field="min_tier")
    return text  # type: ignore[return-value]


def max_ids(conn: Any) -> tuple[int, int]:
    tm = conn.execute(select(func.max(core.trademarks.c.id))).scalar() or 0
    doc = conn.execute(select(func.max(core.documents.c.id))).scalar() or 0
    return int(tm), int(doc)


def read_watches(conn: Any, ids: Sequence[int] | None = None) -> list[Watch]:
    q = select(watch_watches).order_by(watch_watches.c.id)
    if ids:
        q = q.where(watch_watches.c.id.in_(list(ids)))
    rows = conn.execute(q).all()
    counts = {
        r.watch_id: (r.n, r.unread)
        for r in conn.execute(
            select(
                watch_alerts.c.watch_id,
                func.count().label("n"),
                func.count(watch_alerts.c.id).filter(watch_alerts.c.read_at.is_(None)).label("unread"),
            ).group_by(watch_alerts.c.watch_id)
        )
    }
    return [watch_of(r, *counts.get(r.id, (0, 0))) for r in rows]


def cursors(conn: Any, ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    return {
        r.id: (int(r.cursor_tm), int(r.cursor_doc))
        for r in conn.execute(
            select(watch_watches.c.id, watch_watches.c.cursor_tm, watch_watches.c.cursor_doc).where(
                watch_watches.c.id.in_(list(ids))
            )
        )
    }


def new_trademarks(conn: Any, after: int, limit: int) -> list[tuple[int, Trademark]]:
    rows = conn.execute(
        select(core.trademarks.c.id, core.trademarks.c.record)
        .where(core.trademarks.c.id > after)
        .order_by(core.trademarks.c.id)
        .limit(limit)
    ).all()
    return [(int(r.id), Trademark.model_validate_json(r.record)) for r in rows]


def insert_alerts(
    conn: Any,
    watch: Watch,
    found: list[tuple[Candidate, Hit, ActionDeadline]],
    webhook_secret: str | None,
    created: dt.datetime,
) -> list[int]:
    """Insert the alerts not yet raised for this watch, with their pending deliveries; their ids."""
    if not found:
        return []
    keys = [c.key for c, _, _ in found]
    have = set(
        conn.execute(
            select(watch_alerts.c.record_key).where(
                (watch_alerts.c.watch_id == watch.id) & watch_alerts.c.record_key.in_(keys)
            )
        ).scalars()
    )
    ids: list[int] = []
    for c, hit, deadline in found:
        if c.key in have:
            continue
        have.add(c.key)
        alert_id = conn.execute(
            watch_alerts.insert().returning(watch_alerts.c.id),
            [
                {
                    "watch_id": watch.id,
                    "record_kind": c.kind,
                    "record_key": c.key,
                    "office": c.office,
                    "title": c.title,
                    "owner": "; ".join(c.owners)[:500] or None,
                    "score": round(float(hit.score), 4),
                    "tier": hit.tier,
                    "reasons": json.dumps([r.model_dump() for r in hit.reasons], ensure_ascii=False),
                    "publication_date": c.published,
                    "deadline": deadline.date,
                    "deadline_note": deadline.model_dump_json(),
                    "created_at": created,
                }
            ],
        ).scalar_one()
        ids.append(int(alert_id))
        targets = ([("webhook", watch.webhook_url)] if watch.webhook_url else []) + [
            ("email", e) for e in watch.email
        ]
        if targets:
            conn.execute(
                watch_deliveries.insert(),
                [
                    {
                        "alert_id": alert_id,
                        "channel": ch,
                        "target": t,
                        "status": "pending",
                        "attempts": 0,
                        "next_attempt_at": created,
                    }
                    for ch, t in targets
                ],
            )
    return ids


def move_cursor(conn: Any, watch_ids: Sequence[int], column: str, to: int) -> None:
    col = watch_watches.c[column]
    conn.execute(
        update(watch_watches).where(watch_watches.c.id.in_(list(watch_ids)) & (col < to)).values({column: to})
    )


def run_trademark_watches(
    hub: Any, watches: list[Watch], deadline: Deadline, runner: WatchRunner, webhook_secret: str | None
) -> tuple[int, list[int], bool]:
    """Look at the marks that arrived since each watch's cursor; (records seen, new alert ids, cut short)."""
    if not watches:
        return 0, [], False
    store = hub.store
    with store.engine.connect() as conn:
        cur = cursors(conn, [w.id for w in watches])
    low = min(cur[w.id][0] for w in watches)
    seen = 0
    alert_ids: list[int] = []
    while True:
        if deadline.expired():
            return seen, alert_ids, True
        with store.engine.connect() as conn:
            batch = new_trademarks(conn, low, runner.batch)
        if not batch:
            return seen, alert_ids, False
        seen += len(batch)
        candidates = [trademark_candidate(i, tm) for i, tm in batch]
        created = now_utc()
        found_by_watch = []
        for w in watches:
            found = []
            for c in candidates:
                if c.id <= cur[w.id][0]:
                    continue
                hit = runner.match(w, c)
                if hit is not None:
                    found.append((c, hit, runner.deadline(c)))
            found_by_watch.append((w, found))
        last = batch[-1][0]
        with store.begin() as conn:
            for w, found in found_by_watch:
                alert_ids += insert_alerts(conn, w, found, webhook_secret, created)
            move_cursor(conn, [w.id for w in watches], "cursor_tm", last)
        low = last


def require_watch(conn: Any, watch_id: int) -> Any:
    row = conn.execute(select(watch_watches).where(watch_watches.c.id == watch_id)).first()
    if row is None:
        raise NotFound(f"no watch {watch_id}", record=str(watch_id), field="watch")
    return row


def check_email(value: str | None) -> list[str]:
    out = []
    for pos, part in enumerate(p.strip() for p in (value or "").split(",")):
        if not part:
            continue
        if not _EMAIL.match(part):
            raise InvalidInput(f"{part!r} is not an e-mail address", field="email", position=pos)
        out.append(part)
    return out


def check_url(value: str | None) -> str | None:
    if not value:
        return None
    if not re.match(r"^https?://[^\s/]+", value.strip()):
        raise InvalidInput(f"{value!r} is not an http(s) URL", field="webhook")
    return value.strip()
