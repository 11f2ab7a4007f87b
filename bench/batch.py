"""Batch benchmark: the ingest benchmark's large stream through Spark vs the embedded ingest.

    .venv/bin/python bench/batch.py [--stream-mb 1024] [--skip-local1] [--index]

The stream is bench/ingest.py's: the real USPTO full-text documents of ../shared/data repeated
under new publication numbers into one uncompressed concatenated XML file. In the same run, each in
a child process whose whole process tree (driver, JVM, Python workers; or loader and parser
workers) is sampled for its summed resident memory every 0.2 s:

- the embedded ingest into SQLite (2 parser workers, no search index): the baseline;
- ``iprhub batch ingest`` on Spark ``local[2]`` into Parquet, then ``iprhub batch load`` of that
  Parquet into SQLite (the two steps an office runs);
- the same Spark ingest on ``local[1]``: the scaling figure from one core to two;
- with ``--index``: ``iprhub batch index`` (2 shards on ``local[2]``), the take-over of the shards by
  ``batch load`` (assembly, install, checksum comparison with the store), against
  ``iprhub index --rebuild`` of the embedded store.

Spark's start (the JVM, and a first job on a small file: class loading, SQL code generation, the
Python workers' imports) is timed apart from the job, as bench/ingest.py keeps the embedded
ingest's imports off its clock: it is paid once per session, not per document. The last
table projects one year of USPTO grants from the measured rates, with its assumptions printed.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import orjson
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]

# one year of USPTO grants, the assumptions of the projection
GRANTS_PER_YEAR = 350_000  # utility + design + plant + reissue grants, recent years (USPTO statistics)
WEEKLY_FILES = 52  # ipgYYMMDD.zip, one a week

_CHILD = """
import orjson, sys, time
mode, path, out, arg = sys.argv[1:5]
t0 = time.perf_counter()
if mode == "embedded":
    from iprhub import Hub, load_settings
    from iprhub.ingest.formats import all_formats
    import iprhub.ingest.pipeline
    hub = Hub(load_settings()); all_formats()
    t1 = time.perf_counter(); r = hub.ingest([path]); t2 = time.perf_counter()
    docs = r.inserted + r.updated
elif mode == "spark":
    from iprhub.batch.spark import spark_session
    from iprhub.batch.ingest import run_ingest
    spark = spark_session(arg, conf={"spark.ui.showConsoleProgress": "false", "spark.driver.memory": "1g"})
    # a first job on a small file: the JVM's classes, its SQL code generation and the Python workers'
    # imports are paid once per session, not per document
    run_ingest(spark, [path + ".warm"], out + ".warm", master=arg, max_document_bytes=64 * 1024 * 1024)
    t1 = time.perf_counter()
    r = run_ingest(spark, [path], out, master=arg, max_document_bytes=64 * 1024 * 1024)
    t2 = time.perf_counter()
    docs = r.rows.get("patent", 0)
elif mode == "index":
    from iprhub.batch.spark import spark_session
    from iprhub.batch.index import run_index
    spark = spark_session(arg, conf={"spark.ui.showConsoleProgress": "false", "spark.driver.memory": "1g"})
    run_index(spark, out + ".warm", shards=2)
    t1 = time.perf_counter(); r = run_index(spark, out, shards=2); t2 = time.perf_counter()
    docs = r.documents
elif mode == "rebuild":
    from iprhub import Hub, load_settings
    hub = Hub(load_settings()); hub.search.lexical.num_docs()
    t1 = time.perf_counter(); r = hub.search.rebuild(); t2 = time.perf_counter()
    docs = r.indexed
elif mode == "take-over":
    from iprhub import Hub, load_settings
    hub = Hub(load_settings())
    t1 = time.perf_counter(); r = hub.batch.load(out); t2 = time.perf_counter()
    docs = r.index["documents"]
else:
    from iprhub import Hub, load_settings
    from iprhub.batch.load import load_dataset
    hub = Hub(load_settings())
    t1 = time.perf_counter(); r = load_dataset(hub.store, hub.settings, out); t2 = time.perf_counter()
    docs = r.inserted + r.updated
