"""Dependencies shared by the API and the pages: the hub, who is asking, rate limits, roles,
and what one search may spend."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request

from iprhub.hub import Hub
from iprhub.limits import Deadline
from iprhub.web.errors import RateLimited, Unauthorized
from iprhub.web.principal import Principal
from iprhub.web.security import FAILED_AUTH_COST, SAFE_METHODS, SESSION_COOKIE, RateLimiter, Signer


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
        principal = authenticate(request, key)
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
    """A presented key's principal (API header or sign-in form). A wrong key costs the address
    :data:`FAILED_AUTH_COST` of its ``web_rate_limit`` budget for failures, and an address without that
    much left is answered 429 before any key is checked (so guessing is limited, and costs no PBKDF2
    once limited)."""
    limiter: RateLimiter = request.app.state.limiter
    # a budget of its own: reading from the same address does not lock a valid key out
    client, per_minute = "auth-failed:" + client_address(request), request.app.state.hub.settings.web_rate_limit
    limiter.check(client, per_minute, cost=FAILED_AUTH_COST, charge=False)
    try:
        return _accounts(request.app.state.hub).authenticate(key)
    except Unauthorized:
        limiter.check(client, per_minute, cost=FAILED_AUTH_COST)
        raise


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _rate_client(request: Request) -> tuple[str, int]:
    """(bucket name, tokens per minute) of who is asking."""
    principal = get_principal(request)
    settings = request.app.state.hub.settings
    if principal.anonymous:
        return "ip:" + client_address(request), settings.web_rate_limit
    return "key:" + (principal.key_prefix or principal.name), settings.web_rate_limit_keyed


def rate_limit(request: Request) -> None:
    limiter: RateLimiter = request.app.state.limiter
    limiter.check(*_rate_client(request))


@dataclass(frozen=True)
class QueryBudget:
    """What one search may spend: time (``search_time_limit`` for anonymous clients,
    ``search_time_limit_keyed`` for keys and sessions) and rate-limit tokens (``charge(cost)``)."""

    deadline: Deadline
    charge: Callable[[int], None]


def query_budget(request: Request) -> QueryBudget:
    limiter: RateLimiter = request.app.state.limiter
    client, per_minute = _rate_client(request)

    def charge(cost: int) -> None:
        if cost <= 1:  # the request itself took one token (``rate_limit``)
            return
        try:
            limiter.check(client, per_minute, cost=cost - 1)
        except RateLimited as exc:
            raise RateLimited(f"{exc.message} (this query counts as {cost} requests: wildcards, hybrid mode, facets "
                              "and long pages cost more)", retry_after=exc.retry_after) from None

    keyed = not get_principal(request).anonymous
    return QueryBudget(request.app.state.hub.search.deadline(keyed=keyed), charge)


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
BudgetDep = Annotated[QueryBudget, Depends(query_budget)]
