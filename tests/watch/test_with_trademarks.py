"""The same watch and squatting scenarios through the trademarks capability's engine (hub.trademarks),
as loaded by default: the engine's answers are used, the expected hits are still found, none twice."""

from __future__ import annotations

import pytest

from tests.watch.conftest import BATCH1, BATCH2, CAPS, paths
from tests.watch.squatter import write_squatter_file

pytest.importorskip("iprhub.trademarks")

ENGINE_CAPS = [*CAPS[:-1], "iprhub.trademarks", "iprhub.watch"]
DONGEUI = "동의대학교 산학협력단"


@pytest.fixture
def engine_hub(tmp_path):
    from iprhub.hub import Hub
    from iprhub.settings import Settings

    h = Hub(Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path}/iprhub.db", workers=1,
                     capabilities=ENGINE_CAPS, search_index_on_ingest=False))
    yield h
    h.close()


def test_watch_run_through_the_engine(engine_hub, tmp_path):
    hub = engine_hub
    hub.ingest(paths(BATCH1))
    w_hantre = hub.watch.add("mark", "HANTRE", classes="25,35", countries="KR")
    w_python = hub.watch.add("mark", "PYTHON", classes="9", countries="US")
    w_ultra = hub.watch.add("mark", "ULTRABOOK", countries="US")
    w_snu = hub.watch.add("mark", "SNU", countries="KR")
    w_query = hub.watch.add("query", "botadent", countries="KR")
    run = hub.ingest(paths(BATCH2)).after_ingest["watch"]
    alerts = hub.watch.alerts(limit=1000)
    by_watch: dict[int, set[str]] = {}
    for a in alerts:
        by_watch.setdefault(a.watch_id, set()).add(a.record_key)
    assert run["alerts"] == len(alerts)
    assert by_watch[w_hantre.id] >= {"KR/4120110035697", "KR/4020110062806"}
    assert by_watch[w_python.id] == {"US/76044902"}
    assert "KR/4020190036877" in by_watch[w_query.id]
    assert w_ultra.id not in by_watch and w_snu.id not in by_watch  # batch 1 records are not new
    python = next(a for a in alerts if a.watch_id == w_python.id)
    assert python.tier == "high" and {"exact", "country", "classes"} <= {r.signal for r in python.reasons}
    assert hub.watch.run().alerts == [] and hub.watch.run().engine == "trademarks"


def test_squatting_through_the_engine(engine_hub, tmp_path):
    hub = engine_hub
    hub.ingest(paths(BATCH2[:1]))
    hub.ingest([write_squatter_file(tmp_path)])
    r = hub.watch.squatting(DONGEUI, "KR")
    assert r.engine == "trademarks"
    found = {f.other_mark.key: f for f in r.findings}
    for key in ("KR/4020230000022", "KR/4020230000011", "KR/4020230000033"):
        assert found[key].comparison.tier == "high" and found[key].other_mark.owners == ["김철수"]
    squatter = next(a for a in r.applicants if a.name == "김철수")
    assert [p.rule for p in squatter.patterns] == ["others_marks", "many_classes"]
