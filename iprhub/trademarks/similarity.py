"""The similarity engine: two word marks compared by separate, explained signals, then combined.

Signals (each a score in [0, 1] with the reason it gives):

- ``exact``: the same characters; ``normalised``: the same once case, punctuation, spacing,
  diacritics and full/half width are set aside;
- ``edit``: Levenshtein similarity (rapidfuzz) of the normalised forms, or of their Latin
  transliterations when the scripts differ;
- ``phonetic``: Metaphone codes of the Latin words, and pinyin without tones / transliteration for
  marks in other scripts (乔丹 ~ QIAODAN);
- ``containment``: one mark inside the other (a brand with descriptive words added);
- ``meaning``: the same concept in a bilingual lexicon (APPLE ~ 苹果);
- ``goods``: the goods/services side, when classes are given (same Nice class, or classes related by
  KIPO similarity-group codes and EUIPO goods comparisons, see :mod:`iprhub.trademarks.goods`).

The combined score is the strongest word signal, raised a little when a second one agrees, and then
weighed by goods relatedness; tiers cut it at :data:`TIERS`.

>>> compare("QIAODAN", "乔丹").tier
'high'
>>> [r.signal for r in compare("Apple", "苹果").reasons][:1]
['meaning']
"""

from __future__ import annotations

from collections.abc import Sequence

from iprhub.trademarks.goods import class_relatedness
from iprhub.trademarks.lexicon import concepts, covered
from iprhub.trademarks.marktext import ABJAD as _ABJAD
from iprhub.trademarks.marktext import MarkKeys, mark_keys
from iprhub.trademarks.marktext import skeleton as _skeleton
from iprhub.trademarks.models import MarkComparison, SignalScore, Tier

#: lower bounds of the combined score per tier (tuned on the training split, see docs/trademarks.md)
TIERS: tuple[tuple[Tier, float], ...] = (("high", 0.80), ("medium", 0.62), ("low", 0.42))
# how much a word signal counts towards the combined score
_WEIGHT = {"exact": 1.0, "normalised": 1.0, "edit": 1.0, "phonetic": 0.95, "containment": 1.0, "meaning": 0.95}


def tier_of(score: float) -> Tier:
    for tier, bound in TIERS:
        if score >= bound:
            return tier
    return "noise"


def _levenshtein(a: str, b: str) -> float:
    from rapidfuzz.distance import Levenshtein

    return float(Levenshtein.normalized_similarity(a, b))


def _edit(a: MarkKeys, b: MarkKeys) -> SignalScore | None:
    same_script = a.han == b.han and (a.norm == a.latin) == (b.norm == b.latin)
    if not same_script:
        return None  # across scripts the transliterations are compared as sound (phonetic)
    left, right = a.norm, b.norm
    if not left or not right:
        return None
    score = _levenshtein(left, right)
    where = "normalised forms"
    if len(a.tokens) > 1 and sorted(a.tokens) == sorted(b.tokens) and a.latin != b.latin:
        return SignalScore(signal="edit", score=0.95, detail=f"the same words in another order: {a.text!r} / {b.text!r}")
    return SignalScore(signal="edit", score=round(score, 3), detail=f"Levenshtein similarity of the {where} "
                       f"{left!r} / {right!r}: {score:.2f}")


def _phonetic(a: MarkKeys, b: MarkKeys) -> SignalScore | None:
    if not (a.latin and b.latin):
        return None
    if a.norm == a.latin and b.norm == b.latin:
        # both in Latin letters: Metaphone codes, tempered by the spelling (short codes agree by chance:
        # KATANA and CODDAN are both KTN)
        ca, cb = a.phonetic.replace(" ", ""), b.phonetic.replace(" ", "")
        if not (ca and cb):
            return None
        code = _levenshtein(ca, cb)
        score = code * (0.6 + 0.4 * _levenshtein(a.latin, b.latin))
        if min(len(ca), len(cb)) < 4:
            score *= 0.9
        return SignalScore(signal="phonetic", score=round(score, 3),
                           detail=f"Metaphone {a.phonetic!r} / {b.phonetic!r}: {code:.2f}")
    # a mark in another script: its transliteration (pinyin without tones for Chinese) is its sound
    score = _levenshtein(a.latin, b.latin)
    detail = f"spoken as {a.latin!r} / {b.latin!r}: {score:.2f}"
    if _ABJAD.search(a.norm + b.norm):
        # Hebrew and Arabic write few vowels: compare the consonants (תויוטא ~ TOYOTA)
        ka, kb = _skeleton(a.latin), _skeleton(b.latin)
        if ka and kb and min(len(ka), len(kb)) >= 2:
            skeleton = 0.9 * _levenshtein(ka, kb)
            if skeleton > score:
                score, detail = skeleton, f"consonants {ka!r} / {kb!r} (a script written without vowels): {skeleton:.2f}"
    return SignalScore(signal="phonetic", score=round(score, 3), detail=detail)





def _containment(a: MarkKeys, b: MarkKeys) -> SignalScore | None:
    best: SignalScore | None = None
    for left, right, what, floor in ((a.norm, b.norm, "", 2 if (a.han or b.han) else 3),
                                     (a.latin, b.latin, " (transliterated)", 4)):
        short, long_ = sorted((left, right), key=len)
        if len(short) < floor or short == long_ or short not in long_:
            continue
        score = 0.72 + 0.28 * len(short) / len(long_)
        if best is None or score > best.score:
            best = SignalScore(signal="containment", score=round(score, 3),
                               detail=f"{short!r} is inside {long_!r}{what}")
    if best is None:
        from rapidfuzz import fuzz

        short, long_ = sorted((a.latin, b.latin), key=len)
        if len(short) >= 5 and len(long_) > len(short):
            ratio = fuzz.partial_ratio(short, long_) / 100
            if ratio >= 0.9:
                best = SignalScore(signal="containment", score=round(0.65 * ratio, 3),
                                   detail=f"{short!r} is nearly inside {long_!r} ({ratio:.2f})")
    return best


