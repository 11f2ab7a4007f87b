"""Issue 15 items 2 and 6, round of 2026-12-05: national facts of the Belt and Road partners that had none
(each row naming its page, a source kind and the day it was checked), and protection channels beyond the
first eleven jurisdictions. Exact values as read on the pages named in the data."""

from __future__ import annotations

import csv
import datetime as dt
import re
from importlib import resources
from urllib.parse import urlsplit

import pytest

from iprhub.countries.coverage import MATRIX_FIELDS, matrix_jurisdictions
from iprhub.countries.planner import grants
from iprhub.countries.reference import RECORDED, packaged_reference

CHECKED = dt.date(2026, 12, 5)
URL = re.compile(r"https?://[^\s|\"()]+")


@pytest.fixture(scope="module")
def ref():
    return packaged_reference()


@pytest.mark.parametrize(("code", "parameter", "value", "unit", "kind", "host"), [
    ("RS", "invention_patent_term", "20", "years", "office", "www.zis.gov.rs"),
    ("RS", "petty_patent_term", "10", "years", "office", "www.zis.gov.rs"),
    ("RS", "design_term", "25", "years", "office", "www.zis.gov.rs"),
    ("SK", "utility_model_term", "4 + 3 + 3", "years", "office", "www.indprop.gov.sk"),
    ("SK", "examination_request_deadline", "36", "months", "office", "indprop.gov.sk"),
    ("SK", "design_term", "25", "years", "office", "www.indprop.gov.sk"),
    ("EE", "utility_model_term", "4 + 4 + 2", "years", "office", "www.epa.ee"),
    ("MD", "utility_model_term", "6 + 4", "years", "office", "agepi.gov.md"),
    ("SI", "utility_model_term", "10", "years", "office", "www.uil-sipo.si"),
    ("HU", "utility_model_term", "10", "years", "office", "www.hipo.gov.hu"),
    ("AT", "utility_model_term", "10", "years", "office", "patentamt.at"),
    ("AL", "utility_model_available", "yes", None, "statute", "cdn.nestjs.wipolex.wji.prd.web1.wipo.int"),
    ("IR", "utility_model_available", "no", None, "office", "www.epo.org"),
    ("IR", "official_languages", "Persian", None, "office", "www.epo.org"),
    ("BY", "official_languages", "Russian or Belarusian", None, "wipo_treaty", "docslib.org"),
    ("GR", "utility_model_available", "yes", None, "office", "www.obi.gr"),
    ("CY", "design_term", "25", "years", "office", "www.intellectualproperty.gov.cy"),
    ("MK", "invention_patent_term", "20", "years", "office", "ippo.gov.mk"),
    ("MT", "invention_patent_term", "20", "years", "office", "commerce.gov.mt"),
    ("NI", "utility_model_available", "yes", None, "statute", "legislacion.asamblea.gob.ni"),
    ("UA", "utility_model_term", "10", "years", "office", "dialog.me.gov.ua"),
    ("LT", "invention_patent_term", "20", "years", "office", "www.verslilietuva.lt"),
    ("LV", "design_term", "25", "years", "office", "www.latvija.lv"),
    ("RO", "utility_model_available", "yes", None, "office", "osim.ro"),
    ("AZ", "utility_model_available", "yes", None, "office", "patent.copat.gov.az"),
])
def test_partner_facts_from_official_sources(ref, code, parameter, value, unit, kind, host):
    fact = ref.param(code, parameter)
    assert (fact.value, fact.unit) == (value, unit)
    assert fact.source_kind == kind and not fact.weakly_sourced
    assert fact.checked == CHECKED and fact.origin == "gap_fill"
    assert host in {urlsplit(u).hostname for u in URL.findall(fact.source)}


@pytest.mark.parametrize(("code", "parameter", "value", "kind"), [
    ("GE", "novelty_grace_period", "12", "law_firm"),
    ("AZ", "utility_model_term", "10", "law_firm"),
    ("BA", "official_languages", "Bosnian, Croatian or Serbian", "law_firm"),
    ("MN", "invention_patent_term", "20", "other"),
    ("BG", "utility_model_term", "4 + 3 + 3", "other"),
    ("CZ", "utility_model_term", "4 + 3 + 3", "other"),
    ("RO", "invention_patent_term", "20", "other"),
    ("PL", "design_term", "25", "other"),
    ("CU", "utility_model_available", "yes", "other"),
    ("MT", "utility_model_available", "no", "law_firm"),
    ("NP", "invention_patent_term", "7 + 7 + 7", "law_firm"),
    ("SY", "patent_opposition_period", "6", "law_firm"),
    ("YE", "patent_opposition_period", "90", "law_firm"),
])
def test_partner_facts_from_secondary_pages_are_flagged(ref, code, parameter, value, kind):
    fact = ref.param(code, parameter)
    assert fact.value == value and fact.source_kind == kind and fact.weakly_sourced
    assert fact.checked == CHECKED


