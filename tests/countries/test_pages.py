"""Country pages as templates of the countries capability: both languages, no raw data keys, the
same templates for the portal and for `iprhub country CODE --html FILE`."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from iprhub.cli.main import get_app
from iprhub.hub import Hub
from iprhub.settings import Settings
from iprhub.web import create_app

PAGES = ["/countries/VN", "/countries/TH", "/countries/KZ", "/countries/compare?codes=CN,VN,TH,KZ",
         "/plan?first_filing=CN&date=2025-01-10&targets=VN,TH,KZ", "/indicators"]
RAW_KEY = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    home = tmp_path_factory.mktemp("countries-pages")
    hub = Hub(Settings(home=home, database_url=f"sqlite:///{home}/iprhub.db", web_rate_limit=0))
    with TestClient(create_app(hub), raise_server_exceptions=False) as c:
        yield c
    hub.close()


def _labels(html: str) -> str:
    """The page's own text: the main part without citations (<small>), links and the source list,
    which quote file names such as gdelt_select_data.R as they are."""
    main = html.split('<main id="main"', 1)[-1] if '<main id="main"' in html else html.split("<body>", 1)[1]
    for pattern in (r"<style.*?</style>", r"<small>.*?</small>", r"<a [^>]*>.*?</a>", r"<ol>.*?</ol>", r"<[^>]+>"):
        main = re.sub(pattern, " ", main, flags=re.S)
    return main


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", PAGES)
def test_pages_show_no_raw_keys(client, path, lang):
    r = client.get(path + ("&" if "?" in path else "?") + f"lang={lang}")
    assert r.status_code == 200
    assert r.headers["content-language"] == {"en": "en", "zh": "zh-Hans"}[lang]
    assert RAW_KEY.findall(_labels(r.text)) == []


def test_country_page_labels_in_both_languages(client):
    en, zh = (client.get(f"/countries/VN?lang={lang}").text for lang in ("en", "zh"))
    assert "<td>Invention patent term</td><td>20 years</td>" in en
    assert "<td>发明专利保护期</td><td>20 年</td>" in zh
    assert re.search(r"<th>PCT 国家阶段</th><td>\s*31 个月（第一章）", zh)
    assert "invention_patent_term" not in en and "invention_patent_term" not in zh
    # a treaty the data names by id only, and the treaty status
    assert '<td>马德里协定（制止虚假或欺骗性货源标记）</td><td class="no">非缔约方</td>' in zh
    compare = client.get("/countries/compare?codes=CN,KZ&lang=zh").text
    assert "<th>发明专利保护期</th><td>20 years</td><td>20 years</td>" in compare


def test_plan_and_indicator_charts_are_translated(client):
    plan = client.get("/plan?first_filing=CN&date=2025-01-10&targets=VN&lang=zh").text
    assert 'aria-label="期限时间线"' in plan and ">优先权日</text>" in plan and "优先权期限: " in plan
    indicators = client.get("/indicators?lang=zh").text
    assert "2025 年目标" in indicators and "已实现" in indicators


def test_navigation_entry_comes_from_the_capability(client):
    plan = client.get("/plan?first_filing=CN&date=2025-01-10&targets=VN&lang=zh").text
    assert '<li><a href="/countries" aria-current="page">国家</a></li>' in plan
    assert '<li><a href="/countries">Countries</a></li>' in client.get("/stats?lang=en").text


def test_json_twin_is_the_api_answer(client):
    page = client.get("/countries/VN?format=json").json()
    assert page == client.get("/api/v1/countries/VN").json()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_cli_html_file_uses_the_same_templates(tmp_path, lang):
    out = tmp_path / f"vn-{lang}.html"
    res = CliRunner().invoke(get_app(), ["--home", str(tmp_path), "country", "VN", "--html", str(out),
                                         "--lang", lang])
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "<style>" in page
    assert "/static/" not in page and "<script" not in page  # self-contained
    assert ("<td>Invention patent term</td><td>20 years</td>" if lang == "en"
            else "<td>发明专利保护期</td><td>20 年</td>") in page
    assert RAW_KEY.findall(_labels(page)) == []


def test_cli_html_refuses_an_unknown_language(tmp_path):
    res = CliRunner().invoke(get_app(), ["--home", str(tmp_path), "country", "VN", "--html", "-", "--lang", "fr"])
    assert res.exit_code != 0 and "--lang must be en or zh" in res.output
