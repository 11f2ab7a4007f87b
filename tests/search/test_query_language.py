"""The query language: every operator parses to the expected reading; errors point at the position."""

from __future__ import annotations

import pytest

from iprhub.errors import InvalidInput
from iprhub.search.query_language import Bool, Prox, Range, Term, parse_query, read_free_word


@pytest.mark.parametrize("query, rendered", [
    ("ti=battery", "ti=battery"),
    ('ti="lithium battery"', 'ti="lithium battery"'),
    ("ti all \"green energy\"", "ti=green and ti=energy"),
    ("ti any \"green energy\"", "ti=green or ti=energy"),
    ("ab=anode and cl=cathode", "ab=anode and cl=cathode"),
    ("desc=laser or txt=optic*", "desc=laser or txt=optic*"),
    ("pa=sony not in=smith", "pa=sony not in=smith"),
    ("ti=(lithium or sodium) and battery", "(ti=lithium or ti=sodium) and txt=battery"),
    ('pd within "2010 2015"', 'pd within "20100101 20151231"'),
    ("pd>=2012", "pd>=20120101"),
    ("pd<201203", "pd<20120301"),
    ("pd=20150302", 'pd within "20150302 20150302"'),
    ("ipc=H01M10/0525", "ipc=H01M10/0525"),
    ("cpc=H01M10/05/low", "cpc=H01M10/05/low"),
    ("ctry=CN and kind=A", "ctry=CN and kind=A"),
    ("pn=US7123456B2 or ap=US12140058 or pr=JP2004123456", "pn=US7123456B2 or ap=US12140058 or pr=JP2004123456"),
    ("wind prox/distance<3 turbine", "txt=(wind prox/distance<3 turbine)"),
    ("ti=colo?r", "ti=colo?r"),
    ("not ti=laser", "not ti=laser"),
])
def test_operators_render(query, rendered):
    assert parse_query(query).render() == rendered
    assert not parse_query(query).natural


def test_free_text_is_read_smartly():
    q = parse_query("lithium anode H01M10/0525 US7123456 2015")
    assert q.natural
    items = q.root.items  # type: ignore[union-attr]
    assert isinstance(q.root, Bool) and q.root.op == "natural"
    # natural language (two text words): words in all text and names, Espacenet's guesses for the rest
    assert [(i.field, i.source) for i in items if isinstance(i, Term)] == [
        ("nftxt", "text"), ("nftxt", "text"), ("cl", "class"), ("num", "number")]
    assert any(isinstance(i, Range) and i.low == 20150101 and i.high == 20151231 for i in items)
    assert read_free_word("EP1234567A1") == ("num", "number")
    assert read_free_word("battery") == ("txt", "text")


def test_prox_options():
    node = parse_query("ti=(wind prox/distance<2/ordered turbine)").root
    assert isinstance(node, Prox) and node.ordered and node.distance == 2 and node.field == "ti"


@pytest.mark.parametrize("query, position", [
    ("ti=(a or b", 3),
    ("ti=", 3),
    ("a and", 5),
    ("xx=foo", 0),
    ("pd=20151340", 3),
    ('ti="abc', 3),
    ("a ) b", 2),
    ('pd within "2015"', 10),
    ("ti>2010", 2),
    ("and battery", 0),
    ("()", 0),
])
def test_malformed_queries_point_at_the_position(query, position):
    with pytest.raises(InvalidInput) as err:
        parse_query(query)
    assert err.value.position == position
    assert f"column {position + 1}" in err.value.message


def test_empty_query_is_invalid():
    with pytest.raises(InvalidInput):
        parse_query("   ")


@pytest.mark.parametrize("query, words", [
    ("methods of recycling plastics and their products", ["methods", "recycling", "plastics", "products"]),
    ("wireless communication between a terminal and a base station",
     ["wireless", "communication", "terminal", "base", "station"]),
    ("a battery or a capacitor that is not flammable", ["battery", "capacitor", "flammable"]),
])
def test_natural_sentences_with_and_or_not_stay_natural(query, words):
    """and/or/not in a sentence with other stop words are words, not operators; stop words are dropped."""
    q = parse_query(query)
    assert q.natural and isinstance(q.root, Bool) and q.root.op == "natural"
    assert [t.text for t in q.root.items] == words  # type: ignore[union-attr]


@pytest.mark.parametrize("query", ["car OR automobile OR vehicle", "nail NOT finger", "battery and anode",
                                   "(mouse OR rat) AND trap"])
def test_boolean_queries_stay_boolean(query):
    assert not parse_query(query).natural
