"""``iprhub batch ingest``: office files -> the Parquet batch dataset, on Spark.

The driver lists the sources (as the embedded ingest orders them) and hands one task per group of
files to the executors, which sniff and split each file into documents
(:func:`iprhub.batch.documents.split_file`); chunks of documents are then spread over all
executors (a shuffle) and parsed and validated there (:func:`~iprhub.batch.documents.parse_unit`).
The rows are written as one Parquet dataset partitioned by kind, office and year
(:mod:`iprhub.batch.dataset`).

Idempotent by construction: a run overwrites the dataset as a whole, every row is a pure function of
the input bytes, and Spark commits each task's output once (a failed or speculative attempt's files
are discarded by the output committer), so a retried task or a re-run of a killed job leaves no
duplicates. The manifest (``_batch.json``) is removed first and written last.
"""

from __future__ import annotations

import sys
import time
from collections import Counter, defaultdict
from typing import Any

import orjson
from pydantic import BaseModel, Field

from iprhub.batch.dataset import COLUMNS, MANIFEST, PARTITIONS, manifest_path, records_path
from iprhub.batch.documents import list_files, parse_unit, split_file

QUARANTINE_SHOWN = 50


class BatchIngestReport(BaseModel):
    """What ``iprhub batch ingest`` wrote."""

    dataset: str
    master: str
    files: dict[str, int]
    rows: dict[str, int]  # by kind
    by_format: dict[str, dict[str, int]] = Field(default_factory=dict)
    quarantined: int = 0
    quarantine: list[dict[str, Any]] = Field(default_factory=list)  # the first QUARANTINE_SHOWN
    failed: list[dict[str, Any]] = Field(default_factory=list)
    seconds: float = 0.0


def spark_schema() -> Any:
    from pyspark.sql import types as T

    kinds = {"int": T.IntegerType(), "long": T.LongType(), "string": T.StringType()}
    return T.StructType([T.StructField(n, kinds[t], True) for n, t in COLUMNS])


def run_ingest(spark: Any, paths: list[str], out: str, *, master: str, max_document_bytes: int,
               fail_once: tuple[str, str] | None = None) -> BatchIngestReport:
    started = time.perf_counter()
    tasks = list_files(paths)
    fs = _Fs(spark)
    fs.delete(manifest_path(out))  # a dataset without its manifest is refused until this run ends
    sc = spark.sparkContext
    cores = sc.defaultParallelism
    units = sc.parallelize(tasks, _split_slices(tasks, cores)).flatMap(
        lambda t: split_file(t, max_document_bytes, fail_once))
    rows = units.repartition(_parse_partitions(tasks, cores)).flatMap(parse_unit)
    df = spark.createDataFrame(rows, spark_schema())
    (df.sortWithinPartitions(*PARTITIONS, "file_index", "part", "seq")
       .write.mode("overwrite").partitionBy(*PARTITIONS).parquet(records_path(out)))
    report = _summary(spark, out, master)
    report.seconds = round(time.perf_counter() - started, 3)
    fs.write(manifest_path(out), orjson.dumps({
        "kind": "iprhub-batch-dataset", "version": 1, "inputs": [str(p) for p in paths],
        "files": len(tasks), "rows": report.rows, "master": master,
        "python": sys.version.split()[0]}, option=orjson.OPT_INDENT_2))
    return report


def _split_slices(tasks: list[Any], cores: int) -> int:
    """Split tasks: a slice per ~8 MB of input (a task's fixed cost is ~10 ms of scheduling and a
    Python worker round trip), every core busy, at most 16 per core and one per file."""
    size = sum(t.size for t in tasks)
    return max(1, min(len(tasks), max(cores, min(cores * 16, size // (8 * 1024 * 1024) + 1))))


def _parse_partitions(tasks: list[Any], cores: int) -> int:
    """Parse tasks: every core busy, up to four per core as input grows (skew evens out), about
    one per 128 MB of (compressed) input; few partitions keep small inputs from writing many
    small files (each partition writes one file per kind/office/year it holds)."""
    size = sum(t.size for t in tasks)
    return max(cores, min(cores * 4, size // (128 * 1024 * 1024) + 1))


def _summary(spark: Any, out: str, master: str) -> BatchIngestReport:
    from pyspark.sql import functions as F

    df = spark.read.parquet(records_path(out))
    rows: Counter = Counter()
    by_format: dict[str, Counter] = defaultdict(Counter)
    for r in df.where(F.col("kind") != "file").groupBy("format", "kind").count().collect():
        rows[r["kind"]] += r["count"]
        if r["format"]:
            by_format[r["format"]][r["kind"]] += r["count"]
    ledger = df.where(F.col("kind") == "file").select("file", "status", "reason", "format").collect()
    files = Counter(r["status"] for r in ledger)
    for r in ledger:
        if r["format"] and r["status"] != "unsupported":
            by_format[r["format"]]["files"] += 1
    quarantine = (df.where(F.col("kind") == "quarantine").orderBy("file_index", "part", "seq")
                  .select("file", "position", "stage", "reason", "format", "record_id"))
    return BatchIngestReport(
        dataset=out, master=master, files={"total": len(ledger), **dict(files)},
        rows=dict(sorted(rows.items())),
        by_format={k: dict(v) for k, v in sorted(by_format.items())},
        quarantined=rows.get("quarantine", 0),
        quarantine=[r.asDict() for r in quarantine.limit(QUARANTINE_SHOWN).collect()],
        failed=[{"file": r["file"], "reason": r["reason"]} for r in ledger if r["status"] == "failed"])


class _Fs:
    """Small files beside the dataset through Hadoop's FileSystem, so ``s3a://``, ``hdfs://`` and
    local paths all work."""

    def __init__(self, spark: Any) -> None:
        self._jvm = spark.sparkContext._jvm
        self._conf = spark.sparkContext._jsc.hadoopConfiguration()

    def _path(self, path: str) -> tuple[Any, Any]:
        p = self._jvm.org.apache.hadoop.fs.Path(path)
        return p, p.getFileSystem(self._conf)

    def delete(self, path: str) -> None:
        p, fs = self._path(path)
        if fs.exists(p):
            fs.delete(p, False)

    def write(self, path: str, data: bytes) -> None:
        p, fs = self._path(path)
        stream = fs.create(p, True)
        try:
            stream.write(bytearray(data))
        finally:
            stream.close()


__all__ = ["MANIFEST", "BatchIngestReport", "run_ingest"]
