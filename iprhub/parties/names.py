"""Party names made comparable: transliteration (CJK through pinyin, every other script through
anyascii), legal-form suffixes removed, a phonetic skeleton for names spelt across scripts.

>>> org_key("Xerox Corporation") == org_key("XEROX CORP.")
True
>>> org_key("САЙЕНТИФИК ДРИЛЛИНГ ИНТЕРНЭШНЛ, ИНК.")
'SAYENTIFIK DRILLING INTERNESHNL'
>>> phonetic("SAIENTIFIK DRILLING") == phonetic("SCIENTIFIC DRILLING")
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NON_ALNUM = re.compile(r"[^A-Z0-9 ]+")
_SPACES = re.compile(r"\s+")

# legal forms in the scripts the offices print them (removed before transliteration)
_NATIVE_FORMS = re.compile(
    r"(股份有限公司|有限责任公司|有限公司|集团|株式会社|有限会社|合同会社|주식회사|"
    r"\b(?:ООО|ОАО|ЗАО|ПАО|АО|ИНК|ИНКОРПОРЕЙТЕД|КОРПОРЕЙШН|КОРПОРЕЙШЕН|ЛИМИТЕД|ЛТД|ГМБХ|АГ|ЭЛЭЛСИ|ЛЛК)\b\.?)",
    re.IGNORECASE)

# legal-form words dropped from the end (and from anywhere when alone in parentheses)
LEGAL_FORMS = frozenset("""
INC INCORPORATED CORP CORPORATION CO COMPANY LTD LIMITED LLC LLP LP PLC GMBH AG KG KGAA SA SAS SARL SPA
SRL BV NV AB AS ASA OY OYJ KK YK PTY PTE SE SL SLU AKTIENGESELLSCHAFT GESELLSCHAFT MBH CIE ET
KABUSHIKI KAISHA KABUSHIKIKAISHA GOSHI YUGEN ULC LTDA EV EG
""".split())
_STOP = frozenset({"THE", "OF", "AND", "FOR", "A", "AN", "DE", "DER", "DIE", "LA", "LE", "DU", "DES"})


@lru_cache(maxsize=200_000)
def transliterate(name: str) -> str:
    """Latin letters for any script: Chinese characters by pinyin, the rest by anyascii."""
    from anyascii import anyascii

    text = unicodedata.normalize("NFKC", name)
    if _HAN.search(text):
        from pypinyin import lazy_pinyin

        text = " ".join(lazy_pinyin(text))
    return anyascii(text)


def _words(name: str) -> list[str]:
    text = _NATIVE_FORMS.sub(" ", unicodedata.normalize("NFKC", name))
    text = transliterate(text).upper().replace("&", " AND ").replace("'", "")
    text = _NON_ALNUM.sub(" ", text)
    return text.split()


@lru_cache(maxsize=400_000)
def org_key(name: str) -> str:
    """An organisation's name without case, punctuation, script, leading "the" or legal forms."""
    words = _words(name)
    while words and words[0] == "THE":
        words = words[1:]
    # legal forms trail the name ("ACME CO LTD", "SIEMENS AG"); KABUSHIKI KAISHA may lead it
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words.pop()
    while len(words) > 1 and words[0] in ("KABUSHIKI", "KAISHA", "KABUSHIKIKAISHA"):
        words = words[1:]
    return " ".join(words)


def content_words(key: str) -> list[str]:
    return [w for w in key.split() if w not in _STOP and w not in LEGAL_FORMS]


_PHON = [(re.compile(p), r) for p, r in (
    (r"SC(?=[EIY])", "S"), (r"C(?=[EIY])", "S"), (r"CK", "K"), (r"C", "K"), (r"Q", "K"), (r"PH", "F"),
    (r"W", "V"), (r"Z", "S"), (r"X", "KS"), (r"TH", "T"), (r"SH", "S"), (r"CH", "K"), (r"KH", "K"),
    (r"(?<=.)[AEIOUY]+", ""), (r"H", ""), (r"(.)\1+", r"\1"))]


@lru_cache(maxsize=400_000)
def phonetic_word(word: str) -> str:
    for pattern, repl in _PHON:
        word = pattern.sub(repl, word)
    return word


def phonetic(key: str) -> str:
    """A consonant skeleton of each word: spellings of one name in two scripts meet here."""
    return " ".join(phonetic_word(w) for w in content_words(key) or key.split())


@lru_cache(maxsize=400_000)
def person_parts(first: str, last: str) -> tuple[str, str, str]:
    """(last name, first given name, initials of the others), transliterated and upper-case."""
    last_words = _NON_ALNUM.sub(" ", transliterate(last).upper()).split()
    suffixes = {"JR", "SR", "II", "III", "IV"}
    last_words = [w for w in last_words if w not in suffixes]
    given = _NON_ALNUM.sub(" ", transliterate(first).upper()).split()
    given = [w for w in given if w not in suffixes]
    first_name = given[0] if given else ""
    middle = "".join(w[0] for w in given[1:])
    return " ".join(last_words), first_name, middle


def split_person(name: str) -> tuple[str, str]:
    """(first, last) of a name printed as "Last, First" or "First Last"."""
    if "," in name:
        last, _, first = name.partition(",")
        return first.strip(), last.strip()
    words = _SPACES.split(name.strip())
    if len(words) == 1:
        return "", words[0]
    return " ".join(words[:-1]), words[-1]
