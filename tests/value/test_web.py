"""Value and scorecard through the API, the pages (zh/en), the CLI and the HTML file."""

from __future__ import annotations

import orjson
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from iprhub.web.app import create_app


@pytest.fixture(scope="module")
def client(value_hub):
    value_hub.settings.web_rate_limit = 0
    with TestClient(create_app(value_hub), raise_server_exceptions=False) as c:
        yield c


def test_api(client):
    r = client.get("/api/v1/value/EP2400812B1")
    assert r.status_code == 200 and r.json()["high_value"]["answer"] == "yes"
    r = client.get("/api/v1/scorecard", params={"owners": ["9Solutions", "Scientific Drilling International"]})
    assert r.status_code == 200 and [o["owner"] for o in r.json()["owners"]] == ["9Solutions",
                                                                              "Scientific Drilling International"]
    r = client.get("/api/v1/scorecard", params={"owners": "9Solutions", "weights": "size=0.4"})
    assert r.status_code == 400 and r.json()["error"]["field"] == "weights"
    assert client.get("/api/v1/value/US1234567B1").status_code == 404


@pytest.mark.parametrize(("lang", "words"), [("en", ["High-value invention patent", "Quality indicators"]),
                                              ("zh", ["高价值发明专利", "质量指标", "在海外有同族专利权的发明专利"])])
def test_value_page(client, lang, words):
    r = client.get("/value", params={"number": "EP2400812B1", "lang": lang})
    assert r.status_code == 200
    for w in words:
        assert w in r.text
    assert client.get("/value", params={"number": "EP2400812B1", "format": "json"}).json()["pub_number"] == "EP2400812B1"


def test_scorecard_page_shows_weights(client):
    r = client.get("/scorecard", params={"owners": ["9Solutions", "Scientific Drilling International"], "lang": "zh"})
    assert r.status_code == 200 and "知识产权评价卡" in r.text and "0.15" in r.text
    assert client.get("/value").status_code == 200


def test_cli_value_and_scorecard_html(value_db, tmp_path):
    from iprhub.cli.main import get_app
    from tests.value.conftest import CAPS

    url, home = value_db
    app = get_app(CAPS)
    runner = CliRunner()

    def invoke(app, args):
        return runner.invoke(app, ["--home", str(home), "--database-url", url, *args])

    r = invoke(app, ["value", "US11247241", "--json"])
    assert r.exit_code == 0, r.output
    assert orjson.loads(r.output)["high_value"]["answer"] == "yes"
    out = tmp_path / "sc.html"
    r = invoke(app, ["scorecard", "9Solutions", "Scientific Drilling International", "--html", str(out),
                            "--lang", "zh"])
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "知识产权评价卡" in page and "9Solutions" in page
    r = invoke(app, ["scorecard", "9Solutions", "--weights", "size=2", "--json"])
    assert r.exit_code == 2 and orjson.loads(r.output)["error"]["field"] == "weights"
    r = invoke(app, ["ownership", "history", "US15145443", "--json"])
    assert r.exit_code == 0 and orjson.loads(r.output)["encumbered"] is True
    r = invoke(app, ["ownership", "stats", "--by", "type"])
    assert r.exit_code == 0 and "security-interest" in r.output


def test_scorecard_pdf(value_hub, tmp_path, monkeypatch):
    import sys

    from iprhub.errors import InvalidInput
    from iprhub.value.render import standalone_html, write_pdf

    sc = value_hub.value.scorecard(["9Solutions"], "size=1")
    page = standalone_html(sc, "en")
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # not installed: said, with the extra to install
    with pytest.raises(InvalidInput) as e:
        write_pdf(page, tmp_path / "x.pdf")
    assert "iprhub[value]" in e.value.message and e.value.field == "pdf"
    monkeypatch.undo()
    pytest.importorskip("weasyprint")
    write_pdf(page, tmp_path / "sc.pdf")
    assert (tmp_path / "sc.pdf").read_bytes()[:5] == b"%PDF-"
