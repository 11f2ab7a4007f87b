"""Store-level locks: one ingest (or import) at a time per store, and one migration at a time.

Ingest decides between insert and merge by reading the store first; two ingests interleaving
those reads and writes would race on the same rows. So a writer holds the store's ingest lock
for its whole run: on PostgreSQL a session advisory lock keyed by the schema, on SQLite an
``flock`` on a file beside the database. Both vanish with the process that holds them (a killed
ingest never leaves a stale lock), and both say who holds them: pid, host and start time.

>>> from iprhub.store import Store
>>> with ingest_lock(Store("sqlite:///:memory:")):
...     pass
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from iprhub.errors import StoreBusy, StoreError
from iprhub.store.store import Store

_PG_CLASS = {"ingest": 0x1B5A, "migrate": 0x1B5B}  # first key of the advisory lock; the schema is the second
_HOLDER_KEY = "ingest_lock_holder"  # meta row naming the PostgreSQL holder
_POLL = 0.25


def _holder() -> dict[str, Any]:
    return {"pid": os.getpid(), "host": socket.gethostname(),
            "since": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}


def _busy(store: Store, holder: dict[str, Any] | None, waited: float) -> StoreBusy:
    who = (f"pid {holder.get('pid')} on {holder.get('host')}, since {holder.get('since')}" if holder
           else "holder unknown")
    after = f" (waited {waited:g} s)" if waited else ""
    return StoreBusy(f"another ingest is running on this store ({who}){after}; wait for it to finish, "
                     "or pass --wait SECONDS (IPRHUB_INGEST_LOCK_WAIT)", stage="lock")


def _sqlite_path(store: Store) -> Path | None:
    db = store.engine.url.database
    return None if not db or db == ":memory:" else Path(db)


def ingest_lock(store: Store, *, wait: float = 0.0) -> contextlib.AbstractContextManager[None]:
    """Hold the store's ingest lock; a second holder waits up to ``wait`` seconds, then gets
    :class:`~iprhub.errors.StoreBusy` naming the first."""
    return _store_lock(store, "ingest", wait)


def migration_lock(store: Store) -> contextlib.AbstractContextManager[None]:
    """Hold the store's migration lock (waiting for it): processes opening one store together
    migrate it once, one after the other."""
    return _store_lock(store, "migrate", None)


@contextlib.contextmanager
def _store_lock(store: Store, name: str, wait: float | None) -> Iterator[None]:
    if not store.is_sqlite:
        with _pg_lock(store, name, wait=wait):
            yield
        return
    path = _sqlite_path(store)
    if path is None:  # an in-memory store lives in one process only
        yield
        return
    with _file_lock(path.with_name(f"{path.name}-{name}.lock"), store, wait=wait):
        yield


@contextlib.contextmanager
def _file_lock(path: Path, store: Store, *, wait: float | None) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # not POSIX: no cross-process lock, as before
        yield
        return
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        if wait is not None:
            raise StoreError(f"cannot create the store's lock file {path}: {exc.strerror}", file=str(path)) from exc
        fd = -1  # migrating a store in a read-only folder: nothing to migrate there, or it fails by itself
    if fd < 0:
        yield
        return
    try:
        started = time.monotonic()
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait is None else fcntl.LOCK_NB))
                break
            except BlockingIOError:
                waited = time.monotonic() - started
                if wait is not None and waited >= wait:
                    raise _busy(store, _read_holder(path), round(waited, 1)) from None
                time.sleep(_POLL)
        os.ftruncate(fd, 0)
        os.pwrite(fd, orjson.dumps(_holder()), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _read_holder(path: Path) -> dict[str, Any] | None:
    try:
        return orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None


@contextlib.contextmanager
def _pg_lock(store: Store, name: str, *, wait: float | None) -> Iterator[None]:
    key = {"c": _PG_CLASS[name]}
    try:
        conn = store.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open store {store.safe_url}: {exc}") from exc
    try:
        _pg_acquire(store, conn, name, key, wait)
    except SQLAlchemyError as exc:
        conn.close()
        raise StoreError(f"the store lock failed on {store.safe_url}: {exc}") from exc
    except BaseException:
        conn.close()
        raise
    try:
        yield  # what the holder raises goes up unchanged
    finally:
        try:
            if name == "ingest":
                _pg_set_holder(conn, None)
            conn.execute(text("SELECT pg_advisory_unlock(:c, hashtext(current_schema()))"), key)
        except SQLAlchemyError:
            conn.invalidate()  # drop the session (and the lock with it) rather than pool it
        finally:
            conn.close()


def _pg_acquire(store: Store, conn: Any, name: str, key: dict[str, int], wait: float | None) -> None:
    started = time.monotonic()
    if wait is None:
        conn.execute(text("SELECT pg_advisory_lock(:c, hashtext(current_schema()))"), key)
    else:
        while not conn.execute(text("SELECT pg_try_advisory_lock(:c, hashtext(current_schema()))"), key).scalar():
            waited = time.monotonic() - started
            if waited >= wait:
                raise _busy(store, _pg_holder(conn), round(waited, 1))
            time.sleep(_POLL)
    if name == "ingest":
        _pg_set_holder(conn, _holder())


def _pg_holder(conn: Any) -> dict[str, Any] | None:
    from iprhub.store import schema as s

    try:
        value = conn.execute(s.meta.select().where(s.meta.c.key == _HOLDER_KEY)).first()
        return orjson.loads(value.value) if value else None
    except (SQLAlchemyError, orjson.JSONDecodeError):
        return None


def _pg_set_holder(conn: Any, holder: dict[str, Any] | None) -> None:
    from sqlalchemy import delete

    from iprhub.store import schema as s
    from iprhub.store.store import write_meta

    if holder is None:
        conn.execute(delete(s.meta).where(s.meta.c.key == _HOLDER_KEY))
    else:
        write_meta(conn, _HOLDER_KEY, orjson.dumps(holder).decode())
