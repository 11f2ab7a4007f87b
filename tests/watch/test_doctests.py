"""The runnable examples in the watch package's docstrings."""

from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize("module", ["iprhub.watch.deadlines", "iprhub.watch.fallback_similarity",
                                    "iprhub.watch.charts", "iprhub.watch.delivery.webhook", "iprhub.watch.service"])
def test_docstring_examples(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
