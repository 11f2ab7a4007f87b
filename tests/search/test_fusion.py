"""Hybrid fusion on real queries: what both modes agree on stays on top, a confident list leads, a flat
one hardly moves the order; citation judgments from the real citation links."""

from __future__ import annotations

import pytest

from iprhub.hub import Hub
from iprhub.search import eval_sets
from iprhub.search.fusion import confidence
from iprhub.search.lexical_index import embedding_text, first_claim
from iprhub.settings import Settings
from tests.conftest import DATA, data_path
from tests.search.conftest import numbers

pytestmark = pytest.mark.slow

QUERIES = ["lithium ion battery recycling method", "solid oxide fuel cell electrolyte", "tobacco flavour fermentation",
           "image sensor with a color filter", "wireless communication between a terminal and a base station"]


def _hybrid(svc, query: str):
    return svc.search(query, mode="hybrid", limit=100, collapse=False, snippets=False).hits


@pytest.mark.parametrize("query", QUERIES)
def test_hybrid_keeps_what_both_modes_agree_on(svc, query):
    hits = _hybrid(svc, query)
    both = [h for h in hits if {"bm25", "semantic"} <= h.ranks.keys()]
    assert both, "the two modes share no candidate"
    # everything both modes rank in their top 5 is in the hybrid top 10
    agreed = {h.pub_number for h in both if h.ranks["bm25"] <= 5 and h.ranks["semantic"] <= 5}
    assert agreed <= set(numbers_of(hits[:10]))
    # a document ranked ahead of another by every mode that found the other is ranked ahead in hybrid
    position = {h.pub_number: i for i, h in enumerate(hits)}
    for a in both:
        for b in hits:
            if b is not a and all(a.ranks[m] < r for m, r in b.ranks.items()):
                assert position[a.pub_number] < position[b.pub_number], (a.pub_number, b.pub_number)


def numbers_of(hits) -> list[str]:
    return [h.pub_number for h in hits]


def test_a_confident_list_leads(svc, docs):
    """A document's own first claim: BM25 finds it with a score far above the rest, and hybrid keeps it first
    even where the semantic mode (title, abstract and first claim embedded) puts another document first."""
    picked = [d for d in docs if d.lang == "en" and first_claim(d) and len(first_claim(d) or "") > 200][:12]
    assert len(picked) >= 10
    for doc in picked:
        text = (first_claim(doc) or "")[:1200]
        bm25 = svc.search(text, mode="bm25", plain=True, limit=1, collapse=False, snippets=False)
        if numbers(bm25)[:1] != [doc.pub_number]:
            continue
        hybrid = svc.search(text, mode="hybrid", plain=True, limit=1, collapse=False, snippets=False)
        assert numbers(hybrid) == [doc.pub_number]


@pytest.mark.parametrize("query", ["solid oxide fuel cell electrolyte", "lithium ion battery recycling method"])
def test_a_list_without_preference_does_not_reorder(svc, query):
    """Real BM25 scores against a second list over the same documents that prefers none of them (all equal),
    or prefers them evenly in reverse order: the BM25 top stays on top."""
    hits = svc.search(query, mode="bm25", limit=100, collapse=False, snippets=False).hits
    lexical = [(h.pub_number, h.score) for h in hits]
    assert len(lexical) >= 20
    same = [(pub, 0.5) for pub, _s in lexical]
    assert [key for key, _ in confidence([lexical, same])] == [pub for pub, _ in lexical]
    reverse = [(pub, 0.5 + 0.001 * i) for i, (pub, _s) in enumerate(lexical)]
    assert confidence([lexical, reverse])[0][0] == lexical[0][0]


def test_fusion_edge_cases():
    assert confidence([[], []]) == []
    tied = confidence([[("a", 1.0), ("b", 1.0)], [("b", 0.7)]])
    assert tied[0][0] == "b"  # a list without preference, the other decides
    assert confidence([[("a", 2.0)], []]) == [("a", 1.0)]
    shares = confidence([[("a", 9.0), ("b", 1.0), ("c", 0.5)]], agreement=False)
    assert abs(sum(s for _k, s in shares) - 1.0) < 1e-9


