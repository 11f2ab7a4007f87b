"""Proximity the index's positions cannot answer, checked on the stored text.

``prox/ordered`` (any distance, in order), ``prox`` (any distance, one field value),
``prox/distance<n/ordered`` and ``prox/unit=sentence|paragraph``: tantivy's sloppy phrases allow
transpositions and run across sentence and value boundaries, so the documents that have every word
are read back and checked here. A field value (a title, an abstract, one claim, a description, a
name) is one paragraph; sentences end at ``.``, ``!``, ``?`` or ``;`` followed by a space, or at a
line break. Between ``a`` and ``b`` of ``a prox/distance<n b`` fewer than ``n`` words stand.

>>> holds(["mouse", "trap"], "a trap for a mouse. The mouse ran", distance=None, ordered=True, unit=None)
False
>>> holds(["mouse", "trap"], "the mouse trap", distance=1, ordered=True, unit=None)
True
>>> holds(["mouse", "trap"], "a mouse. A trap", distance=None, ordered=False, unit="sentence")
False
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from iprhub.search.analysis import NAME_TOKENIZER, TEXT_TOKENIZER, analyze
from iprhub.search.query_language import Prox

MAX_CANDIDATES = 5000  # documents read back for one proximity; beyond, the result says it was cut
_SENTENCE_END = re.compile(r"(?<=[.!?;。！？；])\s+|\n+")
_NAME_FIELDS = {"pa", "in", "ag"}


def holds(words: list[str], text: str, *, distance: int | None, ordered: bool, unit: str | None,
          tokenizer: str = TEXT_TOKENIZER) -> bool:
    """Whether ``words`` (each a word or phrase) stand in ``text`` as the proximity asks."""
    units = [u for u in _SENTENCE_END.split(text) if u.strip()] if unit == "sentence" else [text]
    groups = [analyze(w, tokenizer) for w in words]
    for part in units:
        tokens = analyze(part, tokenizer)
        spans = [_occurrences(tokens, g) for g in groups]
        if all(spans) and _chain(spans, distance, ordered):
            return True
    return False


def _occurrences(tokens: list[str], group: list[str]) -> list[tuple[int, int]]:
    n = len(group)
    if not n:
        return []
    return [(i, i + n - 1) for i in range(len(tokens) - n + 1) if tokens[i:i + n] == group]


def _chain(spans: list[list[tuple[int, int]]], distance: int | None, ordered: bool) -> bool:
    """Each word near the next one (a chain ``a prox b prox c`` holds pairwise, left to right)."""
    current = spans[0]
    for nxt in spans[1:]:
        reached = []
        for s2, e2 in nxt:
            for s1, e1 in current:
                if ordered or s2 > e1:
                    between = s2 - e1 - 1
                else:
                    between = s1 - e2 - 1
                if between < 0 or (distance is not None and between >= distance):
                    continue
                reached.append((s2, e2))
                break
        if not reached:
            return False
        current = reached
    return True


def field_values(doc: Any, target: str) -> list[str]:
    """The values of one index field of a stored document, each one paragraph."""
    if target == "ti":
        return [t.text for t in doc.titles if t.text]
    if target == "ab":
        return [t.text for t in doc.abstracts if t.text]
    if target == "cl":
        return [c.text for cs in doc.claims for c in cs.claims if c.text]
    if target == "desc":
        return [t.text for t in doc.descriptions if t.text]
    roles = {"pa": ("applicant", "assignee", "owner"), "in": ("inventor",), "ag": ("agent",)}[target]
    return [p.name for p in doc.parties if p.role in roles]


def prox_uids(node: Prox, targets: list[str], candidates: Any, expander: Any,
              documents: Callable[[list[str]], list[Any]]) -> list[int]:
    """Keys of the candidate documents where ``node`` holds in one of ``targets``."""
    from iprhub.search.lexical_index import uid_of

    searcher = expander.searcher
    found = searcher.search(candidates, limit=MAX_CANDIDATES + 1, count=False).hits
    if len(found) > MAX_CANDIDATES:
        expander.notes.append(f"{node.render()}: more than {MAX_CANDIDATES:,} documents have these words; the "
                              f"proximity was checked in the {MAX_CANDIDATES:,} best matching")
        found = found[:MAX_CANDIDATES]
    pubs = [searcher.doc(addr).get_first("pub") for _score, addr in found]
    out: list[int] = []
    for i in range(0, len(pubs), 500):
        expander.deadline.check("proximity")
        for doc in documents(pubs[i:i + 500]):
            for target in targets:
                tokenizer = NAME_TOKENIZER if target in _NAME_FIELDS else TEXT_TOKENIZER
                if any(holds(node.words, value, distance=node.distance, ordered=node.ordered, unit=node.unit,
                             tokenizer=tokenizer) for value in field_values(doc, target)):
                    out.append(uid_of(doc.pub_number))
                    break
    return out
