"""Browser tests in headless Chromium (Debian's ``chromium`` driven by Playwright; ``make browser-deps``).

Screenshots land in ``test-artifacts/`` (git-ignored).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import data_path
from tests.web.conftest import UPLOAD

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        pytest.fail("Debian chromium is not installed: run `make browser-deps`")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server["url"], locale="en-US", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not errors, f"browser console errors (CSP violations, script errors): {errors}"


def shot(pg, name: str) -> None:
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_search_facet_document_and_back(page):
    page.goto("/")
    assert page.evaluate("document.activeElement.id") == "home-q"  # the home page starts in the search box
    page.keyboard.type("network")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=network*")
    assert page.locator("ol.hits > li").count() > 0
    shot(page, "01-search")
    facet = page.locator('a[data-facet="kind"]').first
    value = facet.inner_text()
    facet.click()
    page.wait_for_url("**f=kind%3A*")
    assert "mode=hybrid" in page.url  # the facets counted hybrid candidates: narrowing keeps the mode
    assert page.locator("a.chip").first.inner_text().startswith("Kind: " + value)
    shot(page, "02-facet")
    first = page.locator("a.hit-link").first
    number = first.inner_text()
    first.click()
    page.wait_for_url(f"**/documents/{number}")
    assert number in page.locator("header.rec-head").inner_text()
    assert page.locator("#claims details.claims[open]").count() >= 1 or page.locator("#claims p.muted").count() == 1
    shot(page, "03-document")
    page.go_back()
    page.wait_for_url("**f=kind%3A*")
    assert page.locator("a.chip").count() == 1


def test_document_page_structure_and_keyboard(page):
    page.goto("/documents/US8420318B2")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.locator("li.claim.level-2").count() > 0
    description = page.locator("details.description").first
    assert description.get_attribute("open") is None
    description.locator("summary").focus()
    page.keyboard.press("Enter")  # keyboard opens the collapsed description
    assert description.get_attribute("open") is not None
    page.locator("h1").click()
    page.keyboard.press("/")  # the shortcut focuses the header search box
    assert page.evaluate("document.activeElement.id") == "hq"
    shot(page, "04-claims-description")


def test_language_switch_and_cjk_font(page):
    page.goto("/documents/CN104223352A")
    page.locator('a[data-lang="zh"]').click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("nav.nav").inner_text().startswith("检索")
    assert "Noto Sans CJK SC" in page.evaluate("getComputedStyle(document.body).fontFamily")
    assert page.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"', '甘草发酵')")
    shot(page, "05-document-zh")
    page.locator('a[data-lang="en"]').click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"


def test_statistics_page_charts(page):
    page.goto("/stats")
    assert page.locator("figure.chart svg rect.bar").count() > 5
    shot(page, "06-stats")


def test_responsive_layout_on_a_phone(browser, live_server):
    context = browser.new_context(base_url=live_server["url"], viewport={"width": 390, "height": 844},
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    pg = context.new_page()
    for path, name in (("/search?q=ctry%3DUS", "07-phone-search"), ("/documents/EP2400812B1", "08-phone-document")):
        pg.goto(path)
        assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
        shot(pg, name)
    context.close()


def test_admin_upload_ingests_a_real_file_and_shows_it(page, live_server):
    page.goto("/ingest")
    page.wait_for_url("**/login?next=/ingest")
    page.fill("#api_key", live_server["admin_key"])
    page.keyboard.press("Enter")
    page.wait_for_url("**/ingest")
    page.set_input_files("#file", str(data_path(UPLOAD)))
    shot(page, "09-ingest-form")
    page.click("#upload-form button[type=submit]")
    page.wait_for_url("**/ingest?job=*")
    row = page.locator("tr.job.current")
    row.wait_for()
    page.wait_for_selector('tr.job.current[data-status="done"]', timeout=60_000)  # polled, then reloaded
    assert "done" in page.locator("tr.job.current td.status").inner_text()
    shot(page, "10-ingest-done")
    page.locator('tr.job.current a[href="/documents/US6840965B2"]').click()
    page.wait_for_url("**/documents/US6840965B2")
    assert "US6840965B2" in page.locator("header.rec-head").inner_text()
    shot(page, "11-uploaded-document")


def test_api_docs_render_from_local_assets(page):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto("/api/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=30_000)
    assert page.locator(".opblock").count() >= 19
    shot(page, "12-api-docs")
    base = page.url.split("/api/docs")[0]
    assert all(u.startswith(base) or u.startswith("data:") for u in requests), [u for u in requests
                                                                                if not u.startswith(base)]


def test_country_page_in_chinese_with_its_own_styles(page):
    """The countries capability's template in 中文: labels translated, no raw keys, and its inline
    stylesheet allowed by the CSP hash (the page fixture fails on any CSP violation)."""
    page.goto("/countries/KZ?lang=zh")
    assert page.locator("main h2").first.inner_text() == "条约"
    assert page.locator("td", has_text="发明专利保护期").count() == 1
    main = page.locator("main").inner_text()
    assert "invention_patent_term" not in main and "design_term" not in main and "外观设计保护期" in main
    unknown = page.locator("p.unknown").first
    assert unknown.evaluate("e => getComputedStyle(e).color") == "rgb(161, 92, 0)"  # #a15c00, country CSS
    shot(page, "09-country-zh")
