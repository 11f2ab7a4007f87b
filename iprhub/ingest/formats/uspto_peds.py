"""USPTO Patent Examination Data System (PEDS) search JSON: prosecution history as events.

``queryResults.searchResponse.response.docs[]`` holds one application each. Every file-wrapper
transaction becomes a ``prosecution`` event (date, code, description) and each application one
``BIB`` event with the bibliographic summary (title, filing date, status, parties, patent and
publication numbers, continuity, foreign priorities, recorded assignments).

The module also holds the USPTO API conventions the other USPTO event readers share
(application keys, date spellings, null markers, per-record error isolation).

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
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO

import orjson

from iprhub.errors import IprHubError, ParseError
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext, Rejected, load_json
from iprhub.model.common import Party, PartyRole, Provenance, clean_text, normalize_name, parse_date
from iprhub.model.event import ApplicationEvent
from iprhub.model.numbers import normalize_doc_number

# ---------------------------------------------------------------------------------------------
# USPTO API conventions shared by the USPTO event readers
# ---------------------------------------------------------------------------------------------

_NULLS = {"", "null", "none", "-"}
_PCT = re.compile(r"^PCT/?([A-Z]{2})((?:19|20)\d{2}|\d{2})/?(\d{1,6})$")
_MDY = re.compile(r"^(\d{1,2})[-/](\d{1,2})[-/](\d{4})\b")


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
    (years 0000 and 0001) are None; impossible dates raise ParseError naming the field.
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


# ---------------------------------------------------------------------------------------------
# PEDS reader
# ---------------------------------------------------------------------------------------------


class UsptoPeds(Format):
    name = "uspto-peds-json"
    label = "USPTO PEDS search JSON (prosecution history, bibliographic summary)"
    kind = "event"

    def sniff(self, head: Head) -> bool:
        keys = set(head.json_keys)
        return head.is_json and "queryResults" in keys and bool({"searchResponse", "applId"} & keys)

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Item]:
        data = read_json(stream, ctx)
        results = data.get("queryResults") if isinstance(data, dict) else None
        response = ((results or {}).get("searchResponse") or {}).get("response") or {}
        docs = response.get("docs")
        if not isinstance(docs, list):
            raise ParseError("no queryResults.searchResponse.response.docs list in a PEDS response",
                             file=ctx.source, position="file", field="docs", stage="parse")
        for i, doc in enumerate(docs, 1):
            position = f"record {i}"
            yield from guarded(position, lambda doc=doc, position=position: _application(doc, ctx, position))


def _application(doc: dict[str, Any], ctx: ReadContext, position: str) -> list[Item]:
    app_key = us_app_key(doc.get("applId"), "applId")
    prov = record_provenance(ctx, position, doc)
    events: list[Item] = [_bib(doc, app_key, prov)]
    rows = [(api_date(t.get("recordDate"), "transactions/recordDate"), api_text(t.get("code")),
             clean_text(t.get("description"))) for t in doc.get("transactions") or []]
    events.extend(transaction_events(app_key, rows, prov))
    return events


def _bib(doc: dict[str, Any], app_key: str, prov: Provenance) -> ApplicationEvent:
    patent = us_pub_number(doc.get("patentNumber"))
    publication = us_pub_number(doc.get("appEarlyPubNumber"))
    title = api_text(doc.get("patentTitle"))
    filed = api_date(doc.get("appFilingDate"), "appFilingDate")
    parties: list[Party] = []
    for role, key in (("applicant", "applicants"), ("inventor", "inventors")):
        for n, p in enumerate(doc.get(key) or [], 1):
            if role == "inventor":
                name = joined(joined(p.get("nameLineOne"), p.get("nameLineTwo")), p.get("suffix"), sep=" ")
            else:
                name = joined(p.get("nameLineOne"), p.get("nameLineTwo"), sep=" ")
            rank = api_text(p.get("rankNo"))
            made = party(role, name, country=api_text(p.get("country")),
                         address=joined(p.get("city"), p.get("geoCode")),
                         sequence=int(rank) if rank and rank.isdigit() else n)
            if made:
                parties.append(made)
    examiner = party("examiner", api_text(doc.get("appExamName")))
    if examiner:
        parties.append(examiner)
    details: dict[str, Any] = {
        "title": title,
        "filing_date": iso(filed),
        "application_type": api_text(doc.get("appType")),
        "status": api_text(doc.get("appStatus")),
        "status_date": iso(api_date(doc.get("appStatusDate"), "appStatusDate")),
        "entity_status": api_text(doc.get("appEntityStatus")),
        "art_unit": api_text(doc.get("appGrpArtNumber")),
        "us_class": api_text(doc.get("appClsSubCls")),
        "first_inventor_to_file": api_text(doc.get("firstInventorFile")),
        "patent_number": patent,
        "patent_date": iso(api_date(doc.get("patentIssueDate"), "patentIssueDate")),
        "publication_number": publication,
        "publication_date": iso(api_date(doc.get("appEarlyPubDate"), "appEarlyPubDate")),
        "wipo_publication_number": api_text(doc.get("wipoEarlyPubNumber")),
        "wipo_publication_date": iso(api_date(doc.get("wipoEarlyPubDate"), "wipoEarlyPubDate")),
        "pta_days": api_text(doc.get("totalPtoDays")),
        "continuity": _continuity(doc),
        "foreign_priorities": [
            {"country": api_text(p.get("countryName")), "number": api_text(p.get("applicationNumberText")),
             "date": iso(api_date(p.get("filingDate"), "foreignPriority/filingDate"))}
            for p in doc.get("foreignPriority") or []
        ],
        "assignments": [_assignment_summary(a) for a in doc.get("assignments") or []],
    }
    return ApplicationEvent(
        app_key=app_key, pub_number=patent or publication, event_type="prosecution", date=filed, code="BIB",
        description=f"Application {api_text(doc.get('applId'))}" + (f": {title}" if title else ""),
        parties=parties, details={k: v for k, v in details.items() if v not in (None, [], {})},
        provenance=[prov],
    )


def _continuity(doc: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for relation, key in (("parent", "parentContinuity"), ("child", "childContinuity")):
        for c in doc.get(key) or []:
            out.append({
                "relation": relation,
                "application": app_key_or_text(c.get("claimApplicationNumberText")),
                "description": api_text(c.get("applicationStatusDescription")),
                "filing_date": iso(api_date(c.get("filingDate"), f"{key}/filingDate")),
                "status": api_text(c.get("applicationStatus")),
                "patent_number": us_pub_number(c.get("patentNumberText")),
            })
    return out


def _assignment_summary(a: dict[str, Any]) -> dict[str, Any]:
    reel, frame = api_text(a.get("reelNumber")), api_text(a.get("frameNumber"))
    return {
        "reel_frame": f"{int(reel):06d}/{int(frame):04d}" if reel and frame and reel.isdigit() and frame.isdigit()
        else None,
        "recorded_date": iso(api_date(a.get("recordedDate"), "assignments/recordedDate")),
        "conveyance": api_text(a.get("converyanceName")),  # sic: the API's spelling
        "assignors": [api_text(x.get("assignorName")) for x in a.get("assignors") or []],
        "assignees": [api_text(x.get("assigneeName")) for x in a.get("assignee") or []],
    }
