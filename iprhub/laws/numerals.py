"""Chinese numerals as laws write them: 第七十一条 is article 71, 第一百零二条 article 102.

>>> cn_to_int("七十一"), cn_to_int("一百零二"), cn_to_int("十"), int_to_cn(71), int_to_cn(110)
(71, 102, 10, '七十一', '一百一十')
"""

from __future__ import annotations

import re

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL = "零〇一二两三四五六七八九十百千"
ARTICLE_RE = re.compile(rf"^第([{CN_NUMERAL}]+|\d+)条(?:之([{CN_NUMERAL}]+))?")


def cn_to_int(text: str) -> int:
    """The value of a Chinese numeral below 10,000 (ValueError when it is not one)."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _DIGITS and ch not in _UNITS for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
    return total + (digit or 0)


def int_to_cn(number: int) -> str:
    """The Chinese numeral of 1 … 9999 as laws number articles (十 for 10, 一百一十 for 110)."""
    if not 0 < number < 10000:
        raise ValueError(f"out of range: {number}")
    digits = "零一二三四五六七八九"
    parts: list[str] = []
    zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = number // unit % 10
        if d == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append("零")
            zero = False
        parts.append(("" if (unit == 10 and d == 1 and not parts) else digits[d]) + name)
    return "".join(parts)


def article_label(number: int, suffix: int | None = None) -> str:
    """``第七十一条`` (``第五十条之一`` with a suffix)."""
    return f"第{int_to_cn(number)}条" + (f"之{int_to_cn(suffix)}" if suffix else "")


def parse_article_ref(text: str) -> tuple[int, int | None]:
    """``第七十一条``, ``七十一``, ``71``, ``Art. 71``, ``71-1`` → (71, None) / (71, 1); ValueError otherwise."""
    s = text.strip().replace(" ", "")
    s = re.sub(r"^(?i:art(?:icle)?\.?)", "", s)
    m = re.fullmatch(rf"第?([{CN_NUMERAL}]+|\d+)条?(?:之([{CN_NUMERAL}]+|\d+)|-(\d+))?", s)
    if not m:
        raise ValueError(f"not an article reference: {text!r}")
    suffix = m.group(2) or m.group(3)
    return cn_to_int(m.group(1)), (cn_to_int(suffix) if suffix else None)


_CITATION = re.compile(rf"^(.*?)\s*(第[{CN_NUMERAL}]+条(?:之[{CN_NUMERAL}]+)?)$|^(.*\S)\s+((?i:art(?:icle)?\.?\s*)?\d+(?:-\d+)?)$")


def split_citation(text: str) -> tuple[str, str | None]:
    """``专利法 第七十一条`` → ("专利法", "第七十一条"); ``商标法 63`` → ("商标法", "63"); no article → (text, None)."""
    m = _CITATION.match(text.strip())
    if not m:
        return text.strip(), None
    return (m.group(1), m.group(2)) if m.group(2) else (m.group(3), m.group(4))
