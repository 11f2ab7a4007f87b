"""Splitting a stream into XML documents at their declarations, wherever they sit on a line.

``xml_stream.split_concatenated`` keys on *lines* that start with ``<?xml``: it yields nothing
for a document written on one line after its declaration (USPTO TSDR status files) and cuts at
``<?xml-stylesheet`` when the file starts with a byte-order mark (CNIPA files). The readers for
those offices split here instead: only at real declarations (``<?xml`` + white space), and only
once the current document has an element.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from iprhub.errors import ParseError
from iprhub.ingest.xml_stream import RawDoc

_DECL = re.compile(rb"(?:\xef\xbb\xbf)?<\?xml\s")
_ELEMENT = re.compile(rb"<[A-Za-z_]")


def split_xml_documents(stream: BinaryIO, *, max_bytes: int, file: str) -> Iterator[RawDoc]:
    buf = bytearray()
    has_element = False
    index = 0
    offset = doc_offset = 0
    line_no = 0
    doc_line = 1
    for line in stream:
        line_no += 1
        pos = 0
        for m in _DECL.finditer(line):
            if has_element or _ELEMENT.search(line, pos, m.start()):
                buf += line[pos:m.start()]
                yield RawDoc(index, doc_offset, doc_line, bytes(buf).strip())
                index += 1
                buf, has_element = bytearray(), False
                doc_offset, doc_line, pos = offset + m.start(), line_no, m.start()
        chunk = line[pos:]
        buf += chunk
        has_element = has_element or bool(_ELEMENT.search(chunk))
        offset += len(line)
        if len(buf) > max_bytes:
            raise ParseError(f"document larger than the {max_bytes}-byte limit", file=file,
                             position=f"doc {index + 1} (line {doc_line})", stage="parse")
    if has_element:
        yield RawDoc(index, doc_offset, doc_line, bytes(buf).strip())
