"""``create_app(hub)``: the FastAPI application of the portal and the REST API.

One error mapping: every :class:`~iprhub.errors.IprHubError` answers its ``http_status`` with
``{"error": {"code", "message", "field"}}`` (an HTML page on page routes); framework errors take
the same shape; anything else is logged with its traceback and answered 500 without one.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import AsyncIterator, MutableMapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from iprhub.errors import InvalidInput, IprHubError
from iprhub.jobs.runner import JobRunner
from iprhub.limits import NO_LIMIT
from iprhub.web.cache import ViewCache
from iprhub.web.errors import RateLimited, error_body, http_error, internal_error, log
from iprhub.web.pages.render import Pages
from iprhub.web.security import BodyLimit, SecurityHeaders, Signer, make_limiter
from iprhub.web.uploads import IngestJobs

STATIC = Path(__file__).with_name("static")
UPLOAD_PATHS = ("/api/v1/ingest", "/ingest")
BODY_LIMIT = 1024 * 1024  # any other request body


def create_app(hub: Any, *, warm: bool = False, runner: JobRunner | None = None, own_runner: bool = True) -> FastAPI:
    """The application around one hub (nothing global: two apps over two hubs do not meet).

    ``warm`` opens the search index and loads the sentence model in the background at start-up,
    so that the first visitor does not wait for them (``iprhub serve`` does this). Jobs run in a
    runner process: the app starts and stops its own unless given ``runner`` (``iprhub serve``
    owns it) or ``own_runner=False`` (a server process whose jobs another process runs).
    """
    settings = hub.settings
    owns = runner is None and own_runner
    if owns:
        runner = JobRunner(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm:
            threading.Thread(target=warm_up, args=(hub,), name="iprhub-warm-up", daemon=True).start()
        if owns and runner is not None and hub.jobs.unfinished():
            runner.start()  # jobs queued (or left running) before a restart
        yield
        if owns and runner is not None:
            runner.stop()

    app = FastAPI(title="iprhub", version=_version(), lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Open IP data: patent documents, trademarks, search, countries, statistics. "
                  "Reading is public and rate-limited; exports need an analyst key and uploads an admin key "
                  "(`Authorization: Bearer <key>`). Errors are `{\"error\": {\"code\", \"message\", \"field\"}}`.")
    app.state.hub = hub
    app.state.signer = Signer(settings.web_secret)
    app.state.limiter = make_limiter(settings.redis_url)
    app.state.view_cache = ViewCache(hub, changed=hub.jobs.last_finished)
    app.state.jobs = IngestJobs(hub, max_bytes=settings.web_max_upload_bytes, runner=runner,
                                on_done=lambda _job: app.state.view_cache.clear())
    app.state.pages = Pages(app.state.signer, settings.web_default_language, settings.web_https,
                            {c.name: c.templates for c in hub.capabilities if c.templates is not None},
                            [link for c in hub.capabilities for link in c.nav],
                            [c.i18n for c in hub.capabilities if c.i18n is not None])

    from iprhub.web.api import build_router
    from iprhub.web.pages.routes import router as page_router

    app.include_router(build_router(hub.capabilities))
    app.include_router(page_router)
    for cap in hub.capabilities:  # each capability's pages (core routes first: they win on a clash)
        if cap.pages is not None:
            app.include_router(cap.pages())
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    _mount_docs(app)

    app.add_exception_handler(IprHubError, _on_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _on_http)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _on_validation)  # type: ignore[arg-type]
    # outermost last: headers on every answer, body limits before parsing, unexpected errors inside both
    app.add_middleware(ErrorBoundary)
    app.add_middleware(BodyLimit, default=BODY_LIMIT, uploads=settings.web_max_upload_bytes,
                       upload_paths=UPLOAD_PATHS, respond=_respond_limit)
    app.add_middleware(SecurityHeaders, https=settings.web_https)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def warm_up(hub: Any) -> None:
    """Open the search index (repairing it if it fell behind the store) and load the sentence model."""
    try:
        # no time limit: warming embeds what lacks a vector, which the first visitors should not wait for
        hub.search.search("patent", mode="hybrid", limit=1, facets=False, deadline=NO_LIMIT)
    except IprHubError as exc:  # an empty or unindexed store: the first real query reports it
        log.info("search warm-up skipped: %s", exc)
    except Exception:  # noqa: BLE001 - warming is optional; the first real query reports the problem
        log.warning("search warm-up failed", exc_info=True)


# the one error rendering ------------------------------------------------------------------------
def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.query_params.get("format") == "json"


def render_error(request: Request, exc: IprHubError, headers: dict[str, str] | None = None) -> Response:
    headers = {**(headers or {}), **({"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else {})}
    if wants_json(request) or not hasattr(request.app, "state"):
        return JSONResponse(error_body(exc), status_code=exc.http_status, headers=headers)
    response = request.app.state.pages.render(request, "error.html", {"error": exc, "status": exc.http_status},
                                              status=exc.http_status)
    response.headers.update(headers)
    return response


def _respond_limit(scope: Any, exc: Exception) -> Response:
    assert isinstance(exc, IprHubError)  # BodyLimit raises PayloadTooLarge only
    return render_error(Request(scope), exc)


async def _on_error(request: Request, exc: IprHubError) -> Response:
    return render_error(request, exc)


async def _on_http(request: Request, exc: StarletteHTTPException) -> Response:
    # a limit hit while the framework parsed the body arrives wrapped in its 400
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, IprHubError):
        return render_error(request, cause)
    # keeps the framework's headers: 405 answers name the allowed methods in Allow
    return render_error(request, http_error(exc.status_code, str(exc.detail)), dict(exc.headers or {}))


async def _on_validation(request: Request, exc: RequestValidationError) -> Response:
    first = exc.errors()[0] if exc.errors() else {}
    loc = [str(x) for x in first.get("loc", ()) if x not in ("query", "path", "body", "header", "cookie")]
    field = ".".join(loc) or None
    message = f"{field}: {first.get('msg', 'invalid')}" if field else str(first.get("msg", "invalid input"))
    return render_error(request, InvalidInput(message, field=field))


class ErrorBoundary:
    """Tags each request with an id; turns an unexpected exception into a logged, generic 500."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = secrets.token_hex(6)
        scope.setdefault("state", {})["request_id"] = request_id
        started = False

        async def tagged_send(message: MutableMapping[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = {**message, "headers": [*message.get("headers", []),
                                                   (b"x-request-id", request_id.encode())]}
            await send(message)

        try:
            await self.app(scope, receive, tagged_send)
        except IprHubError as exc:  # raised outside a route (e.g. a body limit while streaming)
            if not started:
                await render_error(Request(scope), exc)(scope, receive, tagged_send)
        except Exception:  # noqa: BLE001 - the boundary: log everything, show nothing
            log.exception("unhandled error in %s %s (request %s)", scope.get("method"), scope.get("path"), request_id)
            if not started:
                response = JSONResponse(error_body(internal_error(request_id)), status_code=500)
                await response(scope, receive, tagged_send)


# API documentation, served locally ----------------------------------------------------------------
def _mount_docs(app: FastAPI) -> None:
    # Swagger UI 5.31.0 (Apache-2.0), vendored: two files, checked by their SHA-256 in the tests
    app.mount("/api/docs/assets", StaticFiles(directory=str(STATIC / "swagger")), name="swagger")

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>iprhub API</title>'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
            '<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head><body>'
            '<div id="swagger-ui" data-spec="/api/openapi.json"></div>'
            '<script src="/api/docs/assets/swagger-ui-bundle.js"></script>'
            '<script src="/static/swagger-init.js"></script></body></html>')


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    # validation errors answer 400 in the common error shape, not FastAPI's 422 body
    for path in schema.get("paths", {}).values():
        for op in path.values():
            op.get("responses", {}).pop("422", None)
    for name in ("HTTPValidationError", "ValidationError"):
        schema.get("components", {}).get("schemas", {}).pop(name, None)
    # keys: required where a role is, accepted everywhere (a key's own rate budget)
    schema.setdefault("components", {})["securitySchemes"] = {
        "apiKey": {"type": "http", "scheme": "bearer", "description": "An API key from `iprhub keys create`."}}
    for path, item in schema.get("paths", {}).items():
        for op in item.values():
            needs_role = path.startswith(("/api/v1/export", "/api/v1/ingest", "/api/v1/quarantine")) \
                and path != "/api/v1/export/schema"
            op["security"] = [{"apiKey": []}] if needs_role else [{}, {"apiKey": []}]
    app.openapi_schema = schema
    return schema


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("iprhub")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0"
