"""The web's part of the exception tree, and the one mapping of errors to HTTP responses.

::

    IprHubError                     (iprhub.errors: http_status and code per class)
    ├── InvalidInput                400
    │   ├── PayloadTooLarge         413  upload or body over the limit
    │   └── UnsupportedMediaType    415  upload content is no office file type
    ├── Unauthorized                401  no credentials or a wrong / revoked key
    ├── Forbidden                   403  the role does not allow it
    │   └── CsrfFailed              403  a form post without a valid CSRF token
    └── RateLimited                 429  too many requests; ``retry_after`` seconds

Every error body is ``{"error": {"code", "message", "field"}}``; anything unexpected is logged
with its traceback and answered 500 with a generic message and a request id.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import BaseModel

from iprhub.errors import InvalidInput, IprHubError, NotFound

log = logging.getLogger("iprhub.web")


class PayloadTooLarge(InvalidInput):
    http_status = 413
    code = "payload_too_large"


class UnsupportedMediaType(InvalidInput):
    http_status = 415
    code = "unsupported_media_type"


class Unauthorized(IprHubError):
    http_status = 401
    exit_code = 2
    code = "unauthorized"


class Forbidden(IprHubError):
    http_status = 403
    exit_code = 2
    code = "forbidden"


class CsrfFailed(Forbidden):
    code = "csrf_failed"


class RateLimited(IprHubError):
    http_status = 429
    exit_code = 6
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int = 1, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class ErrorDetail(BaseModel):
    code: str
    message: str
    field: str | None = None
    candidates: list[str] | None = None  # an ambiguous number: the records it may mean


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: ErrorDetail


# statuses raised by the framework itself (unknown route, wrong method …) in the same shape
_HTTP_CODES = {400: "invalid_input", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 406: "not_acceptable", 413: "payload_too_large",
               415: "unsupported_media_type", 429: "rate_limited"}


def error_body(exc: IprHubError) -> dict[str, Any]:
    body: dict[str, Any] = {"code": exc.code, "message": exc.message, "field": exc.field}
    if getattr(exc, "candidates", None):
        body["candidates"] = exc.candidates  # type: ignore[attr-defined]
    return {"error": body}


def http_error(status: int, message: str) -> IprHubError:
    """A framework HTTP status as an error of the tree (for one rendering path)."""
    if status == 404:
        return NotFound(message or "not found")
    exc = IprHubError(message or "error")
    exc.http_status = status
    exc.code = _HTTP_CODES.get(status, "internal_error" if status >= 500 else "invalid_input")
    return exc


def internal_error(request_id: str) -> IprHubError:
    return IprHubError(f"internal error; the server log has the details (request {request_id})")
