"""KIPRIS (KIPO, Korea) trademark records as a JSON list (``productName``, ``applicationNumber``,
``registerStatus``, ``asignProductMainCodeList`` …, as collected from KIPRIS search results).

The mark is its Korean name followed by its English one when both are given (``프레스카 FRESCA``),
the way KIPRIS titles bilingual marks; Nice classes come from the main code list, Vienna codes kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from iprhub.errors import ParseError
from iprhub.ingest.formats import _tm_common as tmc
from iprhub.ingest.formats._uspto_api import guarded, read_json, record_provenance
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext
from iprhub.model.trademark import Trademark


def _first(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if v not in (None, "", "None")), None)
    return str(value) if value else None


def kipris_json_mark(rec: dict[str, Any], ctx: ReadContext, position: str) -> list[Item]:
    number = tmc.app_number(rec.get("applicationNumber"))
    if not number:
        raise ParseError("missing applicationNumber", field="applicationNumber", stage="normalize")
    korean = (rec.get("productName") or "").strip()
    english = (rec.get("productNameEng") or "").strip()
    name = " ".join(p for p in (korean, english if english.casefold() != korean.casefold() else "") if p) or None
    nice = tmc.NiceCollector()
    for code in rec.get("asignProductMainCodeList") or []:
        nice.add(tmc.nice_number(str(code)))
    vienna = [f"{c[:2]}.{c[2:4]}.{c[4:]}" if len(c) == 6 and c.isdigit() else c
              for c in (str(v).strip() for v in rec.get("viennaCodeList") or []) if c]
    return [Trademark(
        office="KR", app_number=number, reg_number=tmc.app_number(_first(rec.get("registrationNumber"))) or None,
        mark_text=name, mark_script=tmc.mark_script(name),
        mark_type=("combined" if name else "figurative") if vienna else ("word" if name else "other"),
        status=rec.get("registerStatus") or None,
        app_date=tmc.tm_date(rec.get("applicationDate"), "applicationDate"),
        pub_date=tmc.tm_date(rec.get("publicationDate"), "publicationDate"),
        reg_date=tmc.tm_date(_first(rec.get("registrationDate")), "registrationDate"),
        nice_classes=nice.classes(), vienna_codes=vienna,
        provenance=[record_provenance(ctx, position, rec, "KIPRIS JSON")],
    )]


class KiprisTrademarkJson(Format):
    name = "kipris-tm-json"
    label = "KIPRIS trademark records, JSON list (productName, applicationNumber, registerStatus …)"
    kind = "trademark"
    priority = 30

    def sniff(self, head: Head) -> bool:
        keys = set(head.json_keys)
        return head.is_json and {"productName", "applicationNumber", "registerStatus"} <= keys

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Item]:
        data = read_json(stream, ctx)
        if not isinstance(data, list):
            raise ParseError("expected a JSON list of KIPRIS records", file=ctx.source, position="file", stage="parse")
        for i, rec in enumerate(data, 1):
            position = f"record {i}"
            yield from guarded(position, lambda rec=rec, position=position: kipris_json_mark(rec, ctx, position))
