"""PANORAMA examination records (LG AI Research; real USPTO examinations): the examiner, the patents
cited, and per claim the decision of the non-final rejection (102/103 with references and paragraphs).

Files are found by the application number at the end of their name (``panorama_r00001_15091542.json.gz``,
``rec_…``, ``pC_…``), in ``panorama/``, ``record/`` and ``parsed_CTNF/`` of the folder the
``panorama_dir`` setting names.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from pathlib import Path
from typing import Any

from iprhub.errors import InvalidInput
from iprhub.examination.model import ClaimDecision, ExaminerRecord

_FOLDERS = ("panorama", "record", "parsed_CTNF")


def _read(path: Path) -> Any:
    try:
        raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        return json.loads(raw)
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"unreadable PANORAMA file: {exc}", file=str(path)) from exc


def files_for(root: Path | None, digits: str) -> list[Path]:
    if root is None or not digits:
        return []
    out = []
    for folder in _FOLDERS:
        out += sorted((root / folder).glob(f"*_{digits}.json*"))
    return out


def _date(text: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def _ref(text: str) -> str:
    """``US 20050025220`` / ``20050025220`` -> ``US20050025220``."""
    t = re.sub(r"[\s,/]", "", str(text))
    return t if t[:2].isalpha() else "US" + t


def examiner_record(root: Path | None, digits: str) -> ExaminerRecord | None:
    """What PANORAMA holds on US application ``digits`` (``15091542``), or None."""
    files = files_for(root, digits)
    if not files:
        return None
    record: dict[str, Any] = {}
    parsed: list[dict[str, Any]] = []
    for path in files:
        data = _read(path)
        if isinstance(data, dict) and "claims" in data and len(data) == 1:
            parsed = parsed or data["claims"]
        elif isinstance(data, dict):
            record = record or data
            parsed = parsed or data.get("parsed_CTNF") or []
    decisions = []
    for c in parsed:
        refs, paras, sections = [], [], []
        for reason in c.get("reasons") or []:
            sections.append(str(reason.get("sectionCode")))
            for p in reason.get("citedPatents") or []:
                refs.append(_ref(p.get("patentNum", "")))
                paras += [str(x) for x in p.get("text") or []]
        parent = c.get("parentClaim")
        decisions.append(ClaimDecision(claim=int(c["claimNumber"]), parent=parent if parent and parent > 0 else None,
                                       rejected=bool(c.get("isReject")), sections=sorted(set(sections)),
                                       references=sorted(set(refs)), paragraphs=sorted(set(paras), key=_num)))
    allowed = [i + 1 for i, t in enumerate(record.get("finalClaims") or []) if "cancel" not in str(t)[:40].lower()]
    return ExaminerRecord(
        application="US" + digits, examiner=record.get("examinerNameText"), art_unit=record.get("groupArtUnitNumber"),
        status=record.get("applicationStatusDescriptionText"), filing_date=_date(record.get("filingDate")),
        grant_date=_date(record.get("grantDate")),
        patent_number=("US" + str(record["patentNumber"])) if record.get("patentNumber") else None,
        cited_patents=[_ref(p.get("referenceIdentifier", "")) for p in record.get("patentsCitedByExaminer") or []],
        decisions=sorted(decisions, key=lambda d: d.claim), allowed_claims=allowed,
        source_file=", ".join(p.name for p in files))


def raw_record(root: Path | None, digits: str) -> dict[str, Any]:
    """The full PANORAMA record (claims, titles, publication numbers) of an application, or {}."""
    for path in files_for(root, digits):
        data = _read(path)
        if isinstance(data, dict) and "applicationNumber" in data:
            return data
    return {}


def _num(text: str) -> tuple[int, str]:
    return (int(text), "") if text.isdigit() else (1 << 30, text)
