"""The countries index in headless Chromium: filter by region and PPH, follow a row to its country page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from iprhub.hub import Hub
from iprhub.settings import Settings
from tests.web.conftest import serving

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def test_filter_the_index_and_open_a_country(tmp_path):
    if not CHROMIUM:
        pytest.fail("Debian chromium is not installed: run `make browser-deps`")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    hub = Hub(Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path}/iprhub.db", web_rate_limit=0))
    errors: list[str] = []
    with serving(hub) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        page = browser.new_context(base_url=url, locale="zh-CN").new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto("/countries?lang=zh")
        page.select_option("#f-region", "Asia")
        page.select_option("#f-pph", "open")
        page.click("form.filters button")
        page.wait_for_url("**region=Asia**")
        codes = page.locator("table.country-index tbody tr td:first-child").all_inner_texts()
        assert any("(SA)" in c for c in codes) and not any("(KZ)" in c for c in codes)
        page.screenshot(path=str(ARTIFACTS / "countries-index-zh.png"), full_page=True)
        page.click("table.country-index a[href='/countries/SA']")
        page.wait_for_url("**/countries/SA")
        assert "SAIP" in page.inner_text("main")
        browser.close()
    hub.close()
    assert not errors, errors
