"""Every semantic and hybrid hit carries the sentence that made it match, highlighted in the document's
language and in the query's (the same multilingual model, word by word across languages)."""

from __future__ import annotations

import orjson
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from iprhub.cli.main import get_app
from iprhub.search.explain import field_passages, sentences, words
from tests.search.conftest import numbers

pytestmark = pytest.mark.slow


def _marked(text, spans):
    return [text[a:b] for a, b in spans]


def test_chinese_query_is_explained_by_the_japanese_title(svc):
    result = svc.search("锂离子电池回收", mode="semantic", limit=3)
    hit = result.hits[0]
    assert hit.pub_number == "JP2021044249A"
    e = hit.explanation
    assert (e.field, e.lang, e.text) == ("ti", "ja", "リチウムイオン電池のリサイクル方法")
    assert _marked(e.text, e.highlights) == ["リチウムイオン", "電池", "リサイクル"]
    assert _marked(result.interpretation.semantic_text, e.query_highlights) == ["锂离子", "电池", "回收"]
    assert 0.6 < e.similarity <= 1.0


def test_english_query_is_explained_by_the_chinese_title(svc):
    result = svc.search("medical radiotherapy device", mode="semantic", limit=3)
    e = result.hits[0].explanation
    assert result.hits[0].pub_number == "CN115212463A"
    assert (e.field, e.lang, e.text) == ("ti", "zh", "一种医用放射治疗装置")
    assert _marked(e.text, e.highlights) == ["医用", "放射治疗", "装置"]
    assert _marked(result.interpretation.semantic_text, e.query_highlights) == [
        "medical",
        "radiotherapy",
        "device",
    ]


def test_german_query_function_words_are_not_highlighted(svc):
    result = svc.search("Verfahren zum Recycling von Lithium-Ionen-Batterien", mode="hybrid", limit=3)
    by_number = {h.pub_number: h for h in result.hits}
    jp = by_number["JP2021044249A"].explanation
    assert _marked(jp.text, jp.highlights) == ["リチウムイオン", "電池", "リサイクル", "方法"]
    de = by_number["EP2136607A2"].explanation  # a German title: same-language words, by meaning too
    assert de.text == "Verfahren zum Betreiben einer Akku-Handlampe" and de.lang == "de"
    assert _marked(de.text, de.highlights) == ["Verfahren", "Akku"]
    assert _marked(result.interpretation.semantic_text, de.query_highlights) == ["Verfahren", "Batterien"]


def test_every_hybrid_hit_is_explained_by_one_of_its_own_sentences(svc):
    query = (
        "a method of recovering valuable metals such as cobalt and nickel from spent lithium ion batteries "
        "by roasting and leaching the battery powder"
    )
    result = svc.search(query, limit=10)
    assert result.interpretation.mode == "hybrid" and len(result.hits) == 10
    for hit in result.hits:
        e = hit.explanation
        assert e is not None and e.field in ("ti", "ab", "cl", "desc")
        doc = svc.store.get_document(hit.pub_number)
        texts = {
            "ti": [t.text for t in doc.titles],
            "ab": [a.text for a in doc.abstracts],
            "cl": [c.text for cs in doc.claims for c in cs.claims],
            "desc": [d.text for d in doc.descriptions],
        }[e.field]
        assert any(e.text in t for t in texts), (hit.pub_number, e.text)
        assert all(0 <= a < b <= len(e.text) for a, b in e.highlights)
    gelling = next(h for h in result.hits if h.pub_number == "US7314687B2").explanation
    assert gelling.field == "ab" and _marked(gelling.text, gelling.highlights).count("batteries") == 2


def test_bm25_hits_and_explain_false_carry_none(svc):
    assert all(h.explanation is None for h in svc.search("ti=battery", limit=5).hits)
    assert all(
        h.explanation is None for h in svc.search("锂离子电池回收", mode="semantic", explain=False).hits
    )


def test_explanation_in_cli_json_api_and_page(shub, search_home):
    res = CliRunner().invoke(
        get_app(),
        [
            "--home",
            str(search_home),
            "search",
            "medical radiotherapy device",
            "--mode",
            "semantic",
            "--limit",
            "2",
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    hit = orjson.loads(res.output)["hits"][0]
    assert hit["explanation"]["text"] == "一种医用放射治疗装置" and hit["explanation"]["highlights"] == [
        [2, 4],
        [4, 8],
        [8, 10],
    ]
    human = CliRunner().invoke(
        get_app(),
        [
            "--home",
            str(search_home),
            "search",
            "medical radiotherapy device",
            "--mode",
            "semantic",
            "--limit",
            "2",
        ],
    )
    assert "why" in human.output and "一种医用放射治疗装置" in human.output
    from iprhub.web import create_app

    client = TestClient(create_app(shub))
    api = client.get(
        "/api/v1/search", params={"q": "medical radiotherapy device", "mode": "semantic", "limit": 2}
    )
    assert api.json()["hits"][0]["explanation"]["query_highlights"] == [[0, 7], [8, 20], [21, 27]]
    page = client.get("/search", params={"q": "medical radiotherapy device", "mode": "semantic"}).text
    assert "Why it matches" in page and "一种<mark>医用</mark><mark>放射治疗</mark><mark>装置</mark>" in page
    assert "CN115212463A" in numbers(
        shub.search.search("medical radiotherapy device", mode="semantic", limit=1)
    )


def test_sentences_and_words():
    assert sentences("A battery. It has a separator; and a case.") == [(0, 42)]
    assert sentences("A battery. It has a separator; and a case. Another sentence of its own.") == [
        (0, 30),
        (31, 71),
    ]
    text = "一种锂离子电池。其正极含有钴；负极为石墨。"
    assert [text[a:b] for a, b in sentences(text, min_len=0)] == [
        "一种锂离子电池。",
        "其正极含有钴；",
        "负极为石墨。",
    ]
    assert [w for w, _s, _e in words("リチウムイオン電池のリサイクル方法")] == [
        "リチウムイオン",
        "電池",
        "リサイクル",
        "方法",
    ]
    assert [w for w, _s, _e in words("Verfahren zum Recycling von Batterien")] == [
        "Verfahren",
        "Recycling",
        "Batterien",
    ]
    data = {
        "cl": [
            (
                "en",
                "1. A cell comprising an anode; and a cathode.\n2. The cell of claim 1, wherein it is round.",
            )
        ]
    }
    assert [(p.claim, p.text) for p in field_passages(data, "cl")] == [
        (1, "1. A cell comprising an anode; and a cathode."),
        (2, "2. The cell of claim 1, wherein it is round."),
    ]


def test_explanations_stop_at_the_time_limit_and_say_so(svc, monkeypatch):
    import time

    from iprhub.limits import Deadline

    deadline = Deadline.after(600)
    original = svc.explainer._explain_some

    def then_time_is_up(*args, **kwargs):  # the first three hits are explained, then the limit passes
        out = original(*args, **kwargs)
        object.__setattr__(deadline, "at", time.monotonic() - 1)
        return out

    monkeypatch.setattr(svc.explainer, "_explain_some", then_time_is_up)
    result = svc.search("medical radiotherapy device", mode="semantic", limit=10, deadline=deadline)
    assert [h.explanation is not None for h in result.hits] == [True] * 3 + [False] * 7
    assert (
        result.partial
        and "the time limit was reached while explaining the hits: 7 of 10" in result.warnings[0]
    )
