"""Classification reference tables read as title lookups for the ``class_titles`` table.

* CPC Title List (``symbol<TAB>indent<TAB>title``, one file per section), scheme ``CPC``;
* WIPO IPC titles (``symbol<TAB>title``, groups as 14-character codes), scheme ``IPC``;
* WIPO IPC -> 35 technology fields concordance (CSV), schemes ``TECHFIELD`` and ``TECHSECTOR``;
* KIPO Nice goods/services lists (CSV, Korean + English), scheme ``NICE-GOODS``.

Symbols are normalised with :func:`normalize_ipc`, the function documents use, so titles join
to documents' classes. ``level`` follows the numbering of the CPC scheme XML for every IPC/CPC
source: section 2, class 3, subclass 5, main group 7, a subgroup with *n* dots 7 + *n*.

>>> scheme_level("H01M 10/0525", 3), scheme_level("H01M", None), scheme_level("H01M 10/00", None)
(10, 5, 7)
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from iprhub.ingest.formats._titles import scheme_level, title_batches
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext, Rejected
from iprhub.model.classification import normalize_ipc
from iprhub.model.common import clean_text

_CPC_LINE = re.compile(r"^[A-HY](\d\d([A-Z](\d{1,4}/\d{2,6})?)?)?\t\d{0,2}\t\S")
_IPC_LINE = re.compile(r"^[A-HY](\d\d([A-Z](\d{10})?)?)?\t\S")
_TECH_HEADER = ("Field_number", "Sector_en", "Sector_fr", "Sector_es", "Field_en", "Field_fr", "Field_es",
                "IPC_code")
_NICE_HEADER = ("지정상품(국문)", "NICE분류", "유사군코드", "지정상품(영문)")
_TECH_PATTERN = re.compile(r"^(?P<sub>[A-HY]\d\d[A-Z])(\s*(?P<group>\d{1,4})\s*/)?%$")
_SIMILARITY_CODE = re.compile(r"^[A-Z]\d{4,6}$")


def _first_lines(head: Head, count: int = 5) -> list[str]:
    """Complete lines at the start of the head (the last, maybe cut, line is left out)."""
    data = head.data[3:] if head.data.startswith(b"\xef\xbb\xbf") else head.data
    lines = data.split(b"\n")
    if len(lines) > 1:
        lines = lines[:-1]
    try:
        return [line.decode("utf-8").rstrip("\r") for line in lines[:count]]
    except UnicodeDecodeError:
        return []


def _text_lines(stream: BinaryIO) -> Iterator[tuple[int, str | None]]:
    """(line number, text) with BOM and line ends removed; text is None when not UTF-8."""
    for number, raw in enumerate(stream, 1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            yield number, raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            yield number, None


def _csv_rows(stream: BinaryIO) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of a UTF-8 CSV, header included."""
    wrapper = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        reader = csv.reader(wrapper)
        for cells in reader:
            yield reader.line_num, cells
    finally:
        wrapper.detach()  # the pipeline owns and closes the underlying stream


class CpcTitleList(Format):
    """CPC Title List text files (``cpc-section-H_20220801.txt``)."""

    name = "cpc-title-list"
    label = "CPC Title List (symbol, indent level, title)"
    kind = "reference"

    def sniff(self, head: Head) -> bool:
        lines = _first_lines(head)
        return bool(lines) and all(_CPC_LINE.match(line) for line in lines)

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Item]:
        return title_batches(self._rows(stream))

    def _rows(self, stream: BinaryIO) -> Iterator[dict[str, Any] | Rejected]:
        for number, line in _text_lines(stream):
            if line is None:
                yield Rejected(f"line {number}", "not UTF-8 text")
                continue
            if not line.strip():
                continue
            parts = line.split("\t", 2)
            symbol = normalize_ipc(parts[0]) if len(parts) == 3 else None
            if symbol is None or not parts[2].strip() or not re.fullmatch(r"\d{0,2}", parts[1]):
                yield Rejected(f"line {number}", f"not a CPC title line: {line[:80]!r}")
                continue
            dots = int(parts[1]) if parts[1] else None
            yield {"scheme": "CPC", "symbol": symbol, "level": scheme_level(symbol, dots),
                   "title": clean_text(parts[2]), "lang": "en"}


class IpcTitleList(Format):
    """WIPO IPC titles, one symbol per line; long titles may wrap onto indented lines.

    The file repeats a group symbol where a guidance heading precedes the group; the group's
    own title, which comes second, is kept.
    """

    name = "ipc-title-list"
    label = "WIPO IPC titles (symbol, title)"
    kind = "reference"

    def sniff(self, head: Head) -> bool:
        lines = _first_lines(head)
        return bool(lines) and bool(_IPC_LINE.match(lines[0])) \
            and all(_IPC_LINE.match(line) or line[:1].isspace() for line in lines)

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Item]:
        return title_batches(self._rows(stream))

    def _rows(self, stream: BinaryIO) -> Iterator[dict[str, Any] | Rejected]:
        pending: dict[str, Any] | None = None
        for number, line in _text_lines(stream):
            if line is None:
                yield Rejected(f"line {number}", "not UTF-8 text")
                continue
            if not line.strip():
                continue
            if line[:1].isspace():
                if pending is None:
                    yield Rejected(f"line {number}", "continuation line without a title before it")
                else:
                    pending["title"] = clean_text(f"{pending['title']} {line}")
                continue
            code, _, title = line.partition("\t")
            symbol = normalize_ipc(code)
            if symbol is None or not title.strip():
                yield Rejected(f"line {number}", f"not an IPC title line: {line[:80]!r}")
                continue
            row = {"scheme": "IPC", "symbol": symbol, "level": scheme_level(symbol, None),
                   "title": clean_text(title), "lang": "en"}
            if pending is not None and pending["symbol"] != symbol:
                yield pending
            pending = row
        if pending is not None:
            yield pending


