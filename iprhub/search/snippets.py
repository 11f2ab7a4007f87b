"""Highlighted snippets: find the query's words in the stored text and cut the best passage.

Western words match by stem (the index's analyzer), wildcards by pattern, CJK terms as literal
character sequences, so Chinese and Japanese hits are highlighted as well.

>>> m = Matcher.from_terms(["batteries"], [])
>>> snippet_for("ab", "A charged battery pack.", m).marked()
'A charged «battery» pack.'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from iprhub.search.analysis import CJK_RUN, TEXT_TOKENIZER, analyze, has_cjk
from iprhub.search.results import Snippet
from iprhub.search.wildcards import glob_regex

_WORD = re.compile(r"[^\W_\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+")
WINDOW = 220


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    tokens = analyze(word, TEXT_TOKENIZER)
    return tokens[0] if tokens else word.lower()


@dataclass
class Matcher:
    stems: set[str] = field(default_factory=set)
    patterns: list[Any] = field(default_factory=list)  # wildcards.glob_regex matchers
    literals: list[str] = field(default_factory=list)  # CJK sequences

    @classmethod
    def from_terms(cls, words: list[str], wildcards: list[str]) -> Matcher:
        m = cls()
        for w in words:
            for run in CJK_RUN.findall(w):
                m.literals.append(run)
            for tok in _WORD.findall(w):
                m.stems.add(_stem(tok))
        for w in wildcards:  # atomic segments: a word costs time linear in its length
            m.patterns.append(glob_regex(w.lower()))
        m.literals.sort(key=len, reverse=True)
        return m

    def __bool__(self) -> bool:
        return bool(self.stems or self.patterns or self.literals)

    @property
    def _candidates(self) -> re.Pattern[str] | None:
        """Words that may stem to a query stem: they start with the stem less its last letters
        (``batteri`` <- battery/batteries). Only these are stemmed, so long texts scan in C."""
        if self.patterns:
            return None  # wildcards can match anything: check every word
        cached = self.__dict__.get("_candidate_re")
        if cached is None and self.stems:
            prefixes = sorted({st[: max(2, len(st) - 2)] for st in self.stems}, key=len, reverse=True)
            cached = re.compile(r"(?<![^\W_])(?:" + "|".join(map(re.escape, prefixes)) + r")[^\W_]*",
                                re.IGNORECASE)
            self.__dict__["_candidate_re"] = cached
        return cached

    @property
    def _pattern(self) -> re.Pattern[str] | None:
        """The wildcards as one regex: one match call per word, however many wildcards."""
        if not self.patterns:
            return None
        if "_pattern_re" not in self.__dict__:
            self.__dict__["_pattern_re"] = re.compile("|".join(f"(?:{p.pattern})" for p in self.patterns), re.DOTALL)
        return self.__dict__["_pattern_re"]

    def spans(self, text: str) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        if self.stems or self.patterns:
            pattern = self._pattern
            candidates = self._candidates
            words = candidates.finditer(text) if candidates is not None else _WORD.finditer(text)
            for m in words:
                word = m.group(0)
                if candidates is not None and not _WORD.fullmatch(word):
                    continue
                low = word.lower()
                if (self.stems and _stem(low) in self.stems) or (pattern is not None and pattern.fullmatch(low)):
                    found.append((m.start(), m.end()))
        if self.literals and has_cjk(text):
            for lit in self.literals:
                start = text.find(lit)
                while start >= 0:
                    found.append((start, start + len(lit)))
                    start = text.find(lit, start + len(lit))
        return _merge(found)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


def snippet_for(name: str, text: str, matcher: Matcher, window: int = WINDOW) -> Snippet | None:
    """The passage of ``text`` with the most matches (whole text when short); None without match."""
    spans = matcher.spans(text)
    if not spans:
        return None
    if len(text) <= window:
        return Snippet(name, text, spans)
    best_start, best_count = 0, -1
    j = 0
    for i, (s, _e) in enumerate(spans):
        while j < len(spans) and spans[j][1] <= s + window:
            j += 1
        if j - i > best_count:
            best_start, best_count = s, j - i
    start = max(0, best_start - window // 4)
    # begin at a word boundary
    if start > 0:
        space = text.rfind(" ", max(0, start - 20), start)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + window)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    inside = [(s + shift, e + shift) for s, e in spans if s >= start and e <= end]
    return Snippet(name, prefix + text[start:end] + suffix, inside)


def snippets(display: dict, matcher: Matcher, *, limit: int = 3) -> list[Snippet]:
    """Snippets for a hit: the title when it matches, then the best passages of the other fields."""
    out: list[Snippet] = []
    if matcher:
        for name in ("ti", "ab", "cl", "desc"):
            best: Snippet | None = None
            for _lang, text in display.get(name) or []:
                snip = snippet_for(name, text, matcher)
                if snip and (best is None or len(snip.highlights) > len(best.highlights)):
                    best = snip
            if best:
                out.append(best)
            if len(out) >= limit:
                break
    if not out:  # semantic hits or filters only: show the start of the abstract
        for name in ("ab", "cl", "desc"):
            values = display.get(name) or []
            if values and values[0][1]:
                text = values[0][1]
                out.append(Snippet(name, text[:WINDOW] + ("…" if len(text) > WINDOW else "")))
                break
    return out
