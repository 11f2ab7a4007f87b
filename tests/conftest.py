"""Shared fixtures: real data from ../shared/data, a fresh store on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from iprhub.hub import Hub
from iprhub.settings import Settings

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
PG_URL = os.environ.get("IPRHUB_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def data_path(rel: str) -> Path:
    path = DATA / rel
    if not path.exists():
        pytest.fail(f"shared data missing: {path} (the repo expects ../shared beside it)")
    return path


def _postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_URL.replace("+psycopg", ""), connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001 - any failure means "not available"
        return False


@pytest.fixture(scope="session")
def postgres_ok() -> bool:
    ok = _postgres_available()
    if not ok and os.environ.get("IPRHUB_REQUIRE_POSTGRES") == "1":
        pytest.fail("PostgreSQL is required (IPRHUB_REQUIRE_POSTGRES=1) but not reachable at " + PG_URL)
    return ok


def private_schema(postgres_ok: bool, prefix: str = "t_"):
    """A PostgreSQL URL whose search path is a new, empty schema, dropped afterwards (a generator for
    fixtures of any scope: ``yield from private_schema(postgres_ok, "q_")``)."""
    if not postgres_ok:
        pytest.skip("PostgreSQL not reachable")
    import psycopg

    schema = prefix + uuid.uuid4().hex[:12]
    raw = PG_URL.replace("+psycopg", "")
    with psycopg.connect(raw, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    with psycopg.connect(raw, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def pg_url(postgres_ok):
    """A PostgreSQL URL with a private, empty schema for this test."""
    yield from private_schema(postgres_ok)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request, tmp_path):
    """Database URL for each backend; store tests use this to run on both."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/iprhub.db"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def hub(backend, tmp_path):
    h = Hub(Settings(home=tmp_path, database_url=backend, workers=1))
    yield h
    h.close()


@pytest.fixture
def sqlite_hub(tmp_path):
    h = Hub(Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path}/iprhub.db", workers=1))
    yield h
    h.close()
