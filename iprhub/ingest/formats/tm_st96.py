"""USPTO TSDR trademark status in WIPO ST.96 (``TrademarkTransaction``), current and older schema.

The older TSDR schema (namespace ``…/XMLSchema/Trademark/1``) has a ``Transaction`` root with the
same ``TrademarkTransactionBody`` inside; both are read alike, by local names.
"""

from __future__ import annotations

from iprhub.errors import ParseError
from iprhub.ingest.formats._tm_common import st96_trademark
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext
from iprhub.ingest.xml_stream import RawDoc, find_all, local, parse_xml

ST96_NS = "http://www.wipo.int/standards/XMLSchema/ST96/Trademark"
OLD_NS = "http://www.wipo.int/standards/XMLSchema/Trademark/1"


def schema_version(namespace: str | None) -> str:
    return "ST.96 (pre-release Trademark/1 schema)" if namespace == OLD_NS else "ST.96"


class TrademarkSt96(Format):
    name = "tm-st96-xml"
    label = "Trademark status XML, WIPO ST.96 (TrademarkTransaction; USPTO TSDR)"
    kind = "trademark"
    priority = 30
    parallel = True

    def sniff(self, head: Head) -> bool:
        if head.root == "TrademarkTransaction":
            return (head.namespace or "") in (ST96_NS, OLD_NS)
        return head.root == "Transaction" and head.namespace == OLD_NS


    def parse_doc(self, raw: RawDoc, ctx: ReadContext) -> list[Item]:
        root = parse_xml(raw.data, file=ctx.source, position=raw.position)
        if local(root) not in ("TrademarkTransaction", "Transaction"):
            raise ParseError(f"unexpected root element <{local(root)}> in a ST.96 trademark file", stage="parse")
        marks = find_all(root, "TrademarkTransactionBody/TransactionContentBag/TransactionData/TrademarkBag/Trademark")
        if not marks:
            raise ParseError("no Trademark element in the transaction", field="TrademarkBag/Trademark",
                             stage="parse")
        version = schema_version(root.nsmap.get(root.prefix))
        out: list[Item] = []
        for i, tm in enumerate(marks, start=1):
            position = raw.position if len(marks) == 1 else f"{raw.position}, trademark {i}"
            out.append(st96_trademark(tm, [ctx.provenance(position, raw.data, version)]))
        return out
