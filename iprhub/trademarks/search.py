"""Search over a :class:`MarkIndex`: mark text (exact, prefix, fuzzy, phonetic, across scripts),
owner, goods words, Nice classes, office, status and filing, publication or registration dates.

Plain search ranks matches by how the text matched (exact > prefix > fuzzy/phonetic/contained);
``similar=True`` ranks them by the similarity engine and gives each hit its comparison.
"""

from __future__ import annotations

import numpy as np

from iprhub.errors import Timeout
from iprhub.limits import Deadline
from iprhub.trademarks.filters import MarkFilter
from iprhub.trademarks.index import MarkEntry, MarkIndex
from iprhub.trademarks.lexicon import spellings_of
from iprhub.trademarks.marktext import ABJAD, MarkKeys, mark_keys, skeleton
from iprhub.trademarks.models import MarkHit, MarkSearchResult, MarkSummary
from iprhub.trademarks.similarity import TIERS, compare_keys

#: candidates taken from the trigram door, of which the best PRESCORED (one vectorised rapidfuzz call)
#: are scored one by one; the floor of a plain fuzzy match
CANDIDATES = 5000
PRESCORED = 400
FUZZY_FLOOR = 0.72
SIMILAR_FLOOR = TIERS[-1][1]


def summary_of(entry: MarkEntry) -> MarkSummary:
    return MarkSummary(
        number=entry.number,
        office=entry.office,
        mark=entry.mark,
        owner=entry.owner,
        classes=list(entry.classes),
        status=entry.status,
        filing_date=entry.filing_date,
        publication_date=entry.publication_date,
        registration_date=entry.registration_date,
    )


def _quick(q: MarkKeys, k: MarkKeys) -> float:
    """How well a stored mark matches the query text, for plain search (no goods)."""
    from rapidfuzz.distance import Levenshtein

    if k.norm == q.norm:
        return 1.0
    if k.norm.startswith(q.norm):
        return 0.9 + 0.08 * len(q.norm) / len(k.norm)
    score = Levenshtein.normalized_similarity(q.latin, k.latin) if q.latin and k.latin else 0.0
    if q.phonetic and q.phonetic == k.phonetic and len(q.phonetic.replace(" ", "")) >= 2:
        score = max(score, 0.85)
    if len(q.norm) >= 3 and (q.norm in k.norm or (len(q.latin) >= 4 and q.latin in k.latin)):
        score = max(score, 0.8)
    if q.tokens and set(q.tokens) <= set(k.tokens):
        score = max(score, 0.82)
    if (
        (ABJAD.search(q.norm) or ABJAD.search(k.norm))
        and len(skeleton(q.latin)) >= 2
        and skeleton(q.latin) == skeleton(k.latin)
    ):
        score = max(score, 0.8)  # the same consonants, one side written without vowels
    return float(score)


def _candidates(index: MarkIndex, q: MarkKeys, allowed: np.ndarray | None) -> list[int]:
    """Candidates: the small doors (same form, same sound, prefix, consonants, lexicon spellings) in full,
    and the trigram door's best, pre-scored in one vectorised rapidfuzz call."""
    found: dict[int, None] = {}
    for i in index.by_norm.get(q.norm, ()):
        found[i] = None
    if q.phonetic:
        for i in index.by_phonetic.get(q.phonetic.replace(" ", ""), ())[:PRESCORED]:
            found[i] = None
    for i in index.prefixed(q.norm, 500):
        found[i] = None
    for spelling in spellings_of(q):
        for i in index.by_norm.get(spelling, ())[:200]:
            found[i] = None
        for i in index.prefixed(spelling, 100):
            found[i] = None
    if q.latin:
        bones = skeleton(q.latin)
        table = index.by_skeleton if ABJAD.search(q.norm) else index.abjad_skeleton
        for i in table.get(bones, ())[:500]:
            found[i] = None
        grams = index.trigram_candidates(q.latin, CANDIDATES, allowed)
        grams = grams[[index.keys[i] is not None for i in grams.tolist()]] if len(grams) else grams
        if len(grams) > PRESCORED:
            from rapidfuzz import fuzz, process
            from rapidfuzz.distance import Levenshtein

            latins = [index.keys[i].latin for i in grams.tolist()]  # type: ignore[union-attr]
            pre = process.cdist(
                [q.latin], latins, scorer=Levenshtein.normalized_similarity, dtype=np.float32
            )[0]
            if len(q.latin) >= 4:
                inside = process.cdist(
                    [q.latin], latins, scorer=fuzz.partial_ratio, score_cutoff=100, dtype=np.uint8
                )[0]
                pre = np.maximum(pre, np.where(inside >= 100, 0.8, 0.0).astype(np.float32))
            grams = grams[np.argpartition(-pre, PRESCORED)[:PRESCORED]]
        for i in grams.tolist():
            found[i] = None
    ids = list(found)
    if allowed is not None:
        ids = [i for i in ids if allowed[i]]
    return ids


