"""Safe, streaming XML.

* entity resolution off, no network, no DTD loading: billion-laughs and external-entity
  payloads are inert;
* concatenated multi-document files (USPTO weekly files) are split at ``<?xml`` lines so only
  one document is in memory at a time;
* single-root files with many records are read with ``iterparse`` and elements are cleared.
"""

from __future__ import annotations

import html.entities
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from lxml import etree

from iprhub.errors import ParseError


@dataclass
class RawDoc:
    """One document's bytes and where it was found."""

    index: int
    offset: int
    line: int
    data: bytes

    @property
    def position(self) -> str:
        return f"doc {self.index + 1} (line {self.line})"


def secure_parser(*, recover: bool = False) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, remove_comments=True, remove_pis=True, recover=recover,
    )


_DOCTYPE_SUBSET = re.compile(rb"<!DOCTYPE[^\[>]*\[(?P<subset>.*?)\]\s*>", re.S)
_ENTITY_DECL = re.compile(rb"<!ENTITY")


def parse_xml(data: bytes, *, file: str, position: str) -> etree._Element:
    """Parse one document; errors name file, position, line and column."""
    m = _DOCTYPE_SUBSET.search(data[:65536])
    if m and _ENTITY_DECL.search(m.group("subset")):
        raise ParseError("internal DTD entity declarations are refused (entity expansion attack guard)",
                         file=file, position=position, stage="parse")
    try:
        return etree.fromstring(data, secure_parser())
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (0, 0)
        raise ParseError(f"not well-formed XML: {exc.msg} (line {line}, column {col})",
                         file=file, position=position, stage="parse") from None
    except ValueError as exc:
        raise ParseError(f"XML could not be decoded: {exc}", file=file, position=position, stage="parse") from None


def split_concatenated(stream: BinaryIO, *, max_bytes: int, file: str) -> Iterator[RawDoc]:
    """Split a stream of concatenated XML documents at ``<?xml`` declarations."""
    buf: list[bytes] = []
    size = 0
    offset = 0
    doc_offset = 0
    line_no = 0
    doc_line = 1
    index = 0
    has_content = False
    for line in stream:
        line_no += 1
        if line.lstrip().startswith(b"<?xml") and has_content:
            yield RawDoc(index, doc_offset, doc_line, b"".join(buf).lstrip())
            index += 1
            buf, size, has_content = [], 0, False
            doc_offset, doc_line = offset, line_no
        buf.append(line)
        size += len(line)
        offset += len(line)
        if not has_content and b"<" in line and not line.lstrip().startswith((b"<?xml", b"<!DOCTYPE")):
            has_content = True
        if size > max_bytes:
            raise ParseError(f"document larger than the {max_bytes}-byte limit", file=file,
                             position=f"doc {index + 1} (line {doc_line})", stage="parse")
    if has_content:
        yield RawDoc(index, doc_offset, doc_line, b"".join(buf).lstrip())


def iter_elements(stream: BinaryIO, tags: Iterable[str], *, file: str) -> Iterator[etree._Element]:
    """Stream elements with these (local or ``{ns}local``) tags out of one large document."""
    wanted = set(tags)
    context = etree.iterparse(
        stream, events=("end",), resolve_entities=False, no_network=True, load_dtd=False,
        huge_tree=False, remove_comments=True,
    )
    try:
        for _, el in context:
            tag = el.tag if isinstance(el.tag, str) else ""
            if tag in wanted or etree.QName(el).localname in wanted if tag else False:
                yield el
                el.clear(keep_tail=True)
                parent = el.getparent()
                if parent is not None:
                    while el.getprevious() is not None:
                        del parent[0]
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (0, 0)
        raise ParseError(f"not well-formed XML: {exc.msg} (line {line}, column {col})",
                         file=file, position=f"line {line}", stage="parse") from None


def _entity_text(name: str) -> str:
    for candidate in (name, name[:1] + name[1:].lower(), name.lower()):
        ch = html.entities.html5.get(candidate + ";")
        if ch:
            return ch
    return f"&{name};"


def text(el: etree._Element | None, *, sep: str = "") -> str:
    """All text below ``el``, unresolved entities replaced, white space folded."""
    if el is None:
        return ""
    parts: list[str] = []
    _collect(el, parts, sep)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _collect(el: etree._Element, parts: list[str], sep: str) -> None:
    if isinstance(el, etree._Entity):
        parts.append(_entity_text(el.name))
    elif isinstance(el.tag, str) and el.text:
        parts.append(el.text)
    for child in el:
        if isinstance(child, etree._Comment | etree._ProcessingInstruction):
            pass
        else:
            _collect(child, parts, sep)
            if sep and isinstance(child.tag, str):
                parts.append(sep)
        if child.tail:
            parts.append(child.tail)


def local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def first(el: etree._Element | None, path: str) -> etree._Element | None:
    """First match of a namespace-agnostic path like ``a/b`` (local names)."""
    if el is None:
        return None
    found = el.xpath("./" + "/".join(f"*[local-name()='{p}']" if p not in ("..", ".") else p for p in path.split("/")))
    return found[0] if found else None


def find_all(el: etree._Element | None, path: str) -> list[etree._Element]:
    if el is None:
        return []
    return el.xpath("./" + "/".join(f"*[local-name()='{p}']" for p in path.split("/")))


def descendants(el: etree._Element | None, name: str) -> list[etree._Element]:
    if el is None:
        return []
    return el.xpath(f".//*[local-name()='{name}']")
