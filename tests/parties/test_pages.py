"""Entity pages and the API, with their JSON twins, in English and Chinese."""

from __future__ import annotations

from fastapi.testclient import TestClient

from iprhub.web import create_app


def test_entity_page_api_and_decision(phub):
    phub.settings.web_rate_limit = 0
    eid = phub.parties.find("САЙЕНТИФИК ДРИЛЛИНГ ИНТЕРНЭШНЛ, ИНК.")
    with TestClient(create_app(phub)) as client:
        listing = client.get("/parties", params={"q": "drilling"})
        assert listing.status_code == 200 and f"/parties/{eid}" in listing.text
        page = client.get(f"/parties/{eid}", params={"lang": "zh"})
        assert page.status_code == 200 and "写法" in page.text and "САЙЕНТИФИК ДРИЛЛИНГ" in page.text
        twin = client.get(f"/parties/{eid}", params={"format": "json"}).json()
        assert twin["entity"]["id"] == eid and len(twin["spellings"]) >= 3
        api = client.get("/api/v1/parties/expand", params={"name": "Scientific Drilling International"}).json()
        assert "САЙЕНТИФИК ДРИЛЛИНГ ИНТЕРНЭШНЛ, ИНК." in api["spellings"]
        assert client.get("/api/v1/parties/pa-0000000000").status_code == 404
        assert client.post("/api/v1/parties/decisions", params={"action": "split", "a": "x", "b": "y"}).status_code in (401, 403)
