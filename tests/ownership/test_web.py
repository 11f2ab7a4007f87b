"""API, pages (zh/en), CSV twins and the statistics page in Chromium."""

from __future__ import annotations

import csv
import io
import shutil

import pytest
from fastapi.testclient import TestClient

from iprhub.ownership.render import table_rows
from iprhub.web.app import create_app
from tests.web.conftest import serving


@pytest.fixture(scope="module")
def client(own_hub):
    own_hub.settings.web_rate_limit = 0
    with TestClient(create_app(own_hub), raise_server_exceptions=False) as c:
        yield c


def test_api_history_owner_pledges(client):
    r = client.get("/api/v1/ownership/history/US15145443")
    assert r.status_code == 200
    body = r.json()
    assert body["encumbered"] is True and body["current_owner"] == ["US WELL SERVICES LLC"]
    assert client.get("/api/v1/ownership/pledges").json()["total"] == 12
    o = client.get("/api/v1/ownership/owners", params={"name": "Piper Jaffray Finance"}).json()
    assert o["counts"] == {"secured": 1, "released": 1}
    r = client.get("/api/v1/ownership/history/US1234567")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = client.get("/api/v1/ownership/stats", params={"by": "colour"})
    assert r.status_code in (400, 422)


@pytest.mark.parametrize("by", ["year", "type", "region", "office", "field"])
def test_csv_twins_equal_the_table(client, own_hub, by):
    table = own_hub.ownership.stats(by)
    api_csv = client.get("/api/v1/ownership/stats.csv", params={"by": by})
    page_csv = client.get("/ownership", params={"by": by, "format": "csv"})
    assert api_csv.headers["content-type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(api_csv.text))) == table_rows(table)
    assert page_csv.text == api_csv.text
    # the JSON twin is the same table
    assert client.get("/ownership", params={"by": by, "format": "json"}).json()["rows"] == \
        client.get("/api/v1/ownership/stats", params={"by": by}).json()["rows"]


def test_stats_table_suppresses_small_cells(own_hub):
    t = own_hub.ownership.stats("year")
    row = next(r for r in t.rows if r["year"] == "2001")  # one merger, one change of name
    assert row["merger"] is None and row["change-of-name"] is None and row["assignment"] == 0
    assert t.suppressed_cells > 0 and t.totals["merger"] == 6


@pytest.mark.parametrize(("lang", "words"), [("en", ["Chain of title", "Current owner", "security interest"]),
                                              ("zh", ["权属链", "当前权利人", "质押"])])
def test_history_page_in_both_languages(client, lang, words):
    r = client.get("/ownership/history", params={"number": "US 15/145,443", "lang": lang})
    assert r.status_code == 200
    text = r.text
    for w in words[:2]:
        assert w in text
    assert 'id="not-in-store"' in text and "049109/0610" in text


def test_owner_page(client):
    r = client.get("/ownership/owner", params={"name": "Makani Power", "lang": "zh"})
    assert r.status_code == 200 and "出质" in r.text and "022318/0762" in r.text


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_statistics_page_in_chromium(own_hub, lang):
    chromium = shutil.which("chromium")
    if not chromium:
        pytest.fail("Debian chromium is not installed: run `make browser-deps`")
    from playwright.sync_api import sync_playwright

    with serving(own_hub) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
        page = browser.new_page(locale="zh-CN" if lang == "zh" else "en-US")
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{url}/ownership?by=year&lang={lang}")
        cells = page.locator("table#stats tr").all_inner_texts()
        assert page.locator("svg rect").count() > 10
        header = page.locator("table#stats th").all_inner_texts()
        assert header[0] == ("年份" if lang == "zh" else "year")
        csv_text = page.request.get(url + page.locator("a#csv").get_attribute("href")).text()
        shown = [row.split("\t") for row in cells[1:]]
        assert [r[1:] for r in shown] == [r[1:] for r in list(csv.reader(io.StringIO(csv_text)))[1:]]
        assert page.locator("table#pledges tr").count() == 13
        page.screenshot(path=f"/tmp/ownership-stats-{lang}.png", full_page=False)
        browser.close()
        assert not errors, errors
