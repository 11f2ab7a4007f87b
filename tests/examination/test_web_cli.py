"""The examination capability's API, pages (zh/en, JSON twins) and CLI over one loaded store."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from iprhub.cli.main import get_app
from iprhub.web import create_app
from tests.examination.conftest import FAMILY_FILES, PANORAMA, make_hub

C1 = "1. A multiple cylinder engine comprising: a plurality of cylinders; a throttle valve."


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    home = tmp_path_factory.mktemp("exweb")
    hub = make_hub(f"sqlite:///{home}/iprhub.db", home, FAMILY_FILES + [
        "uspto/office_action_json/patent_client__rejection_sample_input.json.gz"])
    hub.settings.web_rate_limit = 0
    with TestClient(create_app(hub), raise_server_exceptions=False) as c:
        yield hub, home, c
    hub.close()


def test_api_family_and_dossier(web):
    _, _, c = web
    r = c.get("/api/v1/examination/families/EP2906782A2", params={"extended": "true"})
    assert r.status_code == 200 and len(r.json()["members"]) == 11
    d = c.get("/api/v1/dossier/US14146331").json()
    assert d["offices"][0]["office_actions"][0]["sections"] == ["101", "103", "112"]
    assert c.get("/api/v1/dossier/US99999999").json()["error"]["code"] == "not_found"
    assert c.get("/api/v1/pph/EP2400812B1", params={"at": "Atlantis"}).status_code == 400


@pytest.mark.parametrize("lang,word", [("en", "Simple family"), ("zh", "简单同族")])
def test_pages_in_both_languages(web, lang, word):
    _, _, c = web
    page = c.get("/examination/family", params={"number": "EP2906782A2", "lang": lang})
    assert page.status_code == 200 and word in page.text
    twin = c.get("/examination/family", params={"number": "EP2906782A2", "format": "json"}).json()
    assert twin == c.get("/api/v1/examination/families/EP2906782A2").json()
    dossier = c.get("/dossier", params={"number": "US 15/091,542", "lang": lang})
    assert dossier.status_code == 200 and "NGUYEN, PHUONGCHAU BA" in dossier.text
    assert ("时间线" if lang == "zh" else "Timeline") in dossier.text
    pph = c.get("/pph", params={"number": "EP2400812B1", "at": "CN", "lang": lang})
    assert pph.status_code == 200
    bad = c.get("/pph", params={"number": "EP2400812B1", "at": "CN", "claims": "no numbers", "format": "json"})
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "claims"
    assert c.get("/examination", params={"lang": lang}).status_code == 200


def test_cli(web):
    hub, home, _ = web
    runner = CliRunner()
    args = ["--database-url", hub.settings.database_url, "--home", str(home)]
    env = {"IPRHUB_EXAMINATION__PANORAMA_DIR": str(PANORAMA)}
    out = runner.invoke(get_app(), [*args, "family", "EP2906782A2", "--extended", "--json"], env=env)
    assert out.exit_code == 0 and len(json.loads(out.stdout)["simple_families"]) == 2
    out = runner.invoke(get_app(), [*args, "dossier", "US15091542"], env=env)
    assert out.exit_code == 0 and "claim 13: rejected 103" in out.stdout
    out = runner.invoke(get_app(), [*args, "dossier", "US15091542", "--html", "-"], env=env)
    assert out.exit_code == 0 and out.stdout.startswith("<!doctype html>") and "NGUYEN, PHUONGCHAU BA" in out.stdout
    claims = home / "filed.txt"
    claims.write_text(C1, encoding="utf-8")
    annex = home / "annex.html"
    out = runner.invoke(get_app(), [*args, "pph", "check", "US15997209", "--at", "KR", "--claims", str(claims),
                                    "--date", "2025-06-01", "--html", str(annex)], env=env)
    assert out.exit_code == 0, out.stdout
    page = annex.read_text(encoding="utf-8")
    assert "Claim correspondence table" in page and "does not correspond" in page and "US10844842" in page
    out = runner.invoke(get_app(), [*args, "family", "EP9999999A1", "--json"], env=env)
    assert out.exit_code == 3 and json.loads(out.stdout)["error"]["code"] == "not_found"
    claims = home / "claims.txt"
    claims.write_text("no numbers here", encoding="utf-8")
    out = runner.invoke(get_app(), [*args, "pph", "check", "EP2400812B1", "--at", "US", "--claims", str(claims),
                                    "--json"], env=env)
    assert out.exit_code == 2 and json.loads(out.stdout)["error"]["field"] == "claims"
    out = runner.invoke(get_app(), [*args, "pph", "check", "EP2400812B1", "--at", "US", "--claims",
                                    str(home / "missing.txt")], env=env)
    assert out.exit_code == 2
