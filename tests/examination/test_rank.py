"""`rank` on the PANORAMA PI4PC items (claim + examiner-cited document + the paragraph the examiner relied
on), on stored documents and on PANORAMA-style JSON candidates."""

from __future__ import annotations

import pytest

from iprhub.errors import InvalidInput, NotFound
from tests.conftest import DATA
from tests.examination.conftest import PANORAMA, make_hub

PI4PC = PANORAMA / "benchmark" / "pi4pc"


@pytest.fixture(scope="module")
def rank_hub(tmp_path_factory):
    home = tmp_path_factory.mktemp("rank")
    hub = make_hub(f"sqlite:///{home}/r.db", home, ["uspto/grant_xml_v4x/PatentsView-DB__ipg050104.small.xml.gz"])
    yield hub
    hub.close()


def test_pi4pc_examiner_paragraph_in_top3(rank_hub):
    [summary, per_item] = rank_hub.eval_tasks()["pi4pc-rank"](rank_hub, DATA, lambda _: None)
    whole, options, bm25, cosine = summary.rows
    assert whole[1] == 10 and whole[3] >= 7  # the bar: 7 of 10 in the top 3
    assert (whole[2], whole[3]) == (2, 7) and (options[2], options[3]) == (8, 10)
    assert (bm25[2], bm25[3]) == (1, 5) and (cosine[2], cosine[3]) == (0, 2)  # each alone, same run
    ranks = {row[0].split("_")[3]: row[4] for row in per_item.rows}
    assert ranks["cl2"] == 1 and ranks["cl8"] == 1


def test_rank_candidate_file_points_at_passages(rank_hub):
    item = PI4PC / "pi4pc_r00001_15091542_cl2_20050025220_9.json.gz"
    claim = ("A computer-implemented method comprising: associating a first communication subchannel with a first "
             "bandwidth region; applying a bandpass filter to the first dataset")
    r = rank_hub.examination.rank(claim=claim, candidate_files=[item], top=3)
    [cand] = r.candidates
    assert cand.candidate == "US20050025220" and len(cand.passages) == 3
    assert [e.element for e in cand.elements] == [1, 2, 3] and all(e.passage for e in cand.elements)


def test_rank_stored_documents(rank_hub):
    r = rank_hub.examination.rank(claim_of="US6837220B2:2", candidates=["US6837220B2", "US6837520B2"])
    assert [c.candidate for c in r.candidates] == ["US6837220B2", "US6837520B2"]  # its own patent first
    assert "plurality of cylinders" in r.claim and "fuel pressure adjustor" in r.claim  # claim 2 with claim 1


def test_rank_bad_input(rank_hub, tmp_path):
    with pytest.raises(InvalidInput):
        rank_hub.examination.rank(claim="x", claim_of="US6837220B2:1", candidates=["US6837220B2"])
    with pytest.raises(InvalidInput):
        rank_hub.examination.rank(claim_of="US6837220B2", candidates=["US6837220B2"])
    with pytest.raises(InvalidInput):
        rank_hub.examination.rank(claim_of="US6837220B2:99", candidates=["US6837220B2"])
    with pytest.raises(NotFound):
        rank_hub.examination.rank(claim="a claim", candidates=["US1234567B9"])
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(InvalidInput) as exc:
        rank_hub.examination.rank(claim="a claim", candidate_files=[bad])
    assert exc.value.file == str(bad)
