"""Dependencies shared by the API and the pages: the hub, who is asking, rate limits, roles."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from iprhub.hub import Hub
from iprhub.web.errors import Unauthorized
from iprhub.web.principal import Principal
from iprhub.web.security import SAFE_METHODS, SESSION_COOKIE, RateLimiter, Signer


def get_hub(request: Request) -> Hub:
    return request.app.state.hub


def get_principal(request: Request) -> Principal:
    """From ``Authorization: Bearer`` / ``X-API-Key``; else a signed session cookie.

    On the API a session counts for safe methods only (writes need the key in a header, so a
    cross-site form can never write); pages check a CSRF token on every post instead.
    """
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    hub = request.app.state.hub
    signer: Signer = request.app.state.signer
    auth = request.headers.get("authorization", "")
    key = request.headers.get("x-api-key") or (auth[7:].strip() if auth.lower().startswith("bearer ") else "")
    if auth and not key:
        raise Unauthorized("use Authorization: Bearer <API key>")
    principal = Principal()
    if key:
        principal = _accounts(hub).authenticate(key)
    else:
        cookie = request.cookies.get(SESSION_COOKIE)
        api_write = request.url.path.startswith("/api/") and request.method not in SAFE_METHODS
        if cookie and not api_write and hub.has_capability("accounts"):
            try:
                principal = hub.accounts.principal_for_prefix(signer.session_prefix(cookie))
            except Unauthorized:
                principal = Principal()  # a stale session reads as anonymous; the page offers sign-in
    request.state.principal = principal
    return principal


def _accounts(hub: Hub) -> Any:
    if not hub.has_capability("accounts"):
        raise Unauthorized("this server keeps no accounts (the accounts capability is not loaded)")
    return hub.accounts


def authenticate(request: Request, key: str) -> Principal:
    """The principal of an API key (sign-in form)."""
    return _accounts(request.app.state.hub).authenticate(key)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def rate_limit(request: Request) -> None:
    principal = get_principal(request)
    limiter: RateLimiter = request.app.state.limiter
    settings = request.app.state.hub.settings
    if principal.anonymous:
        limiter.check("ip:" + client_address(request), settings.web_rate_limit)
    else:
        limiter.check("key:" + (principal.key_prefix or principal.name), settings.web_rate_limit_keyed)


def require(role: str) -> Any:
    def check(request: Request) -> Principal:
        principal = get_principal(request)
        principal.require(role)
        return principal

    return Depends(check)


HubDep = Annotated[Hub, Depends(get_hub)]
PrincipalDep = Annotated[Principal, Depends(get_principal)]
AdminDep = Annotated[Principal, require("admin")]
AnalystDep = Annotated[Principal, require("analyst")]
