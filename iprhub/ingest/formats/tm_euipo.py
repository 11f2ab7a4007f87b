"""EUIPO trademark JSON: the Trademark Search API response (``{"trademarks": [...]}``) and the EUIPO
open-data figurative-marks set keyed by EUTM number (``{"000001123": {"Date", "Text", "Codes"}}``,
as in the TradeMarks2020 dataset: filing date, verbal element, Vienna codes)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from iprhub.errors import ParseError
from iprhub.ingest.formats import _tm_common as tmc
from iprhub.ingest.formats._uspto_api import guarded, read_json, record_provenance
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext
from iprhub.model.trademark import MarkType, Trademark

_KEYED = re.compile(rb'^\s*\{\s*"\d{6,12}"\s*:\s*\{')
_FEATURES: dict[str, MarkType] = {"WORD": "word", "FIGURATIVE": "combined", "SHAPE_3D": "three-dimensional",
                                  "3D": "three-dimensional", "SOUND": "sound", "COLOUR": "colour",
                                  "POSITION": "position"}


def _vienna(codes: Any) -> list[str]:
    out = []
    for code in codes or []:
        digits = re.sub(r"\D", "", str(code))
        if len(digits) == 6:
            out.append(f"{digits[:2]}.{digits[2:4]}.{digits[4:]}")
    return list(dict.fromkeys(out))


def _keyed_mark(number: str, rec: dict[str, Any], ctx: ReadContext, position: str) -> list[Item]:
    if not isinstance(rec, dict):
        raise ParseError(f"EUTM {number}: record is not an object", field=number, stage="parse")
    text = (rec.get("Text") or "").strip() or None
    vienna = _vienna(rec.get("Codes"))
    return [Trademark(
        office="EM", app_number=tmc.app_number(number), mark_text=text, mark_script=tmc.mark_script(text),
        # the set holds figurative marks: with a verbal element they are combined marks
        mark_type="combined" if text else "figurative",
        app_date=tmc.tm_date(rec.get("Date"), "Date"), vienna_codes=vienna,
        provenance=[record_provenance(ctx, position, {number: rec}, "EUIPO open data")],
    )]


def _api_mark(rec: dict[str, Any], ctx: ReadContext, position: str) -> list[Item]:
    number = tmc.app_number(rec.get("applicationNumber"))
    if not number:
        raise ParseError("missing applicationNumber", field="applicationNumber", stage="normalize")
    text = ((rec.get("wordMarkSpecification") or {}).get("verbalElement") or "").strip() or None
    nice = tmc.NiceCollector()
    for c in rec.get("niceClasses") or []:
        nice.add(tmc.nice_number(str(c)))
    parties = []
    for path, role in (("applicants", "applicant"), ("representatives", "agent")):
        for p in rec.get(path) or []:
            if p.get("name"):
                parties.append(tmc.party(role, p["name"], None, None, len(parties) + 1))
    pubs = [tmc.tm_date(p.get("publicationDate"), "publications/publicationDate") for p in rec.get("publications") or []]
    return [Trademark(
        office="EM", app_number=number, reg_number=number if rec.get("registrationDate") else None,
        mark_text=text, mark_script=tmc.mark_script(text),
        mark_type=_FEATURES.get((rec.get("markFeature") or "").upper(), "other"),
        status=rec.get("status") or None,
        app_date=tmc.tm_date(rec.get("applicationDate"), "applicationDate"),
        reg_date=tmc.tm_date(rec.get("registrationDate"), "registrationDate"),
        expiry_date=tmc.tm_date(rec.get("expiryDate"), "expiryDate"),
        pub_date=min((d for d in pubs if d), default=None),
        nice_classes=nice.classes(), parties=parties,
        provenance=[record_provenance(ctx, position, rec, "EUIPO Trademark Search API")],
    )]


class EuipoTrademarkJson(Format):
    name = "euipo-tm-json"
    label = "EUIPO trademark JSON (Trademark Search API; open-data figurative marks keyed by EUTM number)"
    kind = "trademark"
    priority = 30

    def sniff(self, head: Head) -> bool:
        if not head.is_json:
            return False
        keys = set(head.json_keys)
        if "trademarks" in keys and {"applicationNumber", "wordMarkSpecification"} & keys:
            return True
        return bool(_KEYED.match(head.data)) and bool(keys) and keys <= {"Codes", "Date", "Text"}

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Item]:
        data = read_json(stream, ctx)
        if isinstance(data, dict) and isinstance(data.get("trademarks"), list):
            for i, rec in enumerate(data["trademarks"], 1):
                position = f"record {i}"
                yield from guarded(position, lambda rec=rec, position=position: _api_mark(rec, ctx, position))
            return
        if not isinstance(data, dict):
            raise ParseError("expected a JSON object", file=ctx.source, position="file", stage="parse")
        for i, (number, rec) in enumerate(data.items(), 1):
            position = f"record {i} (EUTM {number})"
            yield from guarded(position, lambda n=number, r=rec, p=position: _keyed_mark(n, r, ctx, p))
