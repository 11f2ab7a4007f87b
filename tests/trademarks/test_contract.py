"""The interface the watch capability builds on: hub.trademarks.compare / search / summary."""

from __future__ import annotations

import pytest

from iprhub.errors import InvalidInput, NotFound
from iprhub.trademarks.models import MarkComparison, MarkSearchResult, MarkSummary
from tests.conftest import data_path

KIPRIS = "trademark/kipris_xml/neojune__TradeMarkInfo_applicant120080091393.xml.gz"


@pytest.fixture
def kr_hub(hub):
    hub.ingest([data_path(KIPRIS)])
    return hub


def test_search_and_summary_on_both_backends(kr_hub):
    # 78 marks of Dong-Eui University; titles counted with zcat | grep: SHOE PLACE x4, shoeplace x1,
    # SHOE PLACE BUSAN x2 (prefix); Hanttre x3 and 한뜨레 x3 (the same mark in Hangul)
    assert kr_hub.trademarks.search(owner="동의대학교").total == 78
    found = kr_hub.trademarks.search("Shoe Place")
    assert isinstance(found, MarkSearchResult) and found.total == 7
    assert [h.mark.mark for h in found.hits][4:] == ["shoeplace", "SHOE PLACE BUSAN", "SHOE PLACE BUSAN"]
    top = found.hits[0].mark
    assert isinstance(top, MarkSummary) and top.office == "KR" and top.mark == "SHOE PLACE"
    similar = kr_hub.trademarks.search("Hanttre", similar=True)
    assert sorted(h.mark.mark for h in similar.hits) == ["Hanttre"] * 3 + ["한뜨레"] * 3
    assert all(h.comparison is not None for h in similar.hits)
    assert kr_hub.trademarks.summary(top.number) == top
    with pytest.raises(NotFound):
        kr_hub.trademarks.summary("KR/4099999999999")


def test_compare_contract(hub):
    c = hub.trademarks.compare("QIAODAN", "乔丹", classes_a=[25], classes_b=[25])
    assert isinstance(c, MarkComparison) and c.tier == "high"
    assert {r.signal for r in c.reasons} >= {"phonetic", "goods"}
    with pytest.raises(InvalidInput):
        hub.trademarks.compare("", "APPLE")
    with pytest.raises(InvalidInput):
        hub.trademarks.compare("APPLE", "APPLE", classes_a=[46])


def test_search_bad_input(kr_hub):
    for text in ("", "  ", "®!!"):
        with pytest.raises(InvalidInput) as err:
            kr_hub.trademarks.search(text)
        assert err.value.field in ("text", "mark")
    with pytest.raises(InvalidInput) as err:
        kr_hub.trademarks.search("hooga", classes=[0])
    assert err.value.field == "classes"
    with pytest.raises(InvalidInput) as err:
        kr_hub.trademarks.search("hooga", offices=["KOR"])
    assert err.value.field == "offices" and "KOR" in err.value.message
    with pytest.raises(InvalidInput):
        kr_hub.trademarks.search("hooga", limit=0)
    # a known office without marks in the store is no error: nothing is found
    assert kr_hub.trademarks.search("hooga", offices=["VN"]).total == 0
    # a misspelt filter keyword is an error naming it, never a filter silently dropped
    with pytest.raises(InvalidInput) as err:
        kr_hub.trademarks.search("hooga", office=["KR"])
    assert err.value.field == "office"


def test_filter_model_and_keywords_agree(kr_hub):
    from iprhub.trademarks.filters import MarkFilter

    where = MarkFilter.of(fields={"owner": "동의대학교", "classes": [41]})
    by_model = kr_hub.trademarks.search(None, where, limit=1000)
    by_keywords = kr_hub.trademarks.search(owner="동의대학교", classes=[41], limit=1000)
    assert by_model.total == by_keywords.total
    assert [h.mark.number for h in by_model.hits] == [h.mark.number for h in by_keywords.hits]
    assert 0 < by_model.total < 78  # the class narrows the owner's 78 marks
    assert all(41 in h.mark.classes for h in by_model.hits)


def test_index_follows_the_store(kr_hub):
    assert kr_hub.trademarks.search("FRESCA").total == 0
    kr_hub.ingest([data_path("trademark/kipris_json/markcloud__trademark_sample.json.gz")])
    found = kr_hub.trademarks.search("FRESCA")
    # KIPRIS JSON record 1: 프레스카 FRESCA, application 4019950043843
    assert found.hits[0].mark.number == "KR/4019950043843" and found.hits[0].mark.mark == "프레스카 FRESCA"
    assert kr_hub.trademarks.search(owner="동의대학교").total == 78
