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


# names and variants ----------------------------------------------------------------------------
def _party(docs, role, script=CJK_RUN):
    """A stored document with a CJK name in ``role`` (the corpus has one Chinese applicant and inventor)."""
    for d in docs:
        for p in d.parties:
            if (p.role == role or (role == "applicant" and p.role in ("assignee", "owner"))) and script.search(p.name):
                return d, p.name
    raise AssertionError(f"no CJK {role} in the corpus")


@pytest.mark.parametrize("code, role", [("pa", "applicant"), ("in", "inventor")])
def test_cjk_names_are_found_by_the_whole_name_and_by_a_word(svc, docs, code, role):
    doc, name = _party(docs, role)
    expected = {d.pub_number for d in docs
                if any(p.name == name for p in d.parties if p.role in (role, "assignee", "owner"))}
    assert set(numbers(svc.search(f"{code}={name}", mode="bm25", limit=ALL, collapse=False))) == expected
    part = name[:2]  # 云南 of 云南中烟工业有限责任公司, 段焰 of 段焰青
    assert doc.pub_number in numbers(svc.search(f"{code}={part}", mode="bm25", limit=ALL))


def test_the_chinese_applicant_facet_round_trip(svc, docs):
    """Clicking an applicant facet (a Chinese name) narrows to that applicant's documents, not to nothing."""
    from iprhub.web.views import facet_query

    doc, name = _party(docs, "applicant")
    result = svc.search(f"pn={doc.pub_number}", mode="bm25", facets=True)
    values = next(f for f in result.facets if f.name == "applicant").values
    assert values, "the applicant facet is empty"
    narrowed = svc.search(facet_query(f"pn={doc.pub_number}", "applicant", values[0].value), mode="bm25")
    assert narrowed.total == values[0].count == 1
    assert numbers(narrowed) == [doc.pub_number]


def test_traditional_simplified_and_kanji_variants_fold(svc, docs):
    from iprhub.search.analysis import fold_variants

    assert fold_variants("電池") == fold_variants("电池") == "电池"
    assert fold_variants("圧力") == "压力"  # Japanese shinjitai -> simplified
    # the Japanese document with 電池 in its title is found by the simplified spelling too
    jp = [d for d in docs if "電池" in (d.title() or "")]
    assert jp
    simplified = set(numbers(svc.search("ti=电池", mode="bm25", limit=ALL, collapse=False)))
    traditional = set(numbers(svc.search("ti=電池", mode="bm25", limit=ALL, collapse=False)))
    assert simplified == traditional >= {d.pub_number for d in jp}


def test_full_width_letters_fold_to_ascii(svc):
    plain = numbers(svc.search("ti=battery", mode="bm25", limit=ALL, collapse=False))
    assert plain
    assert numbers(svc.search("ti=ｂａｔｔｅｒｙ", mode="bm25", limit=ALL, collapse=False)) == plain
