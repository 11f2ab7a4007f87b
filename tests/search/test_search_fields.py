"""Every field code and operator on the real corpus, checked against the stored documents."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from iprhub.errors import InvalidInput
from iprhub.search.lexical_index import earliest_priority, family_key
from tests.search.conftest import numbers

ALL = 1000


def _words(text: str | None) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text or "")}


def _doc_with_title_word(docs, min_len=7):
    """A document and a title word of it that no other document's title contains (exact word)."""
    counts = Counter(w for d in docs for w in _words(d.title()))
    for d in docs:
        for w in sorted(_words(d.title())):
            if len(w) >= min_len and counts[w] == 1 and d.country == "US":
                return d, w
    raise AssertionError("no distinctive title word")


def test_title_term_finds_the_document_and_not_removes_it(svc, docs):
    doc, word = _doc_with_title_word(docs)
    hits = numbers(svc.search(f"ti={word}", limit=ALL))
    assert doc.pub_number in hits
    kind = (doc.kind or "")
    removed = numbers(svc.search(f"ti={word} not pn={doc.country}{doc.doc_number}{kind}", limit=ALL))
    assert doc.pub_number not in removed


def test_abstract_claims_description_and_full_text(svc, docs):
    d = next(x for x in docs if x.abstract() and x.claims and x.descriptions and x.country == "US")
    for code, text in (("ab", d.abstract()), ("claims", d.claims[0].claims[0].text), ("desc", d.descriptions[0].text)):
        word = max(_words(text), key=len)
        assert d.pub_number in numbers(svc.search(f"{code}={word}", limit=ALL)), (code, word)
        assert d.pub_number in numbers(svc.search(f"ftxt={word}", limit=ALL)), word  # Espacenet: txt is ti ab in pa


def test_title_hits_contain_the_stem(svc, docs):
    result = svc.search("ti=batteries", limit=ALL)
    assert result.total >= 1
    for hit in result.hits:
        assert "batter" in (hit.title or "").lower()


def test_phrase_matches_adjacent_words_only(svc):
    hits = svc.search('ti="semiconductor device"', limit=ALL).hits
    assert hits and all("semiconductor device" in (h.title or "").lower() for h in hits)
    assert not svc.search('ti="device semiconductor"', limit=ALL).hits


def test_wildcards(svc):
    star = svc.search("ti=semiconduct*", limit=ALL).hits
    assert star and all("semiconduct" in (h.title or "").lower() for h in star)
    q = svc.search("ti=colo?r", limit=ALL).hits
    assert all(re.search(r"colo.?r", (h.title or "").lower()) for h in q)  # ? is zero or one character


def test_proximity(svc, docs):
    d = next(x for x in docs if x.title() and len(_words(x.title())) >= 4 and x.country == "US")
    words = re.findall(r"[A-Za-z]{4,}", d.title() or "")
    first, last = words[0], words[-1]
    gap = len(re.findall(r"\S+", d.title() or ""))
    assert d.pub_number in numbers(svc.search(f"ti=({first} prox/distance<{gap} {last})", limit=ALL))
    assert d.pub_number not in numbers(svc.search(f"ti=({first} prox/distance<{gap} {last}) and ti=({first} "
                                                  f"prox/distance<{gap} {last}) not ti={first}", limit=ALL))


def test_boolean_algebra(svc):
    a = set(numbers(svc.search("txt=battery", limit=ALL, collapse=False)))
    b = set(numbers(svc.search("txt=electrode", limit=ALL, collapse=False)))
    assert a and b
    assert set(numbers(svc.search("txt=battery or txt=electrode", limit=ALL, collapse=False))) == a | b
    assert set(numbers(svc.search("txt=battery and txt=electrode", limit=ALL, collapse=False))) == a & b
    assert set(numbers(svc.search("txt=battery not txt=electrode", limit=ALL, collapse=False))) == a - b
    assert set(numbers(svc.search("(txt=battery or txt=electrode) not txt=battery", limit=ALL,
                                  collapse=False))) == b - a


def test_applicant_and_inventor(svc, docs):
    d = next(x for x in docs if x.parties_by_role("inventor") and x.parties_by_role("assignee"))
    applicant = d.parties_by_role("assignee")[0].name
    inventor = d.parties_by_role("inventor")[0].name
    assert d.pub_number in numbers(svc.search(f'pa="{applicant}"', limit=ALL))
    assert d.pub_number in numbers(svc.search(f'in="{inventor}"', limit=ALL))
    surname = inventor.split(",")[0].split()[-1] if "," not in inventor else inventor.split(",")[0]
    assert d.pub_number in numbers(svc.search(f"ia={surname}", limit=ALL))


