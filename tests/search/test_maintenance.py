"""The index follows the store: incremental on ingest, crash detected and repaired, rebuild, PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import delete

from iprhub.hub import Hub
from iprhub.settings import Settings
from iprhub.store import schema as s
from tests.conftest import data_path

EP = "epo/ep_fulltext_xml"
CN = "cn/cn_new"


def _hub(tmp_path, url=None, **kw):
    return Hub(Settings(home=tmp_path, database_url=url or f"sqlite:///{tmp_path}/iprhub.db", **{"workers": 1, **kw}))


def test_ingest_keeps_index_in_step(tmp_path):
    with _hub(tmp_path) as hub:
        hub.ingest([data_path(CN)])
        status = hub.search.status()
        assert status.in_step and status.documents_in_index == status.documents_in_store == 3
        hub.ingest([data_path("jp/jp")])
        assert hub.search.status().documents_in_index == 7
        assert hub.search.search("ctry=JP").total == 4


def test_crash_between_store_and_index_is_detected_and_repaired(tmp_path):
    with _hub(tmp_path) as hub:
        hub.ingest([data_path(CN)])
    # a run whose index writes never happened (as if killed after the store commit)
    with _hub(tmp_path, search_index_on_ingest=False) as hub:
        hub.ingest([data_path("jp/jp")])
    with _hub(tmp_path, search_auto_repair=False) as hub:
        status = hub.search.status()
        assert not status.in_step and status.missing == 4
        assert not hub.search.status(full=False).in_step  # the cheap watermark sees it too
        result = hub.search.search("ctry=JP")
        assert result.total == 0 and result.warnings
        report = hub.search.repair()
        assert report.indexed == 4 and report.status and report.status.in_step
    with _hub(tmp_path) as hub:
        assert hub.search.search("ctry=JP").total == 4


def test_documents_gone_from_the_store_are_dropped(tmp_path):
    with _hub(tmp_path) as hub:
        hub.ingest([data_path(CN)])
        with hub.store.begin() as conn:
            conn.execute(delete(s.documents).where(s.documents.c.pub_number == "CN113781974A"))
        status = hub.search.status()
        assert status.extra == 1 and not status.in_step
        hub.search.repair()
        assert hub.search.status().in_step
        assert hub.search.search("pn=CN113781974A").total == 0


def test_auto_repair_on_first_use(tmp_path):
    with _hub(tmp_path, search_index_on_ingest=False) as hub:
        hub.ingest([data_path(CN)])
    with _hub(tmp_path) as hub:
        assert hub.search.search("ctry=CN").total == 3


def test_vectors_are_made_once_and_kept(tmp_path):
    """A new process over the same home reads the stored vectors: `index --vectors` and the first
    semantic query embed nothing again (a server start used to re-embed every document)."""
    with _hub(tmp_path) as hub:
        hub.ingest([data_path(CN), data_path("jp/jp")])
        made = hub.search.update_vectors().embedded
        assert made >= 6
    with _hub(tmp_path) as hub:
        assert hub.search.status().vectors == made
        assert hub.search.update_vectors().embedded == 0
    with _hub(tmp_path) as hub:
        embedded: list[int] = []
        original = hub.search._embed
        hub.search._embed = lambda items: embedded.append(len(items)) or original(items)  # type: ignore[method-assign]
        result = hub.search.search("锂离子电池", mode="semantic", limit=3)
        assert result.hits and embedded == []


def test_rebuild(tmp_path):
    with _hub(tmp_path) as hub:
        hub.ingest([data_path(CN)])
        report = hub.search.rebuild()
        assert report.indexed == 3 and report.status and report.status.in_step


@pytest.mark.postgres
def test_postgres_store(tmp_path, pg_url):
    with _hub(tmp_path, url=pg_url) as hub:
        hub.ingest([data_path(CN), data_path("jp/jp")])
        assert hub.search.status().in_step
        assert hub.search.search("ctry=CN").total == 3
        with hub.store.begin() as conn:
            conn.execute(delete(s.documents).where(s.documents.c.pub_number == "CN113781974A"))
        assert hub.search.repair().deleted == 1
        assert hub.search.status().in_step


def test_index_fields_prepared_by_the_parsers_are_those_of_the_stored_records(tmp_path):
    """With index-on-ingest, the parser processes prepare each document's index fields; a document
    stored exactly as parsed is indexed from them, one merged from several sources is read back."""
    from iprhub.ingest.pipeline import IndexHooks
    from iprhub.search import store_sync
    from iprhub.search.lexical_index import index_fields

    ops = [data_path(f"epo/ops_xml/epo-ops__get_{name}__response.xml.gz") for name in ("biblio", "claims")]
    with _hub(tmp_path, workers=2) as hub:  # the OPS responses merge into EP2400812A1
        hooks = hub.search.ingest_hooks()
        batches: list[tuple[list[str], dict]] = []

        def on_batch(numbers, prepared):
            batches.append((numbers, prepared))
            hooks.on_batch(numbers, prepared)

        hub.search.ingest_hooks = lambda: IndexHooks(hooks.prepare, on_batch)
        report = hub.ingest([data_path("uspto/grant_xml_v4x"), data_path(EP), *ops])
        last: dict[str, object] = {}  # each number's fields as of its last batch (None: read back)
        for numbers, p in batches:
            last.update({n: p.get(n) for n in numbers})
        prepared = {n: f for n, f in last.items() if f is not None}
        # the biblio response inserted it (prepared); the claims response merged into it (read back)
        assert "EP2400812A1" in report.merged and "EP2400812A1" in last and last["EP2400812A1"] is None
        assert len(prepared) == report.inserted - 1 > 60
        for doc, content_hash in store_sync.load_documents(hub.store, list(prepared)):
            assert prepared[doc.pub_number] == index_fields(doc, content_hash), doc.pub_number
        assert hub.search.status().in_step
        merged = hub.search.search("pn=EP2400812A1 and claims=transceiver")  # claims came from the second response
        assert merged.total == 1
    with _hub(tmp_path, workers=2, search_vectors_on_ingest=True) as hub:
        assert hub.search.ingest_hooks().prepare is None  # embedding reads the documents back


def test_parser_processes_do_not_hold_the_index_lock(tmp_path, monkeypatch):
    """A writer open when the parser processes fork must not stay locked in them: tantivy's lock
    is a flock, which forked children share. Before the fix every index commit after the fork
    left the next batch unable to open a writer, and its file was marked failed."""
    from iprhub.search import service

    monkeypatch.setattr(service, "COMMIT_DOCS", 5)  # commit often, so writers close and reopen
    ops = data_path("epo/ops_xml/epo-ops__get_biblio__response.xml.gz")  # read in-process: opens a writer
    with _hub(tmp_path, workers=2, batch_size=7) as hub:
        report = hub.ingest([ops, data_path("uspto/grant_xml_v4x"), data_path(EP)])
        assert [q.reason for q in report.quarantined if "lock" in q.reason] == []
        assert {f.status for f in report.files} == {"done"}
        status = hub.search.status()
        assert status.in_step and status.documents_in_index > 60
