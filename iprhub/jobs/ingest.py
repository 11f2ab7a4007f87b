"""The core ``ingest`` job: ingest one uploaded file in the runner process, then delete the upload.

Params: ``path`` (the stored upload, server-side only), ``filename``, ``size``. Progress and the
result name files relative to the upload (``patents.zip!2024/a.xml``), never by server path.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from iprhub.errors import InvalidInput

DOCUMENTS_SHOWN = 200


def ingest_upload(hub: Any, params: dict[str, Any], progress: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """Run ``hub.ingest`` on the upload; the result is ``{"report": …, "rejected": […]}``."""
    path = Path(params["path"])
    if not path.is_file():
        raise InvalidInput(f"the upload {params.get('filename')!r} is no longer on the server; upload it again",
                           field="file")
    relative = Relative(path.parent)
    state: dict[str, Any] = {"files": 0, "bytes_total": int(params.get("size") or path.stat().st_size),
                             "bytes_done": 0, "current_file": None, "documents_stored": 0, "documents": []}

    def on_file(name: str, _size: int) -> None:
        state["files"] += 1
        state["current_file"] = relative(name)
        progress(state)

    def on_bytes(n: int) -> None:
        state["bytes_done"] += n
        progress(state)

    def on_documents(numbers: list[str]) -> None:
        state["documents_stored"] += len(numbers)
        room = DOCUMENTS_SHOWN - len(state["documents"])
        if room > 0:
            state["documents"] = state["documents"] + numbers[:room]
        progress(state)  # after each committed batch: where a stop request takes effect

    ended = False
    try:
        report = hub.ingest([path], force=True, on_file=on_file, on_bytes=on_bytes, on_documents=on_documents)
        ended = True
    except Exception:
        ended = True  # a failed ingest ends its job too; a stop request (JobStopped) keeps the upload to resume
        raise
    finally:
        state["current_file"] = None
        if ended:
            _discard(path.parent, hub.settings)
    data = relative.all(report.to_dict())
    rejected = ([{"file": q["source_file"], "position": q["position"], "reason": q["reason"]}
                 for q in data["quarantined"]] +
                [{"file": u["file"], "position": None, "reason": u["reason"] or "unsupported"}
                 for u in data["unsupported"] + data["failed"]])
    state["bytes_done"] = state["bytes_total"]
    progress(state)
    return {"report": data, "rejected": rejected}


class Relative:
    """Server paths under an upload's folder, shown relative to it."""

    def __init__(self, folder: Path) -> None:
        self.prefix = str(folder).rstrip("/") + "/"

    def __call__(self, text: str) -> str:
        return text.replace(self.prefix, "")

    def all(self, value: Any) -> Any:
        if isinstance(value, str):
            return self(value)
        if isinstance(value, dict):
            return {k: self.all(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.all(v) for v in value]
        return value


def _discard(folder: Path, settings: Any) -> None:
    """Delete an ended job's upload, or (with a retention period) uploads older than it."""
    keep = settings.web_upload_keep_hours * 3600
    if keep <= 0:
        shutil.rmtree(folder, ignore_errors=True)
        return
    cutoff = time.time() - keep
    for old in folder.parent.iterdir():
        if old.is_dir() and not old.name.startswith(".") and old.stat().st_mtime < cutoff:
            shutil.rmtree(old, ignore_errors=True)
