"""The claim-correspondence table of a PPH request: each claim to be filed mapped to the allowed claim it
corresponds to, with a similarity score, the differences and a verdict.

Claims are compared with the claims they depend on (their whole scope). In one language, by words:
*identical* when both have the same words, *narrower* when the filed claim has every word of the allowed
claim and more (an added feature), otherwise *does not correspond* (a broadened or different claim).
Across languages (a Chinese claim against English allowed claims) by meaning: each element of one claim
is matched to its nearest element of the other with the multilingual encoder; the allowed claim whose
elements are best covered is taken, the row is flagged for translation, and the verdict is what the
element coverage supports.
"""

from __future__ import annotations

import difflib
import html
from typing import Any

import numpy as np

from iprhub.examination.claims_text import ClaimText, elements, full_text, words
from iprhub.examination.model import CorrespondenceRow

#: mean best-element similarity above which an allowed claim counts as covered across languages
CROSS_LINGUAL_COVER = 0.70
#: a filed element whose best match stays below this adds a feature
CROSS_LINGUAL_EXTRA = 0.55


def correspondence(filed: list[ClaimText], allowed: list[ClaimText], encode: Any) -> list[CorrespondenceRow]:
    filed_by = {c.num: c for c in filed}
    allowed_by = {c.num: c for c in allowed}
    f_full = {c.num: full_text(c, filed_by) for c in filed}
    a_full = {c.num: full_text(c, allowed_by) for c in allowed}
    f_el = {n: elements(t) for n, t in f_full.items()}
    a_el = {n: elements(t) for n, t in a_full.items()}
    texts = [e for n in f_el for e in f_el[n]] + [e for n in a_el for e in a_el[n]]
    vecs = encode(texts) if texts else np.zeros((0, 1))
    pos = 0
    f_vec: dict[int, np.ndarray] = {}
    a_vec: dict[int, np.ndarray] = {}
    for n in f_el:
        f_vec[n] = vecs[pos:pos + len(f_el[n])]
        pos += len(f_el[n])
    for n in a_el:
        a_vec[n] = vecs[pos:pos + len(a_el[n])]
        pos += len(a_el[n])
    rows = []
    for c in filed:
        rows.append(_row(c, f_full[c.num], f_vec[c.num], allowed, a_full, a_vec))
    return rows


def _row(c: ClaimText, text: str, vec: np.ndarray, allowed: list[ClaimText], a_full: dict[int, str],
         a_vec: dict[int, np.ndarray]) -> CorrespondenceRow:
    cross = any(a.lang != c.lang for a in allowed)
    cw = words(text)
    best: tuple[Any, ...] | None = None
    for a in allowed:
        sims = vec @ a_vec[a.num].T
        cover = float(sims.max(0).mean())  # how well the allowed claim's elements are found in the filed one
        sim = (cover + float(sims.max(1).mean())) / 2
        if cross:
            extra = int((sims.max(1) < CROSS_LINGUAL_EXTRA).sum())
            verdict = ("does not correspond" if cover < CROSS_LINGUAL_COVER else "narrower" if extra else "identical")
            key = (int(cover >= CROSS_LINGUAL_COVER), cover, sim)
        else:
            aw = words(a_full[a.num])
            lacking = aw - cw
            extra_words = cw - aw
            verdict = ("identical" if not lacking and not extra_words else "narrower" if not lacking
                       else "does not correspond")
            overlap = sum((aw & cw).values()) / max(1, sum(aw.values()))
            sim = 1.0 if verdict == "identical" else sim
            key = ({"identical": 2, "narrower": 1}.get(verdict, 0), overlap, sim)
        if best is None or key > best[0]:
            best = (key, a, verdict, sim)
    if best is None:
        return CorrespondenceRow(claim=c.num, text=c.text, depends_on=c.depends_on, similarity=0.0,
                                 verdict="does not correspond", explanation="no allowed claims to compare with")
    _, a, verdict, sim = best
    diff: tuple[str, list[str], list[str]] = ("", [], []) if cross else _diff(a_full[a.num], text)
    diff_html, added, missing = diff
    renumbered = verdict != "does not correspond" and a.num != c.num
    explanation = {
        "identical": "same scope as allowed claim {a}",
        "narrower": "allowed claim {a} further limited by added features",
        "does not correspond": "closest allowed claim is {a}, but the claim lacks some of its features "
                               "(broader or different): it does not sufficiently correspond",
    }[verdict].format(a=a.num)
    if verdict == "narrower" and any(w.lower() in ("or", "alternatively", "或", "或者") for a_ in added
                                     for w in a_.split()):
        explanation += "; the added words hold an alternative ('or'): check it does not broaden the claim"
    if renumbered:
        explanation += f" (renumbered: allowed claim {a.num} is filed as claim {c.num})"
    if cross:
        explanation += (f"; claim in {c.lang}, allowed claims in {a.lang}: matched by meaning with the multilingual "
                        "model, a translation of the allowed claims must be filed and the match confirmed")
    return CorrespondenceRow(
        claim=c.num, text=c.text, depends_on=c.depends_on, allowed_claim=a.num, allowed_text=a.text,
        similarity=round(float(sim), 4), verdict=verdict, added=added, missing=missing, diff_html=diff_html,
        renumbered=renumbered, translation_needed=cross, explanation=explanation)


def _diff(allowed: str, filed: str) -> tuple[str, list[str], list[str]]:
    """The filed claim with words the allowed claim lacks in <ins>, and the allowed claim's missing words in <del>."""
    a, f = allowed.split(), filed.split()
    out: list[str] = []
    added: list[str] = []
    missing: list[str] = []
    na, nf = [w.strip(".,;:").lower() for w in a], [w.strip(".,;:").lower() for w in f]  # "manifold." = "manifold,"
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=na, b=nf, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(html.escape(" ".join(f[j1:j2])))
            continue
        if i2 > i1:
            gone = " ".join(a[i1:i2])
            missing.append(gone)
            out.append(f"<del>{html.escape(gone)}</del>")
        if j2 > j1:
            new = " ".join(f[j1:j2])
            added.append(new)
            out.append(f"<ins>{html.escape(new)}</ins>")
    return " ".join(out), added, missing
