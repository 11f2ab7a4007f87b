"""Measured edits of real documents, planted among the real store to measure the near-duplicate
detector without labels of our own making: each copy says which document it came from, which edit
made it and how much of the original's words it keeps.

Edits (each deterministic for a seed):
- ``reordered-claims``: the claims in another order (every word kept);
- ``numbers``: every number changed (reference numerals, values);
- ``synonyms-N``: N % of the words replaced: words of a patent-drafting synonym table first, then
  other words of the corpus's vocabulary drawn at random;
- ``dropped-sentences-N``: N % of the sentences removed (patchwork of a longer original);
- ``translated-claims``: the claims replaced by the document's own claims in another language (real
  translations: EP grants carry English, German and French claims);
- ``combined``: reordered claims + numbers + 10 % synonyms.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any

from iprhub.quality.text import DocumentText, sentences, words

# patent drafting's own synonyms: the words a re-filer swaps first
SYNONYMS = {
    "comprising": "including", "comprises": "includes", "comprise": "include", "wherein": "whereby",
    "plurality": "multitude", "configured": "adapted", "device": "apparatus", "method": "process",
    "means": "mechanism", "member": "element", "portion": "part", "section": "segment", "disposed": "arranged",
    "coupled": "connected", "attached": "fixed", "first": "primary", "second": "secondary", "body": "housing",
    "unit": "module", "signal": "indication", "control": "regulation", "provided": "supplied",
    "substantially": "essentially", "said": "the", "having": "with", "such": "this", "plate": "panel",
    "surface": "face", "end": "extremity", "layer": "film", "shaft": "axle", "opening": "aperture",
    "receive": "accept", "receiving": "accepting", "data": "information", "circuit": "circuitry",
    "housing": "casing", "side": "flank", "wall": "partition", "position": "location", "system": "arrangement",
    "formed": "shaped", "extending": "protruding", "connected": "joined", "includes": "contains",
    "embodiment": "example", "invention": "disclosure", "figure": "drawing", "view": "illustration",
}
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class PlantedCopy:
    text: DocumentText  # key: PLANTED/<edit>/<original>
    original: str
    edit: str
    kept: float  # share of the original's words the copy keeps unchanged


def _replace_words(text: str, rate: float, vocab: list[str], rng: random.Random) -> tuple[str, int, int]:
    tokens = re.split(r"(\W+)", text)
    word_idx = [i for i, t in enumerate(tokens) if t and t[0].isalpha()]
    if not word_idx:
        return text, 0, 0
    target = round(rate * len(word_idx))
    table_idx = [i for i in word_idx if tokens[i].lower() in SYNONYMS]
    rng.shuffle(table_idx)
    chosen = table_idx[:target]
    rest = [i for i in word_idx if tokens[i].lower() not in SYNONYMS]
    rng.shuffle(rest)
    chosen += rest[:max(0, target - len(chosen))]
    for i in chosen:
        low = tokens[i].lower()
        tokens[i] = SYNONYMS.get(low) or rng.choice(vocab)
    return "".join(tokens), len(chosen), len(word_idx)


def _other_language_claims(doc: Any) -> str | None:
    if len(doc.claims) < 2:
        return None
    own = next((cs for cs in doc.claims if cs.lang == doc.lang), doc.claims[0])
    other = next((cs for cs in doc.claims if cs is not own and cs.lang != own.lang), None)
    return "\n".join(c.text for c in other.claims) if other else None


def plant(doc: Any, text: DocumentText, edit: str, rng: random.Random, vocab: list[str]) -> PlantedCopy | None:
    """One edited copy of ``doc`` (None when the edit does not apply, e.g. no second claim language)."""
    total = len(words(text.full)) or 1
    claims, abstract, description = text.claims, text.abstract, text.description
    changed = 0
    if edit in ("reordered-claims", "combined"):
        parts = claims.split("\n")
        if len(parts) < 2 and edit == "reordered-claims":
            return None
        rng.shuffle(parts)
        claims = "\n".join(parts)
    if edit in ("numbers", "combined"):
        def bump(m: re.Match[str]) -> str:
            return str(int(m.group(0)) + rng.randint(1, 9))
        claims, abstract, description = (_NUMBER.sub(bump, t) for t in (claims, abstract, description))
    if edit.startswith("synonyms-") or edit == "combined":
        rate = 0.10 if edit == "combined" else int(edit.split("-")[1]) / 100
        out = []
        for t in (claims, abstract, description):
            new, n, _ = _replace_words(t, rate, vocab, rng)
            out.append(new)
            changed += n
        claims, abstract, description = out
    if edit.startswith("dropped-sentences-"):
        rate = int(edit.rsplit("-", 1)[1]) / 100
        out = []
        for t in (claims, abstract, description):
            sents = sentences(t)
            drop = set(rng.sample(range(len(sents)), round(rate * len(sents)))) if sents else set()
            changed += sum(len(words(sents[i])) for i in drop)
            out.append("\n".join(s for i, s in enumerate(sents) if i not in drop))
        claims, abstract, description = out
    if edit == "translated-claims":
        translated = _other_language_claims(doc)
        if translated is None or not claims:
            return None
        changed = len(words(claims))
        claims = translated
    key = f"PLANTED/{edit}/{text.key}"
    return PlantedCopy(DocumentText(key, claims, abstract, description), text.key, edit,
                       round(max(0.0, 1 - changed / total), 4))
