"""JSON bodies from typed results, shared by the API and the pages' JSON twins; ETags on records."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any

from fastapi import Request, Response
from pydantic import TypeAdapter


@lru_cache(maxsize=64)
def _adapter(tp: Any) -> TypeAdapter:
    return TypeAdapter(tp)


def dump_json(value: Any, tp: Any | None = None) -> bytes:
    """Serialise a pydantic model, a dataclass or a list of them exactly as the API documents it."""
    return _adapter(tp or type(value)).dump_json(value)


def json_response(value: Any, tp: Any | None = None, *, status: int = 200) -> Response:
    return Response(dump_json(value, tp), status_code=status, media_type="application/json")


def record_response(request: Request, value: Any, tp: Any | None = None) -> Response:
    """A record with a strong ETag; ``If-None-Match`` with the same tag answers 304 without a body."""
    body = dump_json(value, tp)
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    match = request.headers.get("if-none-match", "")
    if etag in [t.strip().removeprefix("W/") for t in match.split(",")] or match.strip() == "*":
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)
