"""bench/examination.py runs at its smallest size and prints its tables (the figures are not checked)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from iprhub.hub import Hub
from iprhub.settings import Settings
from tests.conftest import data_path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "examination.py"
pytestmark = pytest.mark.slow


def test_examination_bench(tmp_path, capsys):
    home = tmp_path / "home"
    hub = Hub(Settings(home=home, database_url=f"sqlite:///{home}/iprhub.db", workers=1))
    hub.ingest([data_path("epo/ops_xml/patent_client__tests__fixtures__epo__family_publication_docdb_EP.2906782.A2_"
                          ".xml.gz")])
    hub.close()
    spec = importlib.util.spec_from_file_location("bench_examination", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.main(["--home", str(home), "--docs", "3"])
    out = capsys.readouterr().out
    assert "families and dossiers of 3 documents" in out and "extended family (INPADOC)" in out
    assert "change feed, 200 per page" in out
