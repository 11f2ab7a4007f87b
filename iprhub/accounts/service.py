"""The accounts service (``hub.accounts``): users and API keys, kept in ``web_users`` and ``web_api_keys``.

A key reads ``iph_<prefix>_<secret>``: the prefix finds the row, the secret is kept only as a
salted PBKDF2 hash. Keys are 144-bit random, so the hash guards against a leaked table, not
against guessing; a modest iteration count keeps each authenticated request cheap.

>>> from iprhub.hub import Hub
>>> from iprhub.settings import Settings
>>> acc = Hub(Settings(database_url="sqlite:///:memory:")).accounts
>>> _ = acc.add_user("ada", "admin")
>>> issued = acc.issue_key("ada")
>>> acc.authenticate(issued.key).role
'admin'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from iprhub.accounts.tables import web_api_keys, web_users
from iprhub.errors import InvalidInput, NotFound, StoreError
from iprhub.store import Store
from iprhub.web.errors import Unauthorized
from iprhub.web.principal import ROLES, Principal, Role
from iprhub.web.security import VerifiedKeys

_ITERATIONS = 20_000
_KEY_RE = re.compile(r"^iph_([0-9a-f]{10})_([A-Za-z0-9_-]{20,64})$")
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


@dataclass
class User:
    name: str
    role: Role
    created_at: dt.datetime
    disabled: bool = False


@dataclass
class ApiKeyInfo:
    prefix: str
    user: str
    role: Role
    label: str | None
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked: bool


@dataclass
class IssuedKey:
    key: str  # shown once; only its hash is stored
    info: ApiKeyInfo


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _hash(secret: str, salt: str) -> str:
    return hashlib.pbkdf2_hmac("sha256", secret.encode(), bytes.fromhex(salt), _ITERATIONS).hex()


class Accounts:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._touched: dict[str, float] = {}
        self._lock = threading.Lock()
        self._verified = VerifiedKeys()

    # users ------------------------------------------------------------------------------
    def add_user(self, name: str, role: str) -> User:
        if not _NAME_RE.match(name or ""):
            raise InvalidInput("a user name is 1-64 letters, digits or . _ @ -", field="name")
        role = _role(role)
        row = {"name": name, "role": role, "created_at": _now()}
        try:
            with self.store.begin() as conn:
                conn.execute(web_users.insert(), [row])
        except IntegrityError:
            raise InvalidInput(f"user {name!r} exists", field="name") from None
        except SQLAlchemyError as exc:
            raise StoreError(f"adding user failed: {exc}") from exc
        return User(name, role, row["created_at"])  # type: ignore[arg-type]

    def users(self) -> list[User]:
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(web_users).order_by(web_users.c.name)).all()
        return [User(r.name, r.role, r.created_at, r.disabled_at is not None) for r in rows]

    def set_role(self, name: str, role: str) -> User:
        self._update_user(name, role=_role(role))
        return self._user(name)

    def disable(self, name: str, disabled: bool = True) -> User:
        self._update_user(name, disabled_at=_now() if disabled else None)
        return self._user(name)

    def remove_user(self, name: str) -> User:
        user = self._user(name)
        with self.store.begin() as conn:
            uid = conn.execute(select(web_users.c.id).where(web_users.c.name == name)).scalar_one()
            conn.execute(web_api_keys.delete().where(web_api_keys.c.user_id == uid))
            conn.execute(web_users.delete().where(web_users.c.id == uid))
        return user

    def _user(self, name: str) -> User:
        with self.store.engine.connect() as conn:
            r = conn.execute(select(web_users).where(web_users.c.name == name)).first()
        if r is None:
            raise NotFound(f"no user {name!r}", field="name")
        return User(r.name, r.role, r.created_at, r.disabled_at is not None)

    def _update_user(self, name: str, **values: object) -> None:
        with self.store.begin() as conn:
            n = conn.execute(update(web_users).where(web_users.c.name == name).values(**values)).rowcount
        if not n:
            raise NotFound(f"no user {name!r}", field="name")

    # keys -------------------------------------------------------------------------------
    def issue_key(self, user: str, label: str | None = None) -> IssuedKey:
        owner = self._user(user)
        prefix, secret, salt = secrets.token_hex(5), secrets.token_urlsafe(18), secrets.token_hex(16)
        now = _now()
        with self.store.begin() as conn:
            uid = conn.execute(select(web_users.c.id).where(web_users.c.name == user)).scalar_one()
            conn.execute(web_api_keys.insert(), [{"user_id": uid, "prefix": prefix, "salt": salt,
                                                  "key_hash": _hash(secret, salt), "label": label,
                                                  "created_at": now}])
        return IssuedKey(f"iph_{prefix}_{secret}", ApiKeyInfo(prefix, owner.name, owner.role, label, now, None, False))

    def keys(self, user: str | None = None) -> list[ApiKeyInfo]:
        q = (select(web_api_keys, web_users.c.name, web_users.c.role)
             .join(web_users, web_users.c.id == web_api_keys.c.user_id).order_by(web_api_keys.c.created_at))
        if user:
            self._user(user)
            q = q.where(web_users.c.name == user)
        with self.store.engine.connect() as conn:
            rows = conn.execute(q).all()
        return [ApiKeyInfo(r.prefix, r.name, r.role, r.label, r.created_at, r.last_used_at, r.revoked_at is not None)
                for r in rows]

    def revoke_key(self, prefix: str) -> ApiKeyInfo:
        prefix = prefix.removeprefix("iph_").split("_")[0]
        with self.store.begin() as conn:
            n = conn.execute(update(web_api_keys).where(web_api_keys.c.prefix == prefix)
                             .values(revoked_at=_now())).rowcount
        if not n:
            raise NotFound(f"no key {prefix!r}", field="prefix")
        self._verified.forget(prefix)
        return next(k for k in self.keys() if k.prefix == prefix)

    # authentication ---------------------------------------------------------------------
    def authenticate(self, key: str) -> Principal:
        """The principal of a presented key; :class:`Unauthorized` when it is wrong, revoked or disabled."""
        m = _KEY_RE.match(key.strip())
        if not m:
            raise Unauthorized("malformed API key")
        row = self._key_row(m.group(1))
        if not self._verified.verify(key.strip(), m.group(2), row, _hash):
            raise Unauthorized("unknown or wrong API key")
        return self._principal(row, "key")

    def principal_for_prefix(self, prefix: str) -> Principal:
        """The principal behind a signed session (the key must still be valid)."""
        row = self._key_row(prefix)
        if row is None:
            raise Unauthorized("the session's key no longer exists; sign in again")
        return self._principal(row, "session")

    def _key_row(self, prefix: str):
        q = (select(web_api_keys.c.prefix, web_api_keys.c.salt, web_api_keys.c.key_hash, web_api_keys.c.revoked_at,
                    web_users.c.name, web_users.c.role, web_users.c.disabled_at)
             .join(web_users, web_users.c.id == web_api_keys.c.user_id).where(web_api_keys.c.prefix == prefix))
        try:
            with self.store.engine.connect() as conn:
                return conn.execute(q).first()
        except SQLAlchemyError as exc:
            raise StoreError(f"reading API keys failed: {exc}") from exc

    def _principal(self, row, via: Literal["key", "session"]) -> Principal:
        if row.revoked_at is not None:
            raise Unauthorized("this API key was revoked")
        if row.disabled_at is not None:
            raise Unauthorized(f"user {row.name!r} is disabled")
        self._touch(row.prefix)
        return Principal(row.name, row.role, row.prefix, via)

    def _touch(self, prefix: str) -> None:
        # record use at most once a minute per key: one small write, not one per request
        now = time.monotonic()
        with self._lock:
            if now - self._touched.get(prefix, -1e9) < 60:
                return
            self._touched[prefix] = now
        try:
            with self.store.begin() as conn:
                conn.execute(update(web_api_keys).where(web_api_keys.c.prefix == prefix).values(last_used_at=_now()))
        except SQLAlchemyError:  # a busy store must not fail the request that used the key
            pass


def _role(role: str) -> Role:
    if role not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}", field="role")
    return role
