"""The in-memory mark index: keys of every stored mark, with postings that find candidates fast.

Candidates for a query come from four doors: the same normalised form, the same phonetic code,
normalised forms that start with the query (a sorted array, bisected), and shared character
trigrams of the Latin transliteration (postings as numpy arrays, counted with ``bincount``). Only
those candidates are scored with rapidfuzz, so a query over a million marks costs a few thousand
comparisons, not a million. Filters (classes as a 45-bit mask, office, status, dates) are numpy
arrays over all marks.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from iprhub.trademarks.filters import DATE_FIELDS, MarkFilter
from iprhub.trademarks.marktext import ABJAD, MarkKeys, fold, skeleton, try_keys

#: changes whenever what a MarkIndex holds changes: a kept index of another version is rebuilt
INDEX_VERSION = 5
#: the dates a search can filter on: name -> MarkEntry field
_WORDS = re.compile(r"[^\W_]{3,}", re.UNICODE)
# scripts written without spaces between words: their words are found inside the text, not as tokens
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass
class MarkEntry:
    """One mark as the index keeps it (a light copy of the stored record)."""

    number: str
    office: str
    mark: str | None
    owner: str | None = None
    classes: Sequence[int] = ()
    status: str | None = None
    filing_date: dt.date | None = None
    publication_date: dt.date | None = None
    registration_date: dt.date | None = None
    goods: str = ""
    owners: Sequence[str] = field(default_factory=tuple)  # every applicant/owner name
    owner_aliases: Sequence[str] = field(
        default_factory=tuple
    )  # their names in another language (TIPO's English)


def trigrams(latin: str) -> set[str]:
    padded = f"^{latin}$"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def class_mask(classes: Iterable[int]) -> int:
    mask = 0
    for c in classes:
        mask |= 1 << (c - 1)
    return mask


class _Postings:
    """token -> sorted int32 array of entry ids, built once from (token, id) pairs."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._pairs_t: list[int] = []
        self._pairs_d: list[int] = []
        self.arrays: dict[str, np.ndarray] = {}
        self.unspaced: dict[int, str] = {}  # folded texts in Chinese/Japanese, searched by substring

    def add_text(self, text: str, doc: int) -> None:
        folded = fold(text)
        self.add(set(_WORDS.findall(folded)), doc)
        if _UNSPACED.search(folded):
            self.unspaced[doc] = folded

    def add(self, tokens: Iterable[str], doc: int) -> None:
        for token in tokens:
            tid = self._ids.setdefault(token, len(self._ids))
            self._pairs_t.append(tid)
            self._pairs_d.append(doc)

    def freeze(self) -> None:
        t = np.asarray(self._pairs_t, dtype=np.int64)
        d = np.asarray(self._pairs_d, dtype=np.int32)
        order = np.lexsort((d, t))
        t, d = t[order], d[order]
        bounds = np.searchsorted(t, np.arange(len(self._ids) + 1))
        names = list(self._ids)
        self.arrays = {names[i]: d[bounds[i] : bounds[i + 1]] for i in range(len(names))}
        self._ids, self._pairs_t, self._pairs_d = {}, [], []

    def get(self, token: str) -> np.ndarray:
        return self.arrays.get(token, _EMPTY)


_EMPTY = np.zeros(0, dtype=np.int32)


