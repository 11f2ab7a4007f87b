"""The text of a patent document as near-duplicate screening sees it: sections, words, shingles.

Why these choices:
- reference numerals and measured values change between a copy and its original ("changed numbers"
  is the cheapest disguise), so pure numbers are dropped before shingling;
- CJK text has no spaces: each run of CJK characters becomes overlapping character bigrams, which is
  what a CJK search engine indexes too, and works for Chinese, Japanese kanji and Korean alike;
- shingles are word 3-grams: long enough that two unrelated documents share few, short enough that a
  synonym or a reordered claim only breaks the three shingles around it.

>>> words("The 1st rotor (12) turns 30°; 电池组")
['the', '1st', 'rotor', 'turns', '电池', '池组']
>>> sorted(shingles(["a", "b", "c", "d"], 3))
['a b c', 'b c d']
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
_SENTENCE = re.compile(r"(?<=[.;:!?。；！？])\s+|\n+")


def _cjk_bigrams(run: str) -> list[str]:
    return [run] if len(run) < 2 else [run[i:i + 2] for i in range(len(run) - 1)]


def words(text: str) -> list[str]:
    """Lower-cased NFKC words, pure numbers dropped, CJK runs as character bigrams."""
    tokens = _TOKEN.findall(unicodedata.normalize("NFKC", text or "").lower())
    if not _CJK.search(text or ""):  # the common case, 5x faster than looking into every token
        return [t for t in tokens if not t.isdigit()]
    out: list[str] = []
    for tok in tokens:
        if tok.isdigit():
            continue
        pos = 0
        for m in _CJK.finditer(tok):
            if m.start() > pos:
                out.append(tok[pos:m.start()])
            out.extend(_cjk_bigrams(m.group(0)))
            pos = m.end()
        if pos < len(tok):
            rest = tok[pos:]
            if not rest.isdigit():
                out.append(rest)
    return out


def shingles(tokens: list[str], k: int = 3) -> set[str]:
    if len(tokens) < k:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i:i + k]) for i in range(len(tokens) - k + 1)}


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text or "") if s and s.strip()]


# a copy shows in its opening pages: screening reads the first ~6,000 words of a description
DESCRIPTION_CHARS = 40_000


@dataclass(frozen=True)
class DocumentText:
    """The screened text of one document: its claims, abstract and description (first language
    of each), and the languages they are in."""

    key: str
    claims: str
    abstract: str
    description: str

    @property
    def full(self) -> str:
        return "\n".join(t for t in (self.claims, self.abstract, self.description) if t)

    def section(self, name: str) -> str:
        return {"claims": self.claims, "abstract": self.abstract, "description": self.description}[name]


def document_text(doc: Any, key: str | None = None) -> DocumentText:
    """Claims (every claim of the first claim set, in order), abstract and description of a
    :class:`~iprhub.model.patent.PatentDocument`: one language each, the document's own first."""
    claims = ""
    if doc.claims:
        chosen = next((cs for cs in doc.claims if cs.lang == doc.lang), doc.claims[0])
        claims = "\n".join(c.text for c in chosen.claims)
    abstract = (doc.abstract(doc.lang) or "") if doc.abstracts else ""
    description = ""
    if doc.descriptions:
        chosen_d = next((d for d in doc.descriptions if d.lang == doc.lang), doc.descriptions[0])
        description = chosen_d.text[:DESCRIPTION_CHARS]
    return DocumentText(key or doc.pub_number, claims, abstract, description)
