"""Batch ingest on Spark local[2], load into the store, statistics with Spark SQL: checked against
the embedded ingest of the same files (all of ../shared/data plus a corrupt file)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.compute as pc
import pytest

from iprhub.batch.dataset import FAILURE_PART, manifest_path
from iprhub.batch.ingest import run_ingest
from iprhub.batch.load import load_dataset, open_dataset
from iprhub.errors import InvalidInput
from iprhub.hub import Hub
from iprhub.settings import Settings
from tests.batch.compare import differences, embedded_charts, store_rows
from tests.batch.conftest import BIG_GZ, FULL_ANALYSES, SUBSET
from tests.conftest import data_path

MB64 = 64 * 1024 * 1024


def _rows(dataset: str) -> list[tuple]:
    ds, _ = open_dataset(dataset)
    table = ds.to_table()
    return sorted((tuple(r.values()) for r in table.to_pylist()), key=repr)


def _sqlite_hub(home: Path) -> Hub:
    return Hub(Settings(home=home, database_url=f"sqlite:///{home}/iprhub.db", search_index_on_ingest=False))


# the whole shared data set ---------------------------------------------------------------------
@pytest.mark.slow
def test_dataset_partitions_and_quarantine(full_dataset, embedded_hub, corrupt_dir):
    out, report = full_dataset
    root = Path(out) / "records"
    kinds = {p.name for p in root.iterdir() if p.is_dir()}
    assert kinds == {"kind=patent", "kind=trademark", "kind=event", "kind=class-titles", "kind=quarantine",
                     "kind=file"}
    assert (root / "kind=patent" / "office=US" / "year=2012").is_dir()
    _hub, embedded = embedded_hub
    statuses = {}
    for f in embedded.files:
        statuses[f.status] = statuses.get(f.status, 0) + 1
    assert report.files == {"total": len(embedded.files), **statuses}
    # the quarantine dataset: what the embedded ingest quarantined, file, position and reason alike
    ds, _ = open_dataset(out)
    q = ds.to_table(filter=pc.field("kind") == "quarantine",
                    columns=["file", "position", "stage", "reason"]).to_pylist()
    assert sorted((r["file"], r["position"], r["stage"], r["reason"]) for r in q) == sorted(
        (i.source_file, i.position, i.stage, i.reason) for i in embedded.quarantined)
    cut = [r for r in q if r["file"].endswith("early-cut.xml.gz")]
    assert len(cut) == 1 and cut[0]["position"] == "byte 0" and "truncated" in cut[0]["reason"]


@pytest.mark.slow
def test_load_gives_the_embedded_store_byte_for_byte(full_dataset, embedded_hub, embedded_rows, tmp_path):
    hub = _sqlite_hub(tmp_path)
    report = load_dataset(hub.store, hub.settings, full_dataset[0])
    _emb, embedded = embedded_hub
    assert (report.inserted, report.updated, report.unchanged) == (embedded.inserted, embedded.updated,
                                                                   embedded.unchanged)
    assert report.merged == embedded.merged
    assert differences(embedded_rows, store_rows(hub.store)) == {}
    # a second load finds every file done, nothing is written twice; the failed file is tried again
    # (as iprhub ingest tries a failed file again) and fails the same way
    again = load_dataset(hub.store, hub.settings, full_dataset[0])
    assert again.inserted == again.updated == 0
    assert sorted((f.status, Path(f.path).name) for f in again.files if f.status != "skipped") == [
        ("failed", "early-cut.xml.gz")]
    assert hub.store.stats() == embedded_hub[0].store.stats()
    hub.close()


@pytest.mark.slow
@pytest.mark.postgres
def test_load_into_postgres_gives_the_same_records(full_dataset, embedded_rows, full_us_analysis, pg_url, tmp_path):
    hub = Hub(Settings(home=tmp_path, database_url=pg_url, search_index_on_ingest=False))
    load_dataset(hub.store, hub.settings, full_dataset[0])
    assert differences(embedded_rows, store_rows(hub.store)) == {}
    # the Spark SQL analyses equal the embedded ones read from PostgreSQL
    want = embedded_charts(hub.store, "ctry=US", _us_numbers(hub.store)[::-1], FULL_ANALYSES)
    assert [c.model_dump() for c in full_us_analysis.charts] == [c.model_dump() for c in want]
    hub.close()


@pytest.mark.slow
def test_spark_sql_statistics_equal_the_store(spark, full_dataset, embedded_hub):
    from iprhub.batch.analytics import batch_stats

    expected = embedded_hub[0].store.stats()
    assert expected["totals"]["multi_source_documents"] > 0 and expected["totals"]["quarantined"] > 0
    assert batch_stats(spark, full_dataset[0]) == expected


def _us_numbers(store) -> list[str]:
    from sqlalchemy import select

    from iprhub.store.schema import documents

    with store.engine.connect() as conn:
        return sorted(conn.execute(select(documents.c.pub_number).where(documents.c.country == "US")).scalars())


@pytest.mark.slow
def test_spark_sql_network_citation_and_cluster_analyses_equal_the_embedded_ones(full_us_analysis, embedded_hub):
    store = embedded_hub[0].store
    numbers = _us_numbers(store)
    got = full_us_analysis
    assert got.documents == len(numbers) == 648
    for order in (numbers, numbers[::-1]):  # the same charts whatever order the search lists the set in
        want = embedded_charts(store, "ctry=US", order, FULL_ANALYSES)
        assert [c.model_dump() for c in got.charts] == [c.model_dump() for c in want]
    co, cited, clusters = got.charts
    # USD656448S1-USD656451S1, four automobile wheels (four families) of Wah Hung and John Zhao; then
    # 2-family pairs by name: "APPLE INC." and "Apple Inc." are two spellings on the same documents
    assert co.rows[:3] == [["Wah Hung International Machinery Inc.", "Zhao, John", 4], ["APPLE INC.", "Apple Inc.", 2],
                           ["Aichi Co., Ltd.", "Kumazawa, Taku", 2]]
    assert co.links[0] == '(ctry=US) and pa="Wah Hung International Machinery Inc." and pa="Zhao, John"'
    assert co.figures == {"edges": 1569.0, "nodes": 985.0}
    # the two citations inside the set: USD586081S1 (swimming costume) cites the garment USD456588S1; the
    # PPUBS record of USPP3823P lists its own number among its references ("US PP003823 cited by other")
    assert cited.rows == [["USD456588", "USD456588S1", 1], ["USPP3823", "USPP3823P", 1]]
    assert cited.figures == {"citation links inside the set": 2.0, "citations made": 15791.0}
    assert cited.notes[0].startswith("citing office -> cited office: US->US 14922, US->JP 355, US->WO 208")
    assert clusters.rows[:2] == [[1, "data · display · network · bottle", 413],
                                 [2, "tool · environment · machine · virtual", 43]]


@pytest.mark.slow
def test_spark_value_indicators_equal_the_embedded_ones(full_dataset, embedded_hub, tmp_path):
    """`batch indicators`: every patent document's seven dataset indicators, raw, cohort maximum and
    normalised, equal ``hub.value.quality`` on the embedded store of the same files."""
    import datetime as dt

    import orjson
    import pyarrow.parquet as pq
    from sqlalchemy import select
    from typer.testing import CliRunner

    from iprhub.batch.indicators import SPARK_INDICATORS
    from iprhub.cli.main import get_app
    from iprhub.store.schema import documents

    out = tmp_path / "indicators"
    result = CliRunner().invoke(get_app(), ["--home", str(tmp_path), "batch", "indicators", full_dataset[0],
                                            "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    report = orjson.loads(result.output)
    assert report["indicators"] == list(SPARK_INDICATORS) and set(report["not_computed"]) == {"renewal"}
    got = {r["pub"]: r for r in pq.read_table(out).to_pylist()}
    hub = embedded_hub[0]
    with hub.store.engine.connect() as conn:
        pubs = sorted(conn.execute(select(documents.c.pub_number)).scalars())
    assert sorted(got) == pubs and report["documents"] == len(pubs) == 831
    cache: dict = {}
    wrong = []
    for pub in pubs:
        q = hub.value.quality(hub.document(pub), dt.date(2026, 12, 5), cache)
        by_id = {i.id: i for i in q.indicators}
        want = {"pub": pub, "cohort_year": q.cohort_year, "cohort_field": q.cohort_field, "cohort_size": q.cohort_size}
        for k in SPARK_INDICATORS:
            want |= {k: by_id[k].raw, f"{k}_normalised": by_id[k].normalised, f"{k}_cohort_max": by_id[k].cohort_max}
        if got[pub] != want:
            wrong.append((pub, got[pub], want))
    assert wrong == []
    # the WIPO field of B01D (US11554343B1) and B65F (US11801995B1, 7 references) from the concordance
    # in the data: a cohort of two, 1 reference against 7
    us = got["US11554343B1"]
    assert (us["cohort_year"], us["cohort_field"], us["cohort_size"]) == (2021, "Environmental technology", 2)
    assert (us["backward_citations"], us["backward_citations_cohort_max"], us["backward_citations_normalised"]) == (
        1.0, 7.0, 0.143)
    # EP2400812A1 and B1, one application (EP10167109): neither counts in the other's cohort
    assert [got[p]["cohort_size"] for p in ("EP2400812A1", "EP2400812B1")] == [1, 1]
    assert (got["EP2400812A1"]["claims"], got["EP2400812B1"]["claims"]) == (15.0, None)
    # USD586081S1 (2009-02-10) cites USD456588S1 (2002-05-07): past the 5-year window, no forward citation
    assert got["USD456588S1"]["forward_citations"] == 0.0
    # WO2014059282 (DOCDB family of CA2887530A1): members in CA, CN, EP, RU, US and WO, six offices from
    # each of its eleven stored documents; a document alone in its family counts its own office
    assert {got[p]["family_size"] for p in hub.family_members("CA2887530A1") + ["CA2887530A1"]} == {6.0}
    assert len(hub.family_members("CA2887530A1")) == 10
    assert (got["USD456588S1"]["family_size"], hub.family_members("USD456588S1")) == (1.0, [])


@pytest.mark.slow
def test_spark_sql_ownership_statistics_equal_the_store(spark, full_dataset, embedded_hub, tmp_path):
    """`batch ownership-stats`: the recordings of the dataset's assignment events by year, type, field,
    region and office equal ``hub.ownership.stats`` on the embedded store, suppressed cells included."""
    import orjson
    from typer.testing import CliRunner

    from iprhub.batch.ownership import batch_ownership_counts
    from iprhub.cli.main import get_app
    from iprhub.ownership.service import STATS_BY, stats_table

    hub = embedded_hub[0]
    counts = batch_ownership_counts(spark, full_dataset[0], STATS_BY)
    for by in STATS_BY:
        c = counts[by]
        for k in (1, 3):
            want = hub.ownership.stats(by, min_cell=k)
            assert stats_table(by, k, c["counts"], c["patents"], c["types"], c["recordings"],
                               c["total_patents"]) == want, (by, k)
    # 3450 recordings (distinct reel/frames) of 3501 properties; most were recorded in 2024 (1058
    # assignments and 29 corrections, of the Assignment Center cassettes)
    result = CliRunner().invoke(get_app(), ["--home", str(tmp_path), "batch", "ownership-stats", full_dataset[0],
                                            "--by", "year", "--min-cell", "1", "--json"])
    assert result.exit_code == 0, result.output
    table = orjson.loads(result.output)
    top = max(table["rows"], key=lambda r: r["recordings"])
    assert (top["year"], top["assignment"], top["correction"], top["recordings"]) == ("2024", 1058, 29, 1087)
    assert (table["totals"]["recordings"], table["totals"]["patents"]) == (3450, 3501)
    # the one recorded property the data holds a document of: US17756995, published as US20230009613A1 (G)
    assert counts["field"]["counts"] == {"G Physics": {"assignment": 1},
                                         "not in store": {**counts["field"]["types"], "assignment": 3295}}
    bad = CliRunner().invoke(get_app(), ["--home", str(tmp_path), "batch", "ownership-stats", full_dataset[0],
                                         "--by", "owner", "--json"])
    assert bad.exit_code == 2 and "--by must be one of" in bad.output


# a subset: retries, kills, corruption part-way, resumed loads ------------------------------------
@pytest.fixture(scope="module")
def subset(spark, corrupt_dir, tmp_path_factory):
    inputs = [str(data_path(SUBSET)), str(corrupt_dir / "mid-cut.xml.gz")]
    out = str(tmp_path_factory.mktemp("subset") / "ds")
    report = run_ingest(spark, inputs, out, master="local[2]", max_document_bytes=MB64)
    return inputs, out, report, _rows(out)


def test_file_cut_part_way_lands_in_quarantine_with_its_position(subset):
    _inputs, out, report, rows = subset
    assert report.failed == [{"file": report.failed[0]["file"], "reason": report.failed[0]["reason"]}]
    assert report.failed[0]["file"].endswith("mid-cut.xml.gz")
    ds, _ = open_dataset(out)
    mid = ds.to_table(filter=pc.field("file") == report.failed[0]["file"]).to_pylist()
    failure = [r for r in mid if r["kind"] == "quarantine" and r["part"] == FAILURE_PART]
    assert len(failure) == 1 and failure[0]["position"].startswith("byte ")
    # the first 64 KB (the sniffed head) were read; the next 1 MB read hits the cut
    assert failure[0]["position"] == "byte 65536" and "truncated" in failure[0]["reason"]
    ledger = [r for r in mid if r["kind"] == "file"]
    assert [(r["status"], r["format"]) for r in ledger] == [("failed", "uspto-xml")]
    assert report.files["done"] == 70 and report.files["failed"] == 1  # the rest completes


def test_a_failed_task_is_retried_without_duplicates(spark, subset, tmp_path):
    inputs, _out, _report, rows = subset
    marker = tmp_path / "attempted"
    out = str(tmp_path / "retried")
    run_ingest(spark, inputs, out, master="local[2]", max_document_bytes=MB64,
               fail_once=("get_family_with_legal", str(marker)))
    assert marker.exists()  # the first attempt failed
    assert _rows(out) == rows
    run_ingest(spark, inputs, out, master="local[2]", max_document_bytes=MB64)  # a re-run: the same dataset
    assert _rows(out) == rows


def test_a_killed_job_re_run_completes_without_duplicates(spark, subset, tmp_path):
    inputs, _out, _report, rows = subset
    out = tmp_path / "killed"
    env = {**os.environ, "IPRHUB_HOME": str(tmp_path / "home")}
    code = ("import sys\nfrom iprhub.batch.documents import split_file\nimport iprhub.batch.documents as d\n"
            "import time\norig = d.split_file\n"
            "def slow(*a, **k):\n    time.sleep(0.5)\n    yield from orig(*a, **k)\n"
            "d.split_file = slow\nimport iprhub.batch.ingest as i\ni.split_file = slow\n"
            "from iprhub.cli.main import main\nsys.argv = ['iprhub', 'batch', 'ingest', *sys.argv[1:]]\nmain()\n")
    proc = subprocess.Popen([sys.executable, "-c", code, *inputs, "--out", str(out), "--spark", "local[2]"],
                            env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 240
        while not (out / "records" / "_temporary").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert proc.poll() is None, "the job ended before it could be killed"
        time.sleep(1.0)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the job and its JVM, mid-write
        proc.wait()
    assert not Path(manifest_path(str(out))).exists()
    with pytest.raises(InvalidInput, match="not a complete batch dataset"):
        open_dataset(str(out))
    run_ingest(spark, inputs, str(out), master="local[2]", max_document_bytes=MB64)
    assert _rows(str(out)) == rows


def test_an_interrupted_load_resumes_to_the_same_store(subset, tmp_path):
    _inputs, out, _report, _rows_ = subset
    once = _sqlite_hub(tmp_path / "once")
    load_dataset(once.store, once.settings, out)
    resumed = _sqlite_hub(tmp_path / "resumed")
    seen: list[str] = []

    def stop_at_fifth(name: str) -> None:
        seen.append(name)
        if len(seen) == 5:
            raise KeyboardInterrupt  # a kill between files, after four were loaded

    with pytest.raises(KeyboardInterrupt):
        load_dataset(resumed.store, resumed.settings, out, on_file=stop_at_fifth)
    second = load_dataset(resumed.store, resumed.settings, out)
    assert sum(f.status == "skipped" for f in second.files) >= 4
    assert differences(store_rows(once.store), store_rows(resumed.store)) == {}
    once.close()
    resumed.close()


def test_a_dataset_without_its_manifest_is_refused(subset, tmp_path):
    with pytest.raises(InvalidInput, match="not a complete batch dataset"):
        open_dataset(str(tmp_path / "nothing"))


def test_missing_pyspark_gives_the_install_hint(monkeypatch):
    import builtins

    from iprhub.batch import spark as spark_mod

    real = builtins.__import__

    def no_pyspark(name, *args, **kwargs):
        if name == "pyspark" or name.startswith("pyspark."):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyspark)
    with pytest.raises(InvalidInput, match=r"pip install 'iprhub\[spark\]'"):
        spark_mod.require_pyspark()


def test_big_gz_is_the_one_cut(corrupt_dir):
    assert (corrupt_dir / "mid-cut.xml.gz").stat().st_size < data_path(BIG_GZ).stat().st_size


def test_load_through_the_hub_keeps_the_search_index_in_step(subset, tmp_path):
    _inputs, out, _report, _rows_ = subset
    hub = Hub(Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path}/iprhub.db"))
    report = hub.batch.load(out)
    assert report.indexed and report.files["done"] == 70 and report.files["failed"] == 1
    status = hub.search.status()
    stored = hub.store.stats()["totals"]["documents"]
    assert stored > 0 and status.in_step and status.documents_in_index == stored
    hub.close()


def test_cli_load_json_and_a_cut_dataset_exit_code(subset, tmp_path):
    import orjson
    from typer.testing import CliRunner

    from iprhub.cli.main import get_app

    _inputs, out, report, _rows_ = subset
    runner = CliRunner()
    home = ["--home", str(tmp_path / "home")]
    result = runner.invoke(get_app(), [*home, "batch", "load", out, "--json"])
    assert result.exit_code == 0, result.output
    data = orjson.loads(result.output)
    assert data["files"] == {"total": 71, "done": 70, "failed": 1} and data["indexed"] is True
    assert [q["source_file"] for q in data["quarantined"] if q["position"] == "byte 65536"] == [
        report.failed[0]["file"]]
    missing = runner.invoke(get_app(), [*home, "batch", "load", str(tmp_path / "nothing"), "--json"])
    assert missing.exit_code == 2 and orjson.loads(missing.output)["error"]["code"] == "invalid_input"
