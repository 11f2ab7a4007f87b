"""``iprhub serve``: the web portal and REST API (users and keys are the accounts capability's commands)."""

from __future__ import annotations

import typer

from iprhub.cli.main import console, emit_json, fail, open_hub, settings
from iprhub.errors import IprHubError

JSON = typer.Option(False, "--json", help="Print machine-readable JSON.")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    host: str = typer.Option(None, "--host", help="Listen address (IPRHUB_WEB_HOST, default 127.0.0.1)."),
    port: int = typer.Option(None, "--port", help="Listen port (IPRHUB_WEB_PORT, default 8000)."),
    as_json: bool = JSON,
) -> None:
    """Start the web portal and REST API (FastAPI on uvicorn) over the store."""
    import uvicorn

    from iprhub.web import create_app

    try:
        cfg = settings()
        bind_host, bind_port = host or cfg.web_host, port or cfg.web_port
        hub = open_hub()
    except IprHubError as exc:
        fail(exc, as_json)
        return
    url = f"http://{bind_host}:{bind_port}/"
    if as_json:
        emit_json({"url": url, "api": url + "api/v1", "docs": url + "api/docs", "store": hub.store.safe_url})
    else:
        console.print(f"iprhub portal on [bold]{url}[/] (API {url}api/v1, docs {url}api/docs); Ctrl-C stops it")
    try:
        uvicorn.run(create_app(hub, warm=True), host=bind_host, port=bind_port, log_level="warning", proxy_headers=False,
                    server_header=False)
    finally:
        hub.close()
