"""The risk report and squatting pages in headless Chromium (Debian's chromium): Chinese labels, the
server-side SVG charts drawn, no console error (the portal's CSP allows everything the pages use)."""

from __future__ import annotations

import shutil

import pytest

from tests.watch.conftest import make_hub, paths
from tests.watch.squatter import SOURCE, write_squatter_file
from tests.web.conftest import serving

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
OWNER = "동의대학교 산학협력단"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    home = tmp_path_factory.mktemp("browser")
    hub = make_hub(f"sqlite:///{home}/iprhub.db", home, web_rate_limit=0, web_rate_limit_keyed=0)
    hub.ingest(paths([SOURCE]))
    hub.watch.add("mark", "Hanttre", countries="KR")
    hub.ingest([write_squatter_file(home)])
    with serving(hub) as url:
        yield url
    hub.close()


@pytest.fixture
def page(site):
    if not CHROMIUM:
        pytest.fail("Debian chromium is not installed: run `make browser-deps`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        context = browser.new_context(base_url=site, locale="zh-CN")
        pg = context.new_page()
        pg.set_default_timeout(20_000)
        errors: list[str] = []
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: errors.append(str(e)))
        yield pg
        browser.close()
        assert not errors, f"browser console errors: {errors}"


def test_risk_report_page_in_chinese_with_charts(page):
    page.goto(f"/risk?owner={OWNER}&countries=KR,VN")
    assert "海外风险报告" in page.locator("main h1").inner_text()
    charts = page.locator("main figure svg")
    assert charts.count() == 2
    box = charts.first.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 50  # drawn, not blocked
    assert page.locator("main rect").count() >= 6  # bars per country and series, legends
    assert "不构成法律意见" in page.locator("main .notice").inner_text()
    assert page.locator("main td", has_text="HANTTRE").count() >= 1


def test_squatting_page_form_and_evidence(page):
    page.goto("/squatting")
    page.fill("#s-owner", OWNER)
    page.fill("#s-countries", "KR")
    page.click("form.stack button[type=submit]")
    page.wait_for_url("**/squatting?**")
    rows = page.locator("main table.data tbody tr")
    assert rows.count() == 3 and "HANTTRE" in rows.first.inner_text()
    assert "恶意注册特征" in page.locator("main").inner_text()
