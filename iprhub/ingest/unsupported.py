"""Saying clearly why a file is not ingested, from its content."""

from __future__ import annotations

import re

from iprhub.ingest.formats.base import Head

# (pattern on the first bytes, reason) for files people commonly drop into a data folder
_KNOWN: list[tuple[re.Pattern[bytes], str]] = [
    (re.compile(rb"^PK\x03\x04"), "ZIP-based office document (XLSX/DOCX spreadsheet or text), not an office record file"),
    (re.compile(rb"^mention_id,unique_id"), "PatentsView disambiguation benchmark (evaluation labels, not office records)"),
    (re.compile(rb"^anchor,target,rating,score,context"), "patent phrase-similarity ratings (evaluation labels)"),
    (re.compile(rb"^PAC-\d+ 0 [A-Z]{2}-"), "CLEF-IP relevance judgments (evaluation labels)"),
    (re.compile(rb"^target_content,label,"), "trademark infringement labels (evaluation data)"),
    (re.compile(rb'^\{"messages"'), "chat-style instruction data set (evaluation data)"),
    (re.compile(rb'^\{"target_patent"'), "KIPRIS prior-art citation data set (evaluation labels)"),
    (re.compile(rb'^\{\s*"(gold_answers|options|question_id|application_number|appl_id|claims|initialClaims|id|keyCount)"'),
     "PANORAMA examination benchmark item (evaluation data)"),
]


def explain_unsupported(head: Head) -> str:
    data = head.data.lstrip(b"\xef\xbb\xbf \t\r\n")
    name = head.name.lower()
    if not data:
        return "empty file"
    for pattern, reason in _KNOWN:
        if pattern.search(data[:512]):
            return reason
    if head.root == "sequence-cwu":
        return "sequence listing (ST.25 in XML), not a patent document; it travels with its patent"
    if head.is_json:
        keys = ", ".join(dict.fromkeys(head.json_keys[:8]))
        return f"JSON not recognised as a supported office API response (first keys: {keys or 'none'})"
    if not head.root and data.startswith(b"<") and re.search(rb"<!(ELEMENT|ENTITY)\s", data[:65536]):
        return "DTD (schema definition), not a record file"
    if head.root:
        ns = f" in namespace {head.namespace}" if head.namespace else ""
        return f"XML root element <{head.root}>{ns} is not a supported office format"
    if data.startswith(b"<"):
        return "XML without a root element (truncated or empty document)"
    if data.startswith(b"#") or name.endswith((".md", ".md.gz")):
        return "Markdown text (laws and notes), not an office record file"
    first_line = data.split(b"\n", 1)[0][:120].decode("utf-8", errors="replace")
    if "\t" in first_line or "," in first_line:
        return f"table not recognised as a supported format (first line: {first_line!r})"
    return f"not XML or JSON and not a recognised text format (starts with {first_line[:40]!r})"