def test_numbers_in_every_spelling(svc, docs):
    d = next(x for x in docs if x.country == "US" and x.kind == "B2" and x.priorities)
    for spelling in (d.pub_number, f"{d.country}{d.doc_number}", d.doc_number):
        assert numbers(svc.search(f"pn={spelling}"))[:1] == [d.pub_number], spelling
    assert d.pub_number in numbers(svc.search(f"ap={d.app_number}", limit=ALL))
    p = d.priorities[0]
    assert d.pub_number in numbers(svc.search(f'pr="{p.country}{p.number}"', limit=ALL))
    free = svc.search(d.pub_number)
    assert numbers(free)[:1] == [d.pub_number]
    assert free.interpretation.parts[0].how == "number"


def test_dates_equal_store_counts(svc, docs):
    def count(pred):
        return sum(1 for x in docs if x.pub_date and pred(x.pub_date.year))

    assert svc.search('pd within "2005 2006"', collapse=False).total == count(lambda y: 2005 <= y <= 2006)
    assert svc.search("pd>=2012", collapse=False).total == count(lambda y: y >= 2012)
    assert svc.search("pd<2005", collapse=False).total == count(lambda y: y < 2005)
    free = svc.search("2006", mode="bm25", collapse=False)
    assert free.total == count(lambda y: y == 2006)
    assert free.interpretation.parts[0].how == "range"


def test_classification_prefix_and_exact(svc, docs):
    def count(scheme, pred):
        return sum(1 for x in docs if any(c.scheme == scheme and pred(c.symbol.replace(" ", ""))
                                          for c in x.classifications))

    assert svc.search("ipc=H01M", collapse=False).total == count("IPC", lambda s: s.startswith("H01M"))
    assert svc.search("ipc=H01M*", collapse=False).total == count("IPC", lambda s: s.startswith("H01M"))
    sym = next(c.symbol for x in docs for c in x.classifications if c.scheme == "IPC" and "/" in c.symbol)
    compact = sym.replace(" ", "")
    assert svc.search(f"ipc={compact}", collapse=False).total == count("IPC", lambda s: s == compact)
    main = compact.split("/")[0]
    assert svc.search(f"ipc={main}/00/low", collapse=False).total == count(
        "IPC", lambda s: s.split("/")[0] == main)
    cpc = next(c.symbol for x in docs for c in x.classifications if c.scheme == "CPC")
    assert svc.search(f"cpc={cpc[:4]}", collapse=False).total == count("CPC", lambda s: s.startswith(cpc[:4]))


def test_country_kind_language(svc, docs):
    for ctry in ("US", "EP", "CN", "JP"):
        assert svc.search(f"ctry={ctry}", collapse=False).total == sum(1 for x in docs if x.country == ctry), ctry
    assert svc.search("ctry=ep and kind=b1", collapse=False).total == sum(
        1 for x in docs if x.country == "EP" and x.kind == "B1")
    assert svc.search("lang=zh", collapse=False).total == sum(1 for x in docs if x.lang == "zh")


def test_facets_count_right(svc, docs):
    result = svc.search("pd>=2000", facets=True, limit=1, collapse=False)
    matching = [x for x in docs if x.pub_date and x.pub_date.year >= 2000]
    facets = {f.name: {v.value: v.count for v in f.values} for f in result.facets}
    assert facets["country"] == dict(Counter(x.country for x in matching))
    assert facets["year"] == {str(k): v for k, v in Counter(x.pub_date.year for x in matching).items()}
    kinds = Counter(x.kind for x in matching if x.kind)
    assert facets["kind"] == dict(kinds.most_common(20))
    subclasses = Counter(s for x in matching for s in {c.symbol.replace(" ", "")[:4] for c in x.classifications
                                                       if c.scheme in ("IPC", "CPC") and len(c.symbol) >= 4})
    for value, n in facets["ipc"].items():
        assert subclasses[value] == n


@pytest.mark.parametrize("mode", ["hybrid", "semantic"])
@pytest.mark.parametrize("query", ["ftxt=lithium and ftxt=battery and pd>=2000", "lithium battery electrode"])
def test_ranked_modes_count_the_documents_that_match(svc, docs, mode, query):
    """In semantic and hybrid mode `total` says how many documents match the words (as bm25 mode does), not
    how long the fused candidate list is, and the facets count those documents."""
    result = svc.search(query, mode=mode, facets=True, limit=1000, collapse=False, snippets=False)
    lexical = svc.search(query, mode="bm25", facets=True, limit=1000, collapse=False, snippets=False)
    assert 0 < result.total == lexical.total == len(lexical.hits)
    assert result.facets == lexical.facets
    by_number = {d.pub_number: d for d in docs}
    matching = [by_number[h.pub_number] for h in lexical.hits]
    countries = next(f for f in result.facets if f.name == "country")
    assert {v.value: v.count for v in countries.values} == dict(Counter(d.country for d in matching))
    assert any("documents match the words" in n for n in result.interpretation.notes)


