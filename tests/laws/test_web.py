"""API routes, pages (zh and en) and their JSON twins; the CLI; the link from the CN country page."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from iprhub.cli.main import get_app
from iprhub.web import create_app
from tests.laws.conftest import LAWS_CN


@pytest.fixture(scope="module")
def client(laws_hub):
    with TestClient(create_app(laws_hub), raise_server_exceptions=False) as c:
        yield c


def test_api_search_law_article(client):
    r = client.get("/api/v1/laws/search", params={"q": "惩罚性赔偿 倍数"})
    assert r.status_code == 200
    assert "专利法 第七十一条" in [h["citation"] for h in r.json()["hits"]]
    law = client.get("/api/v1/laws/" + quote("专利法")).json()
    assert (law["key"], len(law["articles"]), law["adopted"]) == ("cn-专利法-2020-10-17", 82, "1984-03-12")
    art = client.get(f"/api/v1/laws/{quote('cn-商标法-2019-04-23')}/articles/{quote('第六十三条')}").json()
    assert art["citation"] == "商标法 第六十三条"
    assert client.get("/api/v1/laws/" + quote("种子法")).status_code == 404
    assert client.get("/api/v1/laws/" + quote("专利法") + "/articles/999").json()["error"]["code"] == "not_found"
    assert client.get("/api/v1/laws/search", params={"q": ""}).status_code in (400, 422)


@pytest.mark.parametrize(("lang", "words"), [("zh", ["法律法规库", "施行日期", "引用"]),
                                             ("en", ["Law base", "In force from", "Cite as"])])
def test_pages_in_both_languages(client, lang, words):
    law = client.get("/laws/" + quote("专利法"), params={"lang": lang})
    article = client.get("/laws/" + quote("cn-专利法-2020-10-17") + "/71", params={"lang": lang})
    assert law.status_code == article.status_code == 200
    assert "中华人民共和国专利法" in law.text and "第七十一条" in law.text
    assert "<cite>专利法 第七十一条</cite>" in article.text
    for word in words[:2]:
        assert word in law.text
    assert words[2] in article.text


def test_search_page_marks_matches_and_links_articles(client):
    html = client.get("/laws", params={"q": "惩罚性赔偿 倍数", "lang": "zh"}).text
    assert "<mark>倍数</mark>" in html
    assert f'href="/laws/{quote("cn-专利法-2020-10-17")}/71"' in html


def test_json_twins(client):
    twin = client.get("/laws/" + quote("专利法") + "/第七十一条", params={"format": "json"}).json()
    assert twin == client.get(f"/api/v1/laws/{quote('专利法')}/articles/71").json()
    listing = client.get("/laws", params={"format": "json"}).json()
    assert len(listing["laws"]) == 50


def test_country_page_links_the_law_base(client, laws_hub):
    profile = laws_hub.countries.profile("CN")
    assert "cn-专利法-2020-10-17" in [law.key for law in profile.laws]
    assert all(law.key != "cn-专利法实施细则-2010-01-09" for law in profile.laws)  # newest versions only
    html = client.get("/countries/CN", params={"lang": "zh"}).text
    assert "法律法规" in html and f'href="/laws/{quote("cn-专利法-2020-10-17")}"' in html
    assert laws_hub.countries.profile("VN").laws == []


def test_cli(tmp_path):
    runner = CliRunner()
    home = ["--home", str(tmp_path)]
    r = runner.invoke(get_app(), [*home, "law", "load", str(LAWS_CN), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["stored"] == 50
    r = runner.invoke(get_app(), [*home, "law", "search", "惩罚性赔偿 倍数", "--json"])
    assert "商标法 第六十三条" in [h["citation"] for h in json.loads(r.output)["hits"]]
    r = runner.invoke(get_app(), [*home, "law", "show", "专利法", "第七十一条", "--json"])
    assert json.loads(r.output)["citation"] == "专利法 第七十一条"
    r = runner.invoke(get_app(), [*home, "law", "show", "专利法 第七十一条"])
    assert r.exit_code == 0 and "一倍以上五倍以下" in r.output.replace("\n", "")  # the console wraps at its width
    r = runner.invoke(get_app(), [*home, "law", "show", "著作权法", "--json"])
    assert len(json.loads(r.output)["articles"]) == 67
    r = runner.invoke(get_app(), [*home, "law", "show", "种子法", "--json"])
    assert r.exit_code == 3 and json.loads(r.output)["error"]["code"] == "not_found"
    bad = tmp_path / "bad.md"
    bad.write_text("# 坏法\n\n第一条 甲。\n\n第三条 丙。\n", encoding="utf-8")
    r = runner.invoke(get_app(), [*home, "law", "load", str(bad), "--json"])
    assert r.exit_code == 4
    assert json.loads(r.output)["problems"] == [{"file": "bad.md", "position": "line 5",
                                                 "reason": "article 3 follows article 1: article 2 is missing"}]


def test_country_page_cites_channels_by_article_and_the_links_resolve(client):
    import re

    html = client.get("/countries/CN", params={"lang": "en"}).text
    links = sorted(set(re.findall(r'href="(/laws/[^"#]+/[^"#]+)"', html)))
    assert len(links) >= 8  # channel and parameter sources citing statute articles
    assert f"/laws/{quote('cn-专利法-2020-10-17')}/{quote('第四十三条')}" in links
    for link in links:
        assert client.get(link).status_code == 200, link
    assert "Overseas dispute assistance" in html and "Customs recordal" in html.replace("customs", "Customs")
