"""The trademark pages in headless Chromium: from the menu to a search, a mark and its similar marks."""

from __future__ import annotations

import shutil

import pytest

from iprhub.hub import Hub
from iprhub.settings import Settings
from tests.conftest import data_path
from tests.web.conftest import serving

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("tm-browser")
    hub = Hub(Settings(home=home, database_url=f"sqlite:///{home}/iprhub.db", workers=1, web_rate_limit=0))
    hub.ingest([data_path("trademark/euipo_json/patent-client-agents__tm_apple_size10.json.gz"),
                data_path("trademark/euipo_json/patent-client-agents__tm_list_size10.json.gz")])
    with serving(hub) as url:
        yield url
    hub.close()


def test_menu_search_mark_and_similar(server):
    if not CHROMIUM:
        pytest.fail("Debian chromium is not installed: run `make browser-deps`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        page = browser.new_context(base_url=server, locale="en-US").new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto("/")
        page.locator('nav a[href="/tm"]').click()
        page.wait_for_url("**/tm")
        page.fill("#tm-q", "apple")
        page.locator('#tm-search button[type="submit"]').click()
        page.wait_for_url("**/tm?q=apple*")
        assert page.locator("table.data tbody tr").count() >= 3
        page.locator("table.data a", has_text="Golden Apple").click()
        page.wait_for_url("**/tm/mark/EM/000428557")
        assert "Berentzen-Gruppe Aktiengesellschaft" in page.content()
        assert page.locator("#sim-h").is_visible()
        browser.close()
        assert not errors, errors
