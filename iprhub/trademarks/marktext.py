"""Keys of a mark's words: normalised form, Latin transliteration, phonetic code, tokens.

Every comparison and the search index work on these keys, so a mark written in any script meets
the same mark written in another: 乔丹 -> ``qiaodan`` (pinyin without tones), 홍쓴 -> ``hongsseun``,
ソニー -> ``sonii``, АПЕЛЬСИН -> ``apelsin``; the phonetic code is Metaphone of the Latin words.

>>> keys = mark_keys("Ｃｏｃａ-Cola®")
>>> keys.norm, keys.latin, keys.tokens
('cocacola', 'cocacola', ('coca', 'cola'))
>>> mark_keys("乔丹").latin
'qiaodan'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from iprhub.errors import InvalidInput

#: scripts written mostly without vowels (Hebrew, Arabic): their marks meet others by consonants
ABJAD = re.compile(r"[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# a word: letters and digits, with the combining vowel signs and tone marks of the Brahmic scripts
# (Devanagari to Sinhala, Thai, Lao, Myanmar, Khmer), which are not \w: without them โซนี่ broke into pieces
_WORD = re.compile(
    r"(?:[^\W_]|[\u0300-\u036f\u0900-\u0dff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff])+", re.UNICODE
)
# Thai and Lao write the vowels เ แ โ ใ ไ before the consonant they follow in speech: โตโยต้า is to-yo-ta
_PREPOSED_VOWEL = re.compile(r"([\u0e40-\u0e44])([\u0e01-\u0e2e])|([\u0ec0-\u0ec4])([\u0e81-\u0eae])")
# words a mark carries that say nothing about its origin (TIPO writes "及圖" = "and device")
_DEVICE_SUFFIXES = (
    "及圖",
    "及图",
    "及標章",
    "and device",
    "& device",
    "(label)",
    "(stylized)",
    "(tulisan & lukisan)",
)


def _install_hint(exc: ImportError) -> InvalidInput:
    return InvalidInput(
        f"the trademarks capability needs {exc.name}: pip install 'iprhub[trademarks]'", field="trademarks"
    )


@dataclass(frozen=True)
class MarkKeys:
    text: str  # the mark as given, stripped
    norm: str  # compact: NFKC, case-folded, no diacritics, no spaces or punctuation (script kept)
    latin: str  # compact Latin transliteration (pinyin without tones for Han)
    tokens: tuple[str, ...]  # Latin words
    phonetic: str  # Metaphone codes of the Latin words, joined by spaces
    han: bool  # the mark has Chinese characters


def fold(text: str) -> str:
    """NFKC (full/half width), case-folded, diacritics dropped; spacing and punctuation kept."""
    text = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    # keep combining marks of scripts whose letters depend on them (Hangul jamo are not Mn; Thai, Khmer,
    # Lao and Devanagari vowel signs are), drop the Latin/Greek/Cyrillic accents
    out = []
    for ch in decomposed:
        if 0x300 <= ord(ch) <= 0x36F or 0x1AB0 <= ord(ch) <= 0x1AFF or 0x1DC0 <= ord(ch) <= 0x1DFF:
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def strip_device(text: str) -> str:
    low = text.casefold()
    for suffix in _DEVICE_SUFFIXES:
        if low.endswith(suffix) and len(low) > len(suffix):
            return text[: len(text) - len(suffix)].strip()
    return text


@lru_cache(maxsize=200_000)
def _latin_words(text: str) -> tuple[str, ...]:
    try:
        from anyascii import anyascii
        from pypinyin import lazy_pinyin
    except ImportError as exc:  # pragma: no cover - the extra is part of dev
        raise _install_hint(exc) from exc
    words: list[str] = []
    for word in _WORD.findall(text):
        if _HAN.search(word):
            # one syllable per character, joined: 乔丹 -> qiaodan (a Chinese mark is one word)
            parts = lazy_pinyin(word, errors=lambda s: anyascii(s).lower())
            words.append("".join(re.sub(r"[^a-z0-9]", "", p.lower()) for p in parts))
        else:
            spoken = _PREPOSED_VOWEL.sub(lambda m: (m[2] or m[4]) + (m[1] or m[3]), word)
            ascii_ = anyascii(spoken).lower()
            words.extend(w for w in re.split(r"[^a-z0-9]+", ascii_) if w)
    return tuple(w for w in words if w)


@lru_cache(maxsize=200_000)
def metaphone(word: str) -> str:
    try:
        import jellyfish
    except ImportError as exc:  # pragma: no cover
        raise _install_hint(exc) from exc
    if word.isdigit():
        return word
    return jellyfish.metaphone(word).upper() or word.upper()


def mark_keys(text: str) -> MarkKeys:
    """The keys of one mark; raises :class:`InvalidInput` for an empty mark or one of only symbols."""
    raw = (text or "").strip()
    if not raw:
        raise InvalidInput("the mark is empty", field="mark")
    # ™ and ℠ fold to the letters TM / SM under NFKC: they are symbols here, never words of the mark
    core = strip_device(re.sub(r"[®™©℠℗]", " ", raw))
    folded = fold(core)
    words = _WORD.findall(folded)
    if not words:
        raise InvalidInput(f"the mark {raw!r} has no letters or digits (only symbols)", field="mark")
    norm = "".join(words)
    tokens = _latin_words(folded)
    return MarkKeys(
        text=raw,
        norm=norm,
        latin="".join(tokens),
        tokens=tokens,
        phonetic=" ".join(metaphone(t) for t in tokens),
        han=bool(_HAN.search(norm)),
    )


@lru_cache(maxsize=300_000)
def try_keys(text: str | None) -> MarkKeys | None:
    """Keys of a stored mark, or None where it has no words (figurative marks); the same text is keyed once."""
    if not text:
        return None
    try:
        return mark_keys(text)
    except InvalidInput:
        return None


def skeleton(latin: str) -> str:
    """The consonants of a transliteration: ``ylmh`` (אילמה) and ``elima`` are both ``lm``."""
    return re.sub(r"[aeiouyhw']+", "", latin)
