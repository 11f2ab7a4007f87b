"""USPTO API conventions shared by the USPTO JSON/API event readers (PEDS, ODP, PTAB, office
actions, Global Dossier, assignments): application keys, date spellings, null markers,
per-record error isolation.

>>> us_app_key("14/190,982")
'US14190982'
>>> us_app_key("PCT/US07/03986")
'WO2007US003986'
>>> api_date("10-30-2023", "documentFilingDate").isoformat()
'2023-10-30'
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any, BinaryIO

import orjson

from iprhub.errors import IprHubError, ParseError
from iprhub.ingest.formats.base import Item, ReadContext, Rejected, load_json
from iprhub.model.common import Party, PartyRole, Provenance, clean_text, normalize_name, parse_date
from iprhub.model.event import ApplicationEvent
from iprhub.model.numbers import normalize_doc_number

_NULLS = {"", "null", "none", "-"}


_PCT = re.compile(r"^PCT/?([A-Z]{2})((?:19|20)\d{2}|\d{2})/?(\d{1,6})$")


_MDY = re.compile(r"^(\d{1,2})[-/](\d{1,2})[-/](\d{1,4})\b")


def api_text(value: Any) -> str | None:
    """A scalar as clean text; Solr one-element lists unwrapped; ``NULL``/``null``/blank -> None."""
    if isinstance(value, list):
        value = value[0] if len(value) == 1 else None
    if value is None or isinstance(value, dict | list):
        return None
    text = clean_text(str(value))
    return None if text.lower() in _NULLS else text


def api_date(value: Any, field: str) -> dt.date | None:
    """Dates as the USPTO APIs spell them.

    ISO with or without time (``2019-01-09T05:00:00Z``, ``2019-03-12 00:00:00``), US order
    (``10-30-2023``, ``09/27/2017``) and epoch milliseconds. The APIs' "no date" markers
    (years 0000 and 0001, ``01/01/1``) are None; impossible dates raise ParseError naming the field.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC).date()
    text = api_text(value)
    if text is None or text[:4] in ("0000", "0001"):
        return None
    m = _MDY.match(text)
    if m:
        if int(m.group(3)) <= 1:  # 01/01/1: the Assignment Center's "no date"
            return None
        text = f"{m.group(3)}-{int(m.group(1)):02d}-{int(m.group(2)):02d}"
    return parse_date(text, field)


def iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def us_app_key(value: Any, field: str = "application number") -> str:
    """``US`` + USPTO application number (series code kept: ``US09026118``).

    PCT applications (``PCT/US07/03986``, ``PCT/US2015/027322``) get the DOCDB form
    ``WO`` + year + receiving office + six-digit serial.
    """
    text = (api_text(value) or "").upper().replace(" ", "")
    m = _PCT.match(text)
    if m:
        cc, year, serial = m.groups()
        if len(year) == 2:
            year = ("19" if int(year) >= 78 else "20") + year
        return f"WO{year}{cc}{serial.zfill(6)}"
    digits = re.sub(r"[,./\-]", "", text.removeprefix("US"))
    if not re.fullmatch(r"\d{6,12}", digits):
        raise ParseError(f"not a USPTO application number: {value!r}", field=field, stage="parse")
    return "US" + digits


def app_key_or_text(value: Any) -> str | None:
    """An application key where the number parses, else the number as given (for cross-references)."""
    try:
        return us_app_key(value)
    except ParseError:
        return api_text(value)


def us_pub_number(value: Any, kind: str | None = None) -> str | None:
    """A US patent or publication number as given (``10131248``, ``D801104``,
    ``US20170292337A1``, ``US 2017-0071586 A1``) in canonical form; kind-less when none is given."""
    text = (api_text(value) or "").upper()
    if not text:
        return None
    m = re.fullmatch(r"(?:US)?\s*([A-Z]{0,2}[\d,\-/\s]*\d)\s*([A-Z]\d?)?", text)
    if not m:
        return None
    return normalize_doc_number("US", m.group(1), m.group(2) or kind).canonical


