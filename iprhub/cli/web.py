"""``iprhub serve``: the web portal and REST API (users and keys are the accounts capability's commands)."""

from __future__ import annotations

import os
import sys

import typer

from iprhub.cli.main import console, emit_json, fail, open_hub, settings
from iprhub.errors import IprHubError

JSON = typer.Option(False, "--json", help="Print machine-readable JSON.")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    host: str = typer.Option(None, "--host", help="Listen address (IPRHUB_WEB_HOST, default 127.0.0.1)."),
    port: int = typer.Option(None, "--port", help="Listen port (IPRHUB_WEB_PORT, default 8000)."),
    workers: int = typer.Option(None, "--workers", min=1, max=64, help="Server processes (IPRHUB_WEB_WORKERS; "
                                "default 1 on SQLite, one per CPU on PostgreSQL)."),
    as_json: bool = JSON,
) -> None:
    """Start the web portal and REST API (FastAPI on uvicorn) over the store, with its job runner."""
    from iprhub.web import serving

    try:
        cfg = settings()
        bind_host, bind_port = host or cfg.web_host, port or cfg.web_port
        sock = serving.bind(bind_host, bind_port)
    except IprHubError as exc:
        fail(exc, as_json)
        return
    try:
        hub = open_hub()
    except IprHubError as exc:
        sock.close()
        fail(exc, as_json)
        return
    n = serving.worker_count(hub.settings, workers)
    url = f"http://{bind_host}:{bind_port}/"
    if as_json:
        emit_json({"url": url, "api": url + "api/v1", "docs": url + "api/docs", "store": hub.store_url,
                   "workers": n})
    else:
        console.print(f"iprhub portal on [bold]{url}[/] (API {url}api/v1, docs {url}api/docs; {n} "
                      f"worker{'s' if n > 1 else ''}); Ctrl-C stops it")
    sys.stdout.flush()
    try:
        serving.run(hub, sock, n)
    finally:
        hub.close()
    # stopped cleanly: the sentence model and index readers go with the process, not one finaliser at a
    # time (seconds on a busy machine, which SIGTERM's caller would wait for)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
