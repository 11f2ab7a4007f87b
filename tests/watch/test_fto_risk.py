"""FTO screening on real US grants (status estimated from filing date + the US term of 20 years) and
the risk report (HTML file in en and zh, charts, the portal page and its JSON twin)."""

from __future__ import annotations

import datetime as dt

import pytest

from iprhub.countries.dates import add_months
from iprhub.errors import InvalidInput
from iprhub.watch.model import NOT_LEGAL_ADVICE
from tests.watch.conftest import make_hub, paths
from tests.watch.squatter import SOURCE, write_squatter_file

GRANTS = [f"uspto/grant_xml_v4x/{n}" for n in (
    "ChemDataExtractor__US06840965B2.xml.gz", "ChemDataExtractor__US07470803-20081230.XML.gz",
    "ChemDataExtractor__US08907107B2.xml.gz", "PatentPublicData__US06859910.xml.gz",
    "PatentPublicData__US07272630.xml.gz", "PatentPublicData__US08927118.xml.gz",
    "PatentPublicData__US08930553.xml.gz")]
OWNER = "동의대학교 산학협력단"


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    home = tmp_path_factory.mktemp("fto")
    h = make_hub(f"sqlite:///{home}/iprhub.db", home)
    h.ingest(paths(GRANTS))
    h.ingest(paths([SOURCE]))
    h.watch.add("mark", "Hanttre", countries="KR")
    h.ingest([write_squatter_file(home)])
    yield h
    h.close()


def test_fto_statuses_are_estimated_from_filing_date_and_term(hub):
    on = dt.date(2025, 1, 1)
    r = hub.watch.fto("method of extracting chemical compound names and properties from text documents", "US",
                      date="2025-01-01")
    assert r.notice == NOT_LEGAL_ADVICE and r.country == "US" and r.date == on
    assert r.hits and all(h.pub_number.startswith("US") and h.score > 0 for h in r.hits)
    for h in r.hits:
        doc = hub.document(h.pub_number)
        expiry = add_months(doc.app_date, 240)  # US: 20 years from filing
        assert h.filed == doc.app_date and h.expiry_estimate == expiry and h.term_years == 20
        assert h.status == ("expired (estimate)" if expiry <= on else "likely in force")
        assert h.claim_text and h.claim_number is not None and -1 <= h.claim_score <= 1
        claim = next(c for c in doc.claims[0].claims if c.num == h.claim_number)
        assert claim.text.startswith(h.claim_text[:200]) and not claim.depends_on  # an independent claim
    in_force = [h.status == "likely in force" for h in r.hits]
    assert in_force == sorted(in_force, reverse=True)  # those in force first
    live = [h.claim_score for h in r.hits if h.status == "likely in force"]
    assert live == sorted(live, reverse=True)  # then by their nearest claim
    older = hub.watch.fto("method of extracting chemical compound names", "US", date="2010-01-01")
    assert all(h.status == "likely in force" for h in older.hits)  # none had expired by 2010


def test_fto_country_without_patents_and_bad_input(hub):
    r = hub.watch.fto("lithium battery separator", "VN")
    assert r.hits == [] and any("VN" in w for w in r.warnings)
    for kwargs, field in (({"text": "", "country": "US"}, "text"), ({"text": "!!", "country": "US"}, "text"),
                          ({"text": "battery cell", "country": "XX"}, "countries"),
                          ({"text": "battery cell", "country": "US", "date": "2025-13-01"}, "date")):
        with pytest.raises(InvalidInput) as err:
            hub.watch.fto(**kwargs)
        assert err.value.field == field


def test_risk_report_html_en_zh(hub, tmp_path):
    r = hub.watch.risk_report(OWNER, "KR,VN,KZ", text="bicycle saddle with spring")
    assert [b.label for b in r.by_country] == ["KR", "VN", "KZ"]
    assert r.by_country[0].values == {"watch": 1, "squatting": 3, "fto": 0}
    assert [a.record_key for a in r.watch_hits] == ["KR/4020230000022"]  # the watch on the owner's Hanttre
    assert r.score == {"KR": "high", "VN": "low", "KZ": "low"}
    facts = {f.code: f for f in r.facts}
    assert facts["KR"].trademark_opposition.startswith("2 months") and facts["KZ"].madrid is True
    assert len(r.fto) == 3
    out = hub.watch.write_report(r, tmp_path / "report.html")
    html = out.read_text(encoding="utf-8")
    assert html.count("<svg") == 2 and "HANTTRE" in html and NOT_LEGAL_ADVICE in html
    zh = hub.watch.write_report(r, tmp_path / "report-zh.html", lang="zh").read_text(encoding="utf-8")
    assert "海外风险报告" in zh and "不构成法律意见" in zh and "抢注发现" in zh
    with pytest.raises(InvalidInput) as err:
        hub.watch.write_report(r, tmp_path / "report.docx")
    assert err.value.field == "out"


def test_risk_report_pdf_or_install_hint(hub, tmp_path):
    r = hub.watch.risk_report(OWNER, "KR")
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        with pytest.raises(InvalidInput) as err:
            hub.watch.write_report(r, tmp_path / "report.pdf")
        assert "weasyprint" in err.value.message
    else:
        assert hub.watch.write_report(r, tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
