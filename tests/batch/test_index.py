"""The search index and vectors built in parallel shards on Spark (``iprhub batch index``), taken over
by ``batch load``: the search service opens them as one index, and searches over it return what the
embedded path's index returns on the same files (EPO OPS publications merged from several sources,
Chinese and Japanese full texts)."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest

from iprhub.batch.index import INDEX_MANIFEST, index_root, read_index_manifest, shard_of
from iprhub.batch.ingest import run_ingest
from iprhub.hub import Hub
from iprhub.settings import Settings
from tests.batch.conftest import INDEX_QUERIES as QUERIES
from tests.batch.conftest import SHARDS

TOLERANCE = 1e-4  # similarities: the encoder's sums differ in the last bits with the texts sharing its batch


def _ranking(hub: Hub, query: str, mode: str) -> list[tuple[float, tuple[str, ...]]]:
    """The uncollapsed hits as (score, the documents with that score), equal scores (within
    :data:`TOLERANCE`) grouped: tantivy orders equal scores by their place in the index, which
    differs between two indexes of the same documents, so ties compare as sets. On a full page the
    last group is left out (the page may cut a tie anywhere)."""
    result = hub.search.search(query, mode=mode, limit=50, collapse=False, snippets=False)  # type: ignore[arg-type]
    groups: list[tuple[float, list[str]]] = []
    last = None
    for hit in result.hits:
        if last is not None and abs(hit.score - last) <= TOLERANCE:
            groups[-1][1].append(hit.pub_number)
        else:
            groups.append((hit.score, [hit.pub_number]))
        last = hit.score
    if len(result.hits) == 50:
        groups.pop()
    return [(score, tuple(sorted(pubs))) for score, pubs in groups]


def _same_ranking(a: list[tuple[float, tuple[str, ...]]], b: list[tuple[float, tuple[str, ...]]]) -> bool:
    return [ids for _s, ids in a] == [ids for _s, ids in b] and all(
        abs(x - y) <= TOLERANCE for (x, _i), (y, _j) in zip(a, b, strict=True)
    )


def test_shards_are_written_with_their_manifest(sharded, embedded):
    out, report = sharded
    hub, _ = embedded
    stored = hub.store.stats()["totals"]["documents"]
    assert report.shards == SHARDS and report.documents == stored and report.vectors
    manifest = read_index_manifest(out)
    assert manifest is not None and [s["shard"] for s in manifest["shards"]] == list(range(SHARDS))
    # each publication is in the shard its key gives, once
    numbers = _stored_numbers(hub)
    expected = [sum(1 for n in numbers if shard_of(n, SHARDS) == s) for s in range(SHARDS)]
    assert report.by_shard == expected and sum(expected) == stored
    for shard in manifest["shards"]:
        folder = Path(index_root(out)) / shard["path"]
        assert (folder / "lexical" / "meta.json").is_file() and (folder / "vectors.npz").is_file()
    # only the shard folders of the manifest remain (no failed attempt's files)
    assert sorted(p.name for p in (Path(index_root(out)) / "shards").iterdir()) == sorted(
        Path(s["path"]).name for s in manifest["shards"]
    )


def _stored_numbers(hub: Hub) -> list[str]:
    from sqlalchemy import select

    from iprhub.store import schema as s

    with hub.store.engine.connect() as conn:
        return list(conn.execute(select(s.documents.c.pub_number)).scalars())


@pytest.mark.parametrize("db", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_the_search_service_opens_the_shards_as_one_index_with_the_embedded_hits(
    db, sharded, embedded, tmp_path, request
):
    out, report = sharded
    emb, ingest_time = embedded
    url = f"sqlite:///{tmp_path}/iprhub.db" if db == "sqlite" else request.getfixturevalue("pg_url")
    hub = Hub(Settings(home=tmp_path, database_url=url, search_index_on_ingest=False))
    loaded = hub.batch.load(out)
    # every shard's segments in one index; every document in the index exactly as the store holds
    # it (checksums of number + stored content), so the take-over repaired nothing
    assert loaded.indexed and loaded.index == {
        "shards": SHARDS,
        "segments": report.segments,
        "documents": report.documents,
        "vectors": True,
        "repaired": 0,
        "deleted": 0,
        "in_step": True,
    }
    meta = orjson.loads((tmp_path / "index" / "lexical" / "meta.json").read_bytes())
    assert len(meta["segments"]) == report.segments >= SHARDS
    status = hub.search.status()
    assert status.in_step and status.documents_in_index == report.documents
    assert status.vectors == report.documents and status.vectors_missing == 0
    assert hub.search.lexical.checks() == emb.search.lexical.checks()
    for name, index in [("main", hub.search.vectors), *hub.search.field_vectors.items()]:
        other = emb.search.vectors if name == "main" else emb.search.field_vectors[name]
        assert index.checks == other.checks and index.empty == other.empty, name
    # the passages' vectors too: the same documents, rows of the same texts (hash), within int8 rounding
    got, made = hub.search.sentence_vectors, emb.search.sentence_vectors
    assert got.checks == made.checks and len(got) == report.documents
    assert {u: m[2:] for u, m in got.meta.items()} == {u: m[2:] for u, m in made.meta.items()}
    searcher = hub.search.lexical.searcher()
    for _score, address in searcher.search(hub.search.engine.t.Query.all_query(), limit=5).hits:
        shown = hub.search.lexical.display(searcher, address)
        a, b = got.for_document(shown.uid, shown.data), made.for_document(shown.uid, shown.data)
        assert a and list(a) == list(b) and all(float(a[t] @ b[t]) > 0.999 for t in a)
    for query, mode in QUERIES:
        got, expected = _ranking(hub, query, mode), _ranking(emb, query, mode)
        assert got and _same_ranking(got, expected), (query, mode, got, expected)
        if mode == "bm25":  # the index built while ingesting matches the same documents
            assert hub.search.search(query, mode="bm25", limit=1, snippets=False).total == ingest_time[query]
    hub.close()


def test_an_index_of_another_ingest_run_is_not_taken_over(sharded, index_inputs, spark, tmp_path):
    out, _report = sharded
    other = str(tmp_path / "other")
    run_ingest(spark, [index_inputs[1]], other, master="local[2]", max_document_bytes=64 * 1024 * 1024)
    assert read_index_manifest(other) is None
    # the index folder copied beside a different ingest run (another manifest) is ignored
    shutil.copytree(index_root(out), index_root(other))
    assert (Path(index_root(other)) / INDEX_MANIFEST).is_file() and read_index_manifest(other) is None


def test_cli_index_json(sharded, tmp_path):
    from typer.testing import CliRunner

    from iprhub.cli.main import get_app

    out = str(tmp_path / "ds")  # a copy: the module's dataset keeps its index with vectors
    shutil.copytree(sharded[0], out, ignore=shutil.ignore_patterns("index"))
    result = CliRunner().invoke(
        get_app(),
        ["--home", str(tmp_path), "batch", "index", out, "--shards", "2", "--spark", "local[2]", "--json"],
    )
    assert result.exit_code == 0, result.output
    data = orjson.loads(result.output)
    assert data["shards"] == 2 and data["vectors"] is False and len(data["by_shard"]) == 2
    assert read_index_manifest(out)["vectors"] is False  # type: ignore[index]


FULL_QUERIES = [
    "ti=battery",
    "lithium ion battery electrode",
    "pa=(samsung OR lg)",
    "ipc=H01M",
    "cpc=G06F",
    "ti=battery AND pd>=2012",
    "显示设备",
    "电池",
    "リチウムイオン電池",
    "ti=(method AND system)",
    "wireless OR antenna",
]


@pytest.mark.slow
def test_all_data_shards_give_the_embedded_hits(spark, full_dataset, embedded_hub, tmp_path):
    """All of ../shared/data: the index built in shards equals `iprhub index --rebuild` of the
    embedded store, document for document (checksums) and hit for hit."""
    from iprhub.batch.index import run_index

    emb, _report = embedded_hub
    emb.search.rebuild()
    report = run_index(spark, full_dataset[0], shards=4)
    hub = Hub(
        Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path}/iprhub.db", search_index_on_ingest=False)
    )
    loaded = hub.batch.load(full_dataset[0])
    assert loaded.index is not None and loaded.index["repaired"] == 0 and loaded.index["in_step"]
    assert report.documents == emb.store.stats()["totals"]["documents"] == hub.search.lexical.num_docs()
    assert hub.search.lexical.checks() == emb.search.lexical.checks()
    for query in FULL_QUERIES:
        got, expected = _ranking(hub, query, "bm25"), _ranking(emb, query, "bm25")
        assert got and _same_ranking(got, expected), (query, got[:3], expected[:3])
        total = hub.search.search(query, mode="bm25", limit=1, snippets=False).total
        assert total == emb.search.search(query, mode="bm25", limit=1, snippets=False).total
    hub.close()
