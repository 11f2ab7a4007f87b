"""The iprhub exception tree.

::

    IprHubError
    ├── NotFound            a record, number or resource does not exist
    ├── InvalidInput        the caller gave something malformed (number, query, option)
    │   └── AmbiguousNumber     a number that means several records; ``candidates`` lists them
    ├── IngestError         something went wrong reading office files
    │   ├── UnsupportedFormat   content not recognised as any known format
    │   ├── SourceError         the container is broken (corrupt gzip/zip, unreadable file)
    │   └── ParseError          a document could not be parsed or normalised
    ├── StoreError          the database refused or failed
    │   └── StoreBusy           another ingest holds the store's lock
    └── Timeout             long work ran out of time

Every error carries structured context (file, record, position, field, stage) so that
interfaces can render a precise message; ``http_status`` and ``exit_code`` are the one
mapping to HTTP and CLI codes.
"""

from __future__ import annotations

from typing import Any


class IprHubError(Exception):
    http_status = 500
    exit_code = 1
    code = "internal_error"

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        record: str | None = None,
        position: Any = None,
        field: str | None = None,
        stage: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.record = record
        self.position = position
        self.field = field
        self.stage = stage

    def context(self) -> dict[str, Any]:
        keys = ("file", "record", "position", "field", "stage")
        return {k: getattr(self, k) for k in keys if getattr(self, k) is not None}

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.position is not None:
            where.append(f"at {self.position}")
        if self.record:
            where.append(f"record {self.record}")
        if self.field:
            where.append(f"field {self.field}")
        return f"{self.message} ({', '.join(where)})" if where else self.message


class NotFound(IprHubError):
    http_status = 404
    exit_code = 3
    code = "not_found"


class InvalidInput(IprHubError):
    http_status = 400
    exit_code = 2
    code = "invalid_input"


class AmbiguousNumber(InvalidInput):
    """A number that means several stored records; ``candidates`` are their keys (``kind:key``)."""

    code = "ambiguous_number"

    def __init__(self, message: str, *, candidates: list[str], **kw: Any) -> None:
        super().__init__(message, **kw)
        self.candidates = candidates

    def context(self) -> dict[str, Any]:
        return {**super().context(), "candidates": self.candidates}


class IngestError(IprHubError):
    http_status = 422
    exit_code = 4
    code = "ingest_error"


class UnsupportedFormat(IngestError):
    code = "unsupported_format"


class SourceError(IngestError):
    code = "source_error"


class ParseError(IngestError):
    code = "parse_error"


class StoreError(IprHubError):
    http_status = 503
    exit_code = 5
    code = "store_error"


class StoreBusy(StoreError):
    http_status = 409
    code = "store_busy"


class Timeout(IprHubError):
    http_status = 504
    exit_code = 6
    code = "timeout"
