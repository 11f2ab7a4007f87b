"""Saying clearly why a file is not ingested."""

from __future__ import annotations

from iprhub.ingest.formats.base import Head


def explain_unsupported(head: Head) -> str:
    data = head.data.lstrip(b"\xef\xbb\xbf \t\r\n")
    name = head.name.lower()
    if not data:
        return "empty file"
    if head.is_json:
        keys = ", ".join(dict.fromkeys(head.json_keys[:8]))
        return f"JSON not recognised as a supported office API response (first keys: {keys or 'none'})"
    if data.startswith(b"<!ENTITY") or data.startswith(b"<!ELEMENT") or b"<!ELEMENT" in data[:4096] \
            or name.endswith((".dtd", ".dtd.gz")):
        return "DTD (schema definition), not a record file"
    if head.root:
        ns = f" in namespace {head.namespace}" if head.namespace else ""
        return f"XML root element <{head.root}>{ns} is not a supported office format"
    if data.startswith(b"<"):
        return "XML without a root element (truncated or empty document)"
    if name.endswith((".md", ".md.gz")) or data.startswith(b"#"):
        return "Markdown text, not an office record file"
    first_line = data.split(b"\n", 1)[0][:120].decode("utf-8", errors="replace")
    if b"\t" in first_line.encode() or "," in first_line:
        return f"table not recognised as a supported format (first line: {first_line!r})"
    return f"not XML or JSON and not a recognised text format (starts with {first_line[:40]!r})"
