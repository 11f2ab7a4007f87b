"""Wildcards (Espacenet's ``*`` any run of characters, ``?`` zero or one character, ``#`` exactly one
character), expanded against the index's words.

A wildcard becomes the set of index words it matches, read off tantivy's term dictionary from its
literal prefix and bounded: at most ``wildcard_max_terms`` words per field (the most frequent are
kept, and the result says so) and ``wildcard_max_total`` for the whole query (beyond that the query
is refused). tantivy's own regex query has no such bound: 330 ``*e*`` took 13 s and 360 MB.

Patterns compile to Python regexes whose ``*`` segments are atomic, so matching a word costs time
linear in its length: ``.*a.*a.*a.*b`` needed 70 s for one 300-letter word, the atomic form 30 µs.

>>> glob_regex("ba*er?").fullmatch("batters") is not None
True
>>> [bool(glob_regex("colo?r").fullmatch(w)) for w in ("color", "colour", "colouur")]
[True, True, False]
>>> [bool(glob_regex("ann#").fullmatch(w)) for w in ("ann", "anna")]
[False, True]
>>> glob_regex("*a*a*a*b").fullmatch("a" * 300) is None
True
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from iprhub.errors import InvalidInput
from iprhub.limits import NO_LIMIT, Deadline
from iprhub.search.query_limits import DEFAULT_LIMITS, QueryLimits


def fold(text: str) -> str:
    """Lower-case and strip accents, as the index's text analyzer does."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


class _AnyOf:
    """Several regexes, one match enough (the variants of a pattern with ``?``)."""

    def __init__(self, regexes: list[re.Pattern[str]]) -> None:
        self.regexes = regexes

    @property
    def pattern(self) -> str:
        return "|".join(f"(?:{r.pattern})" for r in self.regexes)

    def fullmatch(self, word: str) -> re.Match[str] | None:
        for regex in self.regexes:
            m = regex.fullmatch(word)
            if m:
                return m
        return None


MAX_OPTIONAL = 6  # ``?`` per word: each doubles the variants matched


def glob_regex(pattern: str) -> _AnyOf:
    """A matcher for ``fullmatch`` equivalent to the glob ``pattern``, without catastrophic backtracking.

    ``?`` (zero or one character) becomes variants without it and with ``#`` (one character), so
    every variant has fixed-length segments between its ``*``: the first match of each middle
    segment is then as good as any later one (a later ``*`` can take up what lies between), so
    each is found lazily inside an atomic group and never revisited.
    """
    variants = [""]
    optional = 0
    for c in pattern:
        if c == "?":
            optional += 1
            variants = [v + x for v in variants for x in ("", "#")] if optional <= MAX_OPTIONAL else \
                [v + "#" for v in variants]
        else:
            variants = [v + c for v in variants]
    return _AnyOf([_fixed_glob(v) for v in dict.fromkeys(variants)])


def _fixed_glob(pattern: str) -> re.Pattern[str]:
    def literal(segment: str) -> str:
        return "".join("." if c == "#" else re.escape(c) for c in segment)

    segments = pattern.split("*")
    if len(segments) == 1:
        return re.compile(literal(pattern), re.DOTALL)
    middle = "".join(f"(?>.*?{literal(s)})" for s in segments[1:-1] if s)
    return re.compile(literal(segments[0]) + middle + ".*" + literal(segments[-1]), re.DOTALL)


class WildcardExpander:
    """The index words of each wildcard of one query, within the limits and the deadline."""

    def __init__(self, searcher: Any, limits: QueryLimits = DEFAULT_LIMITS, deadline: Deadline = NO_LIMIT) -> None:
        self.searcher = searcher
        self.limits = limits
        self.deadline = deadline
        self.total = 0
        self.notes: list[str] = []  # wildcards cut to their most frequent words
        self._done: dict[tuple[str, str], list[str]] = {}
        self._vocabulary: dict[str, list[str]] = {}  # field -> every word, for wildcards that lead

    @property
    def partial(self) -> bool:
        return bool(self.notes)

    def expand(self, field: str, pattern: str, *, shown: str, label: str, position: int) -> list[str]:
        """Words of ``field`` matching ``pattern`` (already normalised as the field's terms are)."""
        key = (field, pattern)
        if key in self._done:
            return self._done[key]
        self.deadline.check("wildcard expansion")
        prefix = re.split(r"[*?#]", pattern, maxsplit=1)[0]
        regex = glob_regex(pattern)
        # sorted by document frequency, most frequent first
        if prefix:
            words = [w for w, _n in self.searcher.terms_with_prefix(field, prefix) if regex.fullmatch(w)]
        else:  # the whole word list: read once per field and query
            if field not in self._vocabulary:
                self._vocabulary[field] = [w for w, _n in self.searcher.terms_with_prefix(field, "")]
                self.deadline.check("wildcard expansion")
            words = [w for w in self._vocabulary[field] if regex.fullmatch(w)]
        self.deadline.check("wildcard expansion")
        cap = self.limits.wildcard_max_terms
        if len(words) > cap:
            self.notes.append(f"wildcard {shown!r} matches {len(words):,} words in the {label}; "
                              f"the {cap:,} most frequent were searched")
            words = words[:cap]
        self.total += len(words)
        if self.total > self.limits.wildcard_max_total:
            raise InvalidInput(f"the wildcards of this query stand for more than {self.limits.wildcard_max_total:,} "
                               f"words of the index; use longer stems (wildcard {shown!r} at column {position + 1})",
                               position=position, field="query")
        self._done[key] = words
        return words
