"""Bounded queries: abusive shapes are refused with their position, wildcards are cut to a bounded
set of index words, every search has a deadline, and a result cut short says so."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field

import orjson
import pytest
from typer.testing import CliRunner

from iprhub.cli.main import get_app
from iprhub.errors import InvalidInput, Timeout
from iprhub.limits import Deadline
from iprhub.search.query_language import parse_query
from iprhub.search.query_limits import MAX_COST, QueryLimits, query_cost
from iprhub.search.wildcards import glob_regex
from tests.search.conftest import numbers

STARS = " ".join(["*e*"] * 330)  # the operator's query: 1,319 characters, 12-13 s and 360 MB before
DEEP = "(" * 200 + "battery" + ")" * 200
FAR = "ti=(battery prox/distance<999999999999 cell)"
SLOW = " or ".join(f"*{a}{b}{c}*" for a, b, c in zip("aeiouaeiou", "ntrslmnrst", "eeeeaaaaii", strict=True))


def _refused(query: str, **limits) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        parse_query(query, QueryLimits(**limits)) if limits else parse_query(query)
    return info.value


# refused at parse time, with the position ------------------------------------------------------
def test_the_abusive_queries_are_refused_with_their_position():
    stars = _refused(STARS)
    assert stars.position == 0 and stars.message.startswith(
        "wildcard '*e*' needs at least 3 letters or digits besides * and ? at column 1")
    deep = _refused(DEEP)
    assert deep.position == 32 and deep.message.startswith("parentheses nested deeper than 32 levels at column 33")
    far = _refused(FAR)
    assert far.position == FAR.index("999") and far.message.startswith(
        "proximity distance 999999999999 is larger than the limit of 1000 words at column 27")


def test_bounds_are_inclusive_and_come_from_the_limits():
    assert parse_query("(" * 32 + "battery" + ")" * 32).render() == "txt=battery"
    assert parse_query("ti=(battery prox/distance<1000 cell)").root.distance == 1000  # type: ignore[union-attr]
    assert _refused("ti=(battery prox/distance<1001 cell)").position == 26
    assert _refused("((battery))", max_depth=1).position == 1
    many = " ".join(["battery"] * 201)
    assert _refused(many).position == 200 * 8 and "more than 200 terms" in _refused(many).message
    assert parse_query(" ".join(["battery"] * 200)).shape.clauses == 200
    eleven = " or ".join(["ti=batt*"] * 11)
    err = _refused(eleven)
    assert err.position == eleven.rindex("ti=batt*") and "more than 10 wildcard terms" in err.message
    assert _refused("ti=ab*").message.startswith("wildcard 'ab*' needs at least 3 letters")
    assert parse_query("ti=ab*", QueryLimits(wildcard_min_chars=2)).shape.wildcards == 1
    # a class symbol and everything below it is one term of the hierarchy, not a wildcard to expand
    assert parse_query("ipc=H*").render() == "ipc=H*"
    assert _refused("ipc=H0?").message.startswith("wildcard 'H0?' needs at least 3")


def test_query_cost_counts_the_expensive_shapes():
    assert query_cost(parse_query("ti=battery")) == 1
    assert query_cost(parse_query("lithium battery")) == 3  # free text: hybrid by default
    assert query_cost(parse_query("lithium battery"), mode="bm25") == 1
    assert query_cost(parse_query("ti=batter* or ab=*node"), facets=True) == 1 + 2 + 4 + 1
    assert query_cost(parse_query("ti=battery"), limit=100, facets=True) == 1 + 2 + 1
    assert query_cost(parse_query(" ".join(["battery"] * 200)), mode="bm25") == 21
    assert query_cost(parse_query(SLOW), limit=1000, facets=True) == MAX_COST


def test_glob_regex_is_linear_and_exact():
    assert glob_regex("*a*a*a*b").fullmatch("a" * 5000) is None  # 70 s with plain .* before
    # Espacenet's ? is zero or one character, # exactly one
    assert glob_regex("ba*er?").fullmatch("batters") and glob_regex("ba*er?").fullmatch("batter")
    assert glob_regex("ba*er#").fullmatch("batters") and not glob_regex("ba*er#").fullmatch("batter")
    assert not glob_regex("ba*er?").fullmatch("batterss")
    assert glob_regex("*ion").fullmatch("ion") and glob_regex("col?r").fullmatch("color")
    assert glob_regex("a*b*c").fullmatch("abbbcbc") and not glob_regex("a*b*c").fullmatch("acb")


# expansion against the index's words ------------------------------------------------------------
def test_wildcard_cut_to_its_most_frequent_words(svc, monkeypatch):
    full = svc.search("ab=com*", mode="bm25", limit=100)
    assert full.total == 96 and not full.partial
    monkeypatch.setattr(svc.settings, "search_wildcard_max_terms", 3)
    cut = svc.search("ab=com*", mode="bm25", limit=100)
    assert cut.partial and cut.warnings == [
        "wildcard 'com*' matches 51 words in the abstract; the 3 most frequent were searched"]
    # wildcards match the words as written (ab_w, not stemmed): the three most frequent abstract words
    # starting with "com" are comprises (24 documents), comprising (18), compound (9)
    t = svc.engine.t
    words = t.Query.boolean_query([(t.Occur.Should, t.Query.term_query(svc.lexical.schema, "ab_w", w))
                                   for w in ("comprises", "comprising", "compound")])
    assert cut.total == svc.lexical.searcher().search(words, count=True).count == 38
    assert set(numbers(cut)) <= set(numbers(full))


def test_wildcards_standing_for_too_many_words_are_refused(svc, monkeypatch):
    monkeypatch.setattr(svc.settings, "search_wildcard_max_total", 30)
    with pytest.raises(InvalidInput) as info:
        svc.search("ti=battery or txt=com*")
    assert info.value.position == 14 and info.value.message == (
        "the wildcards of this query stand for more than 30 words of the index; use longer stems "
        "(wildcard 'com*' at column 15)")


def test_abusive_queries_do_not_reach_the_index(svc):
    for query in (STARS, DEEP, FAR):
        with pytest.raises(InvalidInput):
            svc.search(query, facets=True)
    with pytest.raises(InvalidInput) as info:
        svc.similar(text="battery", filter=STARS)
    assert info.value.position == 0
    with pytest.raises(InvalidInput) as info:
        svc.similar(text="battery", before="2010 or ti=*e*")
    assert info.value.field == "before"


def test_every_search_reports_its_cost(svc):
    costs = []
    result = svc.search("ti=batter* or ab=anod*", facets=True, charge=costs.append)
    assert costs == [result.cost] == [6]


# deadlines -------------------------------------------------------------------------------------
@dataclass
class ScriptedDeadline:
    """A deadline that passes at a chosen point of the work: at the first check of ``stage``, or
    once ``expired()`` has answered ``expired_calls`` times (what partial results ask)."""

    stage: str | None = None
    expired_calls: int | None = None
    seconds: float = 5.0
    at: float = 0.0
    checked: list[str] = field(default_factory=list)

    def check(self, stage: str) -> None:
        self.checked.append(stage)
        if stage == self.stage or (self.expired_calls is not None and self.expired_calls <= 0):
            raise Timeout(f"time limit of {self.seconds:g} s reached during {stage}", stage=stage)

    def expired(self) -> bool:
        if self.expired_calls is None:
            return False
        self.expired_calls -= 1
        return self.expired_calls < 0

    def remaining(self) -> float:
        return self.seconds

    def sooner(self, seconds: float) -> ScriptedDeadline:
        return self


@pytest.mark.parametrize("stage, query", [("parse", "ti=battery"), ("wildcard expansion", "ti=batter*"),
                                          ("candidate scoring", "ti=battery")])
def test_timeout_names_the_stage(svc, stage, query):
    with pytest.raises(Timeout) as info:
        svc.search(query, deadline=ScriptedDeadline(stage=stage))  # type: ignore[arg-type]
    assert info.value.stage == stage and info.value.message == f"time limit of 5 s reached during {stage}"
    assert info.value.http_status == 504 and info.value.exit_code == 6


def test_the_stages_are_checked_in_order(svc):
    deadline = ScriptedDeadline()
    svc.search("ti=batter* and ab=cell", deadline=deadline, facets=True)  # type: ignore[arg-type]
    stages = list(dict.fromkeys(deadline.checked))
    assert stages == ["parse", "wildcard expansion", "candidate scoring"]


def test_facets_cut_when_time_runs_out_after_the_hits(svc):
    full = svc.search("ti=battery", limit=3, facets=True)
    late = svc.search("ti=battery", limit=3, facets=True, deadline=ScriptedDeadline(expired_calls=3))  # type: ignore[arg-type]
    assert late.partial and late.facets == [] and numbers(late) == numbers(full)
    assert late.warnings == ["facets left out: the time limit was reached before they were counted"]
    assert [h.snippets for h in late.hits] == [h.snippets for h in full.hits] and full.hits[0].snippets
    assert not full.partial and full.facets


def test_snippets_cut_when_time_runs_out_while_cutting_them(svc):
    late = svc.search("ti=battery", limit=3, deadline=ScriptedDeadline(expired_calls=1))  # type: ignore[arg-type]
    assert late.partial and len(late.hits) == 3
    assert late.hits[0].snippets and not late.hits[1].snippets and not late.hits[2].snippets
    assert late.warnings == ["the time limit was reached while cutting snippets: 2 of 3 hits are shown without them"]


def test_a_slow_query_with_a_tiny_time_limit_times_out(svc):
    with pytest.raises(Timeout) as info:
        svc.search(SLOW, mode="bm25", facets=True, deadline=Deadline.after(0.001))
    assert info.value.stage in ("parse", "wildcard expansion")
    assert re.fullmatch(r"time limit of 0\.001 s reached during (parse|wildcard expansion)", info.value.message)
    # the same query within the default limit: ten wildcards that lead, each over four text fields
    result = svc.search(SLOW, mode="bm25", facets=True)
    assert result.total > 0 and not result.partial and result.cost == MAX_COST


# the command line ------------------------------------------------------------------------------
runner = CliRunner()


def _cli(home, *args):
    return runner.invoke(get_app(), ["--home", str(home), *args])


@pytest.mark.parametrize("query, position", [(STARS, 0), (DEEP, 32), (FAR, 26)])
def test_cli_refuses_abusive_queries_with_exit_code_2(shub, search_home, query, position):
    res = _cli(search_home, "search", query, "--json")
    assert res.exit_code == 2 and "Traceback" not in res.output
    err = orjson.loads(res.output)["error"]
    assert err["code"] == "invalid_input" and err["position"] == position
    human = _cli(search_home, "search", query)
    assert human.exit_code == 2 and "Traceback" not in human.output and "error:" in human.output


def test_cli_time_limit_exit_code_6(shub, search_home):
    res = _cli(search_home, "search", SLOW, "--mode", "bm25", "--time-limit", "0.001", "--json")
    assert res.exit_code == 6 and "Traceback" not in res.output
    err = orjson.loads(res.output)["error"]
    assert err["code"] == "timeout" and err["stage"] in ("parse", "wildcard expansion")


def test_cursors_stop_at_the_paging_window(svc):
    from iprhub.search.ranking import MAX_OFFSET, decode_cursor, encode_cursor

    assert decode_cursor(encode_cursor(MAX_OFFSET - 1, "bm25"), "bm25") == MAX_OFFSET - 1
    huge = base64.urlsafe_b64encode(b'{"o":1000000000000000000000000000000,"m":"bm25"}').decode()
    for cursor in (encode_cursor(MAX_OFFSET, "bm25"), huge):  # the huge offset overflowed tantivy's before
        with pytest.raises(InvalidInput) as info:
            svc.search("ti=battery", cursor=cursor)
        assert info.value.field == "cursor"


# the bad inputs ----------------------------------------------------------------------------
def test_ten_thousand_terms_are_refused_or_cut(svc):
    words = " ".join(f"w{i}x" for i in range(10_000))
    err = _refused(words)
    assert err.position == 4000 and err.message == "query longer than 4000 characters"
    with pytest.raises(InvalidInput) as info:
        svc.search(words)
    assert info.value.position == 4000
    # as plain text (a claim pasted as the query) the first 300 distinct words are searched
    from iprhub.search.service import plain_query

    assert len(plain_query(words).root.items) == 300  # type: ignore[union-attr]
    assert svc.search(" ".join(["battery"] * 10_000), plain=True, mode="bm25").total > 0


def test_a_leading_and_inner_wildcard_answers_within_its_bounds(svc, monkeypatch):
    monkeypatch.setattr(svc.settings, "search_wildcard_max_terms", 5)
    result = svc.search("ab=*a*b*c*", mode="bm25", limit=10)
    words = [w for w, _n in svc.lexical.searcher().terms_with_prefix("ab_w", "") if re.fullmatch(r".*a.*b.*c.*", w)]
    assert words  # abstract words with a, b and c in that order
    if len(words) > 5:
        assert result.partial and result.warnings[0].startswith(f"wildcard '*a*b*c*' matches {len(words)} words")
    assert result.total > 0


def test_a_proximity_checked_on_too_many_documents_says_so(svc, monkeypatch):
    from iprhub.search import proximity

    full = svc.search("ftxt=(method prox/ordered device)", mode="bm25", limit=1000, collapse=False)
    assert full.total > 3 and not full.partial
    monkeypatch.setattr(proximity, "MAX_CANDIDATES", 3)
    cut = svc.search("ftxt=(method prox/ordered device)", mode="bm25", limit=1000, collapse=False)
    assert cut.partial and "checked in the 3 best matching" in cut.warnings[0]
    assert cut.total <= 3 and set(numbers(cut)) <= set(numbers(full))
