"""Export and import as lossless round trips of the whole store, on SQLite and PostgreSQL.

CA2944968A1 is merged from four EPO OPS responses (biblio, claims, description, images); the
store keeps each source's record to re-merge. A store dump carries those records, so after an
import re-ingesting any one of the files changes nothing; the records export keeps every source's
hash, so an unchanged file is recognised there too.
"""

from __future__ import annotations

import uuid

import orjson
import pytest
from sqlalchemy import func, select

from iprhub.errors import InvalidInput, Timeout
from iprhub.hub import Hub
from iprhub.limits import Deadline
from iprhub.settings import Settings
from iprhub.store import schema as s
from iprhub.store.dump import EPOCH_KEY, read_dump
from tests.conftest import PG_URL, data_path

OPS = "epo/ops_xml/patent_client__tests__fixtures__epo__"
CA_FILES = [
    f"{OPS}published-data_publication_docdb_CA.2944968_biblio.xml.gz",
    f"{OPS}published-data_publication_docdb_CA.2944968.A1_claims.xml.gz",
    f"{OPS}published-data_publication_docdb_CA.2944968.A1_description.xml.gz",
    f"{OPS}published-data_publication_docdb_CA.2944968.A1_images.xml.gz",
    f"{OPS}number-service_publication_original_CA._2944968__docdb.xml.gz",
]
OTHERS = [
    "epo/ops_xml/epo-ops__get_legal__response.xml.gz",  # EP2400812A1 with its legal events
    "epo/ops_xml/epo-ops__get_register_events__response.xml.gz",  # dossier events
    "trademark/uspto_tsdr/Plumage__rn2713476-ST66.xml.gz",  # one mark from two sources
    "trademark/uspto_tsdr/Plumage__rn2713476-ST96.xml.gz",
    "classification/cpc/PatentPublicData__cpc-scheme-A01L.xml.gz",  # class titles
]
TITLE = "WIRELINE POWER SUPPLY DURING ELECTRIC POWERED FRACTURING OPERATIONS"
BOMB = (b'<?xml version="1.0"?>\n<!DOCTYPE us-patent-grant [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
        b'<us-patent-grant><invention-title>&lol2;</invention-title></us-patent-grant>')


