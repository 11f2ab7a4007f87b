"""Helpers shared by the CNIPA, JPO and WIPO ST.96 readers.

Chinese and Japanese full text is typeset with line breaks (``<br/>`` and newlines) inside
sentences; folding them to spaces would put spaces between ideographs, so spaces between two
CJK characters are dropped. Claim dependencies are read from the claim wording
("根据权利要求1所述的…", "如权利要求1-3任一项所述", "請求項１〜３のいずれか一項に記載の").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from iprhub.ingest.xml_stream import local, text
from iprhub.model.classification import Classification, normalize_ipc
from iprhub.model.numbers import normalize_doc_number
from iprhub.model.patent import Claim, ClaimSet

# Han, kana, CJK punctuation and full-width forms; Hangul is left out because Korean spaces words
_CJK = "\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")


def join_cjk(value: str) -> str:
    """Drop the spaces that line breaks left between two CJK characters.

    >>> join_cjk("与水 按1:5 的质量比")
    '与水按1:5 的质量比'
    >>> join_cjk("高压灭菌后按1％的质量比接种长 孢洛德酵母")
    '高压灭菌后按1％的质量比接种长孢洛德酵母'
    """
    return _CJK_GAP.sub("", value)


def cjk_text(el: etree._Element | None) -> str:
    return join_cjk(text(el))


def paragraph_text(el: etree._Element | None, names: Iterable[str] = ("p", "heading")) -> str:
    """Text of a description-like block: one line per top-level paragraph or heading."""
    if el is None:
        return ""
    wanted = set(names)
    cond = " or ".join(f"local-name()='{n}'" for n in wanted)
    paras = el.xpath(f".//*[{cond}][not(ancestor::*[{cond}])]")
    if not paras:
        return cjk_text(el)
    lines = [cjk_text(p) for p in paras]
    return "\n".join(line for line in lines if line)


# --- claims --------------------------------------------------------------------------

_REF_KEY = r"(?:权利要求|權利要求|請求項|청구항)"
_RANGE_SEP = r"(?:[至到~〜\-－–—]|から|乃至|ないし)"
_LIST_SEP = r"(?:[、,，及和与或]|又は|または|および|及び|並びに|或者|以及)"
_REF_RE = re.compile(
    _REF_KEY + r"\s*(\d+(?:\s*(?:" + _RANGE_SEP + "|" + _LIST_SEP + r")\s*(?:" + _REF_KEY + r")?\s*(?:第)?\s*\d+)*)"
)
_TOKEN_RE = re.compile(r"(\d+)|(" + _RANGE_SEP + ")")


def claim_refs(wording: str, num: int) -> list[int]:
    """Earlier claims a claim refers to, read from Chinese / Japanese / Korean wording.

    >>> claim_refs("2.根据权利要求1所述的甘草发酵所得烟用香料", 2)
    [1]
    >>> claim_refs("9.根据权利要求1、2、3所述的脚型量具", 9)
    [1, 2, 3]
    >>> claim_refs("請求項１〜３のいずれか一項に記載の練り製品管理装置", 4)
    [1, 2, 3]
    >>> claim_refs("如权利要求1-3任一项所述的方法", 5)
    [1, 2, 3]
    """
    folded = unicodedata.normalize("NFKC", wording)
    found: list[int] = []
    for m in _REF_RE.finditer(folded):
        prev: int | None = None
        ranged = False
        for tok in _TOKEN_RE.finditer(m.group(1)):
            if tok.group(2):
                ranged = True
                continue
            n = int(tok.group(1))
            values = range(prev + 1, n + 1) if ranged and prev is not None and prev < n <= prev + 200 else [n]
            for v in values:
                if 1 <= v < num and v not in found:
                    found.append(v)
            prev, ranged = n, False
    return found


@dataclass
class RawClaim:
    num: int
    text: str
    el_id: str | None = None
    ref_ids: list[str] = field(default_factory=list)


def build_claims(raw: list[RawClaim], lang: str | None) -> list[ClaimSet]:
    """Claims with dependencies from explicit references, else from the wording."""
    by_id = {c.el_id: c.num for c in raw if c.el_id}
    out: list[Claim] = []
    seen: set[int] = set()
    for c in raw:
        if not c.text or c.num in seen:
            continue
        seen.add(c.num)
        deps = [by_id[r] for r in c.ref_ids if r in by_id and by_id[r] != c.num]
        if not deps:
            deps = claim_refs(c.text, c.num)
        out.append(Claim(num=c.num, text=c.text, depends_on=list(dict.fromkeys(deps))))
    return [ClaimSet(lang=lang, claims=out)] if out else []


def claim_number(value: str | None, default: int) -> int:
    m = re.search(r"\d+", unicodedata.normalize("NFKC", value or ""))
    return int(m.group()) if m else default


# --- classification --------------------------------------------------------------------

_VERSION_PAREN = re.compile(r"\((\d{4})\.(\d{2})\)")


def ipc_version(value: str | None) -> str | None:
    """``20060101`` / ``2006-01-01`` / ``(2006.01)`` -> ``2006.01`` (the printed edition form)."""
    if not value:
        return None
    m = _VERSION_PAREN.search(value)
    if m:
        return f"{m.group(1)}.{m.group(2)}"
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 6 and digits[:4] != "0000":
        return f"{digits[:4]}.{digits[4:6]}"
    return None


def ipc_from_text(value: str, *, first: bool, version: str | None = None,
                  scheme: str = "IPC") -> Classification | None:
    sym = normalize_ipc(value)
    if not sym:
        return None
    return Classification(scheme=scheme, symbol=sym, first=first, version=version or ipc_version(value))


def unique_classes(items: Iterable[Classification | None]) -> list[Classification]:
    out: list[Classification] = []
    seen: set[tuple[str, str]] = set()
    for c in items:
        if c is not None and (c.scheme, c.symbol) not in seen:
            seen.add((c.scheme, c.symbol))
            out.append(c)
    return out


# --- numbers -----------------------------------------------------------------------------


def app_number(cc: str, number: str | None) -> str | None:
    """Office application number without punctuation: ``201410408762.5`` -> ``CN2014104087625``."""
    if not number:
        return None
    raw = re.sub(r"[^0-9A-Za-z]", "", unicodedata.normalize("NFKC", number)).upper()
    if raw.startswith(cc) and not raw[len(cc):].isalpha():
        raw = raw[len(cc):]
    return f"{cc}{raw}" if raw else None


_ERA_START = {"S": 1925, "H": 1988, "R": 2018}  # Showa, Heisei, Reiwa: era year 1 = start + 1


def jp_number(number: str, year: int | None = None) -> str:
    """JP publication numbers as Espacenet writes them.

    ``2000-56265`` -> ``2000056265``; era-year numbers get the era letter from the date:
    ``6-166550`` (1994) -> ``H06166550``, ``63-101085`` (1988) -> ``S63101085``.
    """
    value = unicodedata.normalize("NFKC", number).strip().upper().replace("−", "-")
    m = re.fullmatch(r"([SHR])?\s*(\d{1,4})\s*-\s*(\d{1,7})", value)
    if not m:
        return re.sub(r"[\s,./\-]", "", value)
    era, head, serial = m.group(1), m.group(2), m.group(3)
    if len(head) == 4:
        return f"{head}{serial.zfill(6)}"
    n = int(head)
    if era is None:
        if year is not None:
            era = next((e for e, start in _ERA_START.items() if start + n == year), None)
        era = era or ("S" if n > 31 else "H")
    return f"{era}{n:02d}{serial.zfill(6)}"


_JP_TEXT_NUMBER = [
    (re.compile(r"特開(平|昭|令和)?\s*(\d+)\s*[-−－‐]\s*(\d+)"), "A"),
    (re.compile(r"特表(平|昭|令和)?\s*(\d+)\s*[-−－‐]\s*(\d+)"), "A"),
    (re.compile(r"特許(?:第)?\s*(\d{6,8})\s*号"), "B"),
]
_ERA_LETTER = {"平": "H", "昭": "S", "令和": "R"}


def jp_cited_number(value: str) -> str | None:
    """Kind-less canonical number of a JP patent literature reference in the text.

    >>> jp_cited_number("特開平８−９９３２号公報")
    'JPH08009932'
    >>> jp_cited_number("特許第６１５１５５７号公報")
    'JP6151557'
    """
    folded = unicodedata.normalize("NFKC", value)
    for pattern, _kind in _JP_TEXT_NUMBER:
        m = pattern.search(folded)
        if not m:
            continue
        if m.lastindex == 1:
            return f"JP{m.group(1)}"
        era = _ERA_LETTER.get(m.group(1) or "")
        head = m.group(2)
        number = jp_number(f"{era or ''}{head}-{m.group(3)}")
        return normalize_doc_number("JP", number).without_kind
    m = re.search(r"(?:国際公開|WO)\s*(?:第)?\s*(\d{4})\s*/\s*(\d+)", folded)
    if m:
        return normalize_doc_number("WO", f"{m.group(1)}{m.group(2).zfill(6)}").without_kind
    return None


# --- parties ----------------------------------------------------------------------------------

_COUNTRY_NAMES = {
    # Chinese
    "美国": "US", "日本": "JP", "韩国": "KR", "大韩民国": "KR", "德国": "DE", "法国": "FR", "英国": "GB",
    "瑞士": "CH", "荷兰": "NL", "瑞典": "SE", "意大利": "IT", "加拿大": "CA", "澳大利亚": "AU", "芬兰": "FI",
    "丹麦": "DK", "比利时": "BE", "奥地利": "AT", "以色列": "IL", "新加坡": "SG", "印度": "IN", "西班牙": "ES",
    "中国台湾": "TW", "台湾": "TW", "中国香港": "HK", "香港": "HK", "挪威": "NO", "爱尔兰": "IE",
    # Japanese
    "アメリカ合衆国": "US", "米国": "US", "大韓民国": "KR", "韓国": "KR", "中華人民共和国": "CN",
    "ドイツ": "DE", "フランス": "FR", "イギリス": "GB", "スイス": "CH", "オランダ": "NL",
    "スウェーデン": "SE", "イタリア": "IT", "カナダ": "CA", "オーストラリア": "AU",
    "シンガポール": "SG", "イスラエル": "IL", "ベルギー": "BE", "フィンランド": "FI", "デンマーク": "DK",
}
_CN_DOMESTIC = re.compile(r"^\d{6}\s|^(北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|"
                          r"河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|内蒙古|广西|西藏|宁夏|新疆)")
_JP_DOMESTIC = re.compile(r"^(東京都|北海道|京都府|大阪府|\S{2,3}県)")


def country_from_address(address: str | None, office: str) -> str | None:
    """ST.3 country of a party from the start of its printed address (CN and JP gazettes give
    no country element for parties): a foreign country name, else a domestic postcode/province."""
    if not address:
        return None
    value = address.strip()
    for name in sorted(_COUNTRY_NAMES, key=len, reverse=True):
        if value.startswith(name):
            return _COUNTRY_NAMES[name]
    if office == "CN" and _CN_DOMESTIC.match(value):
        return "CN"
    if office == "JP" and _JP_DOMESTIC.match(value):
        return "JP"
    return None


def designated_states(value: str) -> list[str]:
    """``AP(BW,GH),EA(AM),AE,AG`` -> ``["AP", "BW", "GH", "EA", "AM", "AE", "AG"]``."""
    return list(dict.fromkeys(re.findall(r"\b[A-Z]{2}\b", value)))


def children(el: etree._Element | None, name: str) -> list[etree._Element]:
    if el is None:
        return []
    return [c for c in el if isinstance(c.tag, str) and local(c) == name]
