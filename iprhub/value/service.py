"""``hub.value``: high-value classification, quality indicators and enterprise scorecards.

Reads documents, applications, events and citations through the store and the Hub; pledges come
from ``hub.ownership`` when that capability is loaded (never imported).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from iprhub.errors import InvalidInput, NotFound
from iprhub.limits import Deadline
from iprhub.model.patent import PatentDocument
from iprhub.model.patent_facts import kindless_number
from iprhub.store import schema as s
from iprhub.value import criteria as cr
from iprhub.value.indicators import INDICATORS, Facts, cohort_max, normalise, window_end
from iprhub.value.model import (
    Component,
    HighValue,
    HighValueCounts,
    Indicator,
    OfficialValue,
    OwnerScore,
    Quality,
    Scorecard,
    ValueReport,
)
from iprhub.value.weights import COMPONENTS, parse_weights

PATENT_TYPES = ("grant", "application")


class ValueService:
    def __init__(self, hub: Any) -> None:
        self.hub = hub
        self.store = hub.store
        self.settings = hub.settings_of("value")
        self._fields: list[tuple[str, str]] | None = None

    # reference lists --------------------------------------------------------------------------
    def _csv(self, path: Path | None, name: str, required: tuple[str, ...]) -> list[dict[str, str]] | None:
        if path is None:
            return None
        try:
            with open(path, encoding="utf-8-sig", newline="") as f:
                rows = list(csv.DictReader(f))
                header = rows[0].keys() if rows else []
        except OSError as exc:
            raise InvalidInput(f"{name} {path}: {exc.strerror}", field=name, file=str(path)) from exc
        missing = [c for c in required if c not in header]
        if missing:
            raise InvalidInput(f"{name} {path}: column(s) {', '.join(missing)} missing (line 1)", field=name,
                               file=str(path), position="line 1")
        return rows

    def concordance(self) -> list[tuple[str, str, str]] | None:
        rows = self._csv(self.settings.sei_concordance, "value.sei_concordance", ("ipc_prefix", "industry"))
        return None if rows is None else cr.load_concordance(rows)

    def awards(self) -> dict[str, tuple[str, str]] | None:
        rows = self._csv(self.settings.awards_file, "value.awards_file", ("number", "award"))
        if rows is None:
            return None
        return {"".join(r["number"].upper().split()).replace(",", ""): (r["award"], r.get("year") or "") for r in rows}

    # one patent -------------------------------------------------------------------------------
    def report(self, number: str, *, as_of: dt.date | None = None,
               cache: dict[Any, Any] | None = None) -> ValueReport:
        """The five criteria with evidence and the cohort-normalised quality indicators of one patent."""
        day = as_of or dt.date.today()
        doc: PatentDocument | None = None
        app = None
        try:
            doc = self.hub.document(number)
        except NotFound:
            app = self.hub.application(number)  # an application known from its events only (raises NotFound)
        if doc is not None and doc.app_number:
            app_key = self.store.application_key_of(doc.pub_number)
            app = self.hub.application(app_key) if app_key else None
        subject, invention, title = self._subject(number, doc, app, day)
        crits = [cr.strategic_emerging_industry(subject, self.concordance()), cr.overseas_family(subject)]
        maint, _years = cr.maintenance(subject)
        crits += [maint, cr.pledge_financing(subject, self.hub.has_capability("ownership")),
                  cr.award(subject, self.awards(), str(self.settings.awards_file or "") or None)]
        scope, note = self._scope(doc, invention)
        hv = HighValue(answer=cr.overall(crits) if invention else "no", invention=invention, in_indicator_scope=scope,
                       scope_note=note, criteria=crits)
        quality = self.quality(doc, day, cache) if doc is not None else None
        return ValueReport(query=number, pub_number=doc.pub_number if doc else None,
                           app_key=app.key if app else None, title=title, filing_date=subject.filing_date,
                           grant_date=subject.grant_date, as_of=day, high_value=hv, quality=quality)

    def _subject(self, number: str, doc: PatentDocument | None, app: Any, day: dt.date) -> tuple[cr.Subject, bool, str | None]:
        country = doc.country if doc else (app.office if app else number[:2].upper())
        subject = cr.Subject(number=doc.pub_number if doc else app.key, country=country, as_of=day)
        subject.filing_date = (doc.app_date if doc else None) or (app.filing_date if app else None)
        grants = [p for p in (app.publications if app else []) if p.doc_type == "grant"]
        if doc is not None and doc.doc_type == "grant":
            subject.grant_date = doc.pub_date
        elif grants:
            subject.grant_date = grants[-1].pub_date
        title = None
        if doc is not None:
            subject.ipc = list(dict.fromkeys(c.symbol for c in doc.classifications if c.scheme == "IPC"))
            subject.family = self._family(doc)
            subject.events = [(e.date, e.code, e.description) for e in doc.legal_events]
            title = next((t.text for t in doc.titles if (t.lang or "en") == "en"), None) or \
                (doc.titles[0].text if doc.titles else None)
            subject.award_keys = [kindless_number(doc), doc.pub_number]
        if app is not None:
            subject.events += [(e.date, e.code, e.description) for e in app.events]
            subject.award_keys.append(app.key)
            title = title or app.title
        subject.award_keys += [p.pub_number for p in grants]
        if self.hub.has_capability("ownership"):
            self._pledges(subject, app.key if app else (doc.pub_number if doc else number))
        invention = True
        if doc is not None:
            invention = doc.doc_type in PATENT_TYPES and not (doc.country == "CN" and (doc.kind or "")[:1] in ("U", "Y"))
        elif app is not None:
            invention = not app.key.startswith("US29")  # US series 29: designs
        return subject, invention, title

    def _pledges(self, subject: cr.Subject, key: str) -> None:
        try:
            h = self.hub.ownership.history(key)
        except (NotFound, InvalidInput):
            return
        if not h.events:
            return
        subject.recordings = len(h.events)
        subject.pledges = [f"security interest {c.reel_frame} executed {c.executed}: {', '.join(c.assignors)} -> "
                           f"{', '.join(c.assignees)}{f' (released by {c.released_by})' if c.released_by else ''}"
                           for c in h.security_interests]

    def _family(self, doc: PatentDocument) -> list[cr.FamilyMember] | None:
        members = self.hub.family_members(doc)
        rows = self._doc_rows(members)
        out = [cr.FamilyMember(p, c, t) for p, c, t in rows if t in PATENT_TYPES]
        for prio in doc.priorities:
            if prio.country and prio.country != doc.country:
                out.append(cr.FamilyMember(f"{prio.country} {prio.number} (priority)", prio.country, "priority"))
        if not out and not doc.family_id:
            return None
        return out

    def _doc_rows(self, pubs: list[str]) -> list[tuple[str, str, str]]:
        if not pubs:
            return []
        d = s.documents
        with self.store.reading() as conn:
            return [tuple(r) for r in conn.execute(select(d.c.pub_number, d.c.country, d.c.doc_type)
                                                    .where(d.c.pub_number.in_(pubs)).order_by(d.c.pub_number))]

    @staticmethod
    def _scope(doc: PatentDocument | None, invention: bool) -> tuple[bool, str]:
        if doc is None or doc.country != "CN":
            return False, ("outside the indicator's scope: it counts in-force CN invention patents of domestic owners "
                           "(the criteria are still applied)")
        domestic = any(p.country == "CN" for p in doc.parties if p.role in ("applicant", "assignee"))
        ok = invention and doc.doc_type == "grant" and domestic
        return ok, "a granted CN invention patent of a domestic owner" if ok else \
            "a CN document, but not a granted invention patent of a domestic owner"

    # quality ----------------------------------------------------------------------------------
    def _tech_fields(self) -> list[tuple[str, str]]:
        if self._fields is None:
            t = s.class_titles
            with self.store.reading() as conn:
                rows = conn.execute(select(t.c.symbol, t.c.title).where(t.c.scheme == "TECHFIELD", t.c.lang == "en")).all()
            self._fields = sorted(((sym.rstrip("%"), title) for sym, title in rows), key=lambda r: -len(r[0]))
        return self._fields

    def field_of(self, ipc: list[str]) -> str | None:
        """WIPO technology field of the first IPC class (the IPC-technology concordance, when loaded into
        the store), else its IPC subclass."""
        if not ipc:
            return None
        symbol = ipc[0]
        for prefix, title in self._tech_fields():
            if symbol.startswith(prefix):
                return title
        return f"IPC {symbol[:4]}"

    def _classes(self, pubs: list[str]) -> dict[str, set[str]]:
        """IPC subclasses (CPC where a document has no IPC) of stored documents."""
        if not pubs:
            return {}
        d, c = s.documents, s.doc_classes
        out: dict[str, dict[str, set[str]]] = {}
        with self.store.reading() as conn:
            for pub, scheme, symbol in conn.execute(select(d.c.pub_number, c.c.scheme, c.c.symbol)
                                                    .join(c, c.c.doc_id == d.c.id)
                                                    .where(d.c.pub_number.in_(pubs), c.c.scheme.in_(("IPC", "CPC")))):
                out.setdefault(pub, {}).setdefault(scheme, set()).add(symbol[:4])
        return {p: v.get("IPC") or v.get("CPC") or set() for p, v in out.items()}

    def renewal_years(self, doc: PatentDocument, day: dt.date) -> float | None:
        """Years from filing the document's patent is known to have been kept in force (fees, renewals)."""
        key = self.store.application_key_of(doc.pub_number) if doc.app_number else None
        app = self.hub.application(key) if key else None
        grants = [p.pub_date for p in (app.publications if app else []) if p.doc_type == "grant"]
        subject = cr.Subject(number=doc.pub_number, country=doc.country, as_of=day,
                             filing_date=doc.app_date or (app.filing_date if app else None),
                             grant_date=doc.pub_date if doc.doc_type == "grant" else (grants[-1] if grants else None),
                             events=[(e.date, e.code, e.description) for e in doc.legal_events] +
                             [(e.date, e.code, e.description) for e in (app.events if app else [])])
        return cr.maintenance(subject)[1]

    def facts(self, doc: PatentDocument, day: dt.date) -> Facts:
        kindless = kindless_number(doc)
        window = self.settings.forward_years
        citing = [p for p in self.store.cited_by(doc.pub_number, kindless) if p != doc.pub_number]
        dates = self._dates(citing)
        limit = window_end(doc.pub_date, window)
        forward = [p for p in citing if limit is None or (dates.get(p) and dates[p] <= limit)]
        cited_numbers = {(c.country or c.number[:2], c.doc_number or c.number[2:]) for c in doc.citations if c.number}
        cited_pubs = [r.pub_number for r in self.store.document_keys(numbers=cited_numbers, limit=None)] \
            if cited_numbers else []
        classes = self._classes([*forward, *cited_pubs, doc.pub_number])
        members = self.hub.family_members(doc)
        offices = {doc.country} | {c for _, c, _ in self._doc_rows(members)}
        claims = len(doc.claims[0].claims) if doc.claims else None
        return Facts(pub_number=doc.pub_number, offices=offices, claims=claims, backward=len(doc.citations),
                     forward=len(forward), own_classes=classes.get(doc.pub_number, set()),
                     cited_classes=[classes[p] for p in cited_pubs if classes.get(p)],
                     citing_classes=[classes[p] for p in forward if classes.get(p)],
                     renewal_years=self.renewal_years(doc, day))

    def _dates(self, pubs: list[str]) -> dict[str, dt.date]:
        if not pubs:
            return {}
        d = s.documents
        with self.store.reading() as conn:
            return {p: date for p, date in conn.execute(select(d.c.pub_number, d.c.pub_date)
                                                        .where(d.c.pub_number.in_(pubs))) if date}

    def cohort(self, year: int | None, field: str | None) -> list[PatentDocument]:
        """Stored patent documents of the same filing year (publication year where no filing date) and field."""
        if year is None:
            return []
        d = s.documents
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        with self.store.reading() as conn:
            pubs = conn.execute(select(d.c.pub_number).where(
                d.c.doc_type.in_(PATENT_TYPES),
                func.coalesce(d.c.app_date, d.c.pub_date) >= start,
                func.coalesce(d.c.app_date, d.c.pub_date) <= end).order_by(d.c.pub_number)).scalars().all()
        docs = [doc for p in pubs if (doc := self.store.get_document(p)) is not None]
        return one_per_application([doc for doc in docs if self.field_of(_ipc(doc)) == field])

    def quality(self, doc: PatentDocument, day: dt.date, cache: dict[Any, Any] | None = None) -> Quality:
        date = doc.app_date or doc.pub_date
        year = date.year if date else None
        field = self.field_of(_ipc(doc))
        cache = {} if cache is None else cache
        if (year, field) not in cache:  # the cohort's raw values, shared by the patents of one scorecard
            members = self.cohort(year, field) if field else []
            cache[(year, field)] = {application_of(m): (m.pub_number, self.facts(m, day).raw()) for m in members}
        # one document per application: the patent judged stands for its application in the cohort
        raws = {p: r for app, (p, r) in cache[(year, field)].items() if app != application_of(doc)}
        own = self.facts(doc, day).raw()
        raws[doc.pub_number] = own
        top = cohort_max(list(raws.values()))
        norm = normalise(own, top)
        notes = {"forward_citations": f"citing documents in the store published within {self.settings.forward_years} "
                                      "years", "originality": "over the cited documents in the store",
                 "generality": "over the citing documents in the store", "renewal": "years kept in force, from fees "
                                                                                   "and renewals"}
        return Quality(cohort_year=year, cohort_field=field, cohort_size=len(raws),
                       forward_window_years=self.settings.forward_years,
                       indicators=[Indicator(id=k, raw=own[k], normalised=norm[k], cohort_max=top[k],
                                             note=notes.get(k, "")) for k in INDICATORS])

    # counts -----------------------------------------------------------------------------------
    def counts(self, by: str = "owner", *, as_of: dt.date | None = None, time_limit: float | None = None) -> HighValueCounts:
        """High-value answers of the stored invention patents (one per application) by owner, year or region;
        past ``time_limit`` seconds the counts so far come back with ``partial: true``."""
        if by not in ("owner", "year", "region"):
            raise InvalidInput(f"--by must be owner, year or region, not {by!r}", field="by")
        day = as_of or dt.date.today()
        deadline = Deadline.after(time_limit if time_limit is not None else self.settings.counts_time_limit)
        d = s.documents
        with self.store.reading() as conn:
            pubs = conn.execute(select(d.c.pub_number).where(d.c.doc_type.in_(PATENT_TYPES))
                                .order_by(d.c.pub_number)).scalars().all()
        docs = one_per_application([doc for p in pubs if (doc := self.store.get_document(p)) is not None])
        docs = [doc for doc in docs if not (doc.country == "CN" and (doc.kind or "")[:1] in ("U", "Y"))]
        table: dict[str, Counter[str]] = {}
        done, partial = 0, False
        for doc in docs:
            if deadline.expired():
                partial = True
                break
            key = self.store.application_key_of(doc.pub_number) if doc.app_number else None
            app = self.store.application(key) if key else None  # its events: maintenance fees, renewals
            subject, _invention, _title = self._subject(doc.pub_number, doc, app, day)
            crits = [cr.strategic_emerging_industry(subject, self.concordance()), cr.overseas_family(subject),
                     cr.maintenance(subject)[0], cr.pledge_financing(subject, self.hub.has_capability("ownership")),
                     cr.award(subject, self.awards(), None)]
            table.setdefault(self._group(doc, by), Counter())[cr.overall(crits)] += 1
            done += 1
        rows: list[dict[str, int | str]] = [{by: k, "yes": c["yes"], "no": c["no"], "unknown": c["unknown"],
                                             "total": sum(c.values())} for k, c in sorted(table.items())]
        return HighValueCounts(by=by, rows=rows, classified=done, invention_applications=len(docs), partial=partial,
                               warnings=[f"time limit reached: {done} of {len(docs)} classified"] if partial else [],
                               official=self._official())

    def _group(self, doc: PatentDocument, by: str) -> str:
        if by == "year":
            date = doc.app_date or doc.pub_date
            return str(date.year) if date else "unknown"
        holders = [p for p in doc.parties if p.role in ("assignee", "applicant")]
        if by == "region":
            return next((p.country for p in holders if p.country), "unknown")
        return self._key(holders[0].name) if holders else "unknown"

    def _official(self) -> list[OfficialValue]:
        if not self.hub.has_capability("countries"):
            return []
        report = self.hub.countries.indicators()
        for p in report.indicators:
            if p.indicator.indicator_id == "hvip_per_10k":
                return [OfficialValue(period=v.period, value=v.value, unit=v.unit, source_url=v.source_url)
                        for v in p.values]
        return []

    # owners -----------------------------------------------------------------------------------
    def _key(self, name: str) -> str:
        if self.hub.has_capability("ownership"):
            return str(self.hub.ownership.owner_key(name))
        return " ".join("".join(ch if ch.isalnum() else " " for ch in name.upper()).split())

    def owner_documents(self, name: str) -> tuple[list[str], list[str]]:
        """(publication numbers, name spellings) of the stored patent documents an owner applied for or holds."""
        key = self._key(name)
        if len(key) < 2:
            raise InvalidInput(f"owner name {name!r} is too short to match", field="owner")
        p, d = s.doc_parties, s.documents
        with self.store.reading() as conn:
            rows = conn.execute(select(d.c.pub_number, p.c.name).join(d, d.c.id == p.c.doc_id)
                                .where(p.c.role.in_(("applicant", "assignee")), d.c.doc_type.in_(PATENT_TYPES))).all()
        keyed = [(pub, nm, self._key(nm)) for pub, nm in rows]
        hit = [(pub, nm) for pub, nm, k in keyed if k == key] or [(pub, nm) for pub, nm, k in keyed if key in k.split()
                                                                    or k.startswith(key + " ")]
        return sorted({pub for pub, _ in hit}), sorted({nm for _, nm in hit})

    def scorecard(self, owners: list[str], weights: str | None = None, *, as_of: dt.date | None = None) -> Scorecard:
        """Owners side by side: every component with its raw value, score, weight and rule."""
        names = [o.strip() for o in owners if o and o.strip()]
        if not names:
            raise InvalidInput("give at least one owner", field="owners")
        if len(names) > self.settings.max_owners:
            raise InvalidInput(f"at most {self.settings.max_owners} owners side by side", field="owners")
        w = parse_weights(weights if weights is not None else self.settings.weights)
        day = as_of or dt.date.today()
        cache: dict[Any, Any] = {}
        last = self._last_year(day)
        deadline = Deadline.after(self.settings.scorecard_time_limit)
        scores = [self._owner_score(n, w, day, last, cache, deadline) for n in names]
        cut = [o for o in scores if o.judged < o.applications]
        return Scorecard(owners=scores, weights=w, as_of=day, partial=bool(cut),
                         warnings=[f"time limit ({self.settings.scorecard_time_limit:g} s) reached: {o.owner}: "
                                   f"{o.judged} of {o.applications} applications judged" for o in cut],
                         notes=["a component the data does not give is left out of the composite and its weight "
                                "said (weight_known)", "scores are on 0-1; rules are shown with each component"])

    def _last_year(self, day: dt.date) -> int:
        """The growth window ends at the newest filing year in the store (not later than today)."""
        d = s.documents
        with self.store.reading() as conn:
            newest = conn.execute(select(func.max(func.coalesce(d.c.app_date, d.c.pub_date)))
                                  .where(d.c.doc_type.in_(PATENT_TYPES))).scalar()
        if isinstance(newest, str):
            newest = dt.date.fromisoformat(newest[:10])
        return min(newest.year, day.year) if newest else day.year

    def _owner_score(self, name: str, weights: dict[str, float], day: dt.date, last: int,
                     cache: dict[Any, Any], deadline: Deadline) -> OwnerScore:
        pubs, spellings = self.owner_documents(name)
        docs = [d for p in pubs if (d := self.store.get_document(p)) is not None]
        apps = {application_of(d): d for d in one_per_application(docs)}
        years = Counter(str(date.year) for d in apps.values() if (date := d.app_date or d.pub_date))
        hv: Counter[str] = Counter()
        hv_years: dict[str, dict[str, int]] = {}
        norms: list[float] = []
        international = 0
        judged = 0
        for d in apps.values():
            if deadline.expired():
                break
            judged += 1
            rep = self.report(d.pub_number, as_of=day, cache=cache)
            hv[rep.high_value.answer] += 1
            date = d.app_date or d.pub_date
            per_year = hv_years.setdefault(str(date.year) if date else "unknown", {})
            per_year[rep.high_value.answer] = per_year.get(rep.high_value.answer, 0) + 1
            if rep.quality:
                vals = [i.normalised for i in rep.quality.indicators if i.normalised is not None]
                if vals:
                    norms.append(sum(vals) / len(vals))
                fam = next(i for i in rep.quality.indicators if i.id == "family_size")
                international += bool(fam.raw and fam.raw > 1)
        n = len(apps)
        comps: dict[str, tuple[float | None, float | None, str]] = {}
        ref = self.settings.size_ref
        comps["size"] = (float(n), min(1.0, math.log1p(n) / math.log1p(ref)) if ref > 0 else None,
                         f"log(1 + applications) / log(1 + {ref}), at most 1")
        recent = sum(v for y, v in years.items() if last - 5 < int(y) <= last)
        before = sum(v for y, v in years.items() if last - 10 < int(y) <= last - 5)
        growth = None if recent + before == 0 else (recent - before) / max(before, 1)
        comps["growth"] = (growth, None if growth is None else max(0.0, min(1.0, 0.5 + growth / 2)),
                           f"(filings {last - 4}-{last} − filings {last - 9}-{last - 5}) / max(earlier, 1); "
                           "score 0.5 + rate / 2 within 0-1")
        known = hv["yes"] + hv["no"]
        share = hv["yes"] / known if known else None
        comps["high_value"] = (share, share, "high-value patents / patents with a yes or no answer")
        quality = sum(norms) / len(norms) if norms else None
        comps["quality"] = (quality, quality, "mean of the cohort-normalised quality indicators")
        intl = international / judged if judged else None
        comps["international"] = (intl, intl, "share of applications with family members at another office")
        ops = None
        if self.hub.has_capability("ownership"):
            try:
                o = self.hub.ownership.owner(name)
                ops = float(sum(v for k, v in o.counts.items() if k in ("acquired", "disposed", "pledged",
                                                                         "licensed", "licensee")))
            except NotFound:
                ops = 0.0
        held = max(n, 1)
        comps["operation"] = (ops, None if ops is None else min(1.0, ops / held),
                              "recorded acquisitions, disposals, pledges and licences per application, at most 1")
        components = [Component(id=k, raw=_round(comps[k][0]), score=_round(comps[k][1]),
                                weight=weights.get(k, 0.0), rule=comps[k][2]) for k in COMPONENTS]
        known_w = sum(c.weight for c in components if c.score is not None)
        composite = (round(sum(c.weight * c.score for c in components if c.score is not None) / known_w, 3)
                     if known_w > 0 else None)
        return OwnerScore(owner=name, names=spellings, documents=len(docs), applications=n, components=components,
                          composite=composite, weight_known=round(known_w, 3), high_value=dict(hv),
                          by_year=dict(sorted(years.items())), high_value_by_year=dict(sorted(hv_years.items())),
                          judged=judged)


def _ipc(doc: PatentDocument) -> list[str]:
    firsts = [c.symbol for c in doc.classifications if c.scheme == "IPC" and c.first]
    return firsts + [c.symbol for c in doc.classifications if c.scheme == "IPC" and not c.first]


def application_of(doc: PatentDocument) -> str:
    return doc.app_number or kindless_number(doc)


def one_per_application(docs: list[PatentDocument]) -> list[PatentDocument]:
    """One document per application: its grant, else its newest publication (kinds of one invention count once)."""
    best: dict[str, PatentDocument] = {}
    for d in docs:
        key = application_of(d)
        cur = best.get(key)
        if cur is None or (d.doc_type == "grant", d.pub_date or dt.date.min) > (cur.doc_type == "grant",
                                                                               cur.pub_date or dt.date.min):
            best[key] = d
    return sorted(best.values(), key=lambda d: d.pub_number)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
