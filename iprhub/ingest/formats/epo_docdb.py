"""EPO DOCDB exchange XML (``exch:exchange-documents`` / ``exch:exchange-document``).

One file holds one record or a whole weekly delivery; records are streamed one at a time.
The ``exchange-document`` structure is shared with EPO OPS responses: its parsing lives in
``_docdb`` (:func:`exchange_document` and friends).

DOCDB files name DOCDB entities (``&SACUTE;``) declared in ``docdb-entities.dtd``; the DTD is
never loaded: entity references are kept and turned into characters by ``text()``. Single-record
files as found in the wild may lack the DOCTYPE and even the ``xmlns:exch`` declaration; both are
supplied before parsing so such a file reads like a delivery file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from lxml import etree

from iprhub.errors import IprHubError
from iprhub.ingest.formats._docdb import EXCH_NS, exchange_document
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext, Rejected
from iprhub.ingest.xml_stream import iter_elements

# the reader -----------------------------------------------------------------------------

class _Patched:
    """The stream with a repaired prolog in front (see the module docstring)."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def read(self, n: int = -1) -> bytes:
        if not self._head:
            return self._rest.read(n)
        if n is None or n < 0:
            out, self._head = self._head + self._rest.read(), b""
            return out
        out, self._head = self._head[:n], self._head[n:]
        return out


_ROOT_TAG = re.compile(rb"<(?P<prefix>[A-Za-z_][\w.\-]*:)?(?P<name>exchange-documents?)\b")


def _repair_prolog(head: bytes) -> bytes:
    m = _ROOT_TAG.search(head)
    if not m:
        return head
    prefix = (m.group("prefix") or b"").rstrip(b":")
    end = head.find(b">", m.end())
    if prefix and end > 0 and b"xmlns:" + prefix not in head[m.start():end]:
        head = head[:m.end()] + b' xmlns:' + prefix + b'="' + EXCH_NS.encode() + b'"' + head[m.end():]
    if b"<!DOCTYPE" not in head[:m.start()]:
        # with a DOCTYPE (never loaded) unknown DOCDB entities stay references instead of errors
        root = m.group(0)[1:]
        head = head[:m.start()] + b'<!DOCTYPE ' + root + b' SYSTEM "docdb-entities.dtd">' + head[m.start():]
    return head


class EpoDocdbXml(Format):
    name = "epo-docdb-xml"
    label = "EPO DOCDB exchange XML (bibliographic exchange documents)"
    priority = 20

    def sniff(self, head: Head) -> bool:
        return head.root in ("exchange-documents", "exchange-document") and head.namespace in (None, EXCH_NS)

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Item]:
        head = _repair_prolog(stream.read(65536))
        version = None
        m = re.search(rb'<(?:\w+:)?exchange-documents[^>]*\sdtd-version="([^"]+)"', head)
        if m:
            version = m.group(1).decode("latin-1")
        for i, el in enumerate(iter_elements(_Patched(head, stream), ["exchange-document"], file=ctx.source),
                               start=1):
            position = f"record {i} (line {el.sourceline})"
            data = etree.tostring(el)
            try:
                yield exchange_document(el, ctx, position, data, version)
            except IprHubError as exc:
                yield Rejected(position, exc.message + (f" [field {exc.field}]" if exc.field else ""),
                               exc.stage or "parse")
            except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
                yield Rejected(position, f"{type(exc).__name__}: {exc}")
