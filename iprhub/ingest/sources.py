"""Where bytes come from: files, folders, ``.gz``, ``.zip`` (nested too), streamed.

A :class:`Source` names one logical file (``a.zip!b/c.xml.gz``) and opens it as a binary
stream of its decompressed bytes. Broken containers raise :class:`SourceError` naming the file.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from iprhub.errors import InvalidInput, SourceError

_SKIP_NAMES = {".DS_Store", "Thumbs.db"}


@dataclass
class Source:
    name: str  # display path, members after "!"
    opener: Callable[[], BinaryIO]
    size: int  # compressed size on disk (for progress)
    fingerprint: Callable[[], str]  # sha256 of the stored bytes, for "already ingested"
    length: int | None = None  # bytes the stream yields, when known before reading (not for .gz)

    def open(self) -> BinaryIO:
        try:
            raw = self.opener()
            codec = _utf16_codec(raw.peek(4)[:4]) if hasattr(raw, "peek") else None
        except (OSError, zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise SourceError(f"cannot open: {exc}", file=self.name, stage="detect") from exc
        if codec:
            raw = _Utf16Xml(raw, codec, self.name)  # type: ignore[assignment]
        return _Guarded(raw, self.name)


# how a UTF-16 XML file starts: a byte-order mark, or "<?" / "<x" as two-byte characters
_UTF16_STARTS = ((b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"), (b"<\x00?\x00", "utf-16-le"),
                 (b"\x00<\x00?", "utf-16-be"))
_UTF16_DECLARED = re.compile(r"""(<\?xml\b[^>]*?\bencoding\s*=\s*["'])UTF-?16(?:-?[LB]E)?(["'])""", re.I)


def _utf16_codec(first: bytes) -> str | None:
    for start, codec in _UTF16_STARTS:
        if first.startswith(start):
            return codec
    return None


class _Utf16Xml(io.RawIOBase):
    """UTF-16 XML read as UTF-8 (BOM dropped, ``encoding`` declarations rewritten), so format
    detection, document splitting and every reader see the one encoding they all handle.
    Lines are kept, so positions stay right."""

    def __init__(self, inner: BinaryIO, codec: str, name: str) -> None:
        self._inner = inner
        self._name = name
        self._decoder = codecs.getincrementaldecoder(codec)()
        self._carry = ""  # a tag cut at the chunk end waits for its rest before declarations are rewritten
        self._out = b""
        self._eof = False
        self._decoded = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:  # type: ignore[override]
        while not self._out and not self._eof:
            self._fill()
        n = min(len(buf), len(self._out))
        buf[:n] = self._out[:n]
        self._out = self._out[n:]
        return n

    def _fill(self) -> None:
        chunk = self._inner.read(1 << 20)
        self._eof = not chunk
        try:
            decoded = self._decoder.decode(chunk, final=self._eof)
        except UnicodeDecodeError as exc:
            raise SourceError(f"not valid UTF-16 near byte {self._decoded + exc.start}: {exc.reason}",
                              file=self._name, position=f"byte {self._decoded + exc.start}", stage="detect") from None
        self._decoded += len(chunk)
        text = self._carry + decoded
        self._carry = ""
        cut = text.rfind("<", max(0, len(text) - 512))
        if not self._eof and cut != -1 and ">" not in text[cut:]:
            text, self._carry = text[:cut], text[cut:]
        self._out += _UTF16_DECLARED.sub(r"\1UTF-8\2", text).encode("utf-8")

    def close(self) -> None:
        self._inner.close()
        super().close()


class _Guarded(io.RawIOBase):
    """Turns decompression errors raised mid-stream into SourceError naming the file."""

    def __init__(self, inner: BinaryIO, name: str) -> None:
        self._inner = inner
        self._name = name
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:  # type: ignore[override]
        data = self.read(len(buf))
        n = len(data)
        buf[:n] = data
        return n

    def read(self, size: int = -1) -> bytes:
        try:
            data = self._inner.read(size)
        except (OSError, EOFError, zlib.error, zipfile.BadZipFile) as exc:
            raise SourceError(
                f"corrupt or truncated compressed data after {self.consumed} bytes: {exc}",
                file=self._name, position=f"byte {self.consumed}", stage="detect",
            ) from exc
        self.consumed += len(data)
        return data

    def readline(self, size: int = -1) -> bytes:
        try:
            line = self._inner.readline(size)
        except (OSError, EOFError, zlib.error, zipfile.BadZipFile) as exc:
            raise SourceError(
                f"corrupt or truncated compressed data after {self.consumed} bytes: {exc}",
                file=self._name, position=f"byte {self.consumed}", stage="detect",
            ) from exc
        self.consumed += len(line)
        return line

    def close(self) -> None:
        self._inner.close()
        super().close()


def _file_hash(path: Path) -> Callable[[], str]:
    def run() -> str:
        h = hashlib.sha256()
        with path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()
    return run


def iter_sources(paths: list[str | Path]) -> Iterator[Source]:
    """Expand paths (files and folders, recursively, sorted) into sources."""
    for p in paths:
        path = Path(p)
        if not path.exists():
            raise InvalidInput(f"no such file or folder: {path}", file=str(path))
        if path.is_dir():
            for child in sorted(x for x in path.rglob("*") if x.is_file() and x.name not in _SKIP_NAMES):
                yield from _expand(child)
        else:
            yield from _expand(path)


def _expand(path: Path) -> Iterator[Source]:
    name = str(path)
    if path.suffix.lower() == ".zip":
        yield from _zip_members(path)
        return
    if path.suffix.lower() == ".gz":
        yield Source(name, lambda: gzip.open(path, "rb"), path.stat().st_size, _file_hash(path))
        return
    size = path.stat().st_size
    yield Source(name, lambda: path.open("rb"), size, _file_hash(path), length=size)


def _zip_members(path: Path) -> Iterator[Source]:
    try:
        zf = zipfile.ZipFile(path)
        infos = [i for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError) as exc:
        yield Source(str(path), _raiser(SourceError(f"corrupt zip archive: {exc}", file=str(path), stage="detect")),
                     path.stat().st_size, _file_hash(path))
        return
    for info in infos:
        member = f"{path}!{info.filename}"

        def opener(info=info) -> BinaryIO:
            raw = zipfile.ZipFile(path).open(info)
            if info.filename.lower().endswith(".gz"):
                return gzip.GzipFile(fileobj=raw)  # type: ignore[return-value]
            return raw

        def fp(info=info) -> str:
            return hashlib.sha256(f"{info.filename}:{info.CRC}:{info.file_size}".encode()).hexdigest()

        gz = info.filename.lower().endswith(".gz")
        yield Source(member, opener, info.compress_size, fp, length=None if gz else info.file_size)


def _raiser(exc: Exception) -> Callable[[], BinaryIO]:
    def run() -> BinaryIO:
        raise exc
    return run
