"""Serve benchmark: 50 concurrent clients for 30 s on /api/v1/search and document pages, loopback only.

    .venv/bin/python bench/serve.py [--seconds 30] [--clients 50] [--home DIR]

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
import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

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


def _get_json(url: str, timeout: float = 600) -> object:
    with urllib.request.urlopen(url, timeout=timeout) as r:
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

    async def get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(HOST, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {HOST}:{self.port}\r\nAccept: */*\r\n\r\n".encode())
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
        if status != "200":
            out[kind]["errors"] += 1
            out["_why"][f"{status} {path[:60]}"] = out["_why"].get(f"{status} {path[:60]}", 0) + 1
    await conn.close()


async def _run(port: int, plan: dict[str, list[str]], clients: int, seconds: float) -> tuple[dict, float]:
    out: dict = {k: {"lat": [], "errors": 0} for k in plan}
    out["_why"] = {}
    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(*(_client(port, deadline, plan, out, i) for i in range(clients)))
    return out, time.monotonic() - started


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--home", type=Path, default=ROOT / "iprhub-data")
    args = ap.parse_args(argv)
    if not 1 <= args.seconds <= 600 or not 1 <= args.clients <= 500:
        ap.error("--seconds 1..600 and --clients 1..500")
    console = Console(width=120)
    home = _ensure_store(args.home, console)
    port = _free_port()
    base = f"http://{HOST}:{port}"
    # the warm-up's first free-text queries wait for the sentence model and the corpus' embeddings,
    # which the server's own warm-up makes at start: give them time (no measured query comes near it)
    env = {**os.environ, "IPRHUB_WEB_RATE_LIMIT": "100000000", "IPRHUB_WEB_RATE_LIMIT_KEYED": "100000000",
           "IPRHUB_SEARCH_TIME_LIMIT": "600"}
    env.pop("IPRHUB_DATABASE_URL", None)
    server = subprocess.Popen([sys.executable, "-m", "iprhub.cli", "--home", str(home), "serve", "--host", HOST,
                               "--port", str(port), "--json"], env=env, stdout=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while True:
            try:
                health = _get_json(base + "/api/v1/health", timeout=2)
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.3)
        # warm up: the first free-text query loads the sentence model and embeds what lacks a vector
        t0 = time.perf_counter()
        for q in QUERIES:
            _get_json(f"{base}/api/v1/search?{urllib.parse.urlencode({'q': q})}")
        numbers: list[str] = []
        for q in ("ctry=US", "ctry=EP", "ctry=WO", "ctry=CN", "ctry=JP", "ctry=CA"):
            res = _get_json(f"{base}/api/v1/search?{urllib.parse.urlencode({'q': q, 'limit': 40, 'mode': 'bm25'})}")
            numbers += [h["pub_number"] for h in res["hits"]]  # type: ignore[index]
        for n in numbers:
            urllib.request.urlopen(f"{base}/documents/{urllib.parse.quote(n)}", timeout=120).read()
        warm = time.perf_counter() - t0
        def search(q: str) -> str:
            return f"/api/v1/search?{urllib.parse.urlencode({'q': q})}"

        plan = {"search, field query (bm25)": [search(q) for q in QUERIES if "=" in q or "within" in q],
                "search, free text (hybrid)": [search(q) for q in QUERIES if not ("=" in q or "within" in q)],
                "document page (HTML)": [f"/documents/{urllib.parse.quote(n)}" for n in numbers]}
        console.print(f"[dim]{health['documents']} documents; warm-up {warm:.1f} s; {args.clients} clients for "  # type: ignore[index]
                      f"{args.seconds:.0f} s on {base} ({len(QUERIES)} queries, {len(numbers)} documents)[/]")
        out, wall = asyncio.run(_run(port, plan, args.clients, args.seconds))
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    table = Table(title=f"iprhub serve: {args.clients} concurrent clients, {wall:.1f} s, loopback")
    table.add_column("kind", justify="left")
    for col in ("requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors"):
        table.add_column(col, justify="right")
    why = out.pop("_why")
    rows = [(k, out[k]["lat"], out[k]["errors"]) for k in sorted(out)]
    rows.append(("all", [x for k in out for x in out[k]["lat"]], sum(out[k]["errors"] for k in out)))
    for kind, lat, errors in rows:
        table.add_row(kind, str(len(lat)), f"{len(lat) / wall:.1f}", f"{_pct(lat, 50):.1f}", f"{_pct(lat, 95):.1f}",
                      f"{_pct(lat, 99):.1f}", f"{max(lat) if lat else 0:.1f}", str(errors))
    console.print(table)
    total_errors = rows[-1][2]
    if total_errors:
        console.print(f"[red]{total_errors} errors[/]: " + "; ".join(f"{k} ×{n}" for k, n in sorted(why.items())))
        raise SystemExit(1)


if __name__ == "__main__":
    main()
