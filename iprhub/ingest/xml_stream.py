"""Safe, streaming XML.

* entity resolution off, no network, no DTD loading: billion-laughs and external-entity
  payloads are inert;
* concatenated multi-document files (USPTO weekly files) are split at ``<?xml`` lines so only
  one document is in memory at a time;
* single-root files with many records are read with ``iterparse`` and elements are cleared.
"""

from __future__ import annotations

import functools
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
    """The parser for one bounded document (callers split at ``max_document_bytes``).

    ``huge_tree`` lifts libxml2's 10 MB cap on one text node, which a long description inside a
    64 MiB document can pass. The cap guards against entity amplification, and none can happen:
    entities are never resolved, no DTD is loaded and :func:`parse_xml` refuses internal entity
    declarations, so a text node is never larger than the document holding it.
    """
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=True, remove_comments=True, remove_pis=True, recover=recover,
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


_BOM = b"\xef\xbb\xbf"


def _next_declaration(buf: bytearray, start: int) -> int:
    """Index of the next ``<?xml`` declaration (with its byte-order mark, which belongs to the
    document it opens), or -1. ``bytes.find`` is far faster than a regex scan here."""
    while True:
        i = buf.find(b"<?xml", start)
        if i == -1 or i + 5 >= len(buf):
            return -1  # none, or not yet decidable: the caller re-scans once more bytes arrive
        if buf[i + 5] in b" \t\r\n":
            return i - 3 if i >= 3 and buf[i - 3:i] == _BOM else i
        start = i + 5  # <?xml-stylesheet …?> and friends
_ELEMENT_START = re.compile(rb"<[A-Za-z_]")


def split_concatenated(stream: BinaryIO, *, max_bytes: int, file: str,
                       chunk_size: int = 1 << 20) -> Iterator[RawDoc]:
    """Split a stream of concatenated XML documents at ``<?xml`` declarations.

    Reads in chunks and keeps only the current document in memory.
    """
    buf = bytearray()
    buf_offset = 0  # stream offset of buf[0]
    counted = 0  # buf index up to which newlines are counted ...
    counted_line = 1  # ... and the line number there
    doc_start = 0  # index in buf where the current document starts
    search_from = 0
    index = 0

    def line_at(pos: int) -> int:
        nonlocal counted, counted_line
        counted_line += buf.count(b"\n", counted, pos)
        counted = pos
        return counted_line

    while True:
        chunk = stream.read(chunk_size)
        if chunk:
            buf += chunk
        while True:
            i = _next_declaration(buf, search_from)
            if i == -1:
                break
            if _ELEMENT_START.search(buf, doc_start, i):
                yield RawDoc(index, buf_offset + doc_start, line_at(doc_start), bytes(buf[doc_start:i]).strip())
                index += 1
                doc_start = i
            search_from = i + 8
        if not chunk:
            break
        if doc_start > 0:  # drop what has been handed out
            line_at(doc_start)
            buf_offset += doc_start
            del buf[:doc_start]
            search_from -= doc_start
            counted -= doc_start
            doc_start = 0
        if len(buf) > max_bytes:
            raise ParseError(f"document larger than the {max_bytes}-byte limit", file=file,
                             position=f"doc {index + 1} (line {counted_line})", stage="parse")
        search_from = max(search_from, len(buf) - 8)  # a declaration may straddle two chunks
    if _ELEMENT_START.search(buf, doc_start):
        yield RawDoc(index, buf_offset + doc_start, line_at(doc_start), bytes(buf[doc_start:]).strip())


def iter_elements(stream: BinaryIO, tags: Iterable[str], *, file: str) -> Iterator[etree._Element]:
    """Stream elements with these (local or ``{ns}local``) tags out of one large document."""
    wanted = set(tags)
    # a streamed file has no size bound, so libxml2's per-text-node cap (huge_tree off) stays on
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


_ENTITY_REF = re.compile(r"&([A-Za-z][\w.\-]*);")


@functools.lru_cache(maxsize=4096)
def _entity_text(name: str) -> str:
    for candidate in (name, name[:1] + name[1:].lower(), name.lower()):
        ch = html.entities.html5.get(candidate + ";")
        if ch:
            return ch
    return f"&{name};"


def _join(parts: Iterable[str]) -> str:
    joined = "".join(parts)
    if "&" in joined:  # unresolved entity references come through as "&name;"
        joined = _ENTITY_REF.sub(lambda m: _entity_text(m.group(1)), joined)
    return joined


# XPath's normalize-space() folds XML white space (space, tab, CR, LF) in C; str.split() also
# splits at the other spaces below, so where one of them is left the Python fold finishes the job
_NORMALIZED = etree.XPath("normalize-space()", smart_strings=False)
_OTHER_SPACES = "\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200b))) \
    + "\u2028\u2029\u202f\u205f\u3000"


_SPACE_RUNS = re.compile(" {2,}")


def _folded(el: etree._Element) -> str:
    """``" ".join(<text below el>.split())`` for an element without entity nodes."""
    value = _NORMALIZED(el)
    if value.isascii():
        return value
    others = [c for c in _OTHER_SPACES if c in value]  # C scans beat a regex class
    if not others:
        return value
    for c in others:  # em and thin spaces in tables and units: made plain, then runs folded
        value = value.replace(c, " ")
    return _SPACE_RUNS.sub(" ", value).strip(" ")


