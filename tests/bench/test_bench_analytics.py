"""bench/analytics.py at its smallest size prints its table (the figures are not checked)."""

from __future__ import annotations

import pytest

from tests.bench.test_bench_smoke import _script, _store

pytestmark = pytest.mark.slow


def test_analytics_bench(tmp_path, capsys):
    source = _store(tmp_path / "src", "uspto/grant_xml_v4x/PatentsView-DB__2009_6.xml.gz",
                    "epo/ep_fulltext_xml")
    _script("analytics").main(["--docs", "300", "--home", str(tmp_path / "bench"), "--source", str(source)])
    out = capsys.readouterr().out
    assert "export of a 300-hit result set" in out and "baseline: iprhub stats" in out
    for row in ("export-query csv", "export-query parquet", "export-query xlsx", "export-query csv --collapse"):
        assert row in out
