"""CPC scheme XML (``<class-scheme>``, one file per subclass): titles of its entries, scheme ``CPC``.

A title is rendered as in the CPC Title List: references in parentheses, CPC-specific text in
braces, title parts joined by ``; `` — so both sources give the same text for a symbol.
Entries without a title (guidance headings) are skipped; ``level`` is the file's own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from lxml import etree

from iprhub.ingest.formats._titles import scheme_level, title_batches
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext, Rejected
from iprhub.ingest.xml_stream import find_all, first, iter_elements, local, text
from iprhub.model.classification import normalize_ipc
from iprhub.model.common import clean_text


def _render(part: etree._Element) -> str:
    pieces: list[str] = []
    for child in part:
        name = local(child)
        if name == "reference":
            pieces.append(f"({text(child)})")
        elif name == "CPC-specific-text":
            pieces.append("{" + _render(child) + "}")
        elif name:
            pieces.append(text(child))
    return clean_text(" ".join(p for p in pieces if p))


class CpcSchemeXml(Format):
    name = "cpc-scheme-xml"
    label = "CPC scheme XML (class-scheme titles)"
    kind = "reference"

    def sniff(self, head: Head) -> bool:
        return head.root == "class-scheme"

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Item]:
        return title_batches(self._rows(stream, ctx))

    def _rows(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[dict[str, Any] | Rejected]:
        # class-title, not classification-item: items nest, and clearing an inner item's
        # earlier siblings would drop its parent's title before the parent is read
        for title_el in iter_elements(stream, ["class-title"], file=ctx.source):
            item = title_el.getparent()
            position = f"line {title_el.sourceline}"
            raw_symbol = text(first(item, "classification-symbol")) if item is not None else ""
            symbol = normalize_ipc(raw_symbol)
            title = "; ".join(t for t in (_render(p) for p in find_all(title_el, "title-part")) if t)
            if symbol is None or not title:
                yield Rejected(position, f"class-title without a CPC symbol or text (symbol {raw_symbol!r})")
                continue
            level = item.get("level") if item is not None else None
            yield {"scheme": "CPC", "symbol": symbol, "title": title, "lang": "en",
                   "level": int(level) if level and level.isdigit() else scheme_level(symbol, None)}
