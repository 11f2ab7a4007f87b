"""Every benchmark script runs at its smallest size and prints its table (the figures are not checked)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from iprhub.hub import Hub
from iprhub.settings import Settings
from tests.conftest import data_path

BENCH = Path(__file__).resolve().parents[2] / "bench"
pytestmark = pytest.mark.slow


def _script(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _store(home: Path, *files: str) -> Path:
    hub = Hub(Settings(home=home, database_url=f"sqlite:///{home}/iprhub.db", workers=1))
    hub.ingest([data_path(f) for f in files])
    hub.close()
    return home


def test_search_bench(tmp_path, capsys):
    home = _store(tmp_path / "home", "uspto/grant_xml_v4x/PatentsView-DB__2009_6.xml.gz",
                  "cn/cn_old/PatentStandardization__cn_old1.xml.gz")
    _script("search").main(["--docs", "300", "--queries", "2", "--pool", "12", "--home", str(home),
                            "--out", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert "documents: 300 (recombined real text" in out and "query type (ms)" in out
    for row in ("single term", "wildcard", "facet query", "semantic top-10", "build rate (docs/s)"):
        assert row in out


def test_ingest_bench(capsys):
    _script("ingest").main(["--stream-mb", "0", "--no-postgres", "--rounds", "1", "--docs", "12"])
    out = capsys.readouterr().out
    assert "Ingest throughput on 12 real USPTO documents" in out and "iprhub ingest → SQLite (2 workers" in out
    assert "Where one ingest's work goes" in out


def test_serve_bench(tmp_path, capsys):
    home = _store(tmp_path / "home", "uspto/grant_xml_v4x/PatentsView-DB__2009_6.xml.gz")
    _script("serve").main(["--seconds", "1", "--clients", "2", "--home", str(home)])
    out = capsys.readouterr().out
    assert "iprhub serve: 2 concurrent clients" in out and "search, field query (bm25)" in out


def test_export_bench(tmp_path, capsys):
    home = _store(tmp_path / "home", "uspto/grant_xml_v4x/PatentsView-DB__2009_6.xml.gz")
    _script("export").main(["--home", str(home)])
    out = capsys.readouterr().out
    assert "baseline: iprhub stats" in out and "import dump.parquet" in out


def test_tm_bench(capsys):
    _script("tm").main(["--marks", "300", "--queries", "2"])
    out = capsys.readouterr().out
    assert "marks: 300 (recombined from" in out and "query type (ms)" in out
    for row in ("index: plain search", "index: similar search", "brute force: rapidfuzz scan"):
        assert row in out


def test_laws_bench(capsys):
    laws = data_path("laws/cn")
    _script("laws").main(["--laws", str(laws / "民法商法"), "--repeat", "1"])
    out = capsys.readouterr().out
    assert "expected articles in the top 10" in out and "3 laws" in out


def test_ownership_bench(tmp_path, capsys):
    from iprhub.hub import Hub as _Hub

    home = tmp_path / "home"
    hub = _Hub(Settings(home=home, database_url=f"sqlite:///{home}/iprhub.db", workers=1,
                        capabilities=["iprhub.accounts", "iprhub.countries", "iprhub.ownership", "iprhub.value"]))
    hub.ingest([data_path("uspto/assignment_xml")])
    hub.close()
    _script("ownership").main(["--home", str(home), "--apps", "3", "--docs", "0"])
    out = capsys.readouterr().out
    assert "chain of title" in out and "baseline: core application record" in out


def test_batch_bench(capsys):
    pytest.importorskip("pyspark", reason="the spark extra is not installed (make spark-deps)")
    _script("batch").main(["--stream-mb", "1", "--skip-local1"])
    out = capsys.readouterr().out
    assert "Batch vs embedded ingest" in out and "Spark local[2] batch ingest → Parquet" in out
    assert "Projection: one year of USPTO grants" in out and "assumptions:" in out