def run_search(
    index: MarkIndex,
    text: str | None = None,
    where: MarkFilter | None = None,
    *,
    similar: bool = False,
    limit: int = 50,
    deadline: Deadline | None = None,
) -> MarkSearchResult:
    deadline = deadline or Deadline.after(None)
    where = where or MarkFilter()
    allowed = index.allowed(where)
    notices: list[str] = []
    if not (text or "").strip():
        if allowed is None:
            ids_all = np.arange(len(index))
        else:
            ids_all = np.flatnonzero(allowed)
        # newest first, by the date filtered on
        order = ids_all[np.argsort(-index.dates[where.date_field][ids_all], kind="stable")]
        hits = [MarkHit(mark=summary_of(index.entries[i])) for i in order[:limit].tolist()]
        return MarkSearchResult(query=None, total=len(ids_all), hits=hits)
    q = mark_keys(text or "")
    ids = _candidates(index, q, allowed)
    scored: list[tuple[float, int]] = []
    partial = False
    for n, i in enumerate(ids):
        if n % 256 == 0 and deadline.expired():
            partial = True
            notices.append(f"time limit reached after scoring {n} of {len(ids)} candidates")
            break
        k = index.keys[i]
        if k is not None:
            scored.append((_quick(q, k), i))
    scored.sort(key=lambda t: (-t[0], index.entries[t[1]].number))
    if not similar:
        matches = [(s, i) for s, i in scored if s >= FUZZY_FLOOR]
        hits = [MarkHit(mark=summary_of(index.entries[i])) for _, i in matches[:limit]]
        return MarkSearchResult(
            query=q.text, total=len(matches), hits=hits, partial=partial, notice="; ".join(notices) or None
        )
    compared = []
    pool = scored[: max(limit * 3, 150)]
    for n, (_, i) in enumerate(pool):
        if n % 64 == 0 and deadline.expired():
            partial = True
            notices.append(f"time limit reached after comparing {n} of {len(pool)} marks")
            break
        k = index.keys[i]
        assert k is not None
        comparison = compare_keys(q, k, where.classes, index.entries[i].classes if where.classes else ())
        if comparison.score >= SIMILAR_FLOOR:
            compared.append((comparison, i))
    compared.sort(key=lambda t: (-t[0].score, index.entries[t[1]].number))
    hits = [MarkHit(mark=summary_of(index.entries[i]), comparison=c) for c, i in compared[:limit]]
    if len(scored) > len(pool):
        notices.append(f"compared the {len(pool)} closest of {len(scored)} candidate marks")
    return MarkSearchResult(
        query=q.text, total=len(compared), hits=hits, partial=partial, notice="; ".join(notices) or None
    )


def check_time(deadline: Deadline, stage: str) -> None:
    if deadline.expired():
        raise Timeout(f"time limit reached during {stage}", stage=stage)
