"""Chinese and Japanese documents are found by one- and two-character terms, with highlights."""

from __future__ import annotations

import pytest

from iprhub.search.analysis import CJK_RUN
from tests.search.conftest import numbers

ALL = 1000


def _cjk_docs(docs, lang):
    return [d for d in docs if d.lang == lang and d.title() and CJK_RUN.search(d.title() or "")]


@pytest.mark.parametrize("lang", ["zh", "ja"])
def test_one_and_two_character_terms(svc, docs, lang):
    cjk = _cjk_docs(docs, lang)
    assert cjk, f"no {lang} documents in the corpus"
    for d in cjk:
        run = max(CJK_RUN.findall(d.title() or ""), key=len)
        one, two = run[-1], run[-2:]
        for term in (one, two):
            result = svc.search(f"ti={term}", limit=ALL)
            assert d.pub_number in numbers(result), (d.pub_number, term)
            for hit in result.hits:  # every hit really has the characters in its title
                assert term in (hit.title or "") or any(term in s.text for s in hit.snippets if s.field == "ti")
            snip = next(s for s in result.hits[numbers(result).index(d.pub_number)].snippets if s.field == "ti")
            assert any(snip.text[a:b] == term for a, b in snip.highlights)


def test_chinese_phrase_is_exact(svc, docs):
    d = next(x for x in _cjk_docs(docs, "zh") if len(max(CJK_RUN.findall(x.title() or ""), key=len)) >= 4)
    run = max(CJK_RUN.findall(d.title() or ""), key=len)
    assert d.pub_number in numbers(svc.search(f"ti={run[:4]}", limit=ALL))
    reversed_term = run[:4][::-1]
    hits = svc.search(f"ti={reversed_term}", limit=ALL).hits
    assert all(reversed_term in (h.title or "") for h in hits)


def test_chinese_full_text_and_snippet(svc, docs):
    d = next(x for x in docs if x.lang == "zh" and x.abstract())
    run = max(CJK_RUN.findall(d.abstract() or ""), key=len)
    term = run[:2]
    result = svc.search(term, mode="bm25", limit=ALL)
    assert d.pub_number in numbers(result)
    hit = result.hits[numbers(result).index(d.pub_number)]
    assert any(s.text[a:b] == term for s in hit.snippets for a, b in s.highlights)
    assert hit.title == d.title()
