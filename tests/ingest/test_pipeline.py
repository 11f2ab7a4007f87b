"""The worker side of the pipeline on real files: parsing makes no reference cycles, so pausing the
cyclic garbage collector while a chunk is parsed frees everything all the same."""

from __future__ import annotations

import gc

import pytest

from iprhub.ingest import pipeline as pl
from iprhub.ingest.formats import detect
from iprhub.ingest.formats.base import ReadContext, Rejected, make_head
from iprhub.ingest.sources import iter_sources
from iprhub.model.patent import PatentDocument
from iprhub.model.trademark import Trademark
from tests.conftest import DATA

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
