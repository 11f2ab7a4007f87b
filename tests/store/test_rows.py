"""Storage rows built in parser processes: the same stored rows as building them in-process."""

import doctest
import gzip
import shutil

from sqlalchemy import select

from iprhub.hub import Hub
from iprhub.settings import Settings
from iprhub.store import rows as rows_module
from iprhub.store import schema as s
from iprhub.store.rows import PatentRows
from tests.conftest import data_path
from tests.formats_helpers import read_file

INPUTS = ["uspto/grant_xml_v4x", "uspto/application_xml", "epo/ep_fulltext_xml"]


def _stored(hub: Hub) -> dict[str, list]:
    """Every patent row, ids replaced by publication numbers and write times left out."""
    def key(row):
        return repr(row)

    out = {}
    with hub.store.engine.connect() as conn:
        number = dict(conn.execute(select(s.documents.c.id, s.documents.c.pub_number)).all())
        docs = [r._mapping for r in conn.execute(select(s.documents))]
        out["documents"] = sorted((tuple(v for k, v in r.items() if k not in ("id", "updated_at")) for r in docs),
                                  key=key)
        for t in (s.doc_parties, s.doc_classes, s.doc_citations, s.doc_priorities, s.doc_sources):
            out[t.name] = sorted(((number[r[0]], *r[1:]) for r in conn.execute(select(t))), key=key)
        out["quarantine"] = sorted(((r.source_file, r.position, r.stage, r.reason, r.record_id)
                                    for r in conn.execute(select(s.quarantine))), key=key)
    return out


def test_parallel_ingest_stores_the_same_rows_as_in_process(tmp_path):
    copy = tmp_path / "copy.xml"  # the same documents again from a second file: the merge path
    with gzip.open(data_path("uspto/grant_xml_v4x/PatentsView-DB__ipg060103.small.xml.gz"), "rb") as f, \
            copy.open("wb") as out:
        shutil.copyfileobj(f, out)
    stored, reports = [], []
    for workers in (1, 2):
        home = tmp_path / f"w{workers}"
        with Hub(Settings(home=home, database_url=f"sqlite:///{home}/iprhub.db", workers=workers,
                          batch_size=7, search_index_on_ingest=False)) as hub:
            report = hub.ingest([data_path(p) for p in INPUTS] + [copy])
            reports.append((report.inserted, report.updated, report.unchanged, sorted(report.merged)))
            stored.append(_stored(hub))
    assert reports[0] == reports[1]
    assert reports[0][2] == 18  # the copy's documents were recognised as stored
    one, two = stored
    assert len(one["documents"]) > 60 and len(one["doc_citations"]) > 3000
    for table in one:
        assert one[table] == two[table], table


def test_rows_round_trip_real_documents():
    _, records, _, _ = read_file(data_path("uspto/grant_xml_v4x/PatentPublicData__US08927118.xml.gz"))
    _, ep, _, _ = read_file(data_path("epo/ep_fulltext_xml/go-epo-eps__EP02776152B2.xml.gz"))
    for d in records + ep:
        rows = PatentRows.of(d)
        back = rows.to_document()
        assert back == d and back.content_hash() == d.content_hash() == rows.doc["content_hash"]
        assert len(rows.citations) == len(d.citations) + len(d.npl_citations)
        assert rows.source[-1] == d.provenance[0].content_hash


def test_docstring_example():
    assert doctest.testmod(rows_module).failed == 0


def test_side_tables_hold_the_documents_rows_on_both_backends(hub):
    hub.ingest([data_path("uspto/grant_xml_v4x/PatentPublicData__US08927118.xml.gz"),
                data_path("epo/ep_fulltext_xml/go-epo-eps__EP02776152B2.xml.gz")])
    tables = {"doc_parties": "parties", "doc_classes": "classes", "doc_citations": "citations",
              "doc_priorities": "priorities"}
    with hub.store.engine.connect() as conn:
        number = dict(conn.execute(select(s.documents.c.id, s.documents.c.pub_number)).all())
        stored = {name: sorted(((number[r[0]], *r[1:]) for r in conn.execute(select(s.metadata.tables[name]))),
                               key=repr) for name in tables}
    expected = {name: [] for name in tables}
    for pub in number.values():
        rows = PatentRows.of(hub.document(pub))
        for name, field in tables.items():
            expected[name].extend((pub, *t) for t in getattr(rows, field))
    assert len(stored["doc_citations"]) > 100 and any(r[3] for r in stored["doc_priorities"])
    for name in tables:
        assert stored[name] == sorted(expected[name], key=repr), name
