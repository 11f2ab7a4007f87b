"""Serve benchmark: 50 concurrent clients for 30 s on /api/v1/search and document pages, loopback only.

    .venv/bin/python bench/serve.py [--seconds 30] [--clients 50] [--home DIR] [--workers N]
    .venv/bin/python bench/serve.py --mixed [--upload-at 10] [--workers N]

``--mixed`` runs, in one server, a read-only phase (the baseline) and then a mixed phase: the same
clients on bm25 and hybrid search, document pages and statistics, with an admin upload at
``--upload-at`` seconds of a zip of the real files of ../shared/data/uspto (about 2,000 records; the
store holds the other patent folders, copied afresh for each run so the upload writes). A prober asks
/api/v1/health every half second. It reports errors, hangs (no answer within 30 s), p50/p95 and
req/s for both phases, the job's progress, then sends SIGTERM and reports how long the server took
to stop (target: under 5 s).

Starts ``iprhub serve`` on 127.0.0.1 (a free port) over a store with the sample data (``--home``,
default ./iprhub-data as ``make run`` leaves it; built from ../shared/data into bench/out/serve-home
when empty), warms it up (search model, index), then runs the clients for a fixed time and stops
the server. Each request is, with equal odds, a field-query search, a free-text search (JSON, with
facets and snippets) or a document page (HTML). The rate limiter stays on with a limit no loopback client reaches.
Prints requests/s, latency percentiles and the error count (any status other than 200, or a
transport error) per kind and overall.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
HOST = "127.0.0.1"  # loopback only: never another address
QUERIES = [
    "ti=battery", "ctry=US and pd>=2005", "ipc=H01M", "pa=\"SAMSUNG SDI\"", "ti=network or ab=network",
    "kind=B2 and ti=method", "lithium battery anode", "wireless communication terminal", "电池 电极",
    "semiconductor device manufacturing", "ab=sensor", "cpc=G06F", "pd within \"2010 2015\"", "drug delivery",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _get_json(url: str, timeout: float = 600, headers: dict[str, str] | None = None) -> Any:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=timeout) as r:
        return json.loads(r.read())


def _store_ready(home: Path) -> bool:
    return (home / "iprhub.db").exists()


def _ensure_store(home: Path, console: Console) -> Path:
    if _store_ready(home):
        return home
    home = ROOT / "bench" / "out" / "serve-home"
    if not _store_ready(home):
        console.print(f"[dim]ingesting {DATA} into {home} (once)…[/]")
        subprocess.run([sys.executable, "-m", "iprhub.cli", "--home", str(home), "ingest", str(DATA), "--json"],
                       check=True, stdout=subprocess.DEVNULL)
    return home


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


class _Conn:
    """One keep-alive HTTP/1.1 connection (a tiny client: Python HTTP libraries would be the bottleneck)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str, headers: str = "") -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(HOST, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {HOST}:{self.port}\r\nAccept: */*\r\n{headers}\r\n".encode())
        await self.writer.drain()
        status = int((await self.reader.readline()).split()[1])
        length, chunked, close = 0, False, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value:
                chunked = True
            elif name == "connection" and value == "close":
                close = True
        if chunked:
            while size := int((await self.reader.readline()).split(b";")[0], 16):
                await self.reader.readexactly(size + 2)
            await self.reader.readline()
        elif length:
            await self.reader.readexactly(length)
        if close:
            await self.close()
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


async def _client(port: int, deadline: float, plan: dict[str, list[str]], out: dict, seed: int) -> None:
    rng = random.Random(seed)
    kinds = sorted(plan)
    conn = _Conn(port)
    while time.monotonic() < deadline:
        kind = kinds[rng.randrange(len(kinds))]
        path = plan[kind][rng.randrange(len(plan[kind]))]
        started = time.perf_counter()
        try:
            status = str(await asyncio.wait_for(conn.get(path), timeout=30))
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
            status = type(exc).__name__
            await conn.close()
        elapsed = (time.perf_counter() - started) * 1000
        out[kind]["lat"].append(elapsed)
        if status == "TimeoutError":
            out[kind]["hangs"] += 1
        elif status != "200":
            out[kind]["errors"] += 1
            out["_why"][f"{status} {path[:60]}"] = out["_why"].get(f"{status} {path[:60]}", 0) + 1
    await conn.close()


async def _run(port: int, plan: dict[str, list[str]], clients: int, seconds: float,
               side: list | None = None) -> tuple[dict, float]:
    """The clients for ``seconds``; ``side`` holds coroutine functions ``f(deadline)`` run alongside."""
    out: dict = {k: {"lat": [], "errors": 0, "hangs": 0} for k in plan}
    out["_why"] = {}
    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(*(_client(port, deadline, plan, out, i) for i in range(clients)),
                         *(f(deadline) for f in side or []))
    return out, time.monotonic() - started


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--home", type=Path, default=ROOT / "iprhub-data")
    ap.add_argument("--workers", type=int, default=None, help="iprhub serve --workers (default: the setting)")
    ap.add_argument("--mixed", action="store_true", help="a read-only baseline, then reads with an upload")
    ap.add_argument("--upload-at", type=float, default=10.0, help="seconds into the mixed phase (--mixed)")
    args = ap.parse_args(argv)
    if not 1 <= args.seconds <= 600 or not 1 <= args.clients <= 500:
        ap.error("--seconds 1..600 and --clients 1..500")
    if args.mixed and not 0 <= args.upload_at < args.seconds:
        ap.error("--upload-at within the phase (0 to --seconds)")
    if args.workers is not None and not 1 <= args.workers <= 8:
        ap.error("--workers 1..8")
    console = Console(width=120)
    home = _mixed_home(console) if args.mixed else _ensure_store(args.home, console)
    key = _admin_key(home) if args.mixed else None
    port = _free_port()
    base = f"http://{HOST}:{port}"
    # the warm-up's first free-text queries wait for the sentence model and the corpus' embeddings,
    # which the server's own warm-up makes at start: give them time (no measured query comes near it)
    env = {**os.environ, "IPRHUB_WEB_RATE_LIMIT": "100000000", "IPRHUB_WEB_RATE_LIMIT_KEYED": "100000000",
           "IPRHUB_SEARCH_TIME_LIMIT": "600"}
    env.pop("IPRHUB_DATABASE_URL", None)
    cmd = [sys.executable, "-m", "iprhub.cli", "--home", str(home), "serve", "--host", HOST, "--port", str(port),
           "--json"] + (["--workers", str(args.workers)] if args.workers else [])
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE)
    stop_seconds = None
    try:
        health = _wait_for(base, server)
        banner = _banner(server)
        plan, warm = _warm_up(base, args.mixed)
        console.print(f"[dim]{health['documents']} documents; {banner.get('workers', '?')} server worker(s); "
                      f"warm-up {warm:.1f} s; {args.clients} clients for {args.seconds:.0f} s on {base}[/]")
        out, wall = asyncio.run(_run(port, plan, args.clients, args.seconds))
        _table(console, f"iprhub serve: {args.clients} concurrent clients, {wall:.1f} s, loopback, read only", out, wall)
        if args.mixed:
            job: dict = {}
            probe = {"ok": 0, "failed": 0, "max_ms": 0.0}
            payload = _upload_zip()
            side = [lambda deadline: _upload_later(base, key, payload, args.upload_at, job),
                    lambda deadline: _probe_health(port, deadline, probe)]
            out, wall = asyncio.run(_run(port, plan, args.clients, args.seconds, side))
            _table(console, f"mixed: the same reads with an upload of {len(payload) / 1e6:.1f} MB "
                   f"({_members(payload)} files) at t = {args.upload_at:.0f} s", out, wall)
            state = _get_json(f"{base}/api/v1/ingest/jobs/{job['id']}", headers=_auth(key)) if job else {}
            console.print(f"health probe every 0.5 s: {probe['ok']} answered, {probe['failed']} failed or over 5 s, "
                          f"slowest {probe['max_ms']:.0f} ms")
            console.print(f"upload job at the end of the phase: {state.get('status')}, "
                          f"{state.get('documents_stored', 0)} documents stored, "
                          f"{state.get('bytes_done', 0) / 1e6:.1f} of {state.get('bytes_total', 0) / 1e6:.1f} MB"
                          + (f", report {state['report']['records']}" if state.get("report") else ""))
        t0 = time.perf_counter()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        stop_seconds = time.perf_counter() - t0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=30)
        server.stdout.close()  # type: ignore[union-attr]
    console.print(f"SIGTERM to exit: {stop_seconds:.2f} s (exit code {server.returncode})"
                  if stop_seconds is not None else "[red]the server did not stop after SIGTERM[/]")


def _banner(server: subprocess.Popen) -> dict:
    """The JSON that ``iprhub serve --json`` prints (indented, ending with a lone brace)."""
    lines = []
    while (line := server.stdout.readline()) and line != b"}\n":  # type: ignore[union-attr]
        lines.append(line)
    return json.loads(b"".join(lines) + b"}")


def _wait_for(base: str, server: subprocess.Popen) -> dict:
    deadline = time.time() + 120
    while True:
        try:
            return _get_json(base + "/api/v1/health", timeout=2)  # type: ignore[return-value]
        except OSError:
            if time.time() > deadline or server.poll() is not None:
                raise SystemExit("the server did not start") from None
            time.sleep(0.3)


def _warm_up(base: str, mixed: bool) -> tuple[dict[str, list[str]], float]:
    """Warm up (the first free-text query loads the sentence model) and build the request plan."""
    t0 = time.perf_counter()
    for q in QUERIES:
        _get_json(f"{base}/api/v1/search?{urllib.parse.urlencode({'q': q})}")
    numbers: list[str] = []
    for q in ("ctry=US", "ctry=EP", "ctry=WO", "ctry=CN", "ctry=JP", "ctry=CA"):
        res = _get_json(f"{base}/api/v1/search?{urllib.parse.urlencode({'q': q, 'limit': 40, 'mode': 'bm25'})}")
        numbers += [h["pub_number"] for h in res["hits"]]  # type: ignore[index]
    for n in numbers:
        urllib.request.urlopen(f"{base}/documents/{urllib.parse.quote(n)}", timeout=120).read()

    def search(q: str) -> str:
        return f"/api/v1/search?{urllib.parse.urlencode({'q': q})}"

    plan = {"search, field query (bm25)": [search(q) for q in QUERIES if "=" in q or "within" in q],
            "search, free text (hybrid)": [search(q) for q in QUERIES if not ("=" in q or "within" in q)],
            "document page (HTML)": [f"/documents/{urllib.parse.quote(n)}" for n in numbers]}
    if mixed:
        plan["statistics (JSON and page)"] = ["/api/v1/stats", "/stats"]
    return plan, time.perf_counter() - t0


def _table(console: Console, title: str, out: dict, wall: float) -> None:
    table = Table(title=title)
    table.add_column("kind", justify="left")
    for col in ("requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors", "hangs"):
        table.add_column(col, justify="right")
    why = out.pop("_why")
    rows = [(k, out[k]["lat"], out[k]["errors"], out[k]["hangs"]) for k in sorted(out)]
    rows.append(("all", [x for k in out for x in out[k]["lat"]], sum(out[k]["errors"] for k in out),
                 sum(out[k]["hangs"] for k in out)))
    for kind, lat, errors, hangs in rows:
        table.add_row(kind, str(len(lat)), f"{len(lat) / wall:.1f}", f"{_pct(lat, 50):.1f}", f"{_pct(lat, 95):.1f}",
                      f"{_pct(lat, 99):.1f}", f"{max(lat) if lat else 0:.1f}", str(errors), str(hangs))
    console.print(table)
    if rows[-1][2] or rows[-1][3]:
        console.print(f"[red]{rows[-1][2]} errors, {rows[-1][3]} hangs[/]: "
                      + "; ".join(f"{k} ×{n}" for k, n in sorted(why.items())))


# --mixed: a store without the USPTO folder, and that folder uploaded during the run -------------------------
MIXED_STORE = ["epo", "cn", "jp", "wipo", "trademark"]
MIXED_UPLOAD = ["uspto"]


def _mixed_home(console: Console) -> Path:
    base = ROOT / "bench" / "out" / "serve-mixed-base"
    if not _store_ready(base):
        console.print(f"[dim]ingesting {', '.join(MIXED_STORE)} of {DATA} into {base} (once)…[/]")
        subprocess.run([sys.executable, "-m", "iprhub.cli", "--home", str(base), "ingest",
                        *[str(DATA / d) for d in MIXED_STORE], "--json"], check=True, stdout=subprocess.DEVNULL)
    run = ROOT / "bench" / "out" / "serve-mixed-run"
    shutil.rmtree(run, ignore_errors=True)
    shutil.copytree(base, run, ignore=shutil.ignore_patterns("uploads"))
    return run


def _admin_key(home: Path) -> str:
    cli = [sys.executable, "-m", "iprhub.cli", "--home", str(home)]
    subprocess.run([*cli, "users", "add", "bench-admin", "--role", "admin", "--json"], stdout=subprocess.DEVNULL)
    made = subprocess.run([*cli, "keys", "create", "bench-admin", "--json"], check=True, capture_output=True)
    return json.loads(made.stdout)["key"]


def _auth(key: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"} if key else {}


def _upload_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for folder in MIXED_UPLOAD:
            for path in sorted((DATA / folder).rglob("*.gz")):
                zf.write(path, str(path.relative_to(DATA)))
    return buf.getvalue()


def _members(payload: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(payload)) as zf:
        return len(zf.infolist())


async def _upload_later(base: str, key: str | None, payload: bytes, at: float, job: dict) -> None:
    await asyncio.sleep(at)
    boundary = "iprhub-bench-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"uspto.zip\"\r\n"
            "Content-Type: application/zip\r\n\r\n").encode() + payload + f"\r\n--{boundary}--\r\n".encode()
    req = urllib.request.Request(f"{base}/api/v1/ingest", data=body, method="POST", headers={
        **_auth(key), "Content-Type": f"multipart/form-data; boundary={boundary}"})

    def post() -> dict:
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read())

    job.update(await asyncio.to_thread(post))


async def _probe_health(port: int, deadline: float, probe: dict) -> None:
    conn = _Conn(port)
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            ok = await asyncio.wait_for(conn.get("/api/v1/health"), timeout=5) == 200
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            ok = False
            await conn.close()
        probe["ok" if ok else "failed"] += 1
        probe["max_ms"] = max(probe["max_ms"], (time.perf_counter() - started) * 1000)
        await asyncio.sleep(0.5)
    await conn.close()


if __name__ == "__main__":
    main()
