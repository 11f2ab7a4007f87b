"""The examination pages in headless Chromium: the PPH form with claims typed in, the correspondence
table, the dossier with its timeline; no console errors (CSP)."""

from __future__ import annotations

import shutil

import pytest

from tests.examination.conftest import FAMILY_FILES, make_hub
from tests.web.conftest import serving

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CLAIM = ("1. A multiple cylinder engine according to claim 1, wherein said multiple cylinder engine is a V-type "
         "2-cylinder engine having a V space between cylinders.")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not CHROMIUM:
        pytest.fail("Debian chromium is not installed: run `make browser-deps`")
    home = tmp_path_factory.mktemp("exbrowser")
    hub = make_hub(f"sqlite:///{home}/b.db", home, FAMILY_FILES + [
        "uspto/grant_xml_v4x/PatentsView-DB__ipg050104.small.xml.gz"])
    hub.settings.web_rate_limit = 0
    from playwright.sync_api import sync_playwright

    with serving(hub) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield browser, url
        browser.close()
    hub.close()


def test_pph_form_and_dossier_timeline(site):
    browser, url = site
    context = browser.new_context(base_url=url, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto("/examination")
    form = page.locator("form[action='/pph']")
    form.locator("input[name=number]").fill("US6837220B2")
    form.locator("input[name=at]").fill("JP")
    form.locator("textarea[name=claims]").fill(CLAIM)
    form.locator("button").click()
    page.wait_for_url("**/pph?**")
    assert "权利要求对应表" in page.content()  # the correspondence table, in Chinese
    row = page.locator("table.data tbody tr").first
    assert "不对应" in row.inner_text()  # does not correspond: the claim lacks claim 1's features (broader)
    page.goto("/dossier?number=EP2906782A2")
    assert page.locator("#timeline table tbody tr").count() >= 11
    assert page.locator("#office-US").count() == 1 and page.locator("#office-CN").count() == 1
    context.close()
    assert not errors, errors
