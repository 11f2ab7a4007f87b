"""Patent document numbers: parsing the spellings people type into canonical ``CC+number+kind``.

Canonical forms follow what Espacenet and the offices print: ``US7123456B2``,
``USD586076S1``, ``US20050004437A1``, ``EP1234567A1`` (7 digits), ``WO2022259205A1``,
``CN104223352A``, ``JP2021193879A``.

>>> parse_number("US 7,123,456 B2").canonical
'US7123456B2'
>>> parse_number("EP 1234567 A1").canonical
'EP1234567A1'
>>> parse_number("US 2004/0137123 A1").canonical
'US20040137123A1'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from iprhub.errors import InvalidInput

_NUMBER_RE = re.compile(
    r"^(?P<cc>[A-Z]{2})[\s\-.]*(?P<num>[A-Z]{0,2}[\d,./\s\-]*\d)[\s\-.]*(?P<kind>[A-Z]\d?)?$"
)


@dataclass(frozen=True)
class DocNumber:
    country: str
    number: str
    kind: str | None = None

    @property
    def canonical(self) -> str:
        return f"{self.country}{self.number}{self.kind or ''}"

    @property
    def without_kind(self) -> str:
        return f"{self.country}{self.number}"


_PUNCT = re.compile(r"[\s,./\-]")
_GLUED_KIND = re.compile(r"(.*\d)([A-Z]\d?)")
_US_SERIES_PREFIX = re.compile(r"^(D|RE|PP|H|T|X|RX|AI)\d")
_PREFIXED = re.compile(r"^([A-Z]{1,2})(\d+)$")


@functools.lru_cache(maxsize=65536)
def normalize_doc_number(country: str, number: str, kind: str | None = None) -> DocNumber:
    """Normalise office-specific number spellings for one country (cached: citations repeat)."""
    cc = (country or "").strip().upper()
    raw = (number or "").upper()
    plain = raw.isascii() and raw.isdigit()  # the common spelling: no punctuation, kind or letters to find
    if not plain:
        raw = _PUNCT.sub("", raw)
    kind_clean = (kind or "").strip().upper() or None
    if raw.startswith(cc) and len(raw) > len(cc) and cc:
        raw = raw[len(cc):]
    # a kind code glued to the number (EP1234567A1 as doc-number)
    glued = None if plain else _GLUED_KIND.fullmatch(raw)
    if glued and not kind_clean and cc not in {"US"}:
        raw, kind_clean = glued.group(1), glued.group(2)
    elif glued and not kind_clean and cc == "US" and not _US_SERIES_PREFIX.match(raw):
        raw, kind_clean = glued.group(1), glued.group(2)
    prefix_m = None if plain else _PREFIXED.match(raw)
    prefix, digits = (prefix_m.group(1), prefix_m.group(2)) if prefix_m else ("", raw)
    if cc == "US":
        if not prefix and len(digits) == 11 and digits[:2] in {"19", "20"}:
            pass  # application publication: YYYY + 7 digits
        elif not prefix and len(digits) == 10 and digits[:2] in {"19", "20"}:
            digits = digits[:4] + digits[4:].zfill(7)
        else:
            digits = digits.lstrip("0") or "0"
    elif cc == "EP":
        digits = digits.lstrip("0").zfill(7) if digits.isdigit() and len(digits) <= 8 else digits
    elif cc == "WO" and len(digits) == 10 and digits[:2] in {"19", "20"}:
        digits = digits[:4] + digits[4:].zfill(6)
    elif cc == "WO" and len(digits) == 9 and digits[:2] in {"19", "20"}:
        digits = digits[:4] + digits[4:].zfill(6)
    return DocNumber(cc, prefix + digits, kind_clean)


def parse_number(text: str) -> DocNumber:
    """Parse a number typed by a person (``US 7,123,456 B2``, ``EP1234567A1``, ``CN 104223352 A``)."""
    cleaned = (text or "").strip().upper()
    m = _NUMBER_RE.match(cleaned)
    if not m:
        raise InvalidInput(
            f"not a patent document number: {text!r} (expected country code, number and optional kind, "
            "e.g. US7123456B2 or EP 1234567 A1)",
            field="number",
        )
    num = m.group("num")
    kind = m.group("kind")
    return normalize_doc_number(m.group("cc"), num, kind)