@pytest.fixture
def other_url(backend, tmp_path):
    """A second, empty store on the same backend."""
    if backend.startswith("sqlite"):
        yield f"sqlite:///{tmp_path}/other/iprhub.db"
        return
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    raw = PG_URL.replace("+psycopg", "")
    with psycopg.connect(raw, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    with psycopg.connect(raw, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def _open(url, home):
    return Hub(Settings(home=home, database_url=url, workers=1))


def _tables(hub: Hub, *, volatile: bool = True) -> dict[str, list]:
    """Every row of every table, as the dump reads them; ``volatile=False`` leaves out the times a
    re-read file rewrites (the ledger's finish time, a quarantine entry's time) and the epoch."""
    out: dict[str, list] = {}
    for line in read_dump(hub.store, hub.capabilities):
        if line.type == "table":
            out[line.table] = []
        elif line.type == "row":
            row = dict(line.data)
            if not volatile:
                row.pop("finished_at", None) if line.table == "ingested_files" else None
                row.pop("created_at", None) if line.table == "quarantine" else None
                if line.table == "meta" and row["key"] == EPOCH_KEY:
                    continue
            out[line.table].append(row)
    return out


@pytest.fixture
def filled(hub, tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_bytes(BOMB)
    report = hub.ingest([data_path(f) for f in CA_FILES + OTHERS] + [bomb])
    assert "CA2944968A1" in report.merged
    return hub


def test_ca2944968_is_merged_from_four_responses(filled):
    d = filled.document("CA2944968A1")
    assert d.title() == TITLE
    assert len(d.abstract("en")) == 552 and len(d.descriptions[0].text) == 35284
    assert [p.name for p in d.parties] == ["US WELL SERVICES LLC", "OEHRING, JARED", "HINDERLITER, BRANDON"]
    assert [p.format for p in d.provenance] == ["epo-ops-biblio", "epo-ops-fulltext", "epo-ops-inquiry",
                                                "epo-ops-fulltext"]


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_store_dump_round_trip_is_lossless(filled, other_url, tmp_path, fmt):
    before_doc = filled.document("CA2944968A1")
    filled.accounts.add_user("ana", "analyst")  # a capability's tables (accounts) come along
    key = filled.accounts.issue_key("ana").key
    before = _tables(filled)
    counts = {t: len(rows) for t, rows in before.items()}
    assert counts["doc_sources"] == 4 + 1  # four CA2944968A1 sources, EP2400812A1's legal response
    assert counts["tm_sources"] == 2 and counts["class_titles"] == 19 and counts["quarantine"] == 1
    assert counts["events"] == 55 and counts["ingested_files"] == len(CA_FILES + OTHERS) + 1
    assert counts["web_users"] == 1 and counts["web_api_keys"] == 1
    out = tmp_path / f"dump.{fmt}"
    result = filled.export(fmt, out, full=True)
    assert result["rows"] == counts
    with _open(other_url, tmp_path / "other") as other:
        imported = other.import_export(out)
        assert imported["kind"] == "store dump" and imported["rows"] == counts
        after = _tables(other)
        assert {t: rows for t, rows in after.items() if t != "meta"} == \
            {t: rows for t, rows in before.items() if t != "meta"}
        assert other.store.get_meta(EPOCH_KEY) != filled.store.get_meta(EPOCH_KEY)
        assert other.document("CA2944968A1") == before_doc
        # the ledger came along: the same bytes are skipped; read again, they change nothing
        again = other.ingest([data_path(CA_FILES[2])])
        assert [f.status for f in again.files] == ["skipped"]
        for name in CA_FILES:
            forced = other.ingest([data_path(name)], force=True)
            assert (forced.inserted, forced.updated) == (0, 0), name
            assert other.document("CA2944968A1") == before_doc, name
        assert _tables(other, volatile=False) == _tables(filled, volatile=False)
        # new ids after the import do not collide with the imported ones (PostgreSQL sequences)
        other.ingest([data_path("uspto/grant_xml_v4x/PatentPublicData__US06859910.xml.gz")])
        assert other.document("US6859910B2").title() == "Methods and systems for transactional tunneling"
        assert other.accounts.authenticate(key).name == "ana"


def test_records_import_keeps_every_source_hash(filled, other_url, tmp_path):
    """The open-data export has no per-source records, but an unchanged source file is still
    recognised after importing it: the merged record is not rebuilt from that file alone."""
    before = filled.document("CA2944968A1")
    out = tmp_path / "records.jsonl"
    filled.export("jsonl", out)
    with _open(other_url, tmp_path / "other") as other:
        assert other.import_export(out)["kind"] == "records"
        with other.store.engine.connect() as conn:
            n = conn.execute(select(func.count()).select_from(s.doc_sources).join(
                s.documents, s.documents.c.id == s.doc_sources.c.doc_id)
                .where(s.documents.c.pub_number == "CA2944968A1")).scalar_one()
        assert n == 4
        forced = other.ingest([data_path(CA_FILES[1])], force=True)
        assert (forced.inserted, forced.updated, forced.unchanged) == (0, 0, 1)
        d = other.document("CA2944968A1")
        assert d == before and len(d.descriptions[0].text) == 35284


def test_a_dump_goes_into_an_empty_store_or_replaces(filled, tmp_path):
    out = tmp_path / "dump.jsonl"
    filled.export("jsonl", out, full=True)
    with pytest.raises(InvalidInput, match="already holds data"):
        filled.import_export(out)
    filled.ingest([data_path("uspto/grant_xml_v4x/PatentPublicData__US06859910.xml.gz")])
    assert filled.import_export(out, replace=True)["kind"] == "store dump"
    assert filled.store.get_document("US6859910B2") is None
    assert filled.document("CA2944968A1").title() == TITLE


def test_a_cut_dump_is_refused_and_nothing_is_imported(filled, other_url, tmp_path):
    out = tmp_path / "dump.jsonl"
    filled.export("jsonl", out, full=True)
    lines = out.read_bytes().splitlines(keepends=True)
    cut = tmp_path / "cut.jsonl"
    cut.write_bytes(b"".join(lines[:-1]))
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"".join(lines[:5]) + b'{"type": "row", "table": "documents"\n' + b"".join(lines[5:]))
    with _open(other_url, tmp_path / "other") as other:
        with pytest.raises(InvalidInput, match="incomplete"):
            other.import_export(cut)
        from iprhub.errors import ParseError

        with pytest.raises(ParseError) as info:
            other.import_export(bad)
        assert info.value.position == "line 6"
        assert other.stats().totals["documents"] == 0


def test_export_time_limit_says_what_was_written(filled, tmp_path):
    out = tmp_path / "dump.jsonl"
    with pytest.raises(Timeout) as info:
        filled.export("jsonl", out, full=True, deadline=Deadline.after(0))
    assert "incomplete" in info.value.message and info.value.stage == "export"
    header = orjson.loads(out.read_bytes().splitlines()[0])
    assert header["type"] == "header"


def test_search_index_follows_an_import(filled, other_url, tmp_path):
    out = tmp_path / "dump.jsonl"
    filled.export("jsonl", out, full=True)
    with _open(other_url, tmp_path / "other") as other:
        assert other.search.search("ti=fracturing").total == 0  # an index of the empty store
        other.import_export(out)
        assert [h.pub_number for h in other.search.search("ti=fracturing").hits] == ["CA2944968A1"]
