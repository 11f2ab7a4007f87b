"""Server reliability: jobs in the runner process (restart, stop, no fork from request threads), failed-auth
limits, key verification cost, Allow on 405, uploads deleted, busy port, SIGTERM, Redis-shared limits."""

from __future__ import annotations

import io
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from iprhub.errors import IprHubError
from iprhub.hub import Hub
from iprhub.jobs.store import JobStore
from iprhub.web import create_app
from tests.conftest import DATA, data_path
from tests.web.conftest import UPLOAD, auth, make_settings, sample_paths

XML = data_path(UPLOAD).read_bytes()
PEDS = "uspto/peds_json/patent_client__89e3b86b9911eef6ef93525517e8cd98.json.gz"


def _zip(folders: list[str]) -> bytes:
    """A zip of real files from ../shared/data, under their paths there."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for folder in folders:
            for path in sorted((DATA / folder).rglob("*.gz")):
                zf.write(path, str(path.relative_to(DATA)))
    return buf.getvalue()


def _upload(client, name, payload, key, wait=True):
    return client.post("/api/v1/ingest", params={"wait": str(wait).lower()}, headers=auth(key),
                       files={"file": (name, payload, "application/octet-stream")})


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


# small answers --------------------------------------------------------------------------------
def test_405_names_the_allowed_methods(client):
    r = client.delete("/api/v1/health")
    assert r.status_code == 405 and r.headers["allow"] == "GET"
    assert r.json()["error"]["code"] == "method_not_allowed"
    assert client.put("/search").headers["allow"] == "GET"


def test_wrong_keys_from_one_address_end_in_429(fresh):
    client, keys, hub = fresh
    hub.settings.web_rate_limit = 10  # a failure costs 5 of the 10
    wrong = {"Authorization": "Bearer iph_0123456789_" + "x" * 24}
    codes = [client.get("/api/v1/me", headers=wrong).status_code for _ in range(4)]
    assert codes == [401, 401, 429, 429]
    r = client.get("/api/v1/me", headers=wrong)
    assert r.json()["error"]["code"] == "rate_limited" and int(r.headers["retry-after"]) >= 1
    # an address out of its budget for failures is not let to try keys at all, good ones included
    assert client.get("/api/v1/me", headers=auth(keys["admin"])).status_code == 429


def test_a_key_costs_one_pbkdf2_per_key_and_an_unknown_prefix_costs_the_same(hub, monkeypatch):
    import iprhub.accounts.service as accounts_module

    calls = []
    real = accounts_module._hash
    monkeypatch.setattr(accounts_module, "_hash", lambda secret, salt: calls.append(salt) or real(secret, salt))
    acc = hub.accounts
    acc.add_user("ada", "admin")
    key = acc.issue_key("ada").key
    calls.clear()
    for _ in range(3):
        assert acc.authenticate(key).name == "ada"
    assert len(calls) == 1  # verified once, then remembered
    with pytest.raises(IprHubError, match="unknown or wrong API key"):
        acc.authenticate("iph_ffffffffff_" + "y" * 24)  # no such prefix
    with pytest.raises(IprHubError, match="unknown or wrong API key"):
        acc.authenticate(key[:-3] + "zzz")  # the prefix exists, the secret is wrong
    assert len(calls) == 3  # one PBKDF2 each, whether the prefix exists or not
    acc.revoke_key(key)
    with pytest.raises(IprHubError, match="revoked"):
        acc.authenticate(key)


def test_an_upload_is_deleted_when_its_job_ends_and_its_report_names_files_in_the_upload(fresh):
    client, keys, hub = fresh
    payload = _zip(["cn/cn_old"])
    bad = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(payload)) as src, zipfile.ZipFile(bad, "w") as out:
        for info in src.infolist():
            out.writestr(info, src.read(info))
        out.writestr("notes/readme.txt", "not an office file\n")
    r = _upload(client, "cn.zip", bad.getvalue(), keys["admin"])
    job = r.json()
    assert r.status_code == 200 and job["status"] == "done"
    assert job["report"]["files"] == {"total": 5, "done": 4, "unsupported": 1}
    assert [x["file"] for x in job["rejected"]] == ["cn.zip!notes/readme.txt"]
    assert str(hub.settings.home) not in r.text and "/uploads/" not in r.text
    assert _files(hub.settings.home / "uploads") == []
    listed = client.get("/api/v1/ingest/jobs", headers=auth(keys["admin"])).json()
    assert listed[0]["id"] == job["id"] and listed[0]["rejected"] == job["rejected"]


def test_with_a_retention_period_the_upload_is_kept(fresh):
    client, keys, hub = fresh
    hub.settings.web_upload_keep_hours = 1  # read by the runner when it starts (first upload)
    job = _upload(client, "US06840965B2.xml.gz", XML, keys["admin"]).json()
    assert job["status"] == "done" and job["documents"] == ["US6840965B2"]
    assert [p.name for p in _files(hub.settings.home / "uploads")] == ["US06840965B2.xml.gz"]


# jobs across a restart -------------------------------------------------------------------------
def test_a_job_running_when_the_server_died_is_interrupted_and_can_be_resumed(hub):
    acc = hub.accounts
    acc.add_user("ada", "admin")
    key = acc.issue_key("ada").key
    hub.settings.web_rate_limit = hub.settings.web_rate_limit_keyed = 0
    folder = hub.settings.home / "uploads" / "0123456789ab"
    folder.mkdir(parents=True)
    (folder / "grant.xml.gz").write_bytes(XML)
    jobs = JobStore(hub.store)
    jobs.submit("ingest", {"path": str(folder / "grant.xml.gz"), "filename": "grant.xml.gz", "kind": "gzip",
                           "size": len(XML), "sha256": "0" * 64}, "ada", job_id="0123456789ab")
    jobs.claim_next()  # running, and then the server "died"
    with TestClient(create_app(hub), raise_server_exceptions=False) as client:
        seen = client.app.state.jobs.wait("0123456789ab", 120)  # the new runner marks it at start
        assert seen.status == "interrupted" and seen.error.code == "interrupted"
        r = client.post("/api/v1/ingest/jobs/0123456789ab/resume", headers=auth(key))
        assert r.status_code == 202 and r.json()["status"] in ("queued", "running", "done")
        done = client.app.state.jobs.wait("0123456789ab", 120)
        assert done.status == "done" and done.documents == ["US6840965B2"]
        again = client.post("/api/v1/ingest/jobs/0123456789ab/resume", headers=auth(key))
        assert again.status_code == 400 and "only interrupted or failed" in again.json()["error"]["message"]
    assert _files(hub.settings.home / "uploads") == []


# Redis: one budget for all server processes ----------------------------------------------------
def test_a_redis_rate_limit_is_shared_by_two_apps(tmp_path):
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("Redis is not reachable at 127.0.0.1:6379")
    address = f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"
    hubs = [Hub(make_settings(tmp_path / str(i), f"sqlite:///{tmp_path}/{i}.db", redis_url=url, web_rate_limit=3))
            for i in range(2)]
    try:
        clients = [TestClient(create_app(h), client=(address, 50000)) for h in hubs]
        codes = [clients[i % 2].get("/api/v1/health").status_code for i in range(4)]
        assert codes == [200, 200, 200, 429]  # alone, each app would have allowed all four
        other = TestClient(create_app(hubs[0]), client=(address + "9", 50000))
        assert other.get("/api/v1/health").status_code == 200
    finally:
        for h in hubs:
            h.close()


# iprhub serve as a process ---------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(home: Path) -> dict[str, str]:
    env = {**os.environ, "IPRHUB_HOME": str(home), "IPRHUB_WEB_RATE_LIMIT": "0", "IPRHUB_WEB_RATE_LIMIT_KEYED": "0"}
    env.pop("IPRHUB_DATABASE_URL", None)
    return env


def _get(url: str, key: str | None = None, timeout: float = 10) -> dict:
    req = urllib.request.Request(url, headers=auth(key) if key else {})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.loads(r.read())


def _start(home: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "iprhub.cli", "serve", "--port", str(port), "--json"],
                            env=_env(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            _get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2)
            return proc
        except OSError:
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.3)
    proc.kill()
    raise AssertionError("iprhub serve did not answer")


def test_serve_on_a_taken_port_says_so_before_any_banner_and_exits_2(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        for flags in ([], ["--json"]):
            r = subprocess.run([sys.executable, "-m", "iprhub.cli", "serve", "--port", str(port), *flags],
                               env=_env(tmp_path), capture_output=True, text=True, timeout=120)
            assert r.returncode == 2
            assert "iprhub portal on" not in r.stdout and '"url"' not in r.stdout
            text = r.stdout + r.stderr
            assert f"port {port} is taken; choose another with --port or IPRHUB_WEB_PORT" in " ".join(text.split())


@pytest.mark.slow
def test_sigterm_stops_serve_with_an_ingest_job_in_flight(tmp_path):
    home = tmp_path / "home"
    with Hub(make_settings(home, f"sqlite:///{home}/iprhub.db")) as hub:
        acc = hub.accounts
        acc.add_user("ada", "admin")
        key = acc.issue_key("ada").key
    port = _free_port()
    proc = _start(home, port)
    try:
        body, boundary = _multipart("uspto.zip", _zip(["uspto/peds_json", "uspto/grant_xml_v4x", "epo"]))
        req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/ingest", data=body, method="POST", headers={
            **auth(key), "Content-Type": f"multipart/form-data; boundary={boundary}"})
        with urllib.request.urlopen(req, timeout=60) as r:
            job_id = json.loads(r.read())["id"]
        deadline = time.time() + 120
        job = {}
        while time.time() < deadline:
            job = _get(f"http://127.0.0.1:{port}/api/v1/ingest/jobs/{job_id}", key)
            if job["status"] == "running" and job["documents_stored"] > 0:
                break
            time.sleep(0.2)
        assert job["status"] == "running", job
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0  # a guard against a hang; bench/serve.py --mixed measures the time
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()
    with Hub(make_settings(home, f"sqlite:///{home}/iprhub.db")) as hub:
        job = JobStore(hub.store).get(job_id)
        stored = hub.stats().totals["documents"]
    assert job.status == "interrupted" and job.progress["documents_stored"] <= stored
    assert [p.name for p in _files(home / "uploads")] == ["uspto.zip"]  # kept: it can be resumed


def _multipart(name: str, payload: bytes) -> tuple[bytes, str]:
    boundary = secrets.token_hex(12)
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            "Content-Type: application/zip\r\n\r\n").encode()
    return head + payload + f"\r\n--{boundary}--\r\n".encode(), boundary


# the deadlock the operator saw -----------------------------------------------------------------
@pytest.mark.slow
def test_searches_in_request_threads_while_an_upload_starts_its_ingest_keep_the_server_answering(tmp_path):
    """Hybrid and semantic searches run in the server's threads (OpenBLAS busy) while an upload's ingest
    starts its parser pool (two workers, the default that deadlocked): health answers all along and the
    job completes."""
    import uvicorn

    home = tmp_path / "home"
    hub = Hub(make_settings(home, f"sqlite:///{home}/iprhub.db", workers=2))
    hub.ingest(sample_paths())
    acc = hub.accounts
    acc.add_user("ada", "admin")
    key = acc.issue_key("ada").key
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(hub), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    stop = threading.Event()
    failures: list[str] = []
    searches = [0]

    def search(mode: str, query: str) -> None:
        while not stop.is_set():
            try:
                _get(f"{base}/api/v1/search?q={urllib.request.quote(query)}&mode={mode}", timeout=120)
                searches[0] += 1
            except OSError as exc:
                failures.append(f"{mode}: {exc}")

    try:
        while not server.started:
            time.sleep(0.05)
        _get(f"{base}/api/v1/search?q=battery&mode=semantic", timeout=300)  # loads the model, embeds
        workers = [threading.Thread(target=search, args=args, daemon=True) for args in
                   [("hybrid", "wireless communication terminal"), ("semantic", "lithium battery anode"),
                    ("hybrid", "semiconductor device"), ("semantic", "电池 电极")]]
        for w in workers:
            w.start()
        time.sleep(1.0)
        body, boundary = _multipart("batch.zip", _zip(["epo/ep_fulltext_xml", "uspto/peds_json"]))
        req = urllib.request.Request(f"{base}/api/v1/ingest", data=body, method="POST", headers={
            **auth(key), "Content-Type": f"multipart/form-data; boundary={boundary}"})
        with urllib.request.urlopen(req, timeout=60) as r:
            job_id = json.loads(r.read())["id"]
        deadline = time.time() + 400
        health = 0
        while time.time() < deadline:
            assert _get(f"{base}/api/v1/health", timeout=30)["status"] == "ok"  # a deadlock times out here
            health += 1
            job = _get(f"{base}/api/v1/ingest/jobs/{job_id}", key, timeout=30)
            if job["status"] not in ("queued", "running"):
                break
            time.sleep(0.5)
        assert job["status"] == "done", job
        assert job["documents_stored"] > 0 and health > 1 and searches[0] > 0
    finally:
        stop.set()
        server.should_exit = True
        thread.join(timeout=60)
        hub.close()
    assert not failures, failures[:3]
