"""XLSX export through openpyxl's write-only workbook (rows go to a temporary file as they come)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from typing import Any

from iprhub.errors import InvalidInput


def xlsx_stream(batches: Iterator[list[list[Any]]], fields: list[str]) -> Iterator[bytes]:
    try:
        from openpyxl import Workbook
    except ImportError as exc:
        raise InvalidInput("XLSX export needs openpyxl: pip install 'iprhub[analytics]'", field="format") from exc
    from iprhub.analytics.export import _file_chunks, _flat

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("results")
    ws.append(fields)
    for rows in batches:
        for row in rows:
            ws.append([_flat(v) for v in row])
    fd, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    wb.save(path)
    yield from _file_chunks(path)
