"""What the EPO OPS readers share: the service of a response, the base reader class (sniff by
service, parse the small response whole, isolate bad records) and the minimal record built from
a document id."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import BinaryIO, ClassVar

from lxml import etree

from iprhub.errors import IprHubError, ParseError
from iprhub.ingest.formats._docdb import best_id, doc_number, doc_type_for, split_epodoc
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext, Rejected
from iprhub.ingest.xml_stream import parse_xml
from iprhub.model.common import parse_date
from iprhub.model.patent import PatentDocument

OPS_NS = "http://ops.epo.org"


_START_TAG = re.compile(rb"<(?![?!/])(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")


def ops_service(head: Head) -> str | None:
    """Local name of the element under ``world-patent-data`` (``meta`` skipped)."""
    if head.root != "world-patent-data" or head.namespace != OPS_NS:
        return None
    body = re.sub(rb"<!--.*?-->", b"", head.data[:65536], flags=re.S)
    names = [m.group(1).decode("latin-1") for m in _START_TAG.finditer(body)]
    return next((n for n in names[1:] if n != "meta"), None)


def stub(ids: dict[str, dict[str, str]], ctx: ReadContext, position: str, data: bytes,
         **fields: object) -> PatentDocument | None:
    """A record from a bare publication reference (docdb id with kind wanted)."""
    fmt, d = best_id(ids)
    number, country = d.get("doc-number", ""), d.get("country", "")
    if fmt == "epodoc" or not country:
        country, number = split_epodoc(number)
    if not number or not re.fullmatch(r"[A-Z]{2}", country):
        return None
    dn = doc_number(country, number, d.get("kind") or None)
    return PatentDocument(pub_number=dn.canonical, country=dn.country, doc_number=dn.number, kind=dn.kind,
                          doc_type=doc_type_for(dn.country, dn.kind),
                          pub_date=parse_date(d.get("date"), "publication-reference/date"),
                          provenance=[ctx.provenance(position, data)], **fields)


class OpsFormat(Format):
    """Base of the OPS readers: sniff by service, parse the (small) response whole."""

    services: ClassVar[tuple[str, ...]] = ()
    priority = 30

    def sniff(self, head: Head) -> bool:
        return ops_service(head) in self.services

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Item]:
        data = stream.read(ctx.max_document_bytes + 1)
        if len(data) > ctx.max_document_bytes:
            raise ParseError(f"response larger than the {ctx.max_document_bytes}-byte limit", file=ctx.source,
                             position="file", stage="parse")
        root = parse_xml(data, file=ctx.source, position="file")
        yield from self.records(root, ctx)

    def records(self, root: etree._Element, ctx: ReadContext) -> Iterator[Item]:
        raise NotImplementedError

    @staticmethod
    def guarded(position: str, build: Callable[..., object], *args: object, **kwargs: object) -> Iterator[Item]:
        """Run one record's builder; a bad record becomes a Rejected, never a stopped file."""
        try:
            result = build(*args, **kwargs)
        except IprHubError as exc:
            yield Rejected(position, exc.message + (f" [field {exc.field}]" if exc.field else ""),
                           exc.stage or "parse")
            return
        except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
            yield Rejected(position, f"{type(exc).__name__}: {exc}")
            return
        for item in result if isinstance(result, list) else [result]:
            if item is not None:
                yield item
