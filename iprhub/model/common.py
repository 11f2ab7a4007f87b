"""Types shared by patent, trademark and event records."""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from iprhub.errors import ParseError


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Provenance(Record):
    """Where a record came from: enough to find the bytes again and to detect changes."""

    source_file: str
    position: str  # "doc 3, byte 10240, line 311" style, stable across runs
    format: str  # reader name, e.g. "uspto-grant-xml"
    format_version: str | None = None  # DTD / schema version as declared
    content_hash: str  # sha256 of the document's own bytes
    # what the reader dropped or repaired while keeping the record (a continuity entry with an
    # impossible date …); left out of the JSON when empty, so records without keep their bytes
    warnings: list[str] = Field(default_factory=list, exclude_if=lambda w: not w)


class Text(Record):
    lang: str | None = None  # ISO 639-1 lower case
    text: str


PartyRole = Literal["applicant", "inventor", "agent", "assignee", "owner", "examiner", "correspondent", "other"]


class Party(Record):
    role: PartyRole
    name: str  # as published
    normalized_name: str
    country: str | None = None  # ST.3
    address: str | None = None
    sequence: int | None = None
    # the same party's name as also filed in another language or script (TIPO: the English name beside the
    # Chinese one on the register); left out of the JSON when empty, so other records keep their bytes
    other_names: list[str] = Field(default_factory=list, exclude_if=lambda v: not v)


_CORP_SUFFIX = re.compile(
    r"[,\s]+(incorporated|inc|corporation|corp|company|co|ltd|limited|llc|l\.l\.c|gmbh|ag|sa|s\.a|nv|bv|plc|kk|k\.k|ab|oy|spa|s\.p\.a|sas|srl|lp|llp)\.?$",
    re.IGNORECASE,
)


_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=65536)  # parties (agents, examiners, assignees) repeat across documents
def normalize_name(name: str) -> str:
    """Upper-case, accent-free, punctuation-folded name used for matching parties.

    >>> normalize_name("Sony Corporation")
    'SONY'
    >>> normalize_name("  Müller, Hans ")
    'MULLER HANS'
    """
    plain = name.isascii()  # then both normal forms are the name itself, with no accents to drop
    text = (name if plain else unicodedata.normalize("NFKC", name)).strip()
    prev = None
    while prev != text:
        prev = text
        text = _CORP_SUFFIX.sub("", text).strip()
    if not plain:
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    text = _NON_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip().upper()


def parse_date(value: str | None, field: str, *, partial: bool = False) -> date | None:
    """Parse office date spellings (``20050230``, ``2005-02-28``, ``2005.02.28``) strictly.

    Impossible dates raise :class:`ParseError` naming the field. With ``partial`` a day or
    month of ``00`` (common in cited-document dates) becomes the 1st.
    """
    if value is None:
        return None
    raw = value.strip()
    if not raw or raw in {"00000000", "0"}:
        return None
    digits = re.sub(r"[-./\s]", "", raw[:10])
    if "T" in raw:
        digits = re.sub(r"[-./\s]", "", raw.split("T", 1)[0])
    if not re.fullmatch(r"\d{8}", digits):
        raise ParseError(f"invalid date {raw!r}", field=field, stage="normalize")
    y, m, d = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    if partial:
        m = m or 1
        d = d or 1
    try:
        return date(y, m, d)
    except ValueError:
        raise ParseError(f"invalid date {raw!r}", field=field, stage="normalize") from None


_DATE_PUNCT = re.compile(r"[-./\s]")
_PARTIAL_DATE = re.compile(r"\d{4}(\d{2}(\d{2})?)?")


@functools.lru_cache(maxsize=65536)  # cited documents' dates repeat
def partial_date(value: str | None) -> str | None:
    """Keep a possibly partial date as ISO text: ``19211100`` -> ``1921-11``."""
    if not value:
        return None
    digits = _DATE_PUNCT.sub("", value.strip())[:8]
    if not _PARTIAL_DATE.fullmatch(digits):
        return None
    y, m, d = digits[:4], digits[4:6], digits[6:8]
    if not m or m == "00":
        return y
    if not d or d == "00":
        return f"{y}-{m}"
    return f"{y}-{m}-{d}"


def clean_text(value: str | None) -> str:
    """Fold runs of white space to single spaces."""
    if not value:
        return ""
    return re.sub(r"\s+", " ", value).strip()