def _separated(own: str | None, tails: list[str | None]) -> bool:
    """True when white space already stands at every boundary a separator would mark: before the
    first child (``own``, the parent's text), between children (their tails) and after the last.
    Published files put each paragraph or claim part on its own line, so this is the rule."""
    if own and not own[-1].isspace():
        return False
    last = len(tails) - 1
    for i, tail in enumerate(tails):
        if not tail:
            if i < last:
                return False
        elif not tail[0].isspace() or (i < last and not tail[-1].isspace()):
            return False
    return True


def _text_spaced(el: etree._Element, sep: str) -> str:
    """``text(el, sep=sep)`` for white-space ``sep`` with one C pass rather than one serialisation
    per child (descriptions have hundreds). Where white space already separates the children,
    folding the whole text is the answer; elsewhere ``sep`` goes into the texts and tails around
    the children for the moment of the call (setting a tail costs libxml2 a node). What the loop
    would add besides is one trailing ``sep``, which folding removes."""
    children = list(el)
    own, tails = el.text, [child.tail for child in children]
    if _separated(own, tails):
        return _folded(el)
    el.text = own + sep if own else sep
    try:
        for child, tail in zip(children, tails, strict=True):
            child.tail = sep + tail + sep if tail else sep + sep
        return _folded(el)
    finally:
        el.text = own
        for child, tail in zip(children, tails, strict=True):
            child.tail = tail


def text(el: etree._Element | None, *, sep: str = "") -> str:
    """All text below ``el``, unresolved entities replaced, white space folded.

    With ``sep``, the direct children of ``el`` are separated by it (block structure such as
    paragraphs or claim parts never glues words together).
    """
    if el is None:
        return ""
    if not len(el):  # a leaf: no child elements, no entity nodes
        return " ".join((el.text or "").split()) if isinstance(el.tag, str) else ""
    if next(el.iter(etree.Entity), None) is None:  # the common case: serialise text in C
        if not sep:
            return _folded(el)
        if sep.isspace():
            return _text_spaced(el, sep)
        parts = [el.text or ""]
        for child in el:
            parts.append(sep)
            parts.append(etree.tostring(child, method="text", encoding=str, with_tail=False))
            parts.append(sep)
            parts.append(child.tail or "")
        return " ".join("".join(parts).split())
    if not sep:
        return " ".join(_join(el.itertext()).split())
    parts = [el.text or ""] if isinstance(el.tag, str) else []
    for child in el:
        if isinstance(child.tag, str):
            parts.append(sep)
            parts.extend(child.itertext())
            parts.append(sep)
        elif isinstance(child, etree._Entity):
            parts.append(child.text or "")
        if child.tail:
            parts.append(child.tail)
    return " ".join(_join(parts).split())


def paragraphs(el: etree._Element | None) -> str:
    """Text of a block element (description) with paragraphs separated by blank lines."""
    if el is None:
        return ""
    out = []
    for child in el:
        if isinstance(child.tag, str):
            t = text(child)
            if t:
                out.append(t)
    own = " ".join(_join([el.text or ""]).split())
    return "\n\n".join(([own] if own else []) + out)


def local(el: etree._Element) -> str:
    tag = el.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


_PLAIN_NAME = re.compile(r"[\w.\-]+")


@functools.lru_cache(maxsize=1024)
def _path(path: str) -> str:
    return "/".join(p if p in (".", "..") else "{*}" + p for p in path.split("/"))


@functools.lru_cache(maxsize=1024)
def _child_steps(path: str) -> tuple[str, ...] | None:
    """``{*}name`` per step when every step of the path names a child, else None."""
    steps = path.split("/")
    if all(_PLAIN_NAME.fullmatch(p) and p not in (".", "..") for p in steps):
        return tuple("{*}" + p for p in steps)
    return None


def _first_below(el: etree._Element, steps: tuple[str, ...]) -> etree._Element | None:
    if len(steps) == 1:
        return next(el.iterchildren(steps[0]), None)
    for child in el.iterchildren(steps[0]):
        found = _first_below(child, steps[1:])
        if found is not None:
            return found
    return None


def first(el: etree._Element | None, path: str) -> etree._Element | None:
    """First match of a namespace-agnostic path like ``a/b`` (local names)."""
    if el is None:
        return None
    steps = _child_steps(path)
    if steps is not None:  # child steps: scanning children in C beats ElementPath, same order
        return _first_below(el, steps)
    return el.find(_path(path))


def find_all(el: etree._Element | None, path: str) -> list[etree._Element]:
    if el is None:
        return []
    return el.findall(_path(path))


def descendants(el: etree._Element | None, name: str) -> list[etree._Element]:
    """Elements named ``name`` (any namespace) below ``el``, not ``el`` itself."""
    if el is None:
        return []
    return [d for d in el.iter("{*}" + name) if d is not el]


def collect(el: etree._Element | None, groups: dict[str, str]) -> dict[str, list[etree._Element]]:
    """Descendants of ``el`` (not ``el`` itself) named as the keys of ``groups``, listed in document
    order under their group: one walk of the tree for many :func:`descendants` look-ups."""
    out: dict[str, list[etree._Element]] = {g: [] for g in groups.values()}
    if el is not None:
        for d in el.iter(*["{*}" + name for name in groups]):
            if d is not el:
                out[groups[d.tag.rpartition("}")[2]]].append(d)
    return out
