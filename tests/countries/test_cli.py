"""The commands: JSON and HTML forms, exit codes for bad input."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from iprhub.cli.main import get_app


@pytest.fixture
def run(tmp_path):
    runner, app = CliRunner(), get_app()

    def invoke(*args: str):
        return runner.invoke(app, ["--home", str(tmp_path), *args])
    return invoke


def test_country_page_json(run):
    res = run("country", "VN", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["code"] == "VN" and data["pct_time_limit"]["chapter1_months"] == 31
    assert next(t for t in data["treaties"] if t["treaty_id"] == "madrid_protocol")["in_force_date"] == "2006-07-11"
    assert data["data_source"] == "package"


def test_country_compare_and_html(run, tmp_path):
    res = run("country", "compare", "CN", "VN", "KZ", "--json")
    assert res.exit_code == 0 and json.loads(res.output)["codes"] == ["CN", "VN", "KZ"]
    out = tmp_path / "kz.html"
    assert run("country", "KZ", "--html", str(out)).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "Kazakhstan" in page and "<script" not in page and "http-equiv" not in page


def test_country_unknown_code(run):
    res = run("country", "VNM", "--json")
    assert res.exit_code == 2
    assert "did you mean VN" in json.loads(res.output)["error"]["message"]


def test_load_then_plan_reads_the_store(run):
    res = run("country", "load", "--json")
    assert res.exit_code == 0 and json.loads(res.output)["tables"]["country_bri"] == 70
    res = run("plan", "--first-filing", "CN", "--date", "2026-03-01", "--type", "invention",
              "--targets", "VN,TH,KZ,SA,EG,BR", "--today", "2026-02-01", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["data_source"] == "store" and len(data["targets"]) == 6


def test_plan_html_has_a_timeline(run):
    res = run("plan", "--first-filing", "CN", "--date", "2025-01-15", "--type", "design", "--targets", "SA,VN",
              "--today", "2025-02-01", "--html", "-")
    assert res.exit_code == 0 and "<svg" in res.output and "Hague" in res.output


@pytest.mark.parametrize("args", [
    ("--date", "2026-02-30", "--targets", "VN"), ("--date", "2026-03-01", "--targets", "CN"),
    ("--date", "2026-03-01", "--targets", "ZZ"), ("--date", "2026-03-01", "--targets", "VN", "--type", "x"),
])
def test_plan_bad_input_exit_code(run, args):
    res = run("plan", "--first-filing", "CN", *args, "--json")
    assert res.exit_code == 2 and json.loads(res.output)["error"]["code"] == "invalid_input"


def test_indicators(run, tmp_path):
    res = run("indicators", "--json")
    assert res.exit_code == 0
    hv = next(p for p in json.loads(res.output)["indicators"] if p["indicator"]["indicator_id"] == "hvip_per_10k")
    assert hv["latest"]["value"] == "16" and hv["status"] == "achieved"
    assert run("indicators").exit_code == 0
    f = tmp_path / "new.csv"
    f.write_text("indicator_id,period,value,source_url\nip_royalties_trade,2025,4100,https://example.org/r\n",
                 encoding="utf-8")
    res = run("indicators", "import", str(f), "--json")
    assert res.exit_code == 0 and json.loads(res.output)["inserted"] == 1
    page = run("indicators", "--html", "-").output
    assert page.count("<svg") == 8 and "4100" in page  # one chart per indicator (baseline at least)