def read_json(stream: BinaryIO, ctx: ReadContext) -> Any:
    """A whole (bounded) JSON response; read in chunks, since a raw stream may return short reads."""
    chunks: list[bytes] = []
    size = 0
    while size <= ctx.max_document_bytes:
        chunk = stream.read(min(1 << 20, ctx.max_document_bytes + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    data = b"".join(chunks)
    if len(data) > ctx.max_document_bytes:
        raise ParseError(f"JSON response larger than the {ctx.max_document_bytes}-byte limit",
                         file=ctx.source, position="file", stage="parse")
    return load_json(data, file=ctx.source)


def record_provenance(ctx: ReadContext, position: str, record: Any, version: str | None = None) -> Provenance:
    """Provenance of one JSON record; hashed over its canonical serialisation because split
    responses re-serialise their wrapper."""
    return ctx.provenance(position, orjson.dumps(record, option=orjson.OPT_SORT_KEYS), version)


def guarded(position: str, build: Callable[[], list[Item]]) -> list[Item]:
    """Build one record's items; a bad record becomes a Rejected with its position."""
    try:
        return build()
    except IprHubError as exc:
        reason = exc.message + (f" [field {exc.field}]" if exc.field else "")
        return [Rejected(position, reason, exc.stage or "parse", exc.record)]
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        # an unexpected record shape: quarantine it, keep reading the file
        return [Rejected(position, f"{type(exc).__name__}: {exc}", "parse")]


def transaction_events(app_key: str, rows: Iterable[tuple[dt.date | None, str | None, str]],
                       provenance: Provenance) -> list[ApplicationEvent]:
    """One ``prosecution`` event per file-wrapper transaction.

    Identical transactions on one day (two e-mail notifications) are told apart by an
    occurrence number, so they survive the store's content-identity de-duplication while the
    same history read from two snapshots still collapses.
    """
    seen: Counter[tuple[Any, ...]] = Counter()
    out = []
    for date, code, description in rows:
        key = (date, code, description)
        seen[key] += 1
        out.append(ApplicationEvent(
            app_key=app_key, event_type="prosecution", date=date, code=code,
            description=description or code or "transaction",
            details={"occurrence": seen[key]} if seen[key] > 1 else {},
            provenance=[provenance],
        ))
    return out


def party(role: PartyRole, name: str | None, *, country: str | None = None, address: str | None = None,
          sequence: int | None = None) -> Party | None:
    name = clean_text(name)
    if not name:
        return None
    cc = (country or "").strip("() ").upper()
    return Party(role=role, name=name, normalized_name=normalize_name(name),
                 country=cc if re.fullmatch(r"[A-Z]{2}", cc) else None,
                 address=address or None, sequence=sequence)


def joined(*parts: Any, sep: str = ", ") -> str | None:
    """Non-null parts joined; trailing separators in the parts (``Houston, ``) dropped."""
    texts = [t.strip(" ,") for t in (api_text(p) for p in parts) if t]
    return sep.join(t for t in texts if t) or None


# assignee country names as the assignment database spells them -> ST.3
_COUNTRY_BY_NAME = {
    "AUSTRALIA": "AU", "AUSTRIA": "AT", "BELGIUM": "BE", "BERMUDA": "BM", "BRAZIL": "BR",
    "CANADA": "CA", "CAYMAN ISLANDS": "KY", "CHINA": "CN", "CZECH REPUBLIC": "CZ", "DENMARK": "DK",
    "FINLAND": "FI", "FRANCE": "FR", "GERMANY": "DE", "GREECE": "GR", "HONG KONG": "HK",
    "HUNGARY": "HU", "INDIA": "IN", "IRELAND": "IE", "ISRAEL": "IL", "ITALY": "IT", "JAPAN": "JP",
    "KOREA, REPUBLIC OF": "KR", "REPUBLIC OF KOREA": "KR", "KOREA": "KR", "LIECHTENSTEIN": "LI",
    "LUXEMBOURG": "LU", "MALAYSIA": "MY", "MEXICO": "MX", "NETHERLANDS": "NL", "NEW ZEALAND": "NZ",
    "NORWAY": "NO", "POLAND": "PL", "PORTUGAL": "PT", "RUSSIAN FEDERATION": "RU", "SAUDI ARABIA": "SA",
    "SINGAPORE": "SG", "SOUTH AFRICA": "ZA", "SPAIN": "ES", "SWEDEN": "SE", "SWITZERLAND": "CH",
    "TAIWAN": "TW", "THAILAND": "TH", "TURKEY": "TR", "UNITED ARAB EMIRATES": "AE",
    "UNITED KINGDOM": "GB", "UNITED STATES": "US", "VIRGIN ISLANDS, BRITISH": "VG",
}


def country_code(name: str | None) -> str | None:
    return _COUNTRY_BY_NAME.get((name or "").strip().upper())


def kept(entries: Iterable[Any], build: Callable[[Any], Any], warnings: list[str], what: str) -> list[Any]:
    """``build`` of each entry; an entry it refuses (an impossible date …) is dropped with a line
    in ``warnings``, so one bad entry of a list never costs the whole record."""
    out = []
    for n, entry in enumerate(entries, 1):
        try:
            out.append(build(entry))
        except ParseError as exc:
            warnings.append(f"{what} {n} dropped: {exc.message}" + (f" [field {exc.field}]" if exc.field else ""))
    return out


def warned(event: ApplicationEvent, warnings: list[str]) -> ApplicationEvent:
    """The event with ``warnings`` added to its (first) provenance."""
    if not warnings or not event.provenance:
        return event
    first, *rest = event.provenance
    return event.model_copy(update={"provenance": [first.model_copy(update={"warnings": first.warnings + warnings}),
                                                   *rest]})
