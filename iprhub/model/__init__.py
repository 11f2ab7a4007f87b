"""Domain types: patent documents, trademarks, events, classification, numbers."""

from iprhub.model.classification import Classification, normalize_ipc
from iprhub.model.common import Party, Provenance, Text, normalize_name, parse_date
from iprhub.model.event import ApplicationEvent, CitedReference
from iprhub.model.numbers import DocNumber, normalize_doc_number, parse_number
from iprhub.model.patent import (
    Claim,
    ClaimSet,
    LegalEvent,
    NplCitation,
    PatentCitation,
    PatentDocument,
    Priority,
    RelatedDocument,
)
from iprhub.model.trademark import NiceClass, Trademark, TrademarkEvent

__all__ = [
    "ApplicationEvent", "CitedReference", "Claim", "ClaimSet", "Classification", "DocNumber",
    "LegalEvent", "NiceClass", "NplCitation", "Party", "PatentCitation", "PatentDocument", "Priority",
    "Provenance", "RelatedDocument", "Text", "Trademark", "TrademarkEvent", "normalize_doc_number",
    "normalize_ipc", "normalize_name", "parse_date", "parse_number",
]