# citation judgments ---------------------------------------------------------------------------------
def test_citation_key_spellings():
    key = eval_sets.citation_key
    assert key("JP", "09242576") == key("JP", "JP9242576A")
    assert key("EP", "00875811") == key("EP", "EP0875811") == "EP875811"
    assert key("WO", "WO03012908") == key("WO", "2003/012908 A1") == key("WO", "WO2003012908A1")
    assert key("WO", "9634867") == key("WO", "WO1996034867")
    assert key("US", "2005004437") == key("US", "US20050004437A1") == key("US", "2005/0004437")
    assert key("US", "06840965") == key("US", "US6840965B2") == "US6840965"
    assert key("US", "D456588") == key("US", "USD456588S1")
    assert key("US", "RE38572") != key("US", "38572")


@pytest.fixture(scope="module")
def cited_pair_store(tmp_path_factory):
    """The one real examiner citation between two documents of the shared data: USD586081S1 cites USD456588S1."""
    home = tmp_path_factory.mktemp("cite")
    hub = Hub(Settings(home=home, database_url=f"sqlite:///{home}/iprhub.db", workers=1,
                       search_index_on_ingest=False))
    hub.ingest([data_path("uspto/grant_xml_v4x/PatentsView-DB__2009_6.xml.gz"),
                data_path("uspto/grant_xml_v25_pg/patentprocessor__pg020507hundred.xml.gz")])
    yield hub.store
    hub.close()


def test_citation_queries_from_the_real_links(cited_pair_store):
    queries = eval_sets.citation_queries(cited_pair_store, lambda d: first_claim(d) or embedding_text(d), DATA)
    assert [(q.qid, q.relevant, q.exclude) for q in queries] == [("USD586081S1", {"USD456588S1"}, {"USD586081S1"})]
    assert queries[0].text


def test_office_action_and_kipris_links_are_read():
    actions = eval_sets._office_action_citations(DATA)
    assert len(actions) == 48 and ("13288548", "7751013") in actions
    kipris = eval_sets._kipris(DATA)
    assert len(kipris) == 1099
    app, text, refs = next(k for k in kipris if k[0] == "1020240135833")
    assert "반도체" in text and {"EP00875811", "JP2014194966"} <= set(refs)


def test_docstring_examples():
    import doctest

    from iprhub.search import (
        analysis,
        foreign_syntax,
        fusion,
        phrase_adapter,
        proximity,
        query_language,
        wildcards,
    )

    for module in (fusion, eval_sets, analysis, foreign_syntax, phrase_adapter, proximity, query_language, wildcards):
        assert doctest.testmod(module).failed == 0, module.__name__


def test_a_claim_query_weighs_the_words_it_repeats(docs):
    """plain_query: a word repeated n times in a first claim weighs 1 + ln(n); a word used once weighs 1."""
    import math
    import re

    from iprhub.search.query_language import STOP_WORDS
    from iprhub.search.service import plain_query

    claim = next(c for d in docs if d.lang == "en" and (c := first_claim(d)) and len(c) > 400)
    parsed = plain_query(claim)
    weights = {t.text.lower(): t.weight for t in parsed.root.items}
    counts: dict[str, int] = {}
    for w in re.findall(r"[^\W_]+", claim):
        if len(w) > 1 and not w.isdigit() and w.lower() not in STOP_WORDS:  # stop words neither match nor rank
            counts[w.lower()] = counts.get(w.lower(), 0) + 1
    assert weights.keys() == counts.keys()
    assert any(c > 2 for c in counts.values())
    for word, n in counts.items():
        assert weights[word] == pytest.approx(1.0 + math.log(n))


@pytest.mark.parametrize("query", QUERIES[:3])
def test_hybrid_candidates_are_scored_by_both_modes(svc, query):
    """Every hybrid candidate carries a semantic rank (exact cosine, even when outside the semantic top
    100), and a BM25 rank exactly when the words match it (BM25 score looked up, not 'absent = worst')."""
    hits = _hybrid(svc, query)
    assert all("semantic" in h.ranks for h in hits)
    lexical = svc.search(query, mode="bm25", limit=1000, collapse=False, snippets=False)
    assert lexical.total <= 1000
    matching = set(numbers(lexical))
    assert {h.pub_number for h in hits if "bm25" in h.ranks} == matching & {h.pub_number for h in hits}
    assert any("bm25" not in h.ranks for h in hits) or matching >= {h.pub_number for h in hits}
