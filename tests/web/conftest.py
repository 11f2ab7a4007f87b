"""Web fixtures: a store loaded with real office files (SQLite and PostgreSQL), apps and clients.

Read-only tests share one loaded hub per backend (module scope keeps the suite fast); tests that
write (uploads, keys) build their app on the function-scoped ``hub`` fixture.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from iprhub.hub import Hub
from iprhub.settings import Settings
from iprhub.web import create_app
from tests.conftest import data_path, private_schema

SAMPLE = [
    "uspto/grant_xml_v4x/PatentsView-DB__2009_6.xml.gz",  # USD586081S1 cites USD456588
    "uspto/grant_xml_v25_pg/patentprocessor__pg020507hundred.xml.gz",  # ... which is here (citations both ways)
    "uspto/grant_xml_v4x/PatentsView-DB__ipg130416.small.xml.gz",  # US8420318B2: nested dependent claims
    "epo/ops_xml/epo-ops__get_family_with_biblio__response.xml.gz",  # EP2400812B1 and its family
    "epo/ops_xml/epo-ops__get_claims__response.xml.gz",  # EP2400812A1's claims: a second source, merged
    "cn/cn_old/PatentStandardization__cn_old1.xml.gz",  # CN104223352A, Chinese text
    "trademark/uspto_tsdr/Plumage__rn2713476-ST66.xml.gz",  # trademark US/78002299
    "classification/cpc/CPCTitleList202208/cpc-section-H_20220801.txt.gz",  # class titles (H04W …)
]
UPLOAD = "uspto/grant_xml_v4x/ChemDataExtractor__US06840965B2.xml.gz"  # US6840965B2, not in SAMPLE
OPEN = {"web_rate_limit": 0, "web_rate_limit_keyed": 0}


def sample_paths() -> list[Path]:
    return [data_path(p) for p in SAMPLE]


def make_settings(home: Path, url: str, **extra) -> Settings:
    return Settings(home=home, database_url=url, web_secret="test-secret", **{"workers": 1, **OPEN, **extra})


@pytest.fixture(scope="session")
def _pg_schema(postgres_ok):
    yield from private_schema(postgres_ok, "w_")


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def loaded_hub(request, tmp_path_factory):
    """A hub over the real sample files, on each backend (read-only: do not write to it)."""
    home = tmp_path_factory.mktemp(f"web-{request.param}")
    url = f"sqlite:///{home}/iprhub.db" if request.param == "sqlite" else request.getfixturevalue("_pg_schema")
    hub = Hub(make_settings(home, url))
    report = hub.ingest(sample_paths())
    assert report.inserted > 40 and not report.to_dict()["failed"]
    hub.search.update_vectors()  # as `iprhub serve` warms up: no request waits for the corpus' embeddings
    yield hub
    hub.close()


@pytest.fixture(scope="session")
def sqlite_loaded_hub(tmp_path_factory):
    home = tmp_path_factory.mktemp("web-sqlite-only")
    hub = Hub(make_settings(home, f"sqlite:///{home}/iprhub.db"))
    hub.ingest(sample_paths())
    hub.search.update_vectors()
    yield hub
    hub.close()


@pytest.fixture(scope="session")
def client(loaded_hub):
    with TestClient(create_app(loaded_hub), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="session")
def keys(loaded_hub) -> dict[str, str]:
    """One key per role on the loaded hub (user names unique per backend session)."""
    acc = loaded_hub.accounts
    out = {}
    for role in ("admin", "analyst"):
        name = f"{role}-{uuid.uuid4().hex[:6]}"
        acc.add_user(name, role)
        out[role] = acc.issue_key(name).key
    return out


@pytest.fixture
def fresh(hub):
    """An app over the empty function-scoped ``hub`` (both backends), with an admin and an analyst key."""
    hub.settings.web_rate_limit = 0
    hub.settings.web_rate_limit_keyed = 0
    acc = hub.accounts
    acc.add_user("ada", "admin")
    acc.add_user("ann", "analyst")
    keys = {"admin": acc.issue_key("ada").key, "analyst": acc.issue_key("ann").key}
    with TestClient(create_app(hub), raise_server_exceptions=False) as c:
        yield c, keys, hub


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@contextmanager
def serving(hub) -> Iterator[str]:
    """The app over ``hub`` on a real uvicorn server on a free loopback port (a thread of this
    process); yields its base URL."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(hub), host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="session")
def live_server(sqlite_loaded_hub):
    """The app on a real uvicorn server on loopback (a thread of this process), with an admin key."""
    acc = sqlite_loaded_hub.accounts
    acc.add_user("browser-admin", "admin")
    key = acc.issue_key("browser-admin").key
    with serving(sqlite_loaded_hub) as url:
        yield {"url": url, "admin_key": key, "hub": sqlite_loaded_hub}
