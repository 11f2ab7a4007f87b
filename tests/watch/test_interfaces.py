"""The CLI commands, API routes and portal pages of the watch capability (one-line adapters over hub.watch)."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from iprhub.cli.main import get_app
from iprhub.web.app import create_app
from tests.watch.conftest import CAPS, make_hub, paths
from tests.watch.squatter import SOURCE, write_squatter_file

PYTHON = ["trademark/uspto_tsdr/Plumage__sn76044902.xml.gz"]
OWNER = "동의대학교 산학협력단"


def _cli(home, *args):
    return CliRunner().invoke(get_app(CAPS), ["--home", str(home), *args])


def test_cli_watch_cycle_and_errors(tmp_path):
    r = _cli(tmp_path, "watch", "add", "--mark", "PYTHON", "--classes", "9", "--countries", "US", "--json")
    assert r.exit_code == 0, r.output
    watch = json.loads(r.output)
    assert watch["subject"] == "PYTHON" and watch["classes"] == [9] and watch["countries"] == ["US"]
    r = _cli(tmp_path, "ingest", *map(str, paths(PYTHON)), "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["after_ingest"]["watch"]["alerts"] == 1
    alerts = json.loads(_cli(tmp_path, "watch", "alerts", "--json").output)
    assert [a["record_key"] for a in alerts] == ["US/76044902"] and alerts[0]["deadline"]["date"] == "2004-01-29"
    assert json.loads(_cli(tmp_path, "watch", "run", "--json").output)["alerts"] == []
    listed = json.loads(_cli(tmp_path, "watch", "list", "--json").output)
    assert listed[0]["alerts"] == 1
    d = json.loads(_cli(tmp_path, "watch", "deadline", "CN", "2024-05-31", "--json").output)
    assert d["date"] == "2024-09-02" and d["shifted"] is True
    text = _cli(tmp_path, "watch", "alerts").output
    assert "US/76044902" in text and "2004-01-29" in text
    # bad input: clear errors and exit code 2, nothing stored
    for args, field in ((["--mark", "  "], "mark"), (["--mark", "™®©"], "mark"),
                        (["--mark", "X1", "--classes", "99"], "classes"), (["--mark", "X1", "--countries", "ZZ"], "countries"),
                        (["--mark", "A", "--owner", "B"], "kind")):
        r = _cli(tmp_path, "watch", "add", *args, "--json")
        assert r.exit_code == 2, (args, r.output)
        assert json.loads(r.output)["error"]["field"] == field
    assert _cli(tmp_path, "watch", "remove", "99", "--json").exit_code == 3
    assert _cli(tmp_path, "watch", "remove", "32589158477190044730", "--json").exit_code == 3
    assert json.loads(_cli(tmp_path, "watch", "remove", str(watch["id"]), "--json").output)["id"] == watch["id"]


def test_cli_squatting_fto_risk(tmp_path):
    _cli(tmp_path, "ingest", *map(str, paths([SOURCE])), str(write_squatter_file(tmp_path)), "--json")
    r = _cli(tmp_path, "squatting", "--owner", OWNER, "--countries", "KR", "--json")
    assert r.exit_code == 0, r.output
    assert len(json.loads(r.output)["findings"]) >= 1
    r = _cli(tmp_path, "fto", "--text", "bicycle saddle", "--country", "VN", "--json")
    assert r.exit_code == 0 and "not legal advice" in json.loads(r.output)["notice"]
    out = tmp_path / "report.html"
    r = _cli(tmp_path, "risk", "report", "--owner", OWNER, "--countries", "KR,VN", "--out", str(out))
    assert r.exit_code == 0, r.output
    assert "<svg" in out.read_text(encoding="utf-8")
    r = _cli(tmp_path, "risk", "report", "--owner", OWNER, "--countries", "", "--json")
    assert r.exit_code == 2 and json.loads(r.output)["error"]["field"] == "countries"


def test_pages_and_api(tmp_path):
    with make_hub(f"sqlite:///{tmp_path}/iprhub.db", tmp_path, web_rate_limit=0, web_rate_limit_keyed=0) as hub:
        hub.accounts.add_user("ann", "analyst")
        key = hub.accounts.issue_key("ann").key
        auth = {"Authorization": f"Bearer {key}"}
        hub.ingest(paths([SOURCE]))
        with TestClient(create_app(hub), raise_server_exceptions=False) as client:
            assert client.get("/watch", follow_redirects=False).status_code == 303  # sign in first
            r = client.post("/api/v1/watch", json={"kind": "mark", "subject": "Hanttre", "countries": "KR"}, headers=auth)
            assert r.status_code == 201, r.text
            assert client.post("/api/v1/watch", json={"kind": "mark", "subject": "!!!"}, headers=auth).status_code == 400
            assert client.post("/api/v1/watch", json={"kind": "mark", "subject": "X"}).status_code == 401
            hub.ingest([write_squatter_file(tmp_path)])
            alerts = client.get("/api/v1/watch/alerts", headers=auth).json()
            assert [a["record_key"] for a in alerts] == ["KR/4020230000022"]
            page = client.get("/watch?lang=zh", headers=auth)
            assert page.status_code == 200 and "监控收件箱" in page.text and "HANTTRE" in page.text
            en = client.get("/watch?lang=en", headers=auth)
            assert "Watch inbox" in en.text and 'href="/watch"' in en.text  # nav entry
            token = re.search(r'name="csrf_token" value="([^"]+)"', en.text).group(1)
            added = client.post("/watch", data={"csrf_token": token, "kind": "owner", "subject": OWNER,
                                                "countries": "KR"}, headers=auth, follow_redirects=False)
            assert added.status_code == 303 and added.headers["location"] == "/watch"
            bad = client.post("/watch", data={"csrf_token": token, "kind": "mark", "subject": "©©"}, headers=auth)
            assert bad.status_code == 400 and "only symbols" in bad.text
            assert client.post("/watch", data={"kind": "owner", "subject": OWNER}, headers=auth).status_code in (400, 403)
            assert [w.kind for w in hub.watch.list()] == ["mark", "owner"]
            twin = client.get("/watch?format=json", headers=auth).json()
            assert twin["alerts"][0]["record_key"] == "KR/4020230000022"
            sq = client.get("/squatting", params={"owner": OWNER, "countries": "KR", "lang": "zh"})
            assert sq.status_code == 200 and "商标抢注检测" in sq.text and "HANTTRE" in sq.text
            sq_json = client.get("/squatting", params={"owner": OWNER, "countries": "KR", "format": "json"}).json()
            assert sq_json["findings"][0]["other_mark"]["key"] == "KR/4020230000022"
            bad = client.get("/squatting", params={"owner": OWNER, "countries": "ZZ", "format": "json"})
            assert bad.status_code == 400 and bad.json()["error"]["field"] == "countries"
            risk = client.get("/risk", params={"owner": OWNER, "countries": "KR,VN"})
            assert risk.status_code == 200 and risk.text.count("<svg") == 2
            assert client.get("/risk", params={"owner": OWNER, "countries": "KR", "format": "json"}).json()["score"] == {"KR": "high"}
            assert client.get("/fto").status_code == 200 and client.get("/risk").status_code == 200
            fto = client.get("/fto", params={"text": "bicycle saddle", "country": "VN", "format": "json"}).json()
            assert fto["hits"] == [] and fto["country"] == "VN"
            # the API gives the same models as the pages' JSON twins
            api = client.get("/api/v1/squatting", params={"owner": OWNER, "countries": "KR"}).json()
            assert [f["other_mark"]["key"] for f in api["findings"]] == [f["other_mark"]["key"] for f in sq_json["findings"]]
            assert client.get("/api/v1/fto", params={"text": "bicycle saddle", "country": "VN"}).json()["hits"] == []
            assert client.get("/api/v1/risk", params={"owner": OWNER, "countries": "KR"}).json()["score"] == {"KR": "high"}
            err = client.get("/api/v1/risk", params={"owner": OWNER, "countries": "KR,XX"})
            assert err.status_code == 400 and err.json()["error"]["field"] == "countries"
            err = client.get("/api/v1/squatting", params={"owner": "Nobody Such", "countries": "KR"})
            assert err.status_code == 404
