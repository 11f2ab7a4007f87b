"""An article page in headless Chromium: reached from a search, cited, neighbours linked, both languages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.web.conftest import serving

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def server(laws_hub):
    with serving(laws_hub) as url:
        yield url


def test_article_page_from_a_search(server):
    if not CHROMIUM:
        pytest.fail("Debian chromium is not installed: run `make browser-deps`")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        page = browser.new_context(base_url=server, locale="zh-CN").new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto("/laws?lang=zh")
        page.fill("#law-q", "惩罚性赔偿 倍数")
        page.press("#law-q", "Enter")
        page.wait_for_url("**/laws?q=*")
        page.get_by_role("link", name="专利法 第七十一条").click()
        page.wait_for_url("**/71")
        assert page.locator("h1 cite").inner_text() == "专利法 第七十一条"
        assert "一倍以上五倍以下" in page.locator(".law-article").inner_text()
        assert page.locator(".law-article p").count() == 4
        page.screenshot(path=str(ARTIFACTS / "laws-article-zh.png"), full_page=True)
        page.click("a[rel=next]")
        page.wait_for_url("**/72")
        assert page.locator("h1 cite").inner_text() == "专利法 第七十二条"
        page.goto(page.url + "?lang=en")
        assert "Cite as:" in page.inner_text("main")
        browser.close()
    assert not errors, errors
