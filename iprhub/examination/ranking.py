"""Prior-art support per claim: order candidate documents for one claim and point, for each, at the
passages that match the claim and each of its elements.

A claim is taken with the claims it depends on (its whole scope). Passages are the numbered paragraphs
of a specification (``[0009]``), else windows of about 60 words of the description, plus the abstract and
claims. A passage is ranked by reciprocal-rank fusion of BM25 over claim words and the cosine of the
multilingual encoder (the fusion the search service uses for hybrid search), so words and meaning both
count; each claim element points at its nearest passage by the encoder. Candidates are ordered by how
well their passages cover the claim's elements (mean of each element's best cosine).
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from iprhub.errors import InvalidInput
from iprhub.examination.claims_text import ClaimText, elements, full_text, words
from iprhub.examination.model import ElementMatch, Passage, RankedCandidate, RankResult

RRF_K = 60
METHOD = "RRF(BM25, multilingual cosine) over passages; candidates by mean best element cosine"


@dataclass
class Candidate:
    name: str
    title: str | None
    passages: list[tuple[str, str]]  # (key, text)


def paragraphs(text: str) -> list[tuple[str, str]]:
    """``[0001] …`` paragraphs, else windows of about 60 words (keys ``w1``, ``w2`` …)."""
    parts = re.split(r"\[(\d{4})\]", text or "")
    if len(parts) > 2:
        return [(str(int(parts[i])), parts[i + 1].strip()) for i in range(1, len(parts) - 1, 2) if parts[i + 1].strip()]
    sentences = re.split(r"(?<=[.!?。])\s+", (text or "").strip())
    out: list[tuple[str, str]] = []
    buf: list[str] = []
    for s in sentences:
        buf.append(s)
        if sum(len(x.split()) for x in buf) >= 60:
            out.append((f"w{len(out) + 1}", " ".join(buf)))
            buf = []
    if buf:
        out.append((f"w{len(out) + 1}", " ".join(buf)))
    return out


def split_inline_claims(text: str) -> dict[int, str]:
    """Claims numbered inline (``1. A … 2. The … of Claim 1 …``), as PANORAMA keeps them."""
    parts = re.split(r"(?:^|\s)(\d{1,3})\s*\.\s+(?=[A-Z])", text)
    out: dict[int, str] = {}
    for i in range(1, len(parts) - 1, 2):
        out.setdefault(int(parts[i]), parts[i + 1].strip())
    return out


def claim_scope(claims: dict[int, str], num: int) -> str:
    """Claim ``num`` with the claims it depends on."""
    if num not in claims:
        raise InvalidInput(f"no claim {num}", field="claim", position=str(num))
    items = {n: ClaimText(num=n, text=f"{n}. {t}", depends_on=[int(m) for m in re.findall(r"[Cc]laim (\d+)", t[:120])
                                                              if int(m) < n][:1]) for n, t in claims.items()}
    return full_text(items[num], items)


def bm25(query: Counter[str], docs: list[Counter[str]]) -> np.ndarray:
    n = len(docs)
    avg = sum(sum(d.values()) for d in docs) / max(1, n)
    df = Counter(w for d in docs for w in d)
    out = np.zeros(n)
    for i, d in enumerate(docs):
        length = sum(d.values())
        for w in query:
            tf = d.get(w, 0)
            if tf:
                idf = math.log(1 + (n - df[w] + 0.5) / (df[w] + 0.5))
                out[i] += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length / max(avg, 1)))
    return out


def _rrf(scores: np.ndarray) -> np.ndarray:
    ranks = np.empty(len(scores))
    ranks[np.argsort(-scores, kind="stable")] = np.arange(len(scores))
    return 1.0 / (RRF_K + ranks)


def rank_passages(claim: str, cand: Candidate, encode: Any, top: int = 3) -> RankedCandidate:
    els = elements(claim)
    texts = [t for _, t in cand.passages]
    if not texts:
        return RankedCandidate(candidate=cand.name, title=cand.title, score=0.0, passages=[], elements=[])
    vecs = encode([claim, *els, *texts])
    vc, ve, vp = vecs[0], vecs[1:1 + len(els)], vecs[1 + len(els):]
    cos = vp @ vc
    lexical = bm25(words(claim), [words(t) for t in texts])
    fused = _rrf(lexical) + _rrf(cos)
    sims = ve @ vp.T  # element x passage
    best_for_el = sims.argmax(1)
    order = np.argsort(-fused, kind="stable")[:top]
    passages = [Passage(key=cand.passages[i][0], text=texts[i], score=round(float(fused[i]), 6),
                        elements=[e + 1 for e in range(len(els)) if best_for_el[e] == i]) for i in order]
    el_matches = [ElementMatch(element=e + 1, text=els[e], passage=cand.passages[int(best_for_el[e])][0],
                               score=round(float(sims[e, best_for_el[e]]), 4)) for e in range(len(els))]
    return RankedCandidate(candidate=cand.name, title=cand.title, score=round(float(sims.max(1).mean()), 4),
                           passages=passages, elements=el_matches)


def candidate_from_file(path: Path) -> Candidate:
    """A PANORAMA-style JSON candidate: a PI4PC item (``prior_art_specification``), a specification
    object (``specification``/``abstract``/``claims``) or a parsed_SPEC file (``items`` of ``key``/``content``)."""
    try:
        raw = path.read_bytes()
        data = json.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"cannot read the candidate file: {exc}", file=str(path), field="candidate-file") from exc
    spec = data.get("prior_art_specification", data) if isinstance(data, dict) else None
    if not isinstance(spec, dict):
        raise InvalidInput("not a PANORAMA candidate (a JSON object is expected)", file=str(path))
    if "items" in spec:
        passages = [(str(i.get("key")), str(i.get("content", ""))) for i in spec["items"]]
    elif "specification" in spec:
        passages = paragraphs(spec["specification"])
    else:
        raise InvalidInput("not a PANORAMA candidate: no specification or items", file=str(path),
                           field="prior_art_specification")
    if spec.get("abstract"):
        passages.append(("abstract", spec["abstract"]))
    name = str(spec.get("patent_id") or spec.get("id") or path.name)
    return Candidate(name=name if not name.isdigit() else "US" + name, title=spec.get("title"), passages=passages)


def candidate_from_document(doc: Any) -> Candidate:
    passages: list[tuple[str, str]] = []
    for d in doc.descriptions[:1]:
        passages += paragraphs(d.text)
    passages += [("abstract", a.text) for a in doc.abstracts[:1]]
    if doc.claims:
        passages += [(f"claim {c.num}", c.text) for c in doc.claims[0].claims]
    return Candidate(name=doc.pub_number, title=doc.titles[0].text if doc.titles else None, passages=passages)


def rank(service: Any, *, claim: str | None, claim_of: str | None, candidates: list[str],
         candidate_files: list[Path], top: int) -> RankResult:
    hub = service.hub
    if bool(claim) == bool(claim_of):
        raise InvalidInput("give the claim as --claim TEXT or --claim-of NUMBER:N (one of them)", field="claim")
    if claim_of:
        number, _, n = claim_of.rpartition(":")
        if not number or not n.isdigit():
            raise InvalidInput(f"--claim-of {claim_of!r}: expected NUMBER:N, e.g. US6837220B2:1", field="claim-of")
        doc = hub.document(number)
        if not doc.claims:
            raise InvalidInput(f"{doc.pub_number} has no claims in the store", field="claim-of", record=doc.pub_number)
        text = claim_scope({c.num: re.sub(r"^\s*\d+\s*\.\s*", "", c.text) for c in doc.claims[0].claims}, int(n))
    else:
        text = claim or ""
    if not candidates and not candidate_files:
        raise InvalidInput("no candidates: give --candidates NUMBER,… or --candidate-file FILE", field="candidates")
    cands = [candidate_from_document(hub.document(c)) for c in candidates]
    cands += [candidate_from_file(p) for p in candidate_files]
    ranked = sorted((rank_passages(text, c, service.encode, top) for c in cands), key=lambda r: -r.score)
    return RankResult(claim=text, elements=elements(text), candidates=ranked, method=METHOD)
