"""Landscape reports from real data: sections per GB/T 39551 type, text built from the figures, HTML
and PDF, zh and en; a screenshot of the HTML in Chromium lands in test-artifacts/."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from iprhub.errors import InvalidInput
from iprhub.reports.types import TYPES

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
QUERY = "ti=method"


@pytest.mark.parametrize("kind", sorted(TYPES))
def test_every_type_has_its_sections_with_figures(ahub, kind):
    report = ahub.reports.landscape(QUERY, type=kind)
    assert [s.id for s in report.sections] == [s.id for s in TYPES[kind].sections]
    assert report.standard.startswith("GB/T 39551.")
    a = report.analysis
    assert f"{a.total_matches} documents" in report.summary and a.data_cutoff in report.summary
    for section in report.sections:
        assert section.parts
        for part in section.parts:
            assert any(ch.isdigit() for ch in part.text), part.text  # no sentence without a figure


def test_text_is_built_from_the_figures(ahub):
    report = ahub.reports.landscape(QUERY, type="enterprise", lang="en")
    conc = next(p for s in report.sections for p in s.parts if p.chart.id == "concentration")
    f = conc.chart.figures
    assert f"HHI {f['HHI']:.0f}" in conc.text and f"{f['CR4']:.0%}" in conc.text
    top = next(p for s in report.sections for p in s.parts if p.chart.id == "applicants")
    assert f"{top.chart.rows[0][1]} ({top.chart.rows[0][2]})" in top.text
    zh = ahub.reports.landscape(QUERY, type="enterprise", lang="zh")
    assert zh.title == "企业经营类专利导航" and f"HHI 为 {f['HHI']:.0f}" in zh.sections[0].parts[1].text


def test_html_and_pdf(ahub):
    report = ahub.reports.landscape(QUERY, type="industry", lang="zh")
    html = ahub.reports.html(report)
    assert html.startswith("<!doctype html>") and "产业发展方向" in html and "<svg" in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")  # nothing fetched
    pdf = ahub.reports.pdf(report)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    ARTIFACTS.mkdir(exist_ok=True)
    out = ARTIFACTS / "report-industry-zh.pdf"
    out.write_bytes(pdf)
    if shutil.which("pdftotext") and shutil.which("pdftoppm"):  # poppler-utils: read it back, picture page 1
        import subprocess

        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
        assert "产业规划类专利导航" in text and report.analysis.data_cutoff in text
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(out),
                        str(ARTIFACTS / "report-industry-zh-pdf")], check=True)
        assert (ARTIFACTS / "report-industry-zh-pdf.png").stat().st_size > 10_000


def test_bad_input(ahub):
    with pytest.raises(InvalidInput) as err:
        ahub.reports.landscape(QUERY, type="marketing")
    assert err.value.field == "type" and "industry" in err.value.message
    with pytest.raises(InvalidInput):
        ahub.reports.landscape(QUERY, lang="fr")
    empty = ahub.reports.landscape("ti=zzzzqqqq", type="rd")
    assert empty.analysis.documents == 0 and "0 documents" in empty.summary
    assert all(p.text for s in empty.sections for p in s.parts)


def test_cli_and_api(ahub, ahome, tmp_path):
    from typer.testing import CliRunner

    from iprhub.cli.main import get_app
    from iprhub.web import create_app

    db = f"sqlite:///{ahome}/iprhub.db"
    runner = CliRunner()
    out = tmp_path / "report.html"
    r = runner.invoke(get_app(), ["--home", str(ahome), "--database-url", db, "report", "landscape", QUERY,
                                  "--type", "region", "--out", str(out), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["sections"] == ["competitiveness", "matching", "path"] and out.exists()
    r = runner.invoke(get_app(), ["--home", str(ahome), "--database-url", db, "report", "landscape", QUERY,
                                  "--type", "nope", "--out", str(out), "--json"])
    assert r.exit_code == 2 and json.loads(r.output)["error"]["field"] == "type"
    r = runner.invoke(get_app(), ["--home", str(ahome), "--database-url", db, "report", "landscape", QUERY,
                                  "--out", str(tmp_path / "r.docx"), "--json"])
    assert r.exit_code == 2 and json.loads(r.output)["error"]["field"] == "out"
    ahub.settings.web_rate_limit = 0
    with TestClient(create_app(ahub)) as client:
        r = client.get("/api/v1/reports/landscape", params={"q": QUERY, "type": "rd", "format": "json"})
        assert r.status_code == 200 and r.json()["type"] == "rd"
        assert client.get("/api/v1/reports/landscape", params={"q": QUERY, "type": "x"}).status_code == 400


@pytest.mark.browser
def test_report_screenshot(ahub, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.fail("Debian chromium is not installed: run `make browser-deps`")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    for lang in ("en", "zh"):
        path = tmp_path / f"report-{lang}.html"
        path.write_text(ahub.reports.html(ahub.reports.landscape(QUERY, type="industry", lang=lang)), encoding="utf-8")
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
            page = b.new_page(viewport={"width": 1000, "height": 1200})
            page.goto(path.as_uri())
            assert page.locator("section").count() == 3
            assert page.locator("svg.chart").count() >= 6
            page.screenshot(path=str(ARTIFACTS / f"report-industry-{lang}.png"), full_page=True)
            b.close()


def test_trend_text_states_the_charts_peak(ahub):
    report = ahub.reports.landscape(QUERY, type="rd", lang="en")
    part = next(p for s in report.sections for p in s.parts if p.chart.id == "trend")
    rows = [r for r in part.chart.rows if r[3]]
    peak = max(rows, key=lambda r: (r[3], r[0]))
    assert f"the peak was {peak[0]} ({peak[3]})" in part.text
    assert f"{sum(r[3] for r in rows)} simple families" in part.text


def test_report_out_of_time_says_it_is_partial(ahub):
    for lang, word in (("en", "Partial:"), ("zh", "部分结果")):
        report = ahub.reports.landscape(QUERY, type="industry", lang=lang, time_limit=0.0)
        assert report.analysis.partial and word in report.summary
        assert "time limit" in report.summary
        assert word in ahub.reports.html(report)
