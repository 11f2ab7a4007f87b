"""What the two CNIPA XML readers (old and new schema) share: document types by kind, PCT data,
the patent agency as agent."""

from __future__ import annotations

from iprhub.ingest.formats import _st36 as st36
from iprhub.ingest.xml_stream import first
from iprhub.model.common import Party, normalize_name, parse_date
from iprhub.model.numbers import normalize_doc_number
from iprhub.model.patent import RelatedDocument

_DOC_TYPE = {"A": "application", "B": "grant", "C": "grant", "U": "utility-model", "Y": "utility-model",
             "S": "design", "D": "design"}


def cn_doc_type(kind: str | None) -> str:
    return _DOC_TYPE.get((kind or "")[:1], "other")


def pct_related(biblio) -> list[RelatedDocument]:
    """PCT filing / publication data (``pct-or-regional-filing-data`` and ``-publishing-data``)."""
    out = []
    for name, relation in (("pct-or-regional-filing-data", "pct-application"),
                           ("pct-or-regional-publishing-data", "pct-publication")):
        d = st36.doc_id(first(biblio, name))
        if not d["number"]:
            continue
        number = d["number"].strip()
        if relation == "pct-publication":
            number = normalize_doc_number(d["country"] or "WO", number).without_kind
        out.append(RelatedDocument(relation=relation, number=number, date=parse_date(d["date"], f"{name}/date")))
    return out


def agency_parties(agencies: list[str]) -> list[Party]:
    """The patent agency (专利代理机构, name + agency code as printed) is the agent of record;
    the individual attorneys follow it as agents too."""
    return [Party(role="agent", name=a, normalized_name=normalize_name(a), country="CN", sequence=i)
            for i, a in enumerate(agencies, start=1)]