class IpcTechnologyConcordance(Format):
    """WIPO IPC -> technology concordance (35 fields in 5 sectors), EN/FR/ES labels.

    Each IPC pattern becomes a ``TECHFIELD`` row: symbol = the pattern in printed form with the
    SQL ``LIKE`` wildcard kept (``H04N 19/%``, ``F21H%``), level = field number (1-35), title =
    field name. Each field number becomes a ``TECHSECTOR`` row titled with its sector.
    """

    name = "ipc-technology-csv"
    label = "WIPO IPC to technology field concordance (CSV)"
    kind = "reference"

    def sniff(self, head: Head) -> bool:
        lines = _first_lines(head, 1)
        return bool(lines) and tuple(lines[0].split(",")[:len(_TECH_HEADER)]) == _TECH_HEADER

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Item]:
        return title_batches(self._rows(stream))

    def _rows(self, stream: BinaryIO) -> Iterator[dict[str, Any] | Rejected]:
        columns: dict[str, int] = {}
        sectors_done: set[int] = set()
        for number, cells in _csv_rows(stream):
            if not columns:
                columns = {name: i for i, name in enumerate(cells)}
                continue
            if not any(c.strip() for c in cells):
                continue
            if len(cells) < len(columns):
                yield Rejected(f"line {number}", f"{len(cells)} columns, {len(columns)} expected")
                continue
            cell = {name: clean_text(cells[i]) for name, i in columns.items()}
            m = _TECH_PATTERN.match(cell["IPC_code"])
            if not m or not cell["Field_number"].isdigit():
                yield Rejected(f"line {number}", f"not an IPC pattern with a field number: {cell['IPC_code']!r}")
                continue
            field = int(cell["Field_number"])
            symbol = f"{m['sub']} {int(m['group'])}/%" if m["group"] else f"{m['sub']}%"
            for lang in ("en", "fr", "es"):
                if cell[f"Field_{lang}"]:
                    yield {"scheme": "TECHFIELD", "symbol": symbol, "level": field,
                           "title": cell[f"Field_{lang}"], "lang": lang}
            if field not in sectors_done:
                sectors_done.add(field)
                for lang in ("en", "fr", "es"):
                    if cell[f"Sector_{lang}"]:
                        yield {"scheme": "TECHSECTOR", "symbol": str(field), "level": field,
                               "title": cell[f"Sector_{lang}"], "lang": lang}


def nice_goods_key(nice_class: int, similarity_code: str, korean: str, english: str) -> str:
    """Stable key of one goods/services entry within one similarity group.

    The text digest (not a row number) keeps the key the same in every list that carries the
    entry, so an overlapping list or a re-ingest adds nothing twice.

    >>> nice_goods_key(35, "S2001", "가정 식물용 비료 판매알선업", "Sales arranging of fertilizers for household plants")
    '35/S2001/9410d4a5e1'
    """
    digest = hashlib.sha1(f"{korean}\t{english}".encode(), usedforsecurity=False).hexdigest()[:10]
    return f"{nice_class:02d}/{similarity_code}/{digest}"


class KipoNiceGoods(Format):
    """KIPO designated goods/services lists: Korean name, Nice class, similarity codes, English.

    An entry filed under several similarity groups (``S2001, S2002``) is stored once per group,
    so a lookup by group finds it; the English text has lang ``en``, the Korean ``ko``.
    """

    name = "kipo-nice-goods-csv"
    label = "KIPO Nice goods/services list with similarity codes (CSV)"
    kind = "reference"

    def sniff(self, head: Head) -> bool:
        lines = _first_lines(head, 1)
        return bool(lines) and tuple(lines[0].split(",")[:len(_NICE_HEADER)]) == _NICE_HEADER

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Item]:
        return title_batches(self._rows(stream))

    def _rows(self, stream: BinaryIO) -> Iterator[dict[str, Any] | Rejected]:
        header = True
        seen: set[str] = set()  # entries that differ only in white space (NBSP) are one entry
        for number, cells in _csv_rows(stream):
            if header:
                header = False
                continue
            if not any(c.strip() for c in cells):
                continue
            if len(cells) < 4:
                yield Rejected(f"line {number}", f"{len(cells)} columns, 4 expected")
                continue
            korean, cls, codes, english = (clean_text(c) for c in cells[:4])
            similarity = [c.strip() for c in codes.split(",") if c.strip()]
            if not cls.isdigit() or not 1 <= int(cls) <= 45:
                yield Rejected(f"line {number}", f"Nice class out of range 1-45: {cls!r}")
                continue
            if not similarity or not all(_SIMILARITY_CODE.match(c) for c in similarity):
                yield Rejected(f"line {number}", f"not a similarity group code: {codes!r}")
                continue
            if not korean and not english:
                yield Rejected(f"line {number}", "no goods/services text")
                continue
            for code in similarity:
                key = nice_goods_key(int(cls), code, korean, english)
                if key in seen:
                    continue
                seen.add(key)
                for lang, title in (("en", english), ("ko", korean)):
                    if title:
                        yield {"scheme": "NICE-GOODS", "symbol": key, "level": None, "title": title,
                               "lang": lang}
