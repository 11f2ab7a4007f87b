"""Issue 15 source quality: every fact says what kind of source it rests on and when it was checked,
facts resting on law-firm or other secondary pages are flagged, the corrected facts hold, every source
URL is well-formed and no page links a URL with a comment inside; the calendar export."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from iprhub.cli.main import get_app
from iprhub.countries.model import SOURCE_KINDS, WEAK_SOURCE_KINDS
from iprhub.countries.reference import packaged_reference
from iprhub.countries.render import render_standalone
from iprhub.hub import Hub
from iprhub.settings import Settings
from iprhub.web import create_app

URL = re.compile(r"https?://[^\s|\"]+")
DATA = resources.files("iprhub.countries.data")


@pytest.fixture(scope="module")
def ref():
    return packaged_reference()


def _facts(ref):
    return [*ref.law_parameters, *ref.pct_limits.values(), *ref.office_rules.values(), *ref.channels,
            *ref.translations]


def test_every_fact_has_a_source_kind_and_a_checked_date(ref):
    facts = _facts(ref)
    assert len(facts) > 300
    assert all(f.source_kind in SOURCE_KINDS for f in facts)
    assert all(isinstance(f.checked, dt.date) for f in facts)
    assert all(t.checked for t in ref.pph)
    assert all(f.weakly_sourced == (f.source_kind in WEAK_SOURCE_KINDS) for f in facts)


def test_source_kinds_follow_the_recorded_quality(ref):
    by_quality = {}
    for p in ref.law_parameters:
        by_quality.setdefault(p.source_quality, set()).add(p.source_kind)
    assert by_quality["law_firm_page"] == {"law_firm"}
    assert by_quality["ip_service_site"] == {"other"}
    assert by_quality["statute"] == {"statute"}
    assert ref.office_rules["IB"].source_kind == "wipo_treaty"  # an official page on wipo.int
    assert ref.office_rules["JP"].source_kind == "office"


@pytest.mark.parametrize(("code", "parameter", "value", "unit", "kind", "checked"), [
    ("TR", "trademark_opposition_period", "2", "months", "statute", "2026-12-05"),
    # corrected from secondary reports of the statute, whose official text was not read: flagged weak
    ("SA", "trademark_opposition_period", "60", "days", "law_firm", "2026-12-05"),
    ("CL", "novelty_grace_period", "12", "months", "other", "2026-12-05"),
    ("VN", "patent_opposition_period", "9", "months", "statute", "2026-12-04"),
    # changed by the 2025 amendment of the Trademark Act (law-firm reports only): the value of the older
    # publications is kept (one value per fact) and the detail states 30 days from 2025-07-22
    ("KR", "trademark_opposition_period", "2", "months", "law_firm", "2026-12-05"),
])
def test_corrected_facts(ref, code, parameter, value, unit, kind, checked):
    fact = ref.param(code, parameter)
    assert (fact.value, fact.unit) == (value, unit)
    assert fact.source_kind == kind and fact.weakly_sourced == (kind in ("law_firm", "other"))
    assert fact.checked == dt.date.fromisoformat(checked)
    assert fact.verdict in ("corrected", "added")
    if code == "KR":
        assert "30 days" in fact.detail and "2025-07-22" in fact.detail


def _source_texts():
    for name in sorted(p.name for p in DATA.iterdir() if p.name.endswith(".csv")):
        with DATA.joinpath(name).open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for key, value in row.items():
                    if key and ("source" in key or "url" in key) and value:
                        yield name, key, value
    regional = json.loads(DATA.joinpath("gap_regional_systems.json").read_text(encoding="utf-8"))
    for s in regional["systems"]:
        for value in [s["source_url"], *(m["source_url"] for m in s["members"])]:
            yield "gap_regional_systems.json", "source_url", value


def _well_formed(url: str) -> bool:
    parts = urlsplit(url)
    host = parts.hostname or ""
    return (parts.scheme in ("http", "https") and "." in host and not any(c in url for c in "<>{}\\^`")
            and "<!--" not in url and re.fullmatch(r"[A-Za-z0-9.-]+", host) is not None)


def test_every_source_url_is_well_formed():
    urls = [(name, key, u.rstrip(".,;)")) for name, key, text in _source_texts() for u in URL.findall(text)]
    assert len(urls) > 1000
    bad = [(name, key, u) for name, key, u in urls if not _well_formed(u)]
    assert bad == []


def test_no_link_on_a_country_page_has_a_comment_inside(ref):
    # the PCT limits, regional memberships and pages citing them carry notes after their URLs
    for code in ("CN", "FR", "KZ", "BJ", "MU", "ME", "LA", "SA", "VN", "TR"):
        html = render_standalone(ref_profile(code), "en")
        hrefs = re.findall(r'href="([^"]*)"', html)
        assert hrefs, code
        assert [h for h in hrefs if h.startswith("http") and not _well_formed(h.replace("&amp;", "&"))] == [], code


def ref_profile(code):
    from iprhub.countries.profile import country_profile

    return country_profile(packaged_reference(), code)


def test_weakly_sourced_flag_on_the_page(ref):
    html = render_standalone(ref_profile("TR"), "zh")
    assert "来源较弱" in html  # the trademark term rests on a law-firm page
    assert "依官方来源更正" in html  # the opposition period, corrected from the statute


def test_calendar_from_cli_api_and_page(tmp_path):
    out = tmp_path / "plan.ics"
    res = CliRunner().invoke(get_app(), ["--home", str(tmp_path), "plan", "--first-filing", "CN", "--date",
                                         "2025-01-10", "--targets", "VN,KZ", "--today", "2025-01-01",
                                         "--ics", str(out)])
    assert res.exit_code == 0, res.output
    text = out.read_bytes().decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and "DTSTART;VALUE=DATE:20260112" in text
    hub = Hub(Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path}/api.db", web_rate_limit=0))
    with TestClient(create_app(hub)) as client:
        q = {"first_filing": "CN", "date": "2025-01-10", "type": "invention", "targets": "VN,KZ"}
        r = client.get("/api/v1/plan.ics", params=q)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")
        assert r.text.count("BEGIN:VEVENT") == text.count("BEGIN:VEVENT")
        page = client.get("/plan", params={**q, "lang": "zh"}).text
        assert 'href="/api/v1/plan.ics?first_filing=CN&amp;date=2025-01-10&amp;type=invention&amp;targets=VN%2CKZ"' in page
        assert client.get("/api/v1/plan.ics", params={**q, "date": "2025-13-01"}).status_code == 400
    hub.close()
    assert Path(out).stat().st_size > 0
