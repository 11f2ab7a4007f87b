"""A small bilingual lexicon: words and brand names that mean the same across languages.

Each concept lists its spellings (``data/lexicon.json``): common words used as marks (APPLE = 苹果
= 蘋果 = 사과) and the Chinese names under which foreign brands are known (New Balance = 新百伦),
which is what a squatter copies. A mark means a concept when its whole normalised form, or one of its
Latin words, is one of the spellings.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from iprhub.trademarks.marktext import MarkKeys, fold

LEXICON = Path(__file__).with_name("data") / "lexicon.json"


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    raw = json.loads(LEXICON.read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for concept, spellings in raw["concepts"].items():
        for spelling in [concept, *spellings]:
            key = "".join(ch for ch in fold(spelling) if ch.isalnum())
            out.setdefault(key, concept)
    return out


def covered(keys: MarkKeys) -> bool:
    """The whole mark is one spelling, or every Latin word of it is one."""
    index = _index()
    return keys.norm in index or (not keys.han and bool(keys.tokens) and all(t in index for t in keys.tokens))


def concepts(keys: MarkKeys) -> frozenset[str]:
    index = _index()
    found = set()
    if keys.norm in index:
        found.add(index[keys.norm])
    for token in keys.tokens:
        if not keys.han and len(token) >= 3 and token in index:
            found.add(index[token])
    # a Chinese mark with a concept inside it (苹果手机): the longest spelling found wins
    if keys.han and not found:
        for size in range(min(len(keys.norm), 8), 1, -1):
            for i in range(len(keys.norm) - size + 1):
                part = keys.norm[i:i + size]
                if part in index:
                    found.add(index[part])
            if found:
                break
    return frozenset(found)


@lru_cache(maxsize=1)
def _spellings() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for key, concept in _index().items():
        out.setdefault(concept, []).append(key)
    return {c: tuple(v) for c, v in out.items()}


def spellings_of(keys: MarkKeys) -> list[str]:
    """Normalised spellings of the concepts a mark means, other than its own (search finds them too)."""
    table = _spellings()
    return [s for c in sorted(concepts(keys)) for s in table.get(c, ()) if s != keys.norm]
