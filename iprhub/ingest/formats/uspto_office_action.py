"""USPTO Office Action APIs (Solr JSON): cited references, rejections and action text as events.

Three record shapes share ``response.docs[]``; each record becomes one ``office-action`` event:

* citations (Office Action Citations API): the reference an examiner or applicant cited, with the
  legal ground (35 U.S.C. 102 / 103) in ``references[0].category``. These are prior-art relevance
  judgments, so the cited number is normalised like citations elsewhere: canonical and kind-less
  (``US7751013``, ``US20160079766``, ``EP1234567``).
* rejections (Office Action Rejections API): one rejection paragraph of an action with the
  action's 101/102/103/112 flags and citation counts; date = action date, code = document code.
* full text (Office Action Text Retrieval API): the action body and its 102/103/112 sections.

ETL and index metadata (``createDateTime``, ``lastModifiedTimestamp``, status snapshots) never
enter an event, so re-reading a response is idempotent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from iprhub.errors import ParseError
from iprhub.ingest.formats._uspto_api import (
    api_date,
    api_text,
    guarded,
    iso,
    read_json,
    record_provenance,
    us_app_key,
    us_pub_number,
)
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext
from iprhub.model.common import Provenance, clean_text
from iprhub.model.event import ApplicationEvent, CitedReference
from iprhub.model.numbers import normalize_doc_number

# USPTO file-wrapper document codes of office actions
DOCUMENT_CODES = {
    "CTNF": "Non-Final Rejection",
    "CTFR": "Final Rejection",
    "CTRS": "Requirement for Restriction/Election",
    "CTAV": "Advisory Action",
    "CTEQ": "Ex parte Quayle Action",
    "NOA": "Notice of Allowance",
    "APEA": "Examiner's Answer to Appeal Brief",
    "PETDEC": "Petition Decision",
}

_FOREIGN_REF = re.compile(r"\b([A-Z]{2})[\s\-]*((?:[A-Z]{1,2})?\d[\d,./\-\s]*\d)\s*([A-Z]\d?)?\s*$")
_SECTION_KEY = re.compile(r"^sections\.section(\d+)RejectionText$")


def reference_number(identifier: str | None, parsed: str | None) -> str | None:
    """A cited reference as canonical kind-less number, or None when it is not a patent document.

    Bare numbers are US documents (the citing office's own): up to 8 digits a patent, 11 digits a
    pre-grant publication; a 10-digit ``YYYY`` + serial is a publication written without the
    serial's leading zero.

    >>> reference_number("Sen; Souvik US 10520997 B2", "10520997")
    'US10520997'
    >>> reference_number("20160079766", "20160079766")
    'US20160079766'
    >>> reference_number("WO 2016/111686 A1", "2016111686")
    'WO2016111686'
    """
    text = clean_text(identifier).upper()
    m = _FOREIGN_REF.search(text)
    if m and not text.replace(" ", "").isdigit():
        return normalize_doc_number(m.group(1), m.group(2), m.group(3)).without_kind
    digits = re.sub(r"[\s,/\-]", "", (parsed or text).upper())
    if re.fullmatch(r"(D|RE|PP|H|T)?\d{1,8}|(19|20)\d{8,9}", digits):
        return normalize_doc_number("US", digits).without_kind
    return None


class UsptoOfficeActionJson(Format):
    name = "uspto-office-action-json"
    label = "USPTO Office Action APIs JSON (citations, rejections, full text)"
    kind = "event"

    def sniff(self, head: Head) -> bool:
        keys = set(head.json_keys)
        return head.is_json and "patentApplicationNumber" in keys and bool(
            {"referenceIdentifier", "hasRej103", "bodyText", "legacyDocumentCodeIdentifier"} & keys)

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Item]:
        data = read_json(stream, ctx)
        docs = ((data.get("response") if isinstance(data, dict) else None) or {}).get("docs")
        if not isinstance(docs, list):
            raise ParseError("no response.docs list in an Office Action API response",
                             file=ctx.source, position="file", field="docs", stage="parse")
        for i, doc in enumerate(docs, 1):
            position = f"record {i}"
            yield from guarded(position, lambda doc=doc, position=position: [_event(doc, ctx, position)])


def _event(doc: dict[str, Any], ctx: ReadContext, position: str) -> ApplicationEvent:
    app_key = us_app_key(doc.get("patentApplicationNumber"), "patentApplicationNumber")
    prov = record_provenance(ctx, position, doc)
    if "referenceIdentifier" in doc or "parsedReferenceIdentifier" in doc:
        return _citation(doc, app_key, prov)
    if "bodyText" in doc or "sections.officeActionIdentifier" in doc:
        return _fulltext(doc, app_key, prov)
    if "legacyDocumentCodeIdentifier" in doc or "hasRej103" in doc:
        return _rejection(doc, app_key, prov)
    raise ParseError("record is neither a citation, a rejection nor an action text", field="referenceIdentifier")


def _citation(doc: dict[str, Any], app_key: str, prov: Provenance) -> ApplicationEvent:
    raw = api_text(doc.get("referenceIdentifier"))
    number = reference_number(raw, api_text(doc.get("parsedReferenceIdentifier")))
    section = api_text(doc.get("legalSectionCode"))
    examiner = doc.get("examinerCitedReferenceIndicator") is True
    applicant = doc.get("applicantCitedExaminerReferenceIndicator") is True
    in_action = doc.get("officeActionCitationReferenceIndicator") is True
    # an examiner relies on references named in the action text even when the form flag is unset
    cited_by = "examiner" if examiner or (in_action and not applicant) else "applicant" if applicant else "unknown"
    references = [CitedReference(number=number, category=section, cited_by=cited_by)] if number else []
    ground = f" under 35 U.S.C. {section}" if section and section.isdigit() else ""
    return ApplicationEvent(
        app_key=app_key, event_type="office-action", code=section,
        description=f"Reference {number or raw} cited by {cited_by}{ground}",
        references=references,
        details=_compact({
            "reference_identifier": raw,
            "action_id": api_text(doc.get("obsoleteDocumentIdentifier")),
            "action_type": api_text(doc.get("actionTypeCategory")),
            "cited_in_action": in_action,
            "examiner_cited": examiner,
            "applicant_cited_examiner_considered": applicant,
            "art_unit": api_text(doc.get("groupArtUnitNumber")),
        }),
        provenance=[prov],
    )


def _rejection(doc: dict[str, Any], app_key: str, prov: Provenance) -> ApplicationEvent:
    code = api_text(doc.get("legacyDocumentCodeIdentifier"))
    section = api_text(doc.get("legalSectionCode"))
    action = api_text(doc.get("actionTypeCategory"))
    claims = _claims(doc.get("claimNumberArrayDocument"))
    what = " ".join(p for p in (
        f"claims {_ranges(claims)}" if claims else None,
        action,
        f"under 35 U.S.C. {section}" if section and section.isdigit() else section,
    ) if p)
    flags = {name: doc.get(key) == 1 for name, key in (
        ("101", "hasRej101"), ("102", "hasRej102"), ("103", "hasRej103"), ("112", "hasRej112"),
        ("double_patenting", "hasRejDP"), ("objection", "hasObjection"))}
    return ApplicationEvent(
        app_key=app_key, event_type="office-action",
        date=api_date(doc.get("submissionDate"), "submissionDate"), code=code,
        description=f"{DOCUMENT_CODES.get(code or '', code or 'Office action')}" + (f": {what}" if what else ""),
        details=_compact({
            "action_id": api_text(doc.get("obsoleteDocumentIdentifier")),
            "legal_section": section,
            "action_type": action,
            "claims": claims,
            "paragraph": api_text(doc.get("paragraphNumber")),
            "rejections": flags,
            "cited_102_more_than_1": _int(doc.get("cite102GT1")),
            "cited_103_more_than_3": _int(doc.get("cite103GT3")),
            "cited_103_exactly_1": _int(doc.get("cite103EQ1")),
            "cited_103_max": _int(doc.get("cite103Max")),
            "alice": _int(doc.get("aliceIndicator")),
            "bilski": _int(doc.get("bilskiIndicator")),
            "mayo": _int(doc.get("mayoIndicator")),
            "myriad": _int(doc.get("myriadIndicator")),
            "art_unit": api_text(doc.get("groupArtUnitNumber")),
            "us_class": _us_class(doc),
        }),
        provenance=[prov],
    )


def _fulltext(doc: dict[str, Any], app_key: str, prov: Provenance) -> ApplicationEvent:
    code = api_text(doc.get("legacyDocumentCodeIdentifier"))
    title = api_text(doc.get("inventionTitle"))
    body = doc.get("bodyText")
    body_text = "\n".join(body) if isinstance(body, list) else str(body or "")
    sections = {}
    for key, value in doc.items():
        m = _SECTION_KEY.match(key)
        if m:
            sections[m.group(1)] = "\n".join(value) if isinstance(value, list) else str(value)
    return ApplicationEvent(
        app_key=app_key, pub_number=us_pub_number(doc.get("patentNumber")), event_type="office-action",
        date=api_date(doc.get("submissionDate"), "submissionDate"), code=code,
        description=DOCUMENT_CODES.get(code or "", code or "Office action") + (f": {title}" if title else ""),
        details=_compact({
            "action_id": api_text(doc.get("obsoleteDocumentIdentifier")),
            "title": title,
            "filing_date": iso(api_date(doc.get("filingDate"), "filingDate")),
            "application_type": api_text(doc.get("applicationTypeCategory")),
            "subject_matter": api_text(doc.get("inventionSubjectMatterCategory")),
            "art_unit": api_text(doc.get("groupArtUnitNumber")),
            "us_class": _us_class(doc),
            "claims_total": _int(doc.get("effectiveClaimTotalQuantity")),
            "independent_claims": _int(doc.get("independentClaimTotalQuantity")),
            "rejection_sections": sections,
            "body_text": body_text.strip(),
        }),
        provenance=[prov],
    )


def _compact(details: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in details.items() if v not in (None, "", [], {})}


def _int(value: Any) -> int | None:
    text = api_text(value)
    return int(text) if text and text.lstrip("-").isdigit() else None


def _us_class(doc: dict[str, Any]) -> str | None:
    cls, sub = api_text(doc.get("nationalClass")), api_text(doc.get("nationalSubclass"))
    return f"{cls}/{sub}" if cls and sub else cls


def _claims(value: Any) -> list[int]:
    """``["1,10,11,3"]`` -> [1, 3, 10, 11]; ``["0"]`` (no claim named) -> []."""
    text = ",".join(value) if isinstance(value, list) else str(value or "")
    return sorted({int(n) for n in re.findall(r"\d+", text) if int(n) > 0})


def _ranges(nums: list[int]) -> str:
    """[1, 2, 3, 5] -> '1-3, 5'."""
    out: list[str] = []
    start = prev = None
    for n in nums + [None]:
        if start is not None and n is not None and prev is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            out.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = n
    return ", ".join(out)
