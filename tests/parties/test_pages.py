"""Entity pages and the API, with their JSON twins, in English and Chinese."""

from __future__ import annotations

import pytest
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


@pytest.mark.browser
def test_entity_page_search_every_spelling_in_chromium(tmp_path):
    """Parties list → an inventor's entity page → "Search every spelling": the result list holds the
    entity's documents in every script and name order."""
    import shutil
    from pathlib import Path

    from iprhub.hub import Hub
    from iprhub.settings import Settings
    from tests.parties.conftest import DRILLING, NINE_SOLUTIONS
    from tests.web.conftest import serving

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.fail("Debian chromium is not installed: run `make browser-deps`")
    from playwright.sync_api import sync_playwright

    artifacts = Path(__file__).resolve().parents[2] / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    hub = Hub(Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path}/iprhub.db", workers=1,
                       search_time_limit_keyed=0, web_rate_limit=0))
    try:
        hub.ingest(DRILLING + NINE_SOLUTIONS)
        eid = hub.parties.find("ВАНСТЕЕНВИК Бретт", "inventor")
        documents = hub.parties.entity(eid).entity.documents
        with serving(hub) as url, sync_playwright() as p:
            b = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
            page = b.new_page(base_url=url, viewport={"width": 1200, "height": 900})
            page.goto("/parties?kind=inventor&q=vansteenwyk")
            page.locator(f'a[href="/parties/{eid}"]').click()
            page.wait_for_url(f"**/parties/{eid}")
            assert "ВАНСТЕЕНВИК Бретт" in page.content() and "name-order" in page.content()
            page.screenshot(path=str(artifacts / "parties-entity.png"), full_page=True)
            page.get_by_role("link", name="Search every spelling").click()
            page.wait_for_url("**/search?q=*")
            summary = page.locator("#results-h").inner_text()
            b.close()
        assert summary.startswith(f"{documents} match"), summary
    finally:
        hub.close()
