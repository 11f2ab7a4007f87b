"""Who may do what, and how much: principals from API keys or signed sessions, a rate limiter,
CSRF tokens for form posts, request-body limits and strict response headers.

Anonymous clients read; ``analyst`` keys also export; ``admin`` keys also upload and ingest.
API calls carry ``Authorization: Bearer <key>`` (or ``X-API-Key``). Browsers sign in once with a
key and get a signed, HttpOnly, SameSite=Strict session cookie; a session counts on the API for
reading only, so a cross-site request can never write with it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from iprhub.errors import InvalidInput
from iprhub.web.errors import CsrfFailed, PayloadTooLarge, RateLimited, Unauthorized, log

SESSION_COOKIE = "iprhub_session"
CSRF_COOKIE = "iprhub_csrf"
LANG_COOKIE = "iprhub_lang"
SESSION_SECONDS = 8 * 3600
CSRF_SECONDS = 4 * 3600
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class Signer:
    """HMAC-SHA256 signatures for session cookies and CSRF tokens."""

    def __init__(self, secret: str) -> None:
        self._key = hashlib.sha256(("iprhub-web:" + (secret or secrets.token_hex(32))).encode()).digest()

    def sign(self, *parts: str) -> str:
        mac = hmac.new(self._key, "\x1f".join(parts).encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac[:24]).decode().rstrip("=")

    def check(self, signature: str, *parts: str) -> bool:
        return hmac.compare_digest(signature.encode(), self.sign(*parts).encode())

    # sessions: "<key prefix>.<expiry>.<signature>"
    def session(self, prefix: str, now: float | None = None) -> str:
        expires = str(int((now or time.time()) + SESSION_SECONDS))
        return f"{prefix}.{expires}.{self.sign('session', prefix, expires)}"

    def session_prefix(self, cookie: str, now: float | None = None) -> str:
        try:
            prefix, expires, sig = cookie.split(".")
            fresh = int(expires) > (now or time.time())
        except ValueError:
            raise Unauthorized("malformed session; sign in again") from None
        if not self.check(sig, "session", prefix, expires):
            raise Unauthorized("invalid session; sign in again")
        if not fresh:
            raise Unauthorized("the session expired; sign in again")
        return prefix

    # CSRF: a random cookie, and form tokens "<issued>.<signature over cookie and time>"
    def csrf_token(self, cookie: str, now: float | None = None) -> str:
        issued = str(int(now or time.time()))
        return f"{issued}.{self.sign('csrf', cookie, issued)}"

    def check_csrf(self, cookie: str | None, token: str | None, now: float | None = None) -> None:
        if not cookie or not token:
            raise CsrfFailed("the form has no CSRF token (reload the page and try again)", field="csrf_token")
        try:
            issued, sig = token.split(".")
            age = (now or time.time()) - int(issued)
        except ValueError:
            raise CsrfFailed("malformed CSRF token", field="csrf_token") from None
        if not self.check(sig, "csrf", cookie, issued):
            raise CsrfFailed("invalid CSRF token (reload the page and try again)", field="csrf_token")
        if not 0 <= age <= CSRF_SECONDS:
            raise CsrfFailed("the form expired (reload the page and try again)", field="csrf_token")


class RateLimiter:
    """Token buckets per client: ``per_minute`` tokens, refilled evenly, bursts up to the same number.
    A request takes one token; an expensive search takes its cost (``query_limits.query_cost``).

    Kept in this process; :class:`RedisRateLimiter` shares the buckets between server processes.

    >>> rl = RateLimiter()
    >>> [rl.hit("a", 2, now=0.0) for _ in range(3)][2] > 0   # third request within the minute waits
    True
    >>> rl.hit("b", 60, cost=60, charge=False, now=0.0), rl.hit("b", 60, cost=60, now=0.0), rl.hit("b", 60, now=0.0)
    (0.0, 0.0, 1.0)
    >>> rl.hit("b", 10, now=0.0, cost=8), rl.hit("b", 10, now=0.0, cost=8) > 0   # 2 tokens left, not 8
    (0.0, True)
    """

    def __init__(self, max_clients: int = 50_000) -> None:
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # client -> (tokens, stamp)
        self._lock = threading.Lock()
        self._max = max_clients

    def hit(self, client: str, per_minute: int, now: float | None = None, cost: int = 1,
            charge: bool = True) -> float:
        """Take ``cost`` tokens (at most a full bucket); returns 0 when allowed, else the seconds until
        there are enough (nothing is taken then). ``charge=False`` only looks whether they are there."""
        if per_minute <= 0:
            return 0.0
        now = time.monotonic() if now is None else now
        rate = per_minute / 60.0
        need = float(min(max(cost, 0), per_minute))
        with self._lock:
            tokens, stamp = self._buckets.pop(client, (float(per_minute), now))
            tokens = min(float(per_minute), tokens + (now - stamp) * rate)
            wait = 0.0
            if tokens >= need:
                tokens -= need * charge
            else:
                wait = (need - tokens) / rate
            self._buckets[client] = (tokens, now)
            while len(self._buckets) > self._max:  # forget the least recently seen clients
                self._buckets.popitem(last=False)
        return wait

    def check(self, client: str, per_minute: int, cost: int = 1, charge: bool = True) -> None:
        """Take ``cost`` tokens or raise :class:`RateLimited` (429 with Retry-After)."""
        wait = self.hit(client, per_minute, cost=cost, charge=charge)
        if wait > 0:
            raise RateLimited(f"too many requests: {per_minute} per minute allowed; retry in {math.ceil(wait)} s",
                              retry_after=max(1, math.ceil(wait)))


_REDIS_BUCKET = """
local capacity, rate, now, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local charge = tonumber(ARGV[5])
local b = redis.call('HMGET', KEYS[1], 't', 's')
local tokens, stamp = tonumber(b[1]) or capacity, tonumber(b[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - stamp) * rate)
local need, wait = math.min(math.max(cost, 0), capacity), 0
if tokens >= need then tokens = tokens - need * charge else wait = (need - tokens) / rate end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 's', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate * 1000) + 1000)
return tostring(wait)
"""


class RedisRateLimiter(RateLimiter):
    """The same token buckets kept in Redis, so that all server processes share each client's budget.

    Redis unreachable: the buckets of this process stand in (and the failure is logged once), so
    a Redis outage never stops the portal from answering.
    """

    def __init__(self, url: str, *, prefix: str = "iprhub:rl:") -> None:
        super().__init__()
        try:
            import redis
        except ImportError as exc:  # pragma: no cover - the extra is missing
            raise InvalidInput("redis_url needs the redis client: pip install 'iprhub[server]'",
                               field="redis_url") from exc
        self.prefix = prefix
        self._redis = redis.Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0)
        self._script = self._redis.register_script(_REDIS_BUCKET)
        self._errors = (redis.RedisError, OSError)
        self._warned = False

    def hit(self, client: str, per_minute: int, now: float | None = None, cost: int = 1,
            charge: bool = True) -> float:
        if per_minute <= 0:
            return 0.0
        stamp = time.time() if now is None else now  # wall time: the same in every process
        try:
            return float(self._script(keys=[self.prefix + client], args=[per_minute, per_minute / 60.0, stamp, cost,
                                                                           int(charge)]))
        except self._errors as exc:
            if not self._warned:
                self._warned = True
                log.warning("rate limits fall back to this process: Redis failed (%s)", exc)
            return super().hit(client, per_minute, now, cost, charge)


def make_limiter(redis_url: str) -> RateLimiter:
    """The limiter for ``redis_url`` (empty: in this process)."""
    return RedisRateLimiter(redis_url) if redis_url else RateLimiter()


FAILED_AUTH_COST = 5  # a wrong key or password takes this many requests from the address's budget
_DUMMY_SALT = "00" * 16


class VerifiedKeys:
    """Verifies API keys: PBKDF2 once per key and ``ttl`` seconds, not once per request.

    Keyed by the SHA-256 of the whole key and remembering the stored hash it matched, so a key
    whose row changes (a new hash) is verified again; revocation and disabled users are read from
    the row on every request. An unknown prefix costs the same PBKDF2 as a wrong secret.
    """

    def __init__(self, ttl: float = 60.0, size: int = 10_000) -> None:
        self.ttl = ttl
        self.size = size
        self._items: OrderedDict[bytes, tuple[str, str, float]] = OrderedDict()  # digest -> (prefix, hash, until)
        self._lock = threading.Lock()

    def verify(self, key: str, secret: str, row: Any, hash_fn: Callable[[str, str], str]) -> bool:
        """``row`` (with ``prefix``, ``salt``, ``key_hash``) or None when the prefix is unknown."""
        if row is None:
            hash_fn(secret, _DUMMY_SALT)  # the same work as a wrong key: no timing tells what exists
            return False
        digest = hashlib.sha256(key.encode()).digest()
        now = time.monotonic()
        with self._lock:
            hit = self._items.get(digest)
        if hit is not None and hit[1] == row.key_hash and now < hit[2]:
            return True
        if not hmac.compare_digest(hash_fn(secret, row.salt), row.key_hash):
            return False
        with self._lock:
            self._items[digest] = (row.prefix, row.key_hash, now + self.ttl)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return True

    def forget(self, prefix: str) -> None:
        with self._lock:
            for digest in [d for d, v in self._items.items() if v[0] == prefix]:
                del self._items[digest]


# pure ASGI middlewares ------------------------------------------------------------------------
ASGIApp = Callable[[dict, Callable[[], Awaitable[dict]], Callable[[dict], Awaitable[None]]], Awaitable[None]]

_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'{style}; img-src 'self' data:; font-src 'self'; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


class SecurityHeaders:
    """Adds strict headers to every response (a page may add CSP hashes for its inline styles)."""

    def __init__(self, app: ASGIApp, *, https: bool = False) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = scope["path"].startswith("/api/docs")

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                extra_style = ""
                for k, v in headers:
                    if k.lower() == b"x-style-hashes":
                        extra_style = " " + v.decode()
                headers = [(k, v) for k, v in headers if k.lower() != b"x-style-hashes"]
                csp = _CSP.format(style=" 'unsafe-inline'" if docs else extra_style)
                add = [(b"content-security-policy", csp.encode()), (b"x-content-type-options", b"nosniff"),
                       (b"x-frame-options", b"DENY"), (b"referrer-policy", b"same-origin"),
                       (b"cross-origin-opener-policy", b"same-origin"),
                       (b"cross-origin-resource-policy", b"same-origin"),
                       (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()")]
                if self.https:
                    add.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
                if b"cache-control" not in names:
                    add.append((b"cache-control", b"no-store" if not scope["path"].startswith("/static/")
                                else b"public, max-age=3600"))
                message = {**message, "headers": headers + [h for h in add if h[0] not in names]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuses request bodies over the limit: at once by Content-Length, else while streaming.

    ``respond(scope, error)`` renders the refusal (the app's one error rendering).
    """

    def __init__(self, app: ASGIApp, *, default: int, uploads: int, upload_paths: tuple[str, ...],
                 respond: Callable[[dict, Exception], Any]) -> None:
        self.app = app
        self.default = default
        self.uploads = uploads
        self.upload_paths = upload_paths
        self.respond = respond

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_upload = scope["path"] in self.upload_paths
        # a multipart envelope adds a little around the file itself
        limit = self.uploads + 64 * 1024 if is_upload else self.default
        shown = self.uploads if is_upload else self.default

        def too_large() -> PayloadTooLarge:
            return PayloadTooLarge(f"the request body is larger than {shown} bytes", field="file" if is_upload else None)

        for k, v in scope.get("headers", []):
            if k == b"content-length" and v.isdigit() and int(v) > limit:
                await self.respond(scope, too_large())(scope, _empty_receive, send)
                return
        seen = 0

        async def counting_receive() -> dict:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise too_large()
            return message

        await self.app(scope, counting_receive, send)


async def _empty_receive() -> dict:
    return {"type": "http.request", "body": b"", "more_body": False}
