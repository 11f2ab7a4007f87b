"""One ingest at a time per store (SQLite and PostgreSQL): a second one stops with a clear error
or waits; two concurrent ingests in two processes both end cleanly and store what one would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import pytest

from iprhub.errors import StoreBusy
from iprhub.hub import Hub
from iprhub.settings import Settings
from iprhub.store.lock import ingest_lock
from tests.conftest import data_path
from tests.store.store_compare import contents

GRANT = "uspto/grant_xml_v4x/PatentsView-DB__ipg060103.small.xml.gz"
OPS = "epo/ops_xml/patent_client__tests__fixtures__epo__published-data_publication_docdb_CA.2944968"
FIRST = [GRANT, f"{OPS}_biblio.xml.gz", f"{OPS}.A1_claims.xml.gz", "epo/ep_fulltext_xml"]
SECOND = [f"{OPS}.A1_claims.xml.gz", f"{OPS}.A1_description.xml.gz", "epo/ep_fulltext_xml",
          "epo/ops_xml/epo-ops__get_register_events__response.xml.gz", GRANT]


def test_a_second_ingest_stops_at_once_naming_the_first(hub):
    with ingest_lock(hub.store):
        with pytest.raises(StoreBusy) as info:
            hub.ingest([data_path(GRANT)])
    msg = info.value.message
    assert msg.startswith(f"another ingest is running on this store (pid {os.getpid()} on ")
    assert ", since 20" in msg and info.value.exit_code == 5 and info.value.code == "store_busy"
    assert hub.stats().totals["documents"] == 0
    assert hub.ingest([data_path(GRANT)]).inserted == 18  # released: the next one runs


def test_a_second_ingest_waits_when_asked(backend, tmp_path):
    with Hub(Settings(home=tmp_path, database_url=backend, workers=1, ingest_lock_wait=60)) as hub:
        held = threading.Event()

        def hold() -> None:
            with ingest_lock(hub.store):
                held.set()
                time.sleep(1.5)

        t = threading.Thread(target=hold)
        t.start()
        held.wait(10)
        report = hub.ingest([data_path(GRANT)])  # waits for the holder, then runs
        t.join()
        assert report.inserted == 18


def _cli(home, url, *args):
    return subprocess.Popen([sys.executable, "-m", "iprhub.cli", "--home", str(home), "--database-url", url, *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_cli_refuses_a_second_ingest_without_a_traceback(backend, tmp_path):
    with Hub(Settings(home=tmp_path, database_url=backend, workers=1)) as hub, ingest_lock(hub.store):
        proc = _cli(tmp_path, backend, "ingest", str(data_path(GRANT)))
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 5, err
        assert "another ingest is running on this store (pid" in err and "Traceback" not in err
        proc = _cli(tmp_path, backend, "ingest", str(data_path(GRANT)), "--json")
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 5 and json.loads(out)["error"]["code"] == "store_busy"


def test_two_concurrent_ingests_end_cleanly_and_store_what_one_would(backend, tmp_path):
    """Two processes open a fresh store together (one migration), ingest overlapping real files
    (the second waits for the first), and the store equals a single ingest of all the files."""
    procs = [_cli(tmp_path / "h", backend, "ingest", *[str(data_path(f)) for f in files], "--wait", "300",
                  "--workers", "2", "--json") for files in (FIRST, SECOND)]
    results = [p.communicate(timeout=400) for p in procs]
    for p, (_out, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err
        assert "Traceback" not in err
    reports = [json.loads(out) for out, _err in results]
    assert sum(r["records"]["inserted"] for r in reports) > 18
    with Hub(Settings(home=tmp_path / "h", database_url=backend, workers=1)) as both:
        got = contents(both)
    single = tmp_path / "single"
    with Hub(Settings(home=single, database_url=f"sqlite:///{single}/iprhub.db", workers=1)) as one:
        one.ingest([data_path(f) for f in dict.fromkeys(FIRST + SECOND)])
        want = contents(one)
    ledger = "ingested_files"
    assert {k: v for k, v in got.items() if k != ledger} == {k: v for k, v in want.items() if k != ledger}
    assert len(got[ledger]) == len(want[ledger])


def test_bookkeeping_writes_are_upserts(hub):
    """Quarantine, ledger, meta, events and class titles written twice (or twice in one batch) keep
    one row each, the last one's values."""
    from sqlalchemy import func, select

    from iprhub.store import QuarantineItem
    from iprhub.store import schema as s

    store = hub.store
    q = QuarantineItem("f.xml", "doc 1", "validate", "first reason")
    with store.begin() as conn:
        store.write_quarantine(conn, [q, QuarantineItem("f.xml", "doc 1", "validate", "second reason")])
        store.mark_file(conn, "f.xml", "h1", fmt=None, status="failed", reason="x", records=0, size=1)
        store.mark_file(conn, "f.xml", "h1", fmt="uspto-xml", status="done", reason=None, records=3, size=1)
        store.set_meta(conn, "k", "1")
        store.set_meta(conn, "k", "2")
        store.write_class_titles(conn, [{"scheme": "CPC", "symbol": "A01B", "title": "Soil working"}])
    with store.begin() as conn:
        store.write_quarantine(conn, [QuarantineItem("f.xml", "doc 1", "validate", "third reason")])
        store.mark_file(conn, "f.xml", "h2", fmt="uspto-xml", status="done", reason=None, records=4, size=2)
        assert store.write_class_titles(conn, [{"scheme": "CPC", "symbol": "A01B", "title": "Soil working"}]) == 0
    assert [i.reason for i in hub.quarantine()] == ["third reason"]
    assert [(r.file_hash, r.records) for r in store.file_rows()] == [("h2", 4)]
    assert store.get_meta("k") == "2"
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(s.class_titles)).scalar_one() == 1