def _token_likeness(x: str, y: str) -> float:
    if x == y:
        return 1.0
    short, long_ = sorted((x, y), key=len)
    if len(short) >= 4 and short in long_:
        return 0.9
    if len(short) == 3 and long_.startswith(short):
        return 0.8
    common = len(_common_prefix(x, y))
    if common >= 5 and common >= 0.8 * len(short):
        return 0.85
    score = _levenshtein(x, y) if min(len(x), len(y)) >= 4 else 0.0
    from iprhub.trademarks.marktext import metaphone

    px, py = metaphone(x), metaphone(y)
    if min(len(px), len(py)) >= 3:
        score = max(score, 0.9 * _levenshtein(px, py))
    return score


def _common_prefix(x: str, y: str) -> str:
    n = 0
    while n < min(len(x), len(y)) and x[n] == y[n]:
        n += 1
    return x[:n]


def _digits(token: str) -> str:
    run = "".join(ch for ch in token if ch.isdigit()).lstrip("0")
    return run if len(run) >= 2 else ""


def _shared_word(a: MarkKeys, b: MarkKeys) -> SignalScore | None:
    """A word of one multi-word mark found (or nearly: spelling, sound, inside a longer word) in the other."""
    if len(a.tokens) < 2 and len(b.tokens) < 2:
        return None
    best, pair = 0.0, ("", "")
    for x in a.tokens:
        for y in b.tokens:
            if min(len(x), len(y)) < 3:
                continue
            score = _token_likeness(x, y)
            if _digits(x) and _digits(x) == _digits(y):
                score = max(score, 0.8)
            if score > best:
                best, pair = score, (x, y)
    if best < 0.8:
        return None
    score = 0.45 + 0.33 * best  # a shared word alone makes a medium-tier match at most
    what = f"the word {pair[0]!r} is in both marks" if pair[0] == pair[1] else \
        f"the words {pair[0]!r} / {pair[1]!r} are alike ({best:.2f})"
    return SignalScore(signal="containment", score=round(score, 3), detail=what)


def _meaning(a: MarkKeys, b: MarkKeys) -> SignalScore | None:
    ca, cb = concepts(a), concepts(b)
    shared = ca & cb
    if not shared:
        return None
    name = sorted(shared)[0]
    whole = ca == cb and covered(a) and covered(b)
    score = 1.0 if whole else 0.8
    return SignalScore(signal="meaning", score=score,
                       detail=f"both mean {name!r} (bilingual lexicon){'' if whole else '; other words differ'}")


def word_signals(a: MarkKeys, b: MarkKeys) -> list[SignalScore]:
    """Every word signal that spoke, strongest first."""
    out: list[SignalScore] = []
    if a.text == b.text:
        out.append(SignalScore(signal="exact", score=1.0, detail="identical marks"))
    elif a.norm == b.norm:
        out.append(SignalScore(signal="normalised", score=1.0,
                               detail=f"identical once case, spacing, punctuation, accents and width are set aside "
                                      f"({a.norm!r})"))
    for fn in (_edit, _phonetic, _containment, _meaning):
        signal = fn(a, b)
        if signal is not None and signal.score > 0:
            out.append(signal)
    shared = _shared_word(a, b) if a.norm != b.norm else None
    inside = next((s for s in out if s.signal == "containment"), None)
    if shared is not None and (inside is None or shared.score > inside.score):
        out = [s for s in out if s is not inside] + [shared]
    out.sort(key=lambda s: -s.score * _WEIGHT[s.signal])
    return out


def combine(signals: Sequence[SignalScore], goods: SignalScore | None) -> float:
    weighted = sorted((s.score * _WEIGHT[s.signal] for s in signals), reverse=True)
    if not weighted:
        return 0.0
    best = weighted[0]
    second = weighted[1] if len(weighted) > 1 else 0.0
    words = best + 0.15 * second * (1 - best)
    if goods is None:
        return round(min(words, 1.0), 4)
    return round(min(words, 1.0) * (0.55 + 0.45 * goods.score), 4)


def goods_signal(classes_a: Sequence[int], classes_b: Sequence[int]) -> SignalScore | None:
    if not classes_a or not classes_b:
        return None
    score, detail = class_relatedness(classes_a, classes_b)
    return SignalScore(signal="goods", score=round(score, 3), detail=detail)


def compare_keys(a: MarkKeys, b: MarkKeys, classes_a: Sequence[int] = (),
                 classes_b: Sequence[int] = ()) -> MarkComparison:
    signals = word_signals(a, b)
    goods = goods_signal(classes_a, classes_b)
    score = combine(signals, goods)
    reasons = signals + ([goods] if goods is not None else [])
    return MarkComparison(a=a.text, b=b.text, score=score, tier=tier_of(score), reasons=reasons)


def compare(a: str, b: str, *, classes_a: Sequence[int] = (), classes_b: Sequence[int] = ()) -> MarkComparison:
    """Compare two word marks (raises InvalidInput for an empty mark, one of only symbols, a bad class)."""
    from iprhub.trademarks.goods import check_classes

    check_classes(classes_a, "classes_a")
    check_classes(classes_b, "classes_b")
    return compare_keys(mark_keys(a), mark_keys(b), classes_a, classes_b)
