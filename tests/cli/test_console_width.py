"""Piped CLI output keeps table values whole (Rich would otherwise cut tables to 80 columns)."""

from __future__ import annotations

import os
import subprocess
import sys

LABEL = "a key for the nightly export job of the patent analytics team " * 3  # 189 characters


def _run(home, *args: str, columns: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    if columns:
        env["COLUMNS"] = columns
    out = subprocess.run([sys.executable, "-m", "iprhub.cli", "--home", str(home), *args], capture_output=True,
                         text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_piped_table_keeps_a_long_value_whole(tmp_path):
    _run(tmp_path, "users", "add", "ada", "--role", "analyst")
    _run(tmp_path, "keys", "create", "ada", "--label", LABEL.strip())
    table = _run(tmp_path, "keys", "list")
    assert LABEL.strip() in table
    row = next(line for line in table.splitlines() if "ada" in line)
    assert len(row) > 200 and row.count("│") == 8  # one line, seven columns


def test_columns_still_decides_when_set(tmp_path):
    _run(tmp_path, "users", "add", "ada", "--role", "analyst")
    _run(tmp_path, "keys", "create", "ada", "--label", LABEL.strip())
    table = _run(tmp_path, "keys", "list", columns="100")
    assert LABEL.strip() not in table and max(len(line) for line in table.splitlines()) <= 100
