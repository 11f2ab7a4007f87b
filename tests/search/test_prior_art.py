"""Prior-art search (``similar``) as an examiner needs it: words and meaning, the priority-date cut-off
(or another date), each hit with its claim-to-passage pairs and a one-line reason."""

from __future__ import annotations

import datetime as dt

import orjson
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from iprhub.cli.main import get_app
from iprhub.hub import Hub
from iprhub.model.patent_facts import claims_text
from iprhub.settings import Settings
from tests.conftest import data_path
from tests.search.conftest import numbers

pytestmark = pytest.mark.slow
# EP full texts, the USPTO PPUBS records (with the laser-rod patent), JP and CN documents, and the EPO
# register answer that holds the battery-separator application EP4636930
CORPUS = [
    "epo/ep_fulltext_xml",
    "uspto/ppubs_json",
    "jp/jp",
    "cn/cn_new",
    "epo/ops_xml/epo-ops__search_register__response.xml.gz",
]
SEPARATOR, LASER_RODS = "EP4636930", "US11804688B1"


@pytest.fixture(scope="module")
def prior(tmp_path_factory):
    home = tmp_path_factory.mktemp("prior")
    hub = Hub(
        Settings(home=home, database_url=f"sqlite:///{home}/iprhub.db", workers=1, search_time_limit_keyed=0)
    )
    hub.ingest([data_path(p) for p in CORPUS])
    hub.search.update_vectors(sentences=False)  # the query-time path; stored passages: test_sentence_vectors.py
    yield hub
    hub.close()


def test_words_and_meaning_put_the_separator_above_the_laser_rods(prior):
    text = "porous separator film coated with ceramic particles for lithium ion batteries"
    semantic = numbers(prior.search.similar(text=text, mode="semantic", limit=10))
    assert semantic.index(LASER_RODS) < semantic.index(SEPARATOR)  # by meaning alone: laser rods first
    hybrid = prior.search.similar(text=text, limit=10)
    assert hybrid.mode == "hybrid" and numbers(hybrid)[0] == SEPARATOR
    assert numbers(hybrid).index(SEPARATOR) < numbers(hybrid).index(LASER_RODS)
    top = hybrid.hits[0]
    assert top.ranks == {"bm25": 1, "semantic": 5}
    assert (
        top.reason == "words #1, meaning #5; shares lithium, battery, separator; claim 1 ↔ its title (0.29)"
    )
    titles = [t.text for t in prior.document(SEPARATOR).titles]
    assert top.explanation.field == "ti" and top.explanation.text in titles


def test_prior_art_of_a_document_before_its_priority_date_with_claim_pairs(prior):
    doc = prior.document("EP1874102A1")
    result = prior.search.similar("EP1874102A1", limit=5)
    assert result.cutoff_date == "2006-06-26" and result.mode == "hybrid" and result.claims == 6
    assert numbers(result)[:3] == ["US6103599A", "EP0716240B2", "US3857398A"]
    assert all(h.pub_date < "2006-06-26" for h in result.hits)
    first = result.hits[0]
    assert first.ranks == {"bm25": 1, "semantic": 2}
    assert first.reason.startswith("words #1, meaning #2; shares lower, layer, multilayered, single; claim ")
    claims = [c for c in claims_text(doc, "en")[0][1].split("\n") if c.strip()]
    for hit in result.hits:
        assert [p.claim for p in hit.claim_pairs] == [1, 2, 3, 4, 5, 6]
        cited = prior.store.get_document(hit.pub_number)
        own = " ".join(
            [
                *(t.text for t in cited.titles),
                *(a.text for a in cited.abstracts),
                *(c.text for cs in cited.claims for c in cs.claims),
                *(d.text for d in cited.descriptions),
            ]
        )
        for pair in hit.claim_pairs:
            assert pair.claim_text == claims[pair.claim - 1][:240]
            assert pair.passage in own and -1.0 <= pair.similarity <= 1.0
            assert pair.field in ("ti", "ab", "cl", "desc") and (pair.passage_claim is not None) == (
                pair.field == "cl"
            )
        best = max(hit.claim_pairs, key=lambda p: p.similarity)
        assert hit.explanation.text == best.passage and hit.explanation.similarity == best.similarity


def test_another_date_and_no_cutoff(prior):
    later = prior.search.similar("EP1874102A1", before="2010-01-01", limit=20, pairs=False)
    assert later.cutoff_date == "2010-01-01" and all(h.pub_date < "2010-01-01" for h in later.hits)
    assert any(h.pub_date >= "2006-06-26" for h in later.hits)  # the date replaces the priority date
    assert all(not h.claim_pairs for h in later.hits) and later.claims == 0
    free = prior.search.similar("EP1874102A1", cutoff=False, limit=30, pairs=False)
    assert free.cutoff_date is None and "EP1874102A1" not in numbers(free)
    assert max(dt.date.fromisoformat(h.pub_date) for h in free.hits if h.pub_date) > dt.date(2010, 1, 1)


def test_cross_lingual_prior_art_pairs_japanese_claims_with_english_passages(prior):
    result = prior.search.similar("JP2021044249A", limit=3)
    assert result.cutoff_date == "2016-07-07" and result.claims == 20
    for hit in result.hits:  # no Japanese document before 2016 in this store: meaning alone ranks them
        assert set(hit.ranks) == {"semantic"} and hit.reason.startswith(
            f"meaning #{hit.ranks['semantic']} (no word"
        )
        assert len(hit.claim_pairs) == 20 and hit.claim_pairs[0].lang in ("en", "de", "fr")


def test_similar_in_cli_api_and_page(prior):
    home = str(prior.settings.home)
    res = CliRunner().invoke(get_app(), ["--home", home, "similar", "EP1874102A1", "--limit", "2", "--json"])
    assert res.exit_code == 0, res.output
    data = orjson.loads(res.output)
    assert data["cutoff_date"] == "2006-06-26" and len(data["hits"][0]["claim_pairs"]) == 6
    assert data["hits"][0]["reason"].startswith("words #1, meaning #2")
    human = CliRunner().invoke(get_app(), ["--home", home, "similar", "EP1874102A1", "--limit", "1"])
    assert "words #1, meaning #2" in human.output and "claim " in human.output
    from iprhub.web import create_app

    client = TestClient(create_app(prior))
    api = client.get(
        "/api/v1/similar", params={"number": "EP1874102A1", "limit": 2, "mode": "semantic"}
    ).json()
    assert api["mode"] == "semantic" and all(set(h["ranks"]) == {"semantic"} for h in api["hits"])
    page = client.get("/similar", params={"number": "EP1874102A1", "before": "2010-01-01"}).text
    assert "Published before 2010-01-01." in page and "Each claim and the closest passage" in page