print(orjson.dumps({"docs": docs, "start": t1 - t0, "seconds": t2 - t1}).decode())
"""


def _bench_ingest() -> Any:
    spec = importlib.util.spec_from_file_location("bench_ingest_for_batch", ROOT / "bench" / "ingest.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tree_rss(root: int) -> int:
    """Summed VmRSS of ``root`` and all its descendants (bytes)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    parents[int(entry)] = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        kids = [p for p, pp in parents.items() if pp == pid and p not in tree]
        tree.update(kids)
        frontier.extend(kids)
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def run_child(mode: str, path: Path, out: Path, arg: str, env: dict[str, str]) -> dict[str, Any]:
    """One contender in a child process; its result with the peak summed RSS of its process tree."""
    proc = subprocess.Popen([sys.executable, "-c", _CHILD, mode, str(path), str(out), arg], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"{mode} failed:\n{stderr[-3000:]}")
    return {**orjson.loads(stdout.strip().splitlines()[-1]), "rss": peak[0]}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--stream-mb", type=int, default=1024, help="size of the stream")
    ap.add_argument("--skip-local1", action="store_true", help="leave out the local[1] run (scaling)")
    ap.add_argument("--index", action="store_true", help="also the search index: built in shards on Spark "
                    "local[2] and taken over by batch load, vs iprhub index --rebuild of the embedded store")
    args = ap.parse_args(argv)
    console = Console(width=160)
    bi = _bench_ingest()
    docs = bi.corpus_docs()
    with tempfile.TemporaryDirectory(prefix="iprhub-bench-batch-") as tmp:
        tmpdir = Path(tmp)
        stream = tmpdir / "stream.xml"
        n = bi.write_stream(docs, stream, args.stream_mb * 1_000_000)
        bi.write_stream(docs[:4], Path(f"{stream}.warm"), 1)  # the warm-up file of the Spark runs
        mb = stream.stat().st_size / 1e6

        def env(name: str) -> dict[str, str]:
            return {**os.environ, "IPRHUB_HOME": str(tmpdir / name), "IPRHUB_WORKERS": "2",
                    "IPRHUB_DATABASE_URL": f"sqlite:///{tmpdir / name}/iprhub.db",
                    "IPRHUB_SEARCH_INDEX_ON_INGEST": "false"}

        results: list[tuple[str, dict[str, Any]]] = []
        results.append(("embedded ingest → SQLite (2 workers): baseline",
                        run_child("embedded", stream, tmpdir / "none", "", env("emb"))))
        results.append(("Spark local[2] batch ingest → Parquet",
                        run_child("spark", stream, tmpdir / "ds2", "local[2]", env("sp2"))))
        results.append(("batch load Parquet → SQLite",
                        run_child("load", stream, tmpdir / "ds2", "", env("load"))))
        if args.index:
            results.append(("Spark local[2] batch index, 2 shards → Parquet dataset",
                            run_child("index", stream, tmpdir / "ds2", "local[2]", env("idx"))))
            results.append(("batch load: assemble + take over the shards",
                            run_child("take-over", stream, tmpdir / "ds2", "", env("load"))))
            results.append(("embedded iprhub index --rebuild: baseline of the index",
                            run_child("rebuild", stream, tmpdir / "none", "", env("emb"))))
        if not args.skip_local1:
            results.append(("Spark local[1] batch ingest → Parquet",
                            run_child("spark", stream, tmpdir / "ds1", "local[1]", env("sp1"))))
        stream.unlink()

    t = Table(title=f"Batch vs embedded ingest: {mb:,.0f} MB stream of {n:,} real USPTO documents (new numbers), "
                    "same run; RSS summed over each process tree")
    for col in ("contender", "documents", "start s", "seconds", "docs/s", "MB/s", "peak RSS MB"):
        t.add_column(col, justify="left" if col == "contender" else "right")
    for name, r in results:
        t.add_row(name, f"{r['docs']:,}", f"{r['start']:.1f}", f"{r['seconds']:.1f}",
                  f"{r['docs'] / r['seconds']:,.0f}", f"{mb / r['seconds']:.1f}", f"{r['rss'] / 1e6:,.0f}")
    by = dict(results)
    emb, sp2, load = (by["embedded ingest → SQLite (2 workers): baseline"], by["Spark local[2] batch ingest → Parquet"],
                      by["batch load Parquet → SQLite"])
    both = sp2["seconds"] + load["seconds"]
    t.add_row("Spark local[2] ingest + load, to the store", f"{load['docs']:,}", "", f"{both:.1f}",
              f"{load['docs'] / both:,.0f}", f"{mb / both:.1f}", "")
    console.print(t)
    ratios = [f"Spark local[2] ingest / embedded ingest time: {sp2['seconds'] / emb['seconds']:.2f}"]
    scaling = None
    if "Spark local[1] batch ingest → Parquet" in by:
        sp1 = by["Spark local[1] batch ingest → Parquet"]
        scaling = sp1["seconds"] / sp2["seconds"]
        ratios.append(f"scaling local[1] → local[2]: {scaling:.2f}x (ideal 2.00x; efficiency {scaling / 2:.0%})")
    if "embedded iprhub index --rebuild: baseline of the index" in by:
        idx, take = by["Spark local[2] batch index, 2 shards → Parquet dataset"], by[
            "batch load: assemble + take over the shards"]
        rebuild = by["embedded iprhub index --rebuild: baseline of the index"]
        ratios.append(f"index in shards (Spark local[2] + take-over) / iprhub index --rebuild time: "
                      f"{(idx['seconds'] + take['seconds']) / rebuild['seconds']:.2f}")
    for line in ratios:
        console.print(line)

    rate2 = sp2["docs"] / sp2["seconds"]  # documents a second on 2 cores
    per_core = rate2 / 2
    eff = min(1.0, (scaling or 2.0) / 2)
    p = Table(title="Projection: one year of USPTO grants (assumptions below)")
    for col in ("setup", "executor cores", "ingest minutes (Spark)", "load minutes (one store writer)"):
        p.add_column(col, justify="left" if col == "setup" else "right")
    load_rate = load["docs"] / load["seconds"]
    for name, cores in (("this VM, local[2]", 2), ("standalone, 4 workers x 8 cores", 32),
                        ("standalone, 16 workers x 8 cores", 128)):
        rate = rate2 if cores == 2 else per_core * cores * eff
        p.add_row(name, str(cores), f"{GRANTS_PER_YEAR / rate / 60:.1f}", f"{GRANTS_PER_YEAR / load_rate / 60:.1f}")
    console.print(p)
    mean_kb = sum(len(d) for d in docs) / len(docs) / 1000
    console.print(
        f"assumptions: {GRANTS_PER_YEAR:,} grants a year in {WEEKLY_FILES} weekly files; documents like this corpus "
        f"(mean {mean_kb:.0f} KB of XML; real weekly files hold ~{GRANTS_PER_YEAR * mean_kb / WEEKLY_FILES / 1000:,.0f} MB "
        f"at that size); executor cores as fast as this VM's; cluster rate = per-core rate x cores x the measured "
        f"local[1]→local[2] efficiency ({eff:.0%}); the load is one writer per store (SQLite here; PostgreSQL COPY "
        "for the side tables) and does not scale with executors. Real full-text grants run larger than this corpus's "
        "documents: scale both columns by (real mean document size / corpus mean).")


if __name__ == "__main__":
    main()
