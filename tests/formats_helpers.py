"""Reading one real file with one reader, without a store (for format tests)."""

from __future__ import annotations

from pathlib import Path

from iprhub.ingest.formats import detect
from iprhub.ingest.formats.base import ClassTitles, ReadContext, Rejected, make_head
from iprhub.ingest.sources import iter_sources


def read_file(path: Path, expect_format: str | None = None):
    """Detect and read a file; returns (format name, records, rejected, class title rows)."""
    (source,) = list(iter_sources([path]))
    with source.open() as stream:
        data = stream.read()
    head = make_head(data[:65536], source.name)
    fmt = detect(head)
    assert fmt is not None, f"format not detected for {path}"
    if expect_format:
        assert fmt.name == expect_format
    import io

    items = list(fmt.read(io.BytesIO(data), ReadContext(source=source.name, format=fmt.name)))
    records = [i for i in items if not isinstance(i, Rejected | ClassTitles)]
    rejected = [i for i in items if isinstance(i, Rejected)]
    titles = [r for i in items if isinstance(i, ClassTitles) for r in i.rows]
    return fmt.name, records, rejected, titles


def by_number(records, number: str):
    for r in records:
        if getattr(r, "pub_number", None) == number:
            return r
    raise AssertionError(f"{number} not among {[getattr(r, 'pub_number', None) for r in records][:20]}")
