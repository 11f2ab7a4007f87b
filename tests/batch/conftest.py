"""Batch fixtures: one SparkSession (local[2]) for the whole run, the batch dataset and the
embedded store of the same files, each built once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from iprhub.hub import Hub
from iprhub.settings import Settings
from tests.conftest import data_path

pytest.importorskip("pyspark", reason="the spark extra is not installed (make spark-deps)")
if shutil.which("java") is None:
    pytest.skip("no Java runtime (make spark-deps)", allow_module_level=True)

BIG_GZ = "uspto/grant_xml_v4x/PatentsView-DB__ipg120103.small.xml.gz"  # 273 KB gz, several documents
SUBSET = "epo/ops_xml"  # 70 files, publications merged from several sources
SHARDS = 3
INDEX_INPUTS = [SUBSET, "cn", "jp"]
INDEX_QUERIES = [  # (query, mode): structured, free text, CJK words, semantic and hybrid, a Chinese query by meaning
    ("ti=battery", "bm25"),
    ("battery electrode", "bm25"),
    ("wireless communication method", "bm25"),
    ("ipc=H04W", "bm25"),
    ("ti=(method OR apparatus)", "bm25"),
    ("pa=(drilling OR samsung)", "bm25"),
    ("显示设备", "bm25"),
    ("抗体", "bm25"),
    ("リチウムイオン電池", "bm25"),
    ("装置", "bm25"),
    ("battery electrode", "semantic"),
    ("wireless communication method", "semantic"),
    ("锂电池回收", "semantic"),
    ("放射治疗装置", "hybrid"),
    ("battery recycling", "hybrid"),
    ("user equipment transmits a random access preamble", "hybrid"),
]


@pytest.fixture(scope="session")
def spark():
    from iprhub.batch.spark import spark_session

    session = spark_session("local[2]", conf={"spark.ui.showConsoleProgress": "false"})
    yield session
    session.stop()


def truncated(src: Path, dest: Path, keep: int) -> Path:
    dest.write_bytes(src.read_bytes()[:keep])
    return dest


@pytest.fixture(scope="session")
def corrupt_dir(tmp_path_factory) -> Path:
    """Two broken copies of a real .gz: cut in its first KBs (fails before its format is known) and
    cut at 60 % (fails part-way, after several documents)."""
    d = tmp_path_factory.mktemp("corrupt")
    src = data_path(BIG_GZ)
    truncated(src, d / "early-cut.xml.gz", 4000)
    truncated(src, d / "mid-cut.xml.gz", src.stat().st_size * 6 // 10)
    return d


@pytest.fixture(scope="session")
def full_inputs(corrupt_dir) -> list[str]:
    """All of ../shared/data and the file cut before its format is known (the embedded ingest stores
    nothing of it either, so the two stores compare exactly)."""
    return [str(data_path("")), str(corrupt_dir / "early-cut.xml.gz")]


@pytest.fixture(scope="session")
def full_dataset(spark, full_inputs, tmp_path_factory):
    from iprhub.batch.ingest import run_ingest

    out = str(tmp_path_factory.mktemp("ds") / "full")
    report = run_ingest(spark, full_inputs, out, master="local[2]", max_document_bytes=64 * 1024 * 1024)
    return out, report


#: the result-set analyses checked on all of the data (US: co-applicants and in-set citations occur there)
FULL_ANALYSES = ["co-applicants", "citations", "clusters"]


@pytest.fixture(scope="session")
def full_us_analysis(spark, full_dataset):
    """The office US of all the data, analysed on Spark once for the SQLite and PostgreSQL comparisons."""
    from iprhub.batch.analyses import batch_analyze

    return batch_analyze(spark, full_dataset[0], office="US", unit="family", only=FULL_ANALYSES)


@pytest.fixture(scope="session")
def embedded_hub(full_inputs, tmp_path_factory):
    home = tmp_path_factory.mktemp("embedded")
    hub = Hub(Settings(home=home, database_url=f"sqlite:///{home}/iprhub.db", search_index_on_ingest=False))
    report = hub.ingest(full_inputs)
    yield hub, report
    hub.close()


@pytest.fixture(scope="session")
def embedded_rows(embedded_hub):
    from tests.batch.compare import store_rows

    return store_rows(embedded_hub[0].store)


# the index shards and the analyses: EPO OPS (merged publications), Chinese and Japanese full texts ----
@pytest.fixture(scope="session")
def index_inputs() -> list[str]:
    return [str(data_path(p)) for p in INDEX_INPUTS]


@pytest.fixture(scope="session")
def embedded(index_inputs, tmp_path_factory):
    """The embedded path: ingest indexing as it goes, then `iprhub index --rebuild --vectors`."""
    home = tmp_path_factory.mktemp("embedded-index")
    hub = Hub(Settings(home=home, database_url=f"sqlite:///{home}/iprhub.db"))
    hub.ingest(index_inputs)
    ingest_time = {
        q: hub.search.search(q, mode=m, limit=50, collapse=False, snippets=False).total  # type: ignore[arg-type]
        for q, m in INDEX_QUERIES
        if m == "bm25"
    }
    hub.search.rebuild(vectors=True)
    yield hub, ingest_time
    hub.close()


@pytest.fixture(scope="session")
def sharded(spark, index_inputs, tmp_path_factory):
    """The same files through batch ingest, and their index built in shards (with vectors)."""
    from iprhub.batch.index import run_index
    from iprhub.batch.ingest import run_ingest

    out = str(tmp_path_factory.mktemp("sharded") / "ds")
    run_ingest(spark, index_inputs, out, master="local[2]", max_document_bytes=64 * 1024 * 1024)
    report = run_index(spark, out, shards=SHARDS, vectors=True)
    return out, report
