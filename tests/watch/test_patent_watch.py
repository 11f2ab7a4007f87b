"""A watch by similarity to a patent: newly arrived documents nearest by meaning raise alerts, once."""

from __future__ import annotations

from tests.watch.conftest import paths

G = "uspto/grant_xml_v4x/"
FIRST = [G + "ChemDataExtractor__US06840965B2.xml.gz", G + "ChemDataExtractor__US07470803-20081230.XML.gz",
         G + "ChemDataExtractor__US08907107B2.xml.gz"]
SECOND = [G + "PatentPublicData__US06859910.xml.gz", G + "PatentPublicData__US07272630.xml.gz",
          G + "PatentPublicData__US08927118.xml.gz", G + "PatentPublicData__US08930553.xml.gz"]


def test_patent_watch_alerts_on_new_similar_documents(sqlite_watch_hub):
    hub = sqlite_watch_hub
    hub.ingest(paths(FIRST))
    w = hub.watch.add("patent", "US 7,470,803 B2", min_tier="noise")  # any spelling of a stored number
    assert w.subject == "US7470803B2"
    run = hub.ingest(paths(SECOND)).after_ingest["watch"]
    alerts = hub.watch.alerts()
    assert run["alerts"] == len(alerts) == 4  # every new grant (the tier floor is noise), none of the first batch
    assert {a.record_key for a in alerts} == {"US6859910B2", "US7272630B2", "US8927118B2", "US8930553B2"}
    for a in alerts:
        assert a.record_kind == "patent" and a.reasons[0].signal == "semantic"
        expected = "high" if a.score >= 0.7 else "medium" if a.score >= 0.55 else "low" if a.score >= 0.4 else "noise"
        assert a.tier == expected
        assert not a.deadline.known and "US" in a.deadline.note  # no US patent opposition period in the data
    assert hub.watch.run().alerts == []
    high_only = hub.watch.add("patent", "US7470803B2", min_tier="high", include_existing=True)
    got = hub.watch.run([high_only.id]).alerts
    assert all(a.tier == "high" for a in got)
