"""Pages: each renders in English and Chinese, and its JSON twin is the API's answer."""

from __future__ import annotations

import re

import pytest


def _without_timing(data: dict) -> dict:
    data = dict(data)
    data.pop("took_ms", None)
    return data


PAGES = ["/", "/search", "/search?q=ctry%3DUS", "/documents/EP2400812B1", "/documents/US8420318B2",
         "/trademarks/78002299", "/stats", "/countries", "/countries/VN", "/countries/compare?codes=CN,VN",
         "/plan", "/plan?first_filing=CN&date=2025-01-10&targets=VN,TH", "/indicators", "/login",
         "/similar?number=US8420318B2"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_in_both_languages(client, path):
    sep = "&" if "?" in path else "?"
    en = client.get(f"{path}{sep}lang=en")
    assert en.status_code == 200, en.text[:500]
    assert '<html lang="en">' in en.text and en.headers["content-language"] == "en"
    assert 'href="/static/app.css"' in en.text and 'class="skip"' in en.text
    zh = client.get(f"{path}{sep}lang=zh")
    assert '<html lang="zh-Hans">' in zh.text and ">检索<" in zh.text and ">Search<" not in zh.text


@pytest.mark.parametrize("page, api", [
    ("/documents/EP2400812B1", "/api/v1/documents/EP2400812B1"),
    ("/documents/US%208%2C420%2C318%20B2", "/api/v1/documents/US8420318B2"),
    ("/trademarks/US/78002299", "/api/v1/trademarks/78002299"),
    ("/stats", "/api/v1/stats"),
    ("/", "/api/v1/stats"),
    ("/countries/VN", "/api/v1/countries/VN"),
    ("/countries/compare?codes=CN,VN", "/api/v1/countries/compare?codes=CN,VN"),
    ("/indicators", "/api/v1/indicators"),
    ("/search?q=ctry%3DUS", "/api/v1/search?q=ctry%3DUS&limit=10&facets=true"),
    ("/search?q=network&f=country%3AUS", "/api/v1/search?q=(network)%20and%20ctry%3DUS&limit=10"),
    ("/similar?number=US8420318B2", "/api/v1/similar?number=US8420318B2&limit=10"),
])
def test_json_twin_is_the_api_answer(client, page, api, loaded_hub, monkeypatch):
    # no time limit: prior-art pairs cut at the anonymous limit on a busy machine would differ between calls
    monkeypatch.setattr(loaded_hub.settings, "search_time_limit", 0)
    sep = "&" if "?" in page else "?"
    twin = client.get(page + sep + "format=json")
    assert twin.status_code == 200 and twin.headers["content-type"] == "application/json"
    assert _without_timing(twin.json()) == _without_timing(client.get(api).json())
    html = client.get(page).text
    assert 'rel="alternate" type="application/json"' in html


def test_search_page_facets_filter_and_paging(client):
    html = client.get("/search", params={"q": "ctry=US"}).text
    assert 'data-facet="country"' in html and 'data-facet="year"' in html
    link = re.search(r'href="(/search\?[^"]*f=kind%3AB2[^"]*)"', html).group(1).replace("&amp;", "&")
    narrowed = client.get(link)
    assert narrowed.status_code == 200 and 'class="chip"' in narrowed.text
    twin = client.get(link + "&format=json").json()
    assert twin["hits"] and all(h["kind"] == "B2" for h in twin["hits"])
    nxt = re.search(r'rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    page2 = client.get(nxt)
    assert "cursor=" in nxt and page2.status_code == 200 and "First page" in page2.text


def test_search_page_highlights_and_help(client):
    html = client.get("/search", params={"q": "ti=network or ab=network", "mode": "bm25"}).text
    assert re.search(r"<mark>network", html, re.I)
    assert "Query builder and help" in html and 'id="builder"' in html
    empty = client.get("/search").text
    assert "<details class=\"qhelp\" id=\"qhelp\" open>" in empty


def test_search_page_errors_render_as_pages(client):
    r = client.get("/search", params={"q": "ti="})
    assert r.status_code == 400 and "text/html" in r.headers["content-type"] and 'role="alert"' in r.text
    r = client.get("/search", params={"q": "x", "f": "colour:red"})
    assert r.status_code == 400
    j = client.get("/search", params={"q": "ti=", "format": "json"})
    assert j.status_code == 400 and j.json()["error"]["code"] == "invalid_input"


def test_document_page_sections(client):
    html = client.get("/documents/US8420318B2").text
    for anchor in ("biblio", "abstract", "classes", "claims", "description", "citations", "family", "events",
                   "provenance"):
        assert f'id="{anchor}"' in html
    for level in (0, 1, 2):
        assert re.search(rf'class="claim level-{level}[ "]', html)
    assert '<details class="description"' in html and '<details class="description" open' not in html
    ep = client.get("/documents/EP2400812B1").text
    assert 'href="/documents/CA2744162A1"' in ep and "Master-slave" in ep  # family, class title
    cited = client.get("/documents/USD456588S1").text
    assert 'href="/documents/USD586081S1"' in cited  # citing, in the store
    citing = client.get("/documents/USD586081S1").text
    assert 'href="/documents/USD456588S1"' in citing  # cited, resolved to the stored kind
    cn = client.get("/documents/CN104223352A", params={"lang": "zh"}).text
    assert "甘草" in cn and 'lang="zh"' in cn


def test_not_found_page(client):
    r = client.get("/documents/US9999999B2", params={"lang": "zh"})
    assert r.status_code == 404 and "未找到" in r.text


def test_language_choice(client):
    assert '<html lang="zh-Hans">' in client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).text
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "fr, en;q=0.5"}).text
    r = client.get("/lang/zh", params={"next": "/stats"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/stats" and "iprhub_lang=zh" in r.headers["set-cookie"]
    client.cookies.set("iprhub_lang", "zh")
    try:
        assert "统计" in client.get("/stats").text
    finally:
        client.cookies.delete("iprhub_lang")
    assert client.get("/lang/fr").status_code == 400


def test_stats_page_has_charts_with_table_fallback(client):
    html = client.get("/stats").text
    assert html.count('<svg role="img"') >= 5 and "<rect class=\"bar\"" in html and "<details><summary>" in html


def test_ingest_page_sends_anonymous_users_to_sign_in(client):
    r = client.get("/ingest", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/ingest"


def test_static_assets_are_local(client):
    for path in ("/static/app.css", "/static/app.js", "/static/favicon.svg", "/static/swagger-init.js"):
        assert client.get(path).status_code == 200
    css = client.get("/static/app.css").text
    assert '"Noto Sans CJK SC"' in css
    for page in ("/", "/documents/EP2400812B1", "/stats"):
        assert not re.search(r'(src|href)="(https?:)?//', client.get(page).text)


def test_trademark_lookup_form(client):
    r = client.get("/trademarks", params={"number": " 2713476 "}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/trademarks/2713476"
    assert "78002299" in client.get(r.headers["location"]).text
    assert client.get("/trademarks", params={"number": ""}).status_code == 400
    assert 'action="/trademarks"' in client.get("/").text
