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
                            phrase_limit=300)
    rows = {(r.task, r.mode): r for r in report.retrieval}
    assert set(rows) == {("known-item", m) for m in ("bm25", "semantic", "hybrid")}
    assert rows[("known-item", "bm25")].recall_at_100 > 0.8
    assert rows[("known-item", "hybrid")].recall_at_10 >= rows[("known-item", "semantic")].recall_at_10
    corr = report.correlation[0]
    assert corr.pairs == 300 and 0.3 < corr.pearson < 0.9
