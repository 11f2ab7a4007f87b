"""Semantic, cross-lingual and hybrid search; similar with the prior-art cut-off; evaluation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from iprhub.errors import InvalidInput
from iprhub.search.evaluation import run_evaluation
from iprhub.search.lexical_index import earliest_priority
from tests.conftest import DATA
from tests.search.conftest import numbers

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("query, expected", [
    ("lithium ion battery recycling method", "JP2021044249A"),  # English -> Japanese
    ("licorice fermentation tobacco flavor", "CN104223352A"),  # English -> Chinese
    ("固体氧化物燃料电池", "US6982130B2"),  # Chinese -> English (solid oxide fuel cell)
    ("锂离子电池回收", "JP2021044249A"),  # Chinese -> Japanese
])
def test_cross_lingual(svc, query, expected):
    result = svc.search(query, mode="semantic", limit=5)
    assert expected in numbers(result)
    assert result.interpretation.semantic_text == query


def test_bm25_cannot_cross_languages_but_hybrid_can(svc):
    assert "US6982130B2" not in numbers(svc.search("固体氧化物燃料电池", mode="bm25", limit=50))
    hybrid = svc.search("固体氧化物燃料电池", limit=10)
    assert hybrid.interpretation.mode == "hybrid"
    assert "US6982130B2" in numbers(hybrid)


def test_hybrid_keeps_filters(svc):
    result = svc.search("battery ctry=US", mode="hybrid", limit=20)
    assert result.hits and all(h.country == "US" for h in result.hits)
    with pytest.raises(InvalidInput):
        svc.search("ctry=US", mode="semantic")


def test_similar_with_prior_art_cutoff(svc, shub):
    doc = shub.document("US6982130B2")
    result = svc.similar("US6982130B2", limit=10)
    cutoff = earliest_priority(doc)
    assert result.cutoff_date == cutoff.isoformat()  # type: ignore[union-attr]
    assert result.hits and all(dt.date.fromisoformat(h.pub_date) < cutoff for h in result.hits if h.pub_date)
    assert "US6982130B2" not in numbers(result)
    free = svc.similar(text="solid oxide fuel cell electrolyte", limit=5)
    assert "US6982130B2" in numbers(free)


def test_evaluation_small(svc):
    report = run_evaluation(svc, data_dir=Path(DATA), tasks=["known-item", "phrases"], known_item_queries=30,
                            phrase_limit=300, adapter=False)
    rows = {(r.task, r.mode): r for r in report.retrieval}
    assert set(rows) == {("known-item", m) for m in ("bm25", "semantic", "hybrid", "semantic (1 vector)",
                                                     "hybrid (1 vector)")}
    assert rows[("known-item", "bm25")].recall_at_100 > 0.8
    assert rows[("known-item", "hybrid")].recall_at_10 >= rows[("known-item", "semantic")].recall_at_10
    corr = report.correlation[0]
    assert corr.pairs == 300 and 0.3 < corr.pearson < 0.9


# cross-lingual: titles translated (by us) into languages the documents have no text in ---------------
TRANSLATED_TITLES = [
    ("JP2021044249A", "en", "method for recycling lithium ion batteries"),
    ("JP2021044249A", "zh", "锂离子电池的回收方法"),
    ("JP2021044249A", "de", "Verfahren zum Recycling von Lithium-Ionen-Batterien"),
    ("JP2021044249A", "ko", "리튬 이온 전지의 재활용 방법"),
    ("CN115212463A", "en", "medical radiotherapy device"),
    ("CN115212463A", "ja", "医療用放射線治療装置"),
    ("CN115212463A", "es", "dispositivo médico de radioterapia"),
    ("JP2021044377A", "en", "wafer processing method"),
    ("JP2021044377A", "fr", "procédé de traitement de plaquettes de semi-conducteur"),
    ("US7473205B2", "zh", "混合动力车辆及其控制方法"),
    ("US7473205B2", "ja", "ハイブリッド車両およびハイブリッド車両の制御方法"),
    ("US7473205B2", "ru", "гибридное транспортное средство и способ управления им"),
    ("US8419845B2", "zh", "空气过滤器"),
    ("US8419845B2", "es", "filtro de aire"),
    ("US6981484B2", "de", "Verbrennungsmotor mit geteilter Brennkammer"),
    ("US6981484B2", "zh", "具有分隔燃烧室的内燃机"),
    ("EP3749079A2", "zh", "使用X射线成像的种子分析"),
    ("EP3749079A2", "vi", "phân tích hạt giống bằng hình ảnh tia X"),
    ("CN104223352A", "en", "tobacco flavouring obtained by fermenting licorice and its use"),
    ("EP3530531B1", "de", "Bremsüberwachung"),
]


def _top3(svc, vectors, text: str) -> list[str]:
    qvec = svc.encoder.encode([text])[0]
    ranking = svc.engine.semantic_ranking(vectors, qvec, 10, None)
    pub = {svc.lexical.display(svc.lexical.searcher(), r.address).pub: r for r in ranking}
    return list(pub)[:3]


def test_cross_lingual_title_queries(svc):
    """Per-field vectors (title, abstract, first claim beside the whole text) find a document from its
    title in another language at least as often as the one whole-text vector did."""
    svc.search("battery", mode="semantic", limit=1)  # embeds the corpus
    langs = {lang for _p, lang, _t in TRANSLATED_TITLES}
    assert len(langs) >= 6 and len(TRANSLATED_TITLES) >= 12
    per_field = sum(pub in _top3(svc, svc.ranked_vectors.for_text(text), text) for pub, _l, text in TRANSLATED_TITLES)
    one_vector = sum(pub in _top3(svc, svc.vectors, text) for pub, _l, text in TRANSLATED_TITLES)
    print(f"cross-lingual titles in the top 3: per-field {per_field}, one vector {one_vector} of "
          f"{len(TRANSLATED_TITLES)}")
    assert per_field >= one_vector
    assert per_field >= 14


def test_the_japanese_recycling_document_from_english_and_chinese(svc):
    for text in ("method for recycling lithium ion batteries", "锂离子电池的回收方法"):
        result = svc.search(text, mode="hybrid", limit=3, collapse=False)
        assert "JP2021044249A" in numbers(result), text
