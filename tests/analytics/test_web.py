"""The Analyse view, its JSON and CSV twins, the export endpoint, and a chart clicked in Chromium."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from iprhub.web import create_app

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
QUERY = "ti=method"


@pytest.fixture(scope="module")
def client(ahub):
    ahub.settings.web_rate_limit = 0
    with TestClient(create_app(ahub)) as c:
        yield c


def test_api_analysis_and_csv_twin(client, ahub):
    r = client.get("/api/v1/analyze", params={"q": QUERY, "unit": "document", "only": "trend,applicants"})
    assert r.status_code == 200
    body = r.json()
    direct = ahub.analytics.analyze(QUERY, unit="document", only=["trend", "applicants"])
    assert body["charts"][0]["rows"] == direct.chart("trend").rows
    assert body["unit"] == "document" and body["data_cutoff"] == direct.data_cutoff
    r = client.get("/api/v1/analyze/trend.csv", params={"q": QUERY, "unit": "document"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0][:4] == ["year", "priority", "filing", "publication"]
    assert [int(x) for x in rows[1][:4]] == direct.chart("trend").rows[0]
    assert client.get("/api/v1/analyze/nosuch.csv", params={"q": QUERY}).status_code == 404
    assert client.get("/api/v1/analyze", params={"q": QUERY, "unit": "x"}).status_code == 400


def test_page_has_clickable_svg_charts_and_json_twin(client):
    r = client.get("/analyse", params={"q": QUERY})
    assert r.status_code == 200
    assert '<svg class="chart"' in r.text and 'class="bar"' in r.text and "/search?q=" in r.text
    assert "cut-off" in r.text
    twin = client.get("/analyse", params={"q": QUERY, "format": "json"}).json()
    assert twin["query"] == QUERY and twin["charts"]
    zh = client.get("/analyse", params={"q": QUERY, "lang": "zh"})
    assert "按年趋势" in zh.text
    search = client.get("/search", params={"q": QUERY})
    assert "/analyse?q=" in search.text


def test_empty_query_page(client):
    r = client.get("/analyse", params={"q": "ti=zzzzqqqq"})
    assert r.status_code == 200 and "nothing to analyse" in r.text
    assert client.get("/analyse").status_code == 200


def test_export_endpoint_streams_csv(client, ahub):
    r = client.get("/api/v1/results/export", params={"q": QUERY, "format": "csv", "fields": "pub_number,title"})
    assert r.status_code == 200
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == ["pub_number", "title"]
    assert [x[0] for x in rows[1:]] == ahub.search.matching(QUERY).numbers
    bad = client.get("/api/v1/results/export", params={"q": QUERY, "fields": "pub_number,nope"})
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "fields"


@pytest.mark.browser
def test_chart_click_opens_the_filtered_list(ahub):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.fail("Debian chromium is not installed: run `make browser-deps`")
    from playwright.sync_api import sync_playwright

    from tests.web.conftest import serving

    ahub.settings.web_rate_limit = 0
    analysis = ahub.analytics.analyze(QUERY, unit="document", only=["ipc-subclass"])
    symbol, _title, count = analysis.chart("ipc-subclass").rows[0]
    ARTIFACTS.mkdir(exist_ok=True)
    with serving(ahub) as url, sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
        page = b.new_page(base_url=url, viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"/analyse?q={QUERY}&unit=document")
        page.screenshot(path=str(ARTIFACTS / "analytics-analyse.png"), full_page=True)
        page.locator('svg[data-chart="ipc-subclass"] a.bar').first.click()
        page.wait_for_url("**/search?q=*")
        summary = page.locator("#results-h").inner_text()
        page.screenshot(path=str(ARTIFACTS / "analytics-clicked.png"), full_page=True)
        b.close()
    assert f"ipc={symbol}" in page.url.replace("%3D", "=") or symbol in summary
    assert summary.startswith(f"{count} match"), summary
    assert not errors, errors
