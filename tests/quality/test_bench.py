"""bench/quality.py runs at its smallest size and prints its table (figures are not checked)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "quality.py"


@pytest.mark.slow
def test_quality_bench_smoke(tmp_path, capsys):
    spec = importlib.util.spec_from_file_location("bench_quality", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.main(["--docs", "1200", "--sample", "300", "--compare", "1000", "--pool", "3000", "--home", str(tmp_path)])
    out = capsys.readouterr().out
    assert "detector (all)" in out and "brute force (projected)" in out and "2/2" in out
    assert "same pairs found by both at 1,000 documents: True" in out
