"""A small mark comparator used ONLY when the trademarks capability is not loaded.

The real engine (cross-script, phonetic, meaning, goods relatedness) is ``hub.trademarks.compare``;
this one folds case, width, diacritics, punctuation and spacing and measures edit distance and
containment with rapidfuzz, so watches still work on a store without it. Its answers say
``engine="fallback"``.

>>> compare_marks("Burger Addict", "BURGER-ADDICT").tier
'high'
>>> compare_marks("PYTHON", "ULTRABOOK").tier
'noise'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from iprhub.errors import InvalidInput
from iprhub.watch.model import Comparison, Reason, Tier

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Case, full/half width, diacritics, punctuation and spacing folded: ``"Café-Noir"`` -> ``"cafenoir"``."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text or ""))
    plain = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))
    return _NOT_WORD.sub("", plain.casefold())  # NFC again: Hangul syllables stay whole


def _tier(score: float) -> Tier:
    if score >= 0.9:
        return "high"
    if score >= 0.75:
        return "medium"
    if score >= 0.6:
        return "low"
    return "noise"


def compare_marks(a: str, b: str, *, classes_a: Sequence[int] = (), classes_b: Sequence[int] = ()) -> Comparison:
    from rapidfuzz import fuzz

    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        which = "a" if not fa else "b"
        raise InvalidInput(f"mark {which} has no letters or digits to compare ({(a if not fa else b)!r})",
                           field=f"mark_{which}")
    reasons: list[Reason] = []
    exact = 1.0 if fa == fb else 0.0
    if exact:
        reasons.append(Reason(signal="exact", score=1.0, detail=f"{a!r} and {b!r} are the same once normalised"))
    edit = fuzz.ratio(fa, fb) / 100
    reasons.append(Reason(signal="edit_distance", score=round(edit, 3), detail=f"{fa!r} ~ {fb!r}"))
    short, long_ = sorted((fa, fb), key=len)
    contained = 0.0
    if len(short) >= 3 and short in long_ and short != long_:
        contained = 0.75 + 0.2 * len(short) / len(long_)
        reasons.append(Reason(signal="containment", score=round(contained, 3),
                              detail=f"{short!r} is inside {long_!r}"))
    score = max(exact, edit, contained)
    if classes_a and classes_b:
        shared = sorted(set(classes_a) & set(classes_b))
        reasons.append(Reason(signal="goods", score=1.0 if shared else 0.0,
                              detail=f"shared Nice classes {shared}" if shared else "no shared Nice class"))
        if not shared:
            score *= 0.8
    return Comparison(a=a, b=b, score=round(score, 3), tier=_tier(score), reasons=reasons, engine="fallback")


def quick_score(fa: str, fb: str) -> float:
    """The fallback's score on two folded marks without building a comparison (an upper bound of
    :func:`compare_marks` before the goods factor)."""
    from rapidfuzz import fuzz

    if fa == fb:
        return 1.0
    short, long_ = sorted((fa, fb), key=len)
    contained = 0.75 + 0.2 * len(short) / len(long_) if len(short) >= 3 and short in long_ else 0.0
    return max(fuzz.ratio(fa, fb) / 100, contained)
