"""Merging one publication that arrives from several sources (DOCDB + EP full text + OPS …).

The merge is a pure function of the set of source records, so the result does not depend
on the order the files were ingested in. Each field is taken from the highest-ranked source
that has it; list fields are united by a key. ``field_sources`` says where each field came from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from iprhub.model.patent import PatentDocument
from iprhub.model.trademark import Trademark

# Full-text publications beat bibliographic exchange records, which beat API snippets;
# classification-only files come last.
_RANK = {"full-text": 0, "exchange": 1, "api": 2, "partial": 3}
_EXPLICIT = {"epo-docdb-xml": "exchange", "uspto-cpc-master": "partial"}


def source_rank(fmt: str) -> int:
    """Rank of a reader's output when fields conflict (lower wins)."""
    if fmt in _EXPLICIT:
        return _RANK[_EXPLICIT[fmt]]
    if fmt.startswith("epo-ops") or fmt.endswith("-json") or fmt == "uspto-ppubs":
        return _RANK["api"]
    return _RANK["full-text"]


_SCALARS = ("kind", "doc_type", "pub_date", "app_number", "app_date", "lang", "family_id")
_LISTS: dict[str, Callable[[Any], Any]] = {
    "priorities": lambda p: (p.country, p.number),
    "classifications": lambda c: (c.scheme, c.symbol),
    "citations": lambda c: (c.number, c.phase, c.office),
    "npl_citations": lambda c: (c.text[:200], c.phase),
    "related": lambda r: (r.relation, r.number),
    "designated_states": lambda s: s,
    "legal_events": lambda e: (e.date, e.code, e.description),
}
_TEXTS = ("titles", "abstracts", "descriptions")


def _fmt(r: Any) -> str:
    return r.provenance[0].format if r.provenance else "unknown"


def _take_scalars(ordered: list[Any], names: tuple[str, ...], out: dict[str, Any], fsrc: dict[str, str]) -> None:
    """Each field from the first (best-ranked) source that has a value."""
    for name in names:
        for r in ordered:
            value = getattr(r, name)
            if value not in (None, "", "other"):
                out[name] = value
                fsrc[name] = _fmt(r)
                break


def _unite(ordered: list[Any], lists: Iterable[tuple[str, Callable[[Any], Any]]], out: dict[str, Any],
           fsrc: dict[str, str]) -> None:
    """List fields united over all sources, first occurrence of each key kept."""
    for name, key in lists:
        merged, keys = [], set()
        for r in ordered:
            for item in getattr(r, name):
                k = key(item)
                if k not in keys:
                    keys.add(k)
                    merged.append(item)
                    fsrc.setdefault(name, _fmt(r))
        out[name] = merged


def merge_documents(records: Iterable[PatentDocument]) -> PatentDocument:
    """Merge source records of one ``pub_number`` into one record."""
    ordered = sorted(
        records,
        key=lambda r: (source_rank(r.provenance[0].format) if r.provenance else 9,
                       r.provenance[0].content_hash if r.provenance else ""),
    )
    if not ordered:
        raise ValueError("nothing to merge")
    if len(ordered) == 1:
        return ordered[0]
    base = ordered[0]
    out: dict[str, Any] = {
        "pub_number": base.pub_number, "country": base.country, "doc_number": base.doc_number,
    }
    fsrc: dict[str, str] = {}
    _take_scalars(ordered, _SCALARS, out, fsrc)
    # texts and claim sets: one per language, from the best source that has it
    _unite(ordered, [(name, lambda t: t.lang) for name in (*_TEXTS, "claims")], out, fsrc)
    # parties: whole list from the best source that has any of a role
    parties = []
    for role in ("applicant", "inventor", "agent", "assignee", "owner", "examiner", "correspondent", "other"):
        for r in ordered:
            found = [p for p in r.parties if p.role == role]
            if found:
                parties.extend(found)
                fsrc.setdefault(f"parties.{role}", _fmt(r))
                break
    out["parties"] = parties
    _unite(ordered, _LISTS.items(), out, fsrc)
    out["provenance"] = [p for r in ordered for p in r.provenance]
    out["field_sources"] = fsrc
    return PatentDocument(**out)


_TM_SCALARS = ("reg_number", "mark_text", "mark_script", "mark_lang", "mark_type", "status", "status_date",
               "app_date", "reg_date", "pub_date", "expiry_date")


def merge_trademarks(records: Iterable[Trademark]) -> Trademark:
    """Merge several sources of one trademark (e.g. TSDR ST.66 and ST.96), order-independently."""
    ordered = sorted(records, key=lambda r: (r.provenance[0].format if r.provenance else "~",
                                             r.provenance[0].content_hash if r.provenance else ""),
                     reverse=True)  # ST.96 readers sort before ST.66: the current schema wins
    if len(ordered) == 1:
        return ordered[0]
    base = ordered[0]
    out: dict[str, Any] = {"office": base.office, "app_number": base.app_number}
    fsrc: dict[str, str] = {}
    _take_scalars(ordered, _TM_SCALARS, out, fsrc)
    classes: dict[int, Any] = {}
    for r in ordered:
        for nc in r.nice_classes:
            if nc.number not in classes or (not classes[nc.number].goods_services and nc.goods_services):
                classes[nc.number] = nc
    out["nice_classes"] = [classes[k] for k in sorted(classes)]
    _unite(ordered, (("parties", lambda p: (p.role, p.normalized_name)),
                     ("designations", lambda d: d),
                     # offices code one event differently across schemas (ST.96 CHANI vs ST.66 CHAN)
                     ("events", lambda e: (e.date, " ".join(e.description.lower().split())))), out, fsrc)
    out["provenance"] = [p for r in ordered for p in r.provenance]
    out["field_sources"] = fsrc
    return Trademark(**out)
