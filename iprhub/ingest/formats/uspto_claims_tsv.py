"""A table of independent claims: ``US application number <TAB> claim text``, no header.

The rows name an application, not a publication, so each becomes a dossier event of that
application (``code="CLM"``) carrying the claim text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from iprhub.ingest.formats._uspto_text import decode_text
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext, Rejected
from iprhub.model.common import clean_text
from iprhub.model.event import ApplicationEvent

_ROW = re.compile(r"^\s*(\d{2}/?\d{3},?\d{3})\t([^\t]*[A-Za-z][^\t]*)$")
_SNIFF_LINES = 20


class UsptoClaimsTsv(Format):
    name = "uspto-claims-tsv"
    label = "US application independent claims (TSV: application number, claim text)"
    kind = "event"
    priority = 60

    def sniff(self, head: Head) -> bool:
        if head.is_json or head.data.lstrip()[:1] == b"<":
            return False
        lines = decode_text(head.data).splitlines()
        if len(head.data) >= 65536 and len(lines) > 1:
            lines = lines[:-1]  # the head may end inside a row
        lines = [ln for ln in lines if ln.strip()][:_SNIFF_LINES]
        matching = sum(1 for ln in lines if _ROW.match(ln) and len(ln) > 40)
        return bool(lines) and matching >= max(1, int(0.8 * len(lines)))

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Item]:
        for line_no, raw in enumerate(stream, start=1):
            line = decode_text(raw).rstrip("\r\n")
            if not line.strip():
                continue
            position = f"line {line_no}"
            m = _ROW.match(line)
            if not m:
                yield Rejected(position, "not an 'application number <TAB> claim text' row "
                                         f"(starts with {line[:40]!r})")
                continue
            claim = clean_text(m.group(2))
            yield ApplicationEvent(
                app_key="US" + re.sub(r"\D", "", m.group(1)),
                event_type="dossier", code="CLM", description="independent claim",
                details={"claim": claim},
                provenance=[ctx.provenance(position, raw, None)],
            )