def test_sort_by_date(svc):
    dates = [h.pub_date for h in svc.search("ctry=US", sort="date", limit=50).hits]
    assert dates == sorted(dates, reverse=True)
    asc = [h.pub_date for h in svc.search("ctry=US", sort="date-asc", limit=50).hits]
    assert asc == sorted(asc)


def test_cursor_pages_cover_every_hit_once(svc):
    full = numbers(svc.search("ctry=US", limit=ALL))
    seen: list[str] = []
    cursor = None
    while True:
        page = svc.search("ctry=US", limit=7, cursor=cursor)
        seen.extend(numbers(page))
        cursor = page.cursor
        if cursor is None:
            break
    assert seen == full
    with pytest.raises(InvalidInput):
        svc.search("ctry=US", cursor="not-a-cursor")


def test_one_hit_per_family_unless_expanded(svc, docs):
    families = Counter(family_key(x) for x in docs)
    multi = {k for k, n in families.items() if n > 1}
    assert multi, "the corpus has documents of one family"
    collapsed = svc.search("pd>=1900", limit=ALL)
    expanded = svc.search("pd>=1900", limit=ALL, collapse=False)
    assert len(collapsed.hits) == len(families)
    assert len(expanded.hits) == len(docs)
    member_hits = [h for h in collapsed.hits if h.family in multi]
    assert member_hits and all(h.family_members for h in member_hits)


def test_interpretation_of_free_text(svc):
    r = svc.search("battery H01M 2006")
    assert r.interpretation.natural and r.interpretation.mode == "hybrid"
    hows = [(p.text, p.how) for p in r.interpretation.parts]
    assert ("battery", "term") in hows and ("H01M", "class") in hows
    assert r.interpretation.normalized == 'nftxt=battery cl=H01M pd within "20060101 20061231"'


def test_malformed_query_error_has_position(svc):
    with pytest.raises(InvalidInput) as err:
        svc.search("ti=(battery or anode")
    assert err.value.position == 3


def test_snippets_are_highlighted(svc):
    hit = svc.search("ab=battery").hits[0]
    marked = [s for s in hit.snippets if s.highlights]
    assert marked
    for s in marked:
        for start, end in s.highlights:
            assert s.text[start:end].lower().startswith("batter")


def test_prior_art_dates_are_indexed(svc, docs):
    d = next(x for x in docs if x.priorities and earliest_priority(x))
    prio = earliest_priority(d).strftime("%Y%m%d")  # type: ignore[union-attr]
    assert d.pub_number in numbers(svc.search(f"prd={prio} and pn={d.pub_number}"))


@pytest.mark.parametrize("word", ["battery", "electrolyte", "sensor"])
def test_a_word_scores_by_its_best_field(svc, word):
    """txt= takes the best of the boosted field scores (dis-max), not their sum: a document with a
    description does not collect a fourth score per word over one that has only title, abstract, claims."""
    hits = svc.search(f"txt={word}", mode="bm25", limit=5, collapse=False, snippets=False).hits
    assert hits
    boosts = {"ti": 3.0, "ab": 2.0, "cl": 1.5, "desc": 1.0}
    for hit in hits:
        per_field = []
        only = svc.search(f"pn={hit.pub_number}", mode="bm25", limit=1, collapse=False, snippets=False).hits
        for fld, boost in boosts.items():  # the field's own score: (field and number) minus (number)
            one = svc.search(f"{fld}={word} and pn={hit.pub_number}", mode="bm25", limit=1, collapse=False,
                             snippets=False).hits
            per_field.append(boost * (one[0].score - only[0].score) if one else 0.0)
        assert sum(s > 0 for s in per_field) >= 1
        assert hit.score == pytest.approx(max(per_field), rel=1e-4)
        if sum(s > 0 for s in per_field) > 1:
            assert hit.score < sum(per_field)


def test_stop_words_neither_match_nor_highlight(svc):
    """A natural sentence with and/the/of: a BM25 result (not an empty AND of every word) whose
    highlights are the content words only."""
    result = svc.search("the methods of making a battery and the electrodes", mode="bm25", limit=20)
    assert result.interpretation.natural and result.total > 0
    for hit in result.hits:
        for s in hit.snippets:
            marked = {s.text[a:b].lower() for a, b in s.highlights}
            assert not marked & {"the", "of", "a", "and"}, marked
