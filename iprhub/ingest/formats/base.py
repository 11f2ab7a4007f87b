"""What a format reader is.

A reader is one module in ``iprhub/ingest/formats/`` defining a :class:`Format` subclass.
It is found by :func:`iprhub.ingest.formats.all_formats` (no registration list to edit).

A reader either splits its stream into independent documents (``split`` + ``parse_doc``: the
pipeline may then parse in several processes) or overrides ``read`` for single-root files.
Readers raise :class:`ParseError` (with ``field``) for a bad document; the pipeline
quarantines it with file and position and goes on with the rest of the file. A bad part that
can go without the rest (one continuity entry with an impossible date) is dropped instead, with
a line in the record's ``Provenance.warnings``; the ingest summary counts them per format.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO, ClassVar

import orjson

from iprhub.errors import IprHubError, ParseError
from iprhub.ingest.xml_stream import RawDoc, split_concatenated
from iprhub.model.common import Provenance
from iprhub.model.event import ApplicationEvent
from iprhub.model.patent import PatentDocument
from iprhub.model.trademark import Trademark

Record = PatentDocument | Trademark | ApplicationEvent


@dataclass
class ClassTitles:
    """A batch of classification titles (IPC/CPC/Nice lookups)."""

    rows: list[dict[str, Any]]


@dataclass
class Rejected:
    position: str
    reason: str
    stage: str = "parse"
    record_id: str | None = None


Item = Record | ClassTitles | Rejected


@dataclass
class Head:
    """The first bytes of a (decompressed) file, pre-digested for sniffing."""

    data: bytes
    name: str
    root: str | None = None  # local name of the first element
    namespace: str | None = None
    doctype: str | None = None
    json_keys: list[str] = field(default_factory=list)
    is_json: bool = False

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", errors="replace")


_ROOT_RE = re.compile(rb"<(?![?!])([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)([^>]*)>", re.S)
_DOCTYPE_RE = re.compile(rb"<!DOCTYPE\s+([^>\[]+)", re.S)
_JSON_KEY_RE = re.compile(r'"([A-Za-z_@][\w@.\-]*)"\s*:')


def make_head(data: bytes, name: str) -> Head:
    head = Head(data=data, name=name)
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"{", b"["):
        head.is_json = True
        head.json_keys = _JSON_KEY_RE.findall(stripped[:65536].decode("utf-8", errors="replace"))
        return head
    if not stripped.startswith(b"<"):
        return head  # text formats: readers sniff head.data themselves
    body = re.sub(rb"<!--.*?-->", b"", data[:65536], flags=re.S)
    m = _DOCTYPE_RE.search(body)
    if m:
        head.doctype = m.group(1).decode("latin-1").strip()
    for m in _ROOT_RE.finditer(body):
        head.root = m.group(2).decode("latin-1")
        prefix = (m.group(1) or b"").decode("latin-1").rstrip(":")
        attrs = m.group(3)
        ns_attr = rb'xmlns' + (b":" + prefix.encode() if prefix else b"") + rb'\s*=\s*"([^"]*)"'
        ns = re.search(ns_attr, attrs)
        head.namespace = ns.group(1).decode("latin-1") if ns else None
        break
    return head


@dataclass
class ReadContext:
    source: str
    format: str
    max_document_bytes: int = 64 * 1024 * 1024

    def provenance(self, position: str, data: bytes, version: str | None = None,
                   warnings: list[str] | None = None) -> Provenance:
        return Provenance(
            source_file=self.source, position=position, format=self.format,
            format_version=version, content_hash=hashlib.sha256(data.strip()).hexdigest(), warnings=warnings or [],
        )


class Format:
    """Base class of format readers."""

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""  # human description, shown in summaries
    kind: ClassVar[str] = "patent"  # patent / trademark / event / reference
    priority: ClassVar[int] = 100  # sniffed in ascending order
    parallel: ClassVar[bool] = False  # split + parse_doc are independent per document

    def sniff(self, head: Head) -> bool:
        raise NotImplementedError

    def split(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[RawDoc]:
        """Default: concatenated XML documents."""
        return split_concatenated(stream, max_bytes=ctx.max_document_bytes, file=ctx.source)

    def parse_doc(self, raw: RawDoc, ctx: ReadContext) -> list[Item]:
        raise NotImplementedError

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Item]:
        for raw in self.split(stream, ctx):
            yield from safe_parse(self, raw, ctx)


def safe_parse(fmt: Format, raw: RawDoc, ctx: ReadContext) -> list[Item]:
    """parse_doc with errors turned into Rejected items (position kept)."""
    try:
        return fmt.parse_doc(raw, ctx)
    except IprHubError as exc:
        reason = exc.message + (f" [field {exc.field}]" if exc.field else "")
        return [Rejected(raw.position, reason, exc.stage or "parse", exc.record)]
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        # a reader bug or an unexpected document shape: quarantine, never crash the run
        return [Rejected(raw.position, f"{type(exc).__name__}: {exc}", "parse")]


def load_json(data: bytes, *, file: str, position: str = "file") -> Any:
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise ParseError(f"not valid JSON: {exc}", file=file, position=position, stage="parse") from None
