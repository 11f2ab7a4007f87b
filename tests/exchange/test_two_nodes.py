"""Two real `iprhub serve` processes on loopback with separate stores: node B pulls node A's feed, A gets
new data, B pulls again, the link is cut in the middle of a page and the pull resumed; both end with
identical records, no duplicates, and B knows which node each record came from."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from iprhub.hub import Hub
from iprhub.settings import Settings
from tests.conftest import data_path

FIRST = ["epo/ops_xml/patent_client__tests__fixtures__epo__family_publication_docdb_EP.2906782.A2_.xml.gz",
         "uspto/office_action_json/patent_client__rejection_sample_input.json.gz"]
LATER = ["uspto/grant_xml_v4x/PatentsView-DB__ipg050104.small.xml.gz",
         "epo/ops_xml/epo-ops__get_register_biblio__response.xml.gz"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(home: Path, node: str) -> dict[str, str]:
    env = {**os.environ, "IPRHUB_HOME": str(home), "IPRHUB_WEB_RATE_LIMIT": "0", "IPRHUB_WEB_RATE_LIMIT_KEYED": "0",
           "IPRHUB_EXCHANGE__NODE_NAME": node, "IPRHUB_WORKERS": "1"}
    env.pop("IPRHUB_DATABASE_URL", None)
    return env


def _cli(home: Path, node: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "iprhub.cli", *args], env=_env(home, node), capture_output=True,
                          text=True, timeout=300)


def _serve(home: Path, node: str, port: int) -> subprocess.Popen:
    with open(home / "serve.log", "wb") as log:  # the child keeps its own copy of the descriptor
        proc = subprocess.Popen([sys.executable, "-m", "iprhub.cli", "serve", "--port", str(port), "--json"],
                                env=_env(home, node), stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=2).read()
            return proc
        except OSError:
            assert proc.poll() is None, (home / "serve.log").read_text()
            time.sleep(0.3)
    proc.kill()
    raise AssertionError("iprhub serve did not answer")


class CuttingProxy:
    """Forwards 127.0.0.1:port to the target; on the first connection, once the client has sent its
    ``cut_at``-th request, passes on only ``keep`` bytes of the answer and closes both ends."""

    def __init__(self, target: int, cut_at: int, keep: int = 3000) -> None:
        self.target, self.cut_at, self.keep = target, cut_at, keep
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.cuts = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            upstream = socket.create_connection(("127.0.0.1", self.target))
            state = {"requests": 0, "cut": self.connections == 1}
            threading.Thread(target=self._up, args=(client, upstream, state), daemon=True).start()
            threading.Thread(target=self._down, args=(upstream, client, state), daemon=True).start()

    def _up(self, client: socket.socket, upstream: socket.socket, state: dict) -> None:
        try:
            while data := client.recv(65536):
                state["requests"] += data.count(b"GET /")
                upstream.sendall(data)
        except OSError:
            pass

    def _down(self, upstream: socket.socket, client: socket.socket, state: dict) -> None:
        sent = 0
        try:
            while data := upstream.recv(65536):
                if state["cut"] and state["requests"] >= self.cut_at:
                    room = self.keep - sent
                    client.sendall(data[:max(room, 0)])
                    sent += len(data[:max(room, 0)])
                    if sent >= self.keep:
                        self.cuts += 1
                        break
                else:
                    client.sendall(data)
        except OSError:
            pass
        for s in (client, upstream):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def close(self) -> None:
        self.sock.close()


def _records(home: Path) -> tuple[dict, dict, int, int]:
    hub = Hub(Settings(home=home, database_url=f"sqlite:///{home}/iprhub.db"))
    try:
        docs = {d.pub_number: d.model_dump(mode="json") for d in hub.store.iter_documents()}
        events = {e.identity(): e.model_dump(mode="json") for e in hub.store.iter_events()}
        with hub.store.reading() as conn:
            n_docs = conn.exec_driver_sql("select count(*) from documents").scalar()
            n_events = conn.exec_driver_sql("select count(*) from events").scalar()
        return docs, events, n_docs, n_events
    finally:
        hub.close()


@pytest.mark.slow
def test_two_nodes_pull_resume_and_agree(tmp_path):
    a_home, b_home = tmp_path / "a", tmp_path / "b"
    a_home.mkdir()
    b_home.mkdir()
    assert _cli(a_home, "node-a", "ingest", *map(str, map(data_path, FIRST))).returncode == 0
    assert _cli(a_home, "node-a", "users", "add", "node-b", "--role", "analyst").returncode == 0
    key = json.loads(_cli(a_home, "node-a", "keys", "create", "node-b", "--json").stdout)["key"]
    pa, pb = _free_port(), _free_port()
    a = _serve(a_home, "node-a", pa)
    b = _serve(b_home, "node-b", pb)
    proxy = CuttingProxy(pa, cut_at=4)
    try:
        url = f"http://127.0.0.1:{pa}"
        # the feed is for partners with a key
        with pytest.raises(urllib.error.HTTPError) as denied:
            urllib.request.urlopen(f"{url}/api/v1/feed", timeout=10)
        assert denied.value.code == 401

        wrong = _cli(b_home, "node-b", "sync", "pull", url, "--key", "iph_0000000000_wrong", "--json")
        assert wrong.returncode == 2 and json.loads(wrong.stdout)["error"]["field"] == "key"

        first = _cli(b_home, "node-b", "sync", "pull", url, "--key", key, "--json")
        assert first.returncode == 0, first.stderr
        report = json.loads(first.stdout)
        assert report["node"] == "node-a" and report["complete"] and report["inserted"] > 0

        # new data at A while both serve
        assert _cli(a_home, "node-a", "ingest", *map(str, map(data_path, LATER))).returncode == 0
        cut = _cli(b_home, "node-b", "sync", "pull", f"http://127.0.0.1:{proxy.port}", "--key", key, "--limit", "5",
                   "--json")
        assert cut.returncode == 4 and proxy.cuts == 1
        partial = json.loads(cut.stdout)
        assert partial["interrupted"] and not partial["complete"] and partial["pages"] == 2  # probe, 2 pages, cut
        resumed = _cli(b_home, "node-b", "sync", "pull", f"http://127.0.0.1:{proxy.port}", "--key", key, "--limit",
                       "5", "--json")
        assert resumed.returncode == 0, resumed.stderr
        again = json.loads(_cli(b_home, "node-b", "sync", "pull", url, "--key", key, "--json").stdout)
        assert again["complete"] and again["inserted"] == 0 and again["updated"] == 0  # idempotent
        # B's own server serves what it pulled
        got = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{pb}/api/v1/documents/US6837220B2",
                                                timeout=30).read())
        assert got["document"]["pub_number"] == "US6837220B2"
        # and finds it: the pulled documents were indexed page by page, as ingest indexes
        hits = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{pb}/api/v1/search?q=pn%3DUS6837220",
                                                 timeout=60).read())
        assert [h["pub_number"] for h in hits["hits"]] == ["US6837220B2"]
        # B's dossier says which node its records came from
        dossier = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{pb}/api/v1/dossier/EP2906782A2",
                                                    timeout=60).read())
        ep = next(o for o in dossier["offices"] if o["office"] == "EP")
        assert ep["from_nodes"] == {"EP2906782A2": "node-a", "EP2906782A4": "node-a"}
    finally:
        proxy.close()
        for proc in (a, b):
            proc.terminate()
            proc.wait(timeout=60)
    a_docs, a_events, a_nd, a_ne = _records(a_home)
    b_docs, b_events, b_nd, b_ne = _records(b_home)
    assert b_docs == a_docs and b_events == a_events
    assert (b_nd, b_ne) == (a_nd, a_ne) == (len(a_docs), len(a_events))  # no duplicates
    hub = Hub(Settings(home=b_home, database_url=f"sqlite:///{b_home}/iprhub.db"))
    try:
        origin = hub.exchange.origin("document", "US6837220B2")
        assert origin.node == "node-a" and origin.url.endswith(str(proxy.port))
    finally:
        hub.close()
