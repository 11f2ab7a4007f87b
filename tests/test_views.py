"""The Hub's typed views (iprhub/views.py): family from the store, show, stats, quarantine, health.

`show --json` against the API is compared in tests/web/test_api.py; these run on a fresh store on
SQLite and PostgreSQL.
"""

from __future__ import annotations

import gzip

import pytest

from iprhub.errors import InvalidInput, NotFound
from iprhub.model.patent import PatentDocument
from iprhub.views import DocumentView, Health, QuarantineEntry, Stats, TrademarkView
from tests.conftest import data_path
from tests.formats_helpers import read_file

FAMILY = "epo/ops_xml/epo-ops__get_family_with_biblio__response.xml.gz"  # DOCDB family 43088294, 5 members
ABSTRACTS = "epo/ops_xml/epo-ops__get_abstract_multiple__response.xml.gz"  # EP2533477 A1 and B1: no family id


def _docs(rel: str) -> list[PatentDocument]:
    return [r for r in read_file(data_path(rel))[1] if isinstance(r, PatentDocument)]


def _store(hub, docs: list[PatentDocument]) -> None:
    with hub.store.begin() as conn:
        hub.store.write_patents(conn, docs)


def test_family_from_docdb_family_id(hub):
    hub.ingest([data_path(FAMILY)])
    assert hub.family_members("EP2400812A1") == ["CA2744162A1", "EP2400812B1", "US20120057518A1", "US9648662B2"]
    assert hub.family_members("US 9,648,662 B2") == ["CA2744162A1", "EP2400812A1", "EP2400812B1", "US20120057518A1"]


def test_family_links_through_a_shared_application_number(hub):
    # US20120057518A1 as a USPTO full-text publication would give it: no DOCDB family id. Its
    # application (US13167395) is that of US9648662B2, which carries the family id.
    docs = [d.model_copy(update={"family_id": None}) if d.pub_number == "US20120057518A1" else d
            for d in _docs(FAMILY)]
    _store(hub, docs)
    assert hub.document("US20120057518A1").family_id is None
    assert hub.family_members("US20120057518A1") == ["CA2744162A1", "EP2400812A1", "EP2400812B1", "US9648662B2"]
    assert "US20120057518A1" in hub.family_members("CA2744162A1")  # family id -> US9648662B2 -> its application


def test_family_of_documents_without_family_id_or_application_is_their_other_kinds(hub):
    hub.ingest([data_path(ABSTRACTS)])
    a1 = hub.document("EP2533477A1")
    assert (a1.family_id, a1.app_number) == (None, None)
    assert hub.family_members(a1) == ["EP2533477B1"]
    assert hub.family_members("EP2400812A1") == []
    assert [f.number for f in hub.document_view("EP2533477B1").family] == ["EP2533477A1"]


def test_show_is_a_patent_or_a_trademark_view(hub):
    hub.ingest([data_path(FAMILY), data_path("trademark/uspto_tsdr/Plumage__rn2713476-ST66.xml.gz")])
    patent = hub.show("EP 2400812 B1")
    assert isinstance(patent, DocumentView) and patent.type == "patent"
    assert patent.other_kinds == ["EP2400812A1"] and patent.claim_levels == []
    mark = hub.show("78002299")
    assert isinstance(mark, TrademarkView) and mark.trademark.reg_number == "2713476"
    with pytest.raises(NotFound, match="US9999999B2"):
        hub.show("US9999999B2")
    with pytest.raises(InvalidInput):
        hub.show("!!")


def test_stats_health_and_quarantine_are_typed(hub):
    report = hub.ingest([data_path(FAMILY)])
    stats = hub.stats()
    assert isinstance(stats, Stats)
    assert stats.totals["documents"] == 5 and stats.documents_by_office == {"CA": 1, "EP": 2, "US": 2}
    health = hub.health()
    assert isinstance(health, Health) and (health.status, health.documents, health.trademarks) == ("ok", 5, 0)
    assert hub.quarantine() == [] and not report.quarantined


def test_quarantine_entries(hub, tmp_path):
    raw = gzip.decompress(data_path("uspto/grant_xml_v4x/PatentPublicData__US06859910.xml.gz").read_bytes())
    bad = tmp_path / "bad-date.xml"
    bad.write_bytes(raw.replace(b"<date>20050222</date>", b"<date>20050230</date>", 1))
    hub.ingest([bad])
    (entry,) = hub.quarantine()
    assert isinstance(entry, QuarantineEntry)
    assert (entry.source_file, entry.stage, entry.format) == (str(bad), "normalize", "uspto-xml")
    assert entry.position.startswith("doc 1") and "invalid date '20050230'" in entry.reason