def test_georgian_utility_models_rest_on_the_office_report(ref):
    fact = ref.param("GE", "utility_model_available")
    assert fact.value == "yes" and not fact.weakly_sourced
    assert fact.source_kind == "wipo_treaty"  # Sakpatenti's report, published on wipo.int
    assert "confluence.wipo.int" in fact.source and "Sakpatenti" in fact.detail


def test_added_rows_carry_their_check_date_and_well_formed_urls():
    path = resources.files("iprhub.countries.data").joinpath("gap_law_parameters.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    added = [r for r in rows if r["checked"]]
    assert len(added) == 96 and {r["checked"] for r in added} == {"2026-12-05"}
    assert len({r["jurisdiction"] for r in added}) == 40
    for r in added:
        urls = URL.findall(r["source"])
        assert urls, r
        for url in urls:
            parts = urlsplit(url)
            assert parts.scheme in ("http", "https") and "." in (parts.hostname or ""), url
        assert r["source_quality"] in ("official", "statute", "treaty", "law_firm_page", "ip_service_site", "secondary")


def test_older_rows_keep_the_recording_date(ref):
    assert ref.param("KZ", "invention_patent_term").checked == RECORDED
    assert ref.param("EG", "utility_model_term").checked == RECORDED


def test_partners_that_had_no_fact_now_have_one(ref):
    filled = ["AL", "AM", "AT", "AZ", "BA", "BD", "BG", "BY", "CU", "CY", "CZ", "EE", "GE", "GR", "HR", "HU", "IQ", "IR",
              "IT", "LB", "LK", "LT", "LU", "LV", "MD", "ME", "MK", "MN", "MT", "NI", "NP", "PL", "PT", "RO", "RS", "SI",
              "SK", "SY", "UA", "YE"]
    codes = matrix_jurisdictions(ref)
    for code in filled:
        assert code in codes
        assert any(ref.param(code, *params) for _, params in MATRIX_FIELDS), code
    # no fact was inferred where no page states it: no patent law in force was found for Timor-Leste and the
    # Maldives, and no page for Afghanistan, Senegal (OAPI) or Sao Tome and Principe
    for code in ("AF", "MV", "SN", "ST", "TL"):
        assert all(ref.param(code, *params) is None for _, params in MATRIX_FIELDS), code


def test_the_planner_offers_no_iranian_utility_model(ref):
    granted, source = grants(ref, "IR", "utility")
    assert granted is False and "epo.org" in source
    assert grants(ref, "SK", "utility")[0] is True
    # a weakly sourced "no" also keeps the route out, and the plan names the page
    granted, source = grants(ref, "MT", "utility")
    assert granted is False and "thelawreviews.co.uk" in source and "weakly sourced" in source
    assert "weakly sourced" not in grants(ref, "IR", "utility")[1]


def test_chile_grace_period_stays_flagged_and_names_the_2010_report(ref):
    fact = ref.param("CL", "novelty_grace_period")
    assert (fact.value, fact.unit) == ("12", "months") and fact.weakly_sourced
    assert "INAPI notice No. 001 of 2010" in fact.detail and "iptango.blogspot.com" in fact.source


@pytest.mark.parametrize(("code", "channel", "kind", "text", "host"), [
    ("JP", "customs_recordal", "office", "Art. 69-4", "www.customs.go.jp"),
    ("PH", "mediation_arbitration", "wipo_treaty", "2015-05-04", "www.wipo.int"),
    ("PH", "administrative_enforcement", "office", "Bureau of Legal Affairs", "www.ipophil.gov.ph"),
    ("MY", "courts", "law_firm", "2007-07-17", "www.worldtrademarkreview.com"),
    ("KR", "overseas_assistance", "law_firm", "IP-DESK", "pkkim.com"),
    ("TH", "customs_recordal", "law_firm", "No. 106/2565", "www.mirandah.com"),
    ("SA", "administrative_enforcement", "other", "Saudi Authority for Intellectual Property", "www.arabnews.com"),
    ("TR", "courts", "law_firm", "Art. 156", "ozgunlaw.com"),
])
def test_channels_added(ref, code, channel, kind, text, host):
    have = {(c.jurisdiction, c.channel): c for c in ref.channels}
    c = have[(code, channel)]
    assert c.available == "yes" and c.source_kind == kind and c.weakly_sourced == (kind in ("law_firm", "other"))
    assert text in c.detail and c.checked == CHECKED
    assert host in {urlsplit(u).hostname for u in URL.findall(c.source_url)}
    assert len(ref.channels) == 42 and len({ch.jurisdiction for ch in ref.channels}) == 33


@pytest.mark.parametrize("code", ["AT", "BG", "CY", "CZ", "EE", "GR", "HR", "HU", "IT", "LT", "LU", "LV", "MT", "PL",
                                  "PT", "RO", "SI", "SK"])
def test_customs_recordal_in_the_eu_partners_rests_on_the_regulation(ref, code):
    c = next(ch for ch in ref.channels if (ch.jurisdiction, ch.channel) == (code, "customs_recordal"))
    assert "Regulation (EU) No 608/2013" in c.detail and "Union application" in c.detail
    assert "publications.europa.eu" in c.source_url and not c.weakly_sourced
    assert c.source_kind == ("office" if code == "CY" else "statute")
