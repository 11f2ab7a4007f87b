"""Text analysis shared by indexing, querying and highlighting.

Western text goes through tantivy's own analyzer (lower-case, ASCII folding, English stemming);
CJK text is indexed twice: one character per token in the same fields (exact matching of
terms of any length as character phrases, so one- and two-character terms are found), and
jieba words in a separate ranking field. Numbers and classification symbols are normalised
here so that the index and the query parser agree.

>>> space_cjk("锂离子battery")
' 锂  离  子 battery'
>>> class_tokens("H01M 10/0525")
['H', 'H01', 'H01M', 'H01M10', 'H01M10/0525']
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# Han, Hiragana, Katakana, Hangul, CJK punctuation-free ranges (compatibility ideographs included)
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
CJK_CHAR = re.compile(f"[{_CJK}]")
CJK_RUN = re.compile(f"[{_CJK}]+")

TEXT_TOKENIZER = "iprhub_text"  # simple + remove_long + lower-case + ASCII fold + English stemmer
NAME_TOKENIZER = "iprhub_name"  # simple + lower-case + ASCII fold (names are not stemmed)
WORD_TOKENIZER = "iprhub_words"  # whitespace + lower-case (pre-segmented jieba words)


def has_cjk(text: str) -> bool:
    return not text.isascii() and CJK_CHAR.search(text) is not None  # isascii: O(1), most texts


def space_cjk(text: str) -> str:
    """Put spaces around every CJK character so the word tokenizer yields one token per character,
    after folding variants (:func:`fold_variants`)."""
    if text.isascii():
        return text
    text = fold_variants(text)
    return CJK_CHAR.sub(lambda m: f" {m.group(0)} ", text) if has_cjk(text) else text


def fold_variants(text: str) -> str:
    """One spelling for the variants of a character: traditional Chinese and Japanese kanji to simplified
    Chinese (OpenCC's character tables), full-width Latin letters and digits to ASCII.

    >>> fold_variants("電池"), fold_variants("圧力"), fold_variants("ＡＢＣ１２３")
    ('电池', '压力', 'ABC123')
    """
    return text if text.isascii() else text.translate(_fold_table())


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    table = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}  # full-width ASCII
    table[0x3000] = " "  # ideographic space
    try:
        import opencc_purepy
    except ImportError:  # pragma: no cover - a dependency; without it only widths fold
        return table
    from pathlib import Path

    folder = Path(opencc_purepy.__file__).with_name("dicts")

    def pairs(name: str) -> dict[str, str]:
        out: dict[str, str] = {}
        path = folder / name
        if not path.exists():
            return out
        for line in path.read_text(encoding="utf-8").splitlines():
            src, _, dst = line.partition("\t")
            if len(src) == 1 and dst.split():
                out.setdefault(src, dst.split()[0])
        return out

    to_simplified = pairs("TSCharacters.txt")
    for name in ("JPShinjitaiCharacters.txt", "TWVariantsRev.txt", "HKVariantsRev.txt"):
        for src, trad in pairs(name).items():  # a Japanese or regional form -> the standard traditional one
            simple = to_simplified.get(trad, trad)
            if src != simple and len(simple) == 1:
                table.setdefault(ord(src), simple)
    for src, simple in to_simplified.items():
        if len(simple) == 1:
            table.setdefault(ord(src), simple)
    return table


def cjk_words(text: str) -> str:
    """jieba word segmentation of the CJK runs of ``text``, space separated (for ranking)."""
    runs = CJK_RUN.findall(fold_variants(text))
    if not runs:
        return ""
    import rjieba

    words: list[str] = []
    for run in runs:
        words.extend(w for w in rjieba.cut(run) if w.strip())
    return " ".join(words)


@lru_cache(maxsize=1)
def _analyzers() -> dict[str, Any]:
    import tantivy as t

    text = (t.TextAnalyzerBuilder(t.Tokenizer.simple()).filter(t.Filter.remove_long(60))
            .filter(t.Filter.lowercase()).filter(t.Filter.ascii_fold()).filter(t.Filter.stemmer("english")).build())
    name = (t.TextAnalyzerBuilder(t.Tokenizer.simple()).filter(t.Filter.remove_long(60))
            .filter(t.Filter.lowercase()).filter(t.Filter.ascii_fold()).build())
    words = t.TextAnalyzerBuilder(t.Tokenizer.whitespace()).filter(t.Filter.lowercase()).build()
    return {TEXT_TOKENIZER: text, NAME_TOKENIZER: name, WORD_TOKENIZER: words}


def register_analyzers(index: Any) -> None:
    for name, analyzer in _analyzers().items():
        index.register_tokenizer(name, analyzer)


def analyze(text: str, tokenizer: str = TEXT_TOKENIZER) -> list[str]:
    """Index terms of ``text`` as the index would produce them (CJK one character per term)."""
    return list(_analyzers()[tokenizer].analyze(space_cjk(text)))


def token_spans(text: str, tokenizer: str = TEXT_TOKENIZER) -> list[tuple[str, int, int]]:
    """(term, start, end) character spans of the Western tokens of ``text`` (CJK runs come whole)."""
    return [(tok.text, tok.char_offset_from, tok.char_offset_to)
            for tok in _analyzers()[tokenizer].pre_tokenize(text).tokens]


# numbers ----------------------------------------------------------------------------------
def number_tokens(canonical: str | None) -> list[str]:
    """Index terms for a document number: with and without kind, and the bare serial.

    >>> number_tokens("US7123456B2")
    ['US7123456B2', 'US7123456', '7123456']
    """
    if not canonical:
        return []
    value = re.sub(r"[\s,./\-]", "", canonical.upper())
    out = [value]
    m = re.fullmatch(r"([A-Z]{2})([A-Z]{0,2}\d+)([A-Z]\d?)?", value)
    if m:
        out.append(m.group(1) + m.group(2))
        out.append(m.group(2))
    elif re.fullmatch(r"[A-Z]{2}.+", value):
        out.append(value[2:])
    seen: dict[str, None] = {}
    for v in out:
        seen.setdefault(v, None)
    return list(seen)


# classification ----------------------------------------------------------------------------
_SYMBOL = re.compile(r"^([A-HY])(\d\d)?([A-Z])?(\d{1,4})?(?:/(\d{1,6}))?$")


def compact_class(symbol: str) -> str:
    """``H01M 10/0525`` -> ``H01M10/0525`` (the indexed spelling)."""
    return re.sub(r"\s+", "", symbol.upper())


def class_tokens(symbol: str) -> list[str]:
    """The symbol and every hierarchical prefix (section, class, subclass, main group)."""
    compact = compact_class(symbol)
    m = _SYMBOL.match(compact)
    if not m:
        return [compact]
    section, cls, sub, group, subgroup = m.groups()
    out = [section]
    if cls:
        out.append(section + cls)
        if sub:
            out.append(section + cls + sub)
            if group:
                out.append(f"{section}{cls}{sub}{int(group)}")
                if subgroup:
                    out.append(f"{section}{cls}{sub}{int(group)}/{subgroup}")
    return out


def subclass_of(symbol: str) -> str | None:
    m = _SYMBOL.match(compact_class(symbol))
    if not m or not m.group(3):
        return None
    return m.group(1) + m.group(2) + m.group(3)


def is_class_symbol(text: str) -> bool:
    """True for things like ``H01M``, ``H01M10/0525``, ``G06F 17/30`` (not for bare sections)."""
    compact = compact_class(text)
    m = _SYMBOL.match(compact)
    return bool(m and m.group(2) and m.group(3))
