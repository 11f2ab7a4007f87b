"""The API docs page runs on Swagger UI files vendored in iprhub/web/static/swagger (no CDN, no
Python package for them): the files are exactly the ones copied from swagger-ui 5.31.0."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from iprhub.hub import Hub
from iprhub.settings import Settings
from iprhub.web import create_app

SWAGGER = Path(__file__).resolve().parents[2] / "iprhub" / "web" / "static" / "swagger"
SHA256 = {
    "swagger-ui-bundle.js": "93b7b0862a80e2786f85b560be7693c2344354ffa7e7e224f850a54349724c31",
    "swagger-ui.css": "9e576f8322132c76949da47f9bb53c891373c303ea3a761ff548ffc9de50a98c",
}


def test_vendored_files_are_the_recorded_ones():
    assert sorted(p.name for p in SWAGGER.iterdir()) == sorted(SHA256)
    for name, digest in SHA256.items():
        assert hashlib.sha256((SWAGGER / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.parametrize("name", sorted(SHA256))
def test_docs_page_serves_them(tmp_path, name):
    hub = Hub(Settings(home=tmp_path, capabilities=[]))
    with TestClient(create_app(hub)) as client:
        assert f"/api/docs/assets/{name}" in client.get("/api/docs").text
        r = client.get(f"/api/docs/assets/{name}")
        assert r.status_code == 200 and hashlib.sha256(r.content).hexdigest() == SHA256[name]
    hub.close()
