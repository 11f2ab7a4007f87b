"""CLI: serve, users, keys (each with --json)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

from typer.testing import CliRunner

from iprhub.cli.main import get_app


def _run(home, *args) -> tuple[int, dict | list]:
    result = CliRunner().invoke(get_app(), ["--home", str(home), *args, "--json"])
    return result.exit_code, json.loads(result.stdout)


def test_users_and_keys(tmp_path):
    code, user = _run(tmp_path, "users", "add", "ada", "--role", "admin")
    assert code == 0 and user["role"] == "admin"
    code, err = _run(tmp_path, "users", "add", "ada", "--role", "admin")
    assert code == 2 and err["error"]["code"] == "invalid_input"
    assert _run(tmp_path, "users", "add", "bob", "--role", "root")[0] == 2
    code, key = _run(tmp_path, "keys", "create", "ada", "--label", "ci")
    assert code == 0 and key["key"].startswith("iph_") and key["label"] == "ci"
    code, keys = _run(tmp_path, "keys", "list")
    assert [k["prefix"] for k in keys] == [key["prefix"]] and "key" not in keys[0]
    assert _run(tmp_path, "users", "role", "ada", "analyst")[1]["role"] == "analyst"
    assert _run(tmp_path, "users", "disable", "ada")[1]["disabled"] is True
    assert _run(tmp_path, "users", "enable", "ada")[1]["disabled"] is False
    code, revoked = _run(tmp_path, "keys", "revoke", key["prefix"])
    assert code == 0 and revoked["revoked"] is True
    assert _run(tmp_path, "keys", "revoke", "nope")[0] == 3
    assert _run(tmp_path, "keys", "create", "nobody")[0] == 3
    code, users = _run(tmp_path, "users", "list")
    assert [u["name"] for u in users] == ["ada"]
    assert _run(tmp_path, "users", "remove", "ada")[0] == 0
    assert _run(tmp_path, "keys", "list")[1] == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_starts_the_portal(tmp_path):
    port = _free_port()
    env = {**os.environ, "IPRHUB_HOME": str(tmp_path)}
    env.pop("IPRHUB_DATABASE_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "iprhub.cli", "serve", "--port", str(port), "--json"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 60
        body = None
        while time.time() < deadline and body is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=2) as r:
                    body = json.loads(r.read())
            except OSError:
                time.sleep(0.3)
        assert body and body["status"] == "ok" and body["documents"] == 0
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
            assert r.status == 200 and "server" not in {k.lower() for k in r.headers}
    finally:
        proc.terminate()
        out, _err = proc.communicate(timeout=30)
    assert json.loads(out)["url"] == f"http://127.0.0.1:{port}/"
