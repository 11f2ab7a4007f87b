"""Families computed from priority claims, against families read by hand from the XML.

EP 2906782 family file (OPS, family 50474376): the PCT application PCT/US2013/064552 claims US provisional
61/713,164 (2012-10-12); EP 13844704, CN 201380062258, CA 2887530 and RU 2015117646 enter from the PCT
(priorities: US 61713164 + the PCT); US 14/052,000 claims the provisional; US 15/044,813 (continuation)
claims US 14/052,000 and the provisional. So the simple family (priority set {US61713164}) holds 9
publications, the continuation's two publications form their own simple family, and the extended
family holds all 11. EP 2400812 family file (43088294): EP 10167109 is the first filing, US 13/167,395
and CA 2744162 claim it. EP 3000000 (register) claims DE 10 2013 211 960 and carries no family id.
"""

from __future__ import annotations

import gzip

import pytest

from iprhub.errors import InvalidInput, NotFound
from iprhub.limits import Deadline
from tests.conftest import data_path
from tests.examination.conftest import FAMILY_FILES, OPS, make_hub

SIMPLE_2906782 = ["CA2887530A1", "CN104968889A", "EP2906782A2", "EP2906782A4", "RU2015117646A",
                  "US20140102795A1", "US9291047B2", "WO2014059282A2", "WO2014059282A3"]
CONTINUATION = ["US10047600B2", "US20160245070A1"]
FAMILY_2400812 = ["CA2744162A1", "EP2400812A1", "EP2400812B1", "US20120057518A1", "US9648662B2"]


def pubs(fam):
    return [m.pub_number for m in fam.members]


def test_simple_family_docdb(family_hub):
    fam = family_hub.examination.family("EP 2906782 A2")
    assert fam.kind == "simple" and pubs(fam) == SIMPLE_2906782
    assert fam.applications == ["CA2887530", "CN201380062258", "EP13844704", "RU2015117646", "US14052000",
                                "WO2013US064552"]
    assert all(m.priority_set == ["US61713164"] for m in fam.members)
    assert str(fam.earliest_priority) == "2012-10-12"
    assert fam.source_family_ids == ["50474376"]
    # the continuation carries the same source id but claims one more priority: reported, not merged
    [conflict] = fam.conflicts
    assert conflict.kind == "source-id-elsewhere" and conflict.documents == CONTINUATION


def test_extended_family_inpadoc(family_hub):
    fam = family_hub.examination.family("US10047600B2", extended=True)
    assert pubs(fam) == sorted(SIMPLE_2906782 + CONTINUATION)
    assert fam.simple_families == [SIMPLE_2906782, CONTINUATION]
    assert fam.conflicts == [] and not fam.partial
    simple = family_hub.examination.family("US10047600B2")
    assert pubs(simple) == CONTINUATION
    assert simple.members[0].priority_set == ["US14052000", "US61713164"]


def test_first_filing_is_its_own_priority(family_hub):
    fam = family_hub.examination.family("EP2400812B1")
    assert pubs(fam) == FAMILY_2400812
    assert fam.conflicts == []
    # by application number too
    assert pubs(family_hub.examination.family("US 13/167,395")) == FAMILY_2400812


def test_by_source_family_id(family_hub):
    # the DOCDB id names the family's first stored member (CA 2887530 A1); its computed families follow
    assert pubs(family_hub.examination.family("50474376")) == SIMPLE_2906782
    assert len(family_hub.examination.family("50474376", extended=True).members) == 11


def test_no_source_family_id(family_hub):
    fam = family_hub.examination.family("EP3000000B1", extended=True)
    assert pubs(fam) == ["EP3000000A1", "EP3000000B1"]
    assert fam.source_family_ids == [] and fam.priorities == ["DE201310211960"]


def test_document_without_priority(family_hub):
    doc = family_hub.document("US7272630")
    assert doc.priorities == []
    fam = family_hub.examination.family("US7272630", extended=True)
    assert pubs(fam) == [doc.pub_number]
    assert fam.members[0].priority_set == [fam.members[0].application]


def test_conflicting_source_family_ids(tmp_path):
    # the same real family file, with the CA member's family id changed: one computed family, two ids
    raw = gzip.decompress(data_path(OPS + "epo-ops__get_family__response.xml.gz").read_bytes()).decode()
    parts = raw.split('family-id="43088294"')
    assert len(parts) == 6
    changed = 'family-id="43088294"'.join(parts[:3]) + 'family-id="99999999"' + 'family-id="43088294"'.join(parts[3:])
    path = tmp_path / "family.xml"
    path.write_text(changed, encoding="utf-8")
    hub = make_hub(f"sqlite:///{tmp_path}/c.db", tmp_path, [])
    try:
        hub.ingest([path])
        fam = hub.examination.family("US9648662B2")
        assert pubs(fam) == FAMILY_2400812
        assert fam.source_family_ids == ["43088294", "99999999"]
        [conflict] = fam.conflicts
        assert conflict.kind == "split-source-ids"
        assert "99999999: CA2744162A1" in conflict.message
    finally:
        hub.close()


def test_too_large_family_is_partial(family_hub):
    fam = family_hub.examination.family("EP2906782A2", extended=True, max_documents=4)
    assert fam.partial and len(fam.members) == 4
    assert "more than 4 documents" in fam.warnings[0]
    late = family_hub.examination.family("EP2906782A2", extended=True, deadline=Deadline.after(0))
    assert late.partial and "time limit" in late.warnings[0]


def test_unknown_and_empty_numbers(family_hub):
    with pytest.raises(NotFound):
        family_hub.examination.family("EP9999999A1")
    with pytest.raises(InvalidInput):
        family_hub.examination.family("  ")


@pytest.mark.postgres
def test_families_on_postgres(pg_module_url, tmp_path):
    hub = make_hub(pg_module_url, tmp_path, FAMILY_FILES[:2])
    try:
        assert pubs(hub.examination.family("EP2906782A2")) == SIMPLE_2906782
        assert pubs(hub.examination.family("EP2906782A2", extended=True)) == sorted(SIMPLE_2906782 + CONTINUATION)
    finally:
        hub.close()
