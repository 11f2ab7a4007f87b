"""The worker side of the pipeline on real files: parsing makes no reference cycles, so pausing the
cyclic garbage collector while a chunk is parsed frees everything all the same."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time

import pytest

from iprhub.hub import Hub
from iprhub.ingest import pipeline as pl
from iprhub.ingest.formats import detect
from iprhub.ingest.formats.base import ReadContext, Rejected, make_head
from iprhub.ingest.sources import iter_sources
from iprhub.model.patent import PatentDocument
from iprhub.model.trademark import Trademark
from iprhub.settings import Settings
from tests.conftest import DATA
from tests.store.store_compare import contents

pytestmark = pytest.mark.slow


def _one_file_per_parallel_format() -> dict[str, object]:
    picked: dict[str, object] = {}
    for folder in ("uspto", "epo", "cn", "jp", "wipo", "trademark"):
        for source in iter_sources([DATA / folder]):
            with source.open() as stream:
                fmt = detect(make_head(stream.read(65536), source.name))
            if fmt is not None and fmt.parallel and fmt.name not in picked:
                picked[fmt.name] = (fmt, source)
    return picked


def test_parsing_a_chunk_makes_no_reference_cycles():
    picked = _one_file_per_parallel_format()
    assert {"uspto-xml", "ep-fulltext-xml", "cnipa-xml-new", "jpo-gazette-xml", "tm-st66-xml"} <= picked.keys()
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        stored = 0
        for name, (fmt, source) in picked.items():
            ctx = ReadContext(source=source.name, format=name)
            with source.open() as stream:
                raws = [raw for _i, raw in zip(range(40), fmt.split(stream, ctx), strict=False)]
            out = pl._parse_chunk(name, raws, ctx)
            assert not gc.isenabled()  # a paused collector stays paused
            assert out, name
            stored += sum(isinstance(x, (pl.PatentRows, PatentDocument, Trademark)) for x in out)
            assert all(not isinstance(x, Rejected) or x.reason for x in out)
            del out, raws
        assert stored >= len(picked)
        assert gc.collect() == 0  # nothing left that only the cyclic collector could free
    finally:
        if was:
            gc.enable()


def test_the_collector_runs_again_after_a_chunk():
    picked = _one_file_per_parallel_format()
    fmt, source = picked["uspto-xml"]
    ctx = ReadContext(source=source.name, format="uspto-xml")
    with source.open() as stream:
        raws = [raw for _i, raw in zip(range(5), fmt.split(stream, ctx), strict=False)]
    assert gc.isenabled()
    rows = pl._parse_chunk("uspto-xml", raws, ctx)
    assert gc.isenabled()
    assert [r.pub_number for r in rows if isinstance(r, pl.PatentRows)]


def test_chunks_grow_at_the_start_and_share_what_is_left_at_the_end():
    from iprhub.ingest.xml_stream import RawDoc

    sizes = [40_000 + (i * 7919) % 60_000 for i in range(400)]  # ~28 MB of documents, 40-100 KB each
    docs, offset = [], 0
    for i, n in enumerate(sizes):
        docs.append(RawDoc(i, offset, i + 1, b"x" * n))
        offset += n + 1
    length = offset
    chunks = [[d.index for d in c] for c in pl._chunked_docs(iter(docs), pl.PARALLEL_CHUNK_BYTES, length, 2)]
    assert [i for c in chunks for i in c] == list(range(400))  # every document once, in order
    weight = [sum(sizes[i] for i in c) for c in chunks]
    assert weight[0] < pl.FIRST_CHUNK_BYTES + 100_000 < weight[1] < weight[2] <= pl.PARALLEL_CHUNK_BYTES + 100_000
    assert max(weight) > pl.PARALLEL_CHUNK_BYTES  # the middle runs at full size
    # a chunk takes at most a quarter (2 workers) of what was left after the chunk before it,
    # give or take its last document
    for k in range(1, len(chunks)):
        last = docs[chunks[k - 1][-1]]
        left = length - last.offset - len(last.data)
        assert weight[k] < max(pl.FIRST_CHUNK_BYTES, left // 4) + 100_000
    assert weight[-2] < pl.PARALLEL_CHUNK_BYTES / 2
    # without a known length the chunks stay at full size to the end
    plain = [sum(len(d.data) for d in c) for c in pl._chunked_docs(iter(docs), pl.PARALLEL_CHUNK_BYTES)]
    assert min(plain[3:-1]) >= pl.PARALLEL_CHUNK_BYTES


def test_sources_know_their_length_when_the_bytes_are_not_gzipped(tmp_path):
    import gzip
    import zipfile

    (tmp_path / "a.xml").write_bytes(b"<a/>" * 10)
    (tmp_path / "b.xml.gz").write_bytes(gzip.compress(b"<b/>" * 10))
    with zipfile.ZipFile(tmp_path / "c.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("c.xml", b"<c/>" * 1000)
        zf.writestr("d.xml.gz", gzip.compress(b"<d/>"))
    lengths = {s.name.rsplit("/", 1)[-1]: s.length for s in iter_sources([str(tmp_path)])}
    assert lengths == {"a.xml": 40, "b.xml.gz": None, "c.zip!c.xml": 4000, "c.zip!d.xml.gz": None}
    for s in iter_sources([str(tmp_path)]):
        if s.length is not None:
            with s.open() as f:
                assert len(f.read()) == s.length


def _children(pid: int) -> list[int]:
    """Live (not zombie) processes whose parent is ``pid``, from /proc."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != b"Z":
            out.append(int(entry))
    return out


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_ingest_leaves_no_live_workers(tmp_path):
    """kill -9 of `iprhub ingest` while its parser processes work: they end within seconds, and the
    next ingest of the same files completes and stores what a clean ingest does."""
    folders = [str(DATA / "uspto" / "grant_xml_v4x"), str(DATA / "epo")]
    home = tmp_path / "killed"
    cmd = [sys.executable, "-m", "iprhub.cli", "--home", str(home), "ingest", *folders, "--workers", "2", "--json"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    for _ in range(600):
        workers = _children(proc.pid)
        if len(workers) >= 2 or proc.poll() is not None:
            break
        time.sleep(0.05)
    assert len(workers) >= 2, "the ingest ended before its workers started"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    for _ in range(50):
        if not any(_alive(w) for w in workers):
            break
        time.sleep(0.1)
    assert [w for w in workers if _alive(w)] == []
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    clean = tmp_path / "clean"
    done = subprocess.run([*cmd[:4], str(clean), *cmd[5:]], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    with Hub(Settings(home=home, workers=1)) as killed, Hub(Settings(home=clean, workers=1)) as fresh:
        assert killed.stats() == fresh.stats()
        assert contents(killed) == contents(fresh)
