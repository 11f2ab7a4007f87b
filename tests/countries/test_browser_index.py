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


def test_click_a_country_on_the_map(tmp_path):
    if not CHROMIUM:
        pytest.fail("Debian chromium is not installed: run `make browser-deps`")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    hub = Hub(Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path}/iprhub.db", web_rate_limit=0))
    errors: list[str] = []
    with serving(hub) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        page = browser.new_context(base_url=url, locale="en-GB", viewport={"width": 1280, "height": 900}).new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto("/countries?lang=en")
        # the filter colours the map: the three African partners on the list in the data (SN, ST, MA) match, the rest do not
        page.select_option("#f-region", "Africa")
        page.click("form.filters button")
        page.wait_for_url("**region=Africa**")
        assert page.get_attribute("#country-map a[data-code='MA']", "data-key") == "match"
        assert page.get_attribute("#country-map a[data-code='KZ']", "data-key") == "other"
        page.locator("#country-map").screenshot(path=str(ARTIFACTS / "countries-map-africa-en.png"))
        # a click on Kazakhstan's outline (a real pointer click at its centre) opens its page
        page.locator("#country-map a[data-code='KZ'] path").click()
        page.wait_for_url("**/countries/KZ")
        assert "Kazakhstan" in page.inner_text("h1")
        browser.close()
    hub.close()
    assert not errors, errors