class MarkIndex:
    """Keys and postings of a set of marks (see the module docstring)."""

    def __init__(self, entries: Iterable[MarkEntry]) -> None:
        self.version = INDEX_VERSION
        self.entries: list[MarkEntry] = []
        self.keys: list[MarkKeys | None] = []
        self.by_norm: dict[str, list[int]] = {}
        self.by_phonetic: dict[str, list[int]] = {}
        # consonant skeletons: of every mark, and of the marks in abjad scripts (Hebrew, Arabic)
        self.by_skeleton: dict[str, list[int]] = {}
        self.abjad_skeleton: dict[str, list[int]] = {}
        self.trigrams = _Postings()
        self.owner_words = _Postings()
        self.goods_words = _Postings()
        offices: dict[str, int] = {}
        statuses: dict[str, int] = {}
        masks, office_ids, status_ids = [], [], []
        days: dict[str, list[int]] = {name: [] for name in DATE_FIELDS}
        for i, entry in enumerate(entries):
            keys = try_keys(entry.mark)
            self.entries.append(entry)
            self.keys.append(keys)
            if keys is not None:
                self.by_norm.setdefault(keys.norm, []).append(i)
                if keys.phonetic:
                    self.by_phonetic.setdefault(keys.phonetic.replace(" ", ""), []).append(i)
                self.trigrams.add(trigrams(keys.latin) if keys.latin else (), i)
                bones = skeleton(keys.latin)
                if len(bones) >= 2:
                    self.by_skeleton.setdefault(bones, []).append(i)
                    if ABJAD.search(keys.norm):
                        self.abjad_skeleton.setdefault(bones, []).append(i)
            names = [*(entry.owners or ([entry.owner] if entry.owner else [])), *entry.owner_aliases]
            self.owner_words.add_text(" ".join(names), i)
            if entry.goods:
                self.goods_words.add_text(entry.goods, i)
            masks.append(class_mask(entry.classes))
            office_ids.append(offices.setdefault(entry.office, len(offices)))
            status_ids.append(statuses.setdefault((entry.status or "").casefold(), len(statuses)))
            for name, attr in DATE_FIELDS.items():
                when = getattr(entry, attr)
                days[name].append(when.toordinal() if when else 0)
        self.trigrams.freeze()
        self.owner_words.freeze()
        self.goods_words.freeze()
        self.offices = offices
        self.statuses = statuses
        self.class_masks = np.asarray(masks, dtype=np.int64)
        self.office_ids = np.asarray(office_ids, dtype=np.int16)
        self.status_ids = np.asarray(status_ids, dtype=np.int32)
        # day numbers (date.toordinal, 0 = unknown) of each date a search filters on
        self.dates = {name: np.asarray(v, dtype=np.int32) for name, v in days.items()}
        self.filed = self.dates["filed"]
        self.sorted_norms = sorted((k.norm, i) for i, k in enumerate(self.keys) if k is not None)
        self._norm_list = [n for n, _ in self.sorted_norms]
        self.by_number = {e.number: i for i, e in enumerate(self.entries)}

    def __len__(self) -> int:
        return len(self.entries)

    # --- candidate doors ------------------------------------------------------------------------
    def prefixed(self, norm: str, cap: int) -> list[int]:
        start = bisect.bisect_left(self._norm_list, norm)
        out = []
        for j in range(start, min(start + cap, len(self._norm_list))):
            if not self._norm_list[j].startswith(norm):
                break
            out.append(self.sorted_norms[j][1])
        return out

    def trigram_candidates(self, latin: str, cap: int, allowed: np.ndarray | None) -> np.ndarray:
        grams = trigrams(latin)
        lists = [self.trigrams.get(g) for g in grams]
        lists = [a for a in lists if len(a)]
        if not lists:
            return _EMPTY
        hits = np.concatenate(lists)
        counts = np.bincount(hits, minlength=0)
        ids = np.flatnonzero(counts)
        shared = counts[ids]
        if allowed is not None:
            keep = allowed[ids]
            ids, shared = ids[keep], shared[keep]
        # at least a third of the query's trigrams (one for very short queries)
        floor = max(1, len(grams) // 3)
        good = shared >= floor
        ids, shared = ids[good], shared[good]
        if len(ids) > cap:
            top = np.argpartition(-shared, cap)[:cap]
            ids = ids[top]
        return ids.astype(np.int32)

    def words(self, postings: _Postings, text: str) -> np.ndarray | None:
        """Entries having every word (3+ letters) of ``text``; None when it has no such word."""
        folded = fold(text)
        words = set(_WORDS.findall(folded)) | {
            w for w in re.findall(r"[^\W_]{2,}", folded) if _UNSPACED.search(w)
        }
        if not words:
            return None
        result: np.ndarray | None = None
        for word in words:
            if _UNSPACED.search(word):
                ids = np.asarray(sorted(i for i, t in postings.unspaced.items() if word in t), dtype=np.int32)
            else:
                ids = postings.get(word)
            result = ids if result is None else np.intersect1d(result, ids, assume_unique=True)
        return result if result is not None else _EMPTY

    def allowed(self, where: MarkFilter) -> np.ndarray | None:
        """Boolean array of the entries passing the filter; None when it filters nothing."""
        conds = []
        if where.classes:
            conds.append((self.class_masks & class_mask(where.classes)) != 0)
        if where.offices:
            ids = [self.offices[o] for o in where.offices if o in self.offices]
            conds.append(np.isin(self.office_ids, np.asarray(ids, dtype=np.int16)))
        if where.status:
            wanted = where.status.casefold()
            ids = [v for k, v in self.statuses.items() if wanted in k]
            conds.append(np.isin(self.status_ids, np.asarray(ids, dtype=np.int32)))
        days = self.dates[where.date_field]
        if where.date_from:
            conds.append(days >= where.date_from.toordinal())
        if where.date_to:
            conds.append((days > 0) & (days <= where.date_to.toordinal()))
        for words, postings in ((where.owner, self.owner_words), (where.goods, self.goods_words)):
            having = self.words(postings, words) if words else None
            if having is not None:
                keep = np.zeros(len(self), dtype=bool)
                keep[having] = True
                conds.append(keep)
        if not conds:
            return None
        out = conds[0]
        for c in conds[1:]:
            out = out & c
        return out
