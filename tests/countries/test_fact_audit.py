"""The fact audit of issue 15 (``iprhub/countries/data/fact_audit.csv``): 50 facts across fields and
countries, each compared with an official or treaty source. The law-base rows are checked here against
the statute texts themselves; every row against the data as it now stands."""

from __future__ import annotations

import csv
import re
from importlib import resources

import pytest

from iprhub.countries.reference import packaged_reference
from iprhub.hub import Hub
from iprhub.laws.numerals import split_citation
from iprhub.settings import Settings
from tests.conftest import data_path

LAWS = data_path("laws/cn")
LAW_FILES = ["民法商法/专利法(2020-10-17).md", "民法商法/商标法(2019-04-23).md", "行政法规/专利法实施细则(2023-12-11).md",
             "行政法规/知识产权海关保护条例(2018-03-19).md", "行政法规/国务院关于涉外知识产权纠纷处理的规定(2025-03-13).md",
             "司法解释/最高人民法院关于知识产权法庭若干问题的规定(2023-10-21).md",
             "司法解释/最高人民法院关于北京、上海、广州知识产权法院案件管辖的规定(2020-12-29).md",
             "民法商法/著作权法(2020-11-11).md"]


def _rows():
    with resources.files("iprhub.countries.data").joinpath("fact_audit.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def laws(tmp_path_factory):
    home = tmp_path_factory.mktemp("audit")
    hub = Hub(Settings(home=home, database_url=f"sqlite:///{home}/iprhub.db", workers=1))
    report = hub.laws.load([LAWS / f for f in LAW_FILES])
    assert report.problems == []
    yield hub.laws
    hub.close()


def test_fifty_facts_across_fields_and_countries():
    rows = _rows()
    assert len(rows) == 50
    assert len({(r["jurisdiction"], r["field"]) for r in rows}) == 50
    assert len({r["jurisdiction"] for r in rows}) >= 20
    assert len({r["field"] for r in rows}) >= 20
    assert all(r["source_kind"] in ("statute", "office", "wipo_treaty", "gazette") for r in rows)
    assert sum(r["verdict"] == "agrees" for r in rows) == 47
    assert {(r["jurisdiction"], r["field"]) for r in rows if r["verdict"] == "disagrees"} == {
        ("TR", "trademark_opposition_period"), ("SA", "trademark_opposition_period"), ("CL", "novelty_grace_period")}
    # the data as it now stands: TR corrected from the statute text; SA and CL only from secondary reports
    assert sum(r["now"].startswith("agrees") for r in rows) == 48
    ref = packaged_reference()
    for code, field in (("SA", "trademark_opposition_period"), ("CL", "novelty_grace_period")):
        assert ref.param(code, field).weakly_sourced
    assert not ref.param("TR", "trademark_opposition_period").weakly_sourced


def test_law_base_rows_quote_the_statute(laws):
    rows = [r for r in _rows() if r["method"] == "law_base"]
    assert len(rows) == 24
    for r in rows:
        law, article = split_citation(r["official_source"].removeprefix("law base: "))
        assert article is not None, r
        assert r["evidence"] in laws.article(law, article).article.text, r


def test_every_law_base_citation_in_the_data_resolves(laws):
    ref = packaged_reference()
    texts = [p.source for p in ref.law_parameters] + [c.source_url for c in ref.channels] + \
        [t.source for t in ref.translations]
    cited = {m.group(1).strip() for text in texts for m in re.finditer(r"law base: ([^(|]+?第[^(|]+?条)", text)}
    assert len(cited) >= 12
    for citation in cited:
        law, article = split_citation(citation)
        assert laws.article(law, article).article.text


def _number(text: str) -> str:
    return re.match(r"\d+|[a-z]+", text.lower()).group(0)


@pytest.mark.parametrize("row", _rows(), ids=lambda r: f"{r['jurisdiction']}-{r['field']}")
def test_the_data_now_holds_the_audited_value(row):
    ref = packaged_reference()
    code, field, recorded = row["jurisdiction"], row["field"], row["recorded"]
    if field == "pct_national_phase":
        assert str(ref.pct_limits[code].chapter1_months) == _number(recorded)
    elif field.startswith("channel:"):
        assert any(c.jurisdiction == code and c.channel == field.split(":")[1] and c.available == "yes"
                   for c in ref.channels)
    elif field == "non_working_day_rule":
        assert ref.office_rules[code].shift
    elif field == "translation_requirement":
        assert any(t.office == code for t in ref.translations)
    elif field == "madrid_protocol_in_force":
        assert str(ref.member(code, "madrid_protocol").in_force_date) == recorded
    elif field == "trademark_renewal":
        assert "12 months" in ref.param(code, "trademark_term").detail
    elif row["verdict"] == "disagrees":  # corrected since: the data no longer holds the recorded value
        fact = ref.param(code, field)
        assert _number(fact.value) != _number(recorded) and fact.verdict == "corrected"
    else:
        fact = ref.param(code, field)
        assert _number(recorded) in fact.value.lower(), (fact.value, recorded)


def test_docs_hold_the_generated_coverage_matrix_and_audit():
    from pathlib import Path

    from iprhub.countries.coverage import audit_markdown, coverage_markdown

    docs = (Path(__file__).resolve().parents[2] / "docs" / "countries.md").read_text(encoding="utf-8")
    matrix = docs.split("<!-- coverage:start -->\n", 1)[1].split("\n<!-- coverage:end -->", 1)[0]
    assert matrix == coverage_markdown(packaged_reference())
    audit = docs.split("<!-- audit:start -->\n", 1)[1].split("\n<!-- audit:end -->", 1)[0]
    assert audit == audit_markdown()
