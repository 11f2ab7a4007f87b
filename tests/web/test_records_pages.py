"""Applications and families over the API and the portal (both backends), and in Chromium (zh, en)."""

from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from iprhub.hub import Hub
from iprhub.web import create_app
from tests.conftest import data_path
from tests.web.conftest import make_settings

FILES = [
    "uspto/peds_json/patent_client__74af4e5207bb03aa06e4718080d0b0bd.json.gz",  # application 15/145,443
    "uspto/assignment_xml/patent_client__patent_client___async__uspto__assignment__fixtures__assignment_3.xml.gz",
    "epo/ops_xml/epo-ops__get_family_with_biblio__response.xml.gz",  # family 43088294
    "epo/ops_xml/patent_client__tests__fixtures__epo__family_publication_docdb_EP.2906782.A2_.xml.gz",
]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def records_hub(request, tmp_path_factory):
    home = tmp_path_factory.mktemp(f"records-{request.param}")
    url = f"sqlite:///{home}/iprhub.db" if request.param == "sqlite" else request.getfixturevalue("_pg_schema")
    hub = Hub(make_settings(home, url))
    hub.ingest([data_path(f) for f in FILES])
    yield hub
    hub.close()


@pytest.fixture(scope="module")
def api(records_hub):
    with TestClient(create_app(records_hub), raise_server_exceptions=False) as c:
        yield c


def test_application_api_and_page(api):
    r = api.get("/api/v1/applications/US 15%2F145,443")
    assert r.status_code == 200 and r.headers["etag"]
    body = r.json()
    assert (body["key"], body["display_number"], body["filing_date"]) == ("US15145443", "15/145,443", "2016-05-03")
    assert body["event_counts"] == {"assignment": 8, "prosecution": 129} and len(body["events"]) == 137
    page = api.get("/applications/US15145443", headers={"accept-language": "zh"})
    assert page.status_code == 200 and "时间线" in page.text and "Suction and Discharge Lines" in page.text
    assert api.get("/applications/US15145443?format=json").json() == body  # the JSON twin is the API record


def test_application_without_number_is_a_clear_error(api):
    r = api.get("/api/v1/applications/US 99%2F999,999")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_an_ambiguous_number_lists_its_candidates_in_the_error_body(api):
    r = api.get("/api/v1/applications/US 61%2F713,164")
    assert r.status_code == 400
    err = r.json()["error"]
    assert err["code"] == "ambiguous_number" and len(err["candidates"]) == 9
    assert "publication:US10047600B2" in err["candidates"]


def test_family_api_and_page(api):
    body = api.get("/api/v1/families/43088294").json()
    assert [m["pub_number"] for m in body["members"]] == [
        "CA2744162A1", "EP2400812A1", "US20120057518A1", "US9648662B2", "EP2400812B1"]
    page = api.get("/families/43088294", headers={"accept-language": "en"})
    assert page.status_code == 200 and "5 members in the store" in page.text
    assert 'href="/applications/EP10167109"' in page.text
    assert api.get("/api/v1/families/1").status_code == 404


def test_a_broken_store_answers_503_not_500(records_hub, tmp_path):
    hub = Hub(make_settings(tmp_path, f"sqlite:///{tmp_path}/broken.db"))
    hub.ingest([data_path(FILES[0])])
    with hub.store.engine.begin() as conn:
        conn.execute(text("DROP TABLE applications"))
    with TestClient(create_app(hub), raise_server_exceptions=False) as c:
        r = c.get("/api/v1/applications/US15145443")
    hub.close()
    assert r.status_code == 503 and r.json()["error"]["code"] == "store_error"
    assert "applications" in r.json()["error"]["message"]


@pytest.mark.browser
@pytest.mark.parametrize("lang, heading", [("en", "Timeline"), ("zh", "时间线")])
def test_application_page_in_chromium(records_hub, lang, heading, tmp_path):
    if records_hub.store.engine.dialect.name != "sqlite":
        pytest.skip("one browser run is enough; the page model is tested on both backends")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.fail("Debian chromium is not installed: run `make browser-deps`")
    import socket
    import threading
    import time

    import uvicorn
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(records_hub), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
            page = b.new_page(locale="zh-CN" if lang == "zh" else "en-US")
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(f"http://127.0.0.1:{port}/applications/US%2015%2F145%2C443?lang={lang}")
            assert page.locator("#timeline-h").inner_text() == heading
            assert page.locator("table.timeline tbody tr").count() == 137
            assert page.locator("h1").inner_text() == "Suction and Discharge Lines for a Dual Hydraulic Fracturing Unit"
            page.goto(f"http://127.0.0.1:{port}/families/43088294?lang={lang}")
            page.locator('a[href="/applications/EP10167109"]').first.click()
            page.wait_for_url("**/applications/EP10167109")
            assert page.locator('a[href="/documents/EP2400812B1"]').count() == 1  # its publications link on
            page.screenshot(path=str(tmp_path / f"application-{lang}.png"), full_page=True)
            b.close()
            assert not errors, errors
    finally:
        server.should_exit = True
        thread.join(timeout=30)
