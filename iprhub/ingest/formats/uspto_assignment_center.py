"""USPTO Assignment Center API patent search JSON (``/ipas/search/api/v2/public/search/patent``),
as the API answers or as recorded in a VCR cassette (YAML, one interaction per request).

``successResponse.data[]`` holds one recorded assignment each (reel/frame, conveyance text,
assignors with execution dates, assignee names, the covered properties). As with the
Assignment Search XML, every covered application gets its own ``assignment`` event whose
``transfer`` holds the recording; a property naming only its patent is kept with
``app_key == ""`` and the kind-less patent number, one naming only its PCT application under
the PCT key (``WO2024US047195``). The API gives no recording date: an event is dated by the
earliest execution. A search lists only the properties that matched it (``noOfProperties`` may
be more), so the events of one reel/frame may come from several searches.

Reading cassettes needs PyYAML (``pip install pyyaml``), imported only for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from iprhub.errors import ParseError
from iprhub.ingest.formats._uspto_api import (
    api_date,
    api_text,
    guarded,
    party,
    record_provenance,
    us_app_key,
    us_pub_number,
)
from iprhub.ingest.formats._uspto_transfer import assignment_event, assignor, reel_frame, transfer_of
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext, load_json
from iprhub.model.event import TransferredProperty

_SEARCH_PATH = b"/ipas/search/api/v2/public/search/patent"


class UsptoAssignmentCenter(Format):
    name = "uspto-assignment-center"
    label = "USPTO Assignment Center API patent assignment search JSON (also in VCR cassettes)"
    kind = "event"

    def sniff(self, head: Head) -> bool:
        if head.is_json:
            return "successResponse" in head.json_keys and "conveyance" in head.json_keys
        return head.data.startswith(b"interactions:") and _SEARCH_PATH in head.data

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Item]:
        data = stream.read(ctx.max_document_bytes + 1)
        if len(data) > ctx.max_document_bytes:
            raise ParseError(f"response larger than the {ctx.max_document_bytes}-byte limit", file=ctx.source,
                             position="file", stage="parse")
        for where, response in _responses(data, ctx):
            records = ((response.get("successResponse") or {}).get("data") if isinstance(response, dict) else None)
            if not isinstance(records, list):
                raise ParseError("no successResponse.data list in an Assignment Center response",
                                 file=ctx.source, position=where or "file", field="successResponse", stage="parse")
            for i, rec in enumerate(records, 1):
                position = f"{where}, record {i}" if where else f"record {i}"
                yield from guarded(position, lambda rec=rec, position=position: _recording(rec, ctx, position))


def _responses(data: bytes, ctx: ReadContext) -> Iterator[tuple[str | None, Any]]:
    """(position prefix, decoded response): the file itself, or each search answered in a cassette."""
    if not data.lstrip().startswith(b"interactions:"):
        yield None, load_json(data, file=ctx.source)
        return
    try:
        import yaml
    except ImportError:
        raise ParseError("reading VCR cassettes needs PyYAML: pip install pyyaml", file=ctx.source,
                         position="file", stage="parse") from None
    try:
        cassette = yaml.load(data, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise ParseError(f"not a readable YAML cassette: {exc}", file=ctx.source, position="file",
                         stage="parse") from None
    interactions = cassette.get("interactions") if isinstance(cassette, dict) else None
    if not isinstance(interactions, list):
        raise ParseError("cassette without an interactions list", file=ctx.source, position="file", stage="parse")
    for n, it in enumerate(interactions, 1):
        request, response = (it or {}).get("request") or {}, (it or {}).get("response") or {}
        if _SEARCH_PATH.decode() not in str(request.get("uri") or ""):
            continue  # another endpoint recorded beside the searches
        body = (response.get("body") or {}).get("string")
        if isinstance(body, str):
            body = body.encode()
        if not isinstance(body, bytes):
            raise ParseError("interaction without a response body", file=ctx.source, position=f"interaction {n}",
                             field="response.body.string", stage="parse")
        yield f"interaction {n}", load_json(body, file=ctx.source, position=f"interaction {n}")


def _recording(rec: dict[str, Any], ctx: ReadContext, position: str) -> list[Item]:
    frame = reel_frame(rec.get("reelNumber"), rec.get("frameNumber"))
    if not frame:
        raise ParseError("assignment record without reel and frame", field="reelNumber")
    assignors = [a for n, x in enumerate(rec.get("assignors") or [], 1)
                 if (a := assignor(api_text(x.get("assignorName")),
                                   api_date(x.get("executionDate"), "assignors/executionDate"), n))]
    assignees = [p for n, name in enumerate(rec.get("assignees") or [], 1)
                 if (p := party("assignee", api_text(name), sequence=n))]
    prov = record_provenance(ctx, position, rec)
    events: list[Item] = []
    for p in rec.get("properties") or []:
        # a PCT application named only by its PCT number is keyed as one (WO + year + office + serial)
        application = api_text(p.get("applicationNumber")) or api_text(p.get("pctNumber"))
        covers = TransferredProperty(
            app_key=us_app_key(application, "properties/applicationNumber") if application else None,
            pub_number=us_pub_number(p.get("publicationNumber")), patent_number=us_pub_number(p.get("patentNumber")),
            title=api_text(p.get("inventionTitle")),
            filing_date=api_date(p.get("fillingDate"), "properties/fillingDate"),  # sic: the API's spelling
            publication_date=api_date(p.get("publicationDate"), "properties/publicationDate"),
            patent_date=api_date(p.get("issueDate"), "properties/issueDate"),
            pct_number=api_text(p.get("pctNumber")),
        )
        if not (covers.app_key or covers.patent_number or covers.pub_number):
            continue  # named by an international (design) registration only: nothing to attach it to
        transfer = transfer_of(conveyance=api_text(rec.get("conveyance")), assignors=assignors, assignees=assignees,
                               reel_frame=frame, properties=[covers], correspondent=api_text(rec.get("correspondentName")))
        events.append(assignment_event(app_key=covers.app_key or "", provenance=prov, transfer=transfer,
                                       pub_number=covers.patent_number or covers.pub_number))
    if not events:
        raise ParseError(f"assignment {frame} names no application, publication or patent", field="properties",
                         record=frame)
    return events

