"""Bounded search on the API: abusive queries answer 400, a query out of time 504 (never 500), the
rate limit charges a query's cost, and a server under abusive queries keeps answering others."""

from __future__ import annotations

import json
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from fastapi.testclient import TestClient

from iprhub.hub import Hub
from iprhub.web import create_app
from tests.conftest import data_path
from tests.web.conftest import auth, make_settings, serving

STARS = " ".join(["*e*"] * 330)  # 1,319 characters: 12-13 s and +360 MB each before the bounds
DEEP = "(" * 200 + "battery" + ")" * 200  # RecursionError, answered 500, before
FAR = "ti=(battery prox/distance<999999999999 cell)"  # OverflowError, answered 500, before
SLOW = " or ".join(f"*{a}{b}{c}*" for a, b, c in zip("aeiouaeiou", "ntrslmnrst", "eeeeaaaaii", strict=True))
BATTERY = ["USD656458S1", "US8088512B2"]  # ti=battery over uspto/grant_xml_v4x (339 documents)


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()["error"]
    assert body["code"] == code
    return body


@pytest.mark.parametrize("query, position, message", [
    (STARS, 0, "wildcard '*e*' needs at least 3 letters or digits besides * and ? at column 1"),
    (DEEP, 32, "parentheses nested deeper than 32 levels at column 33"),
    (FAR, 26, "proximity distance 999999999999 is larger than the limit of 1000 words at column 27"),
])
def test_abusive_queries_answer_400_with_the_position(client, query, position, message):
    for path, params in (("/api/v1/search", {"q": query}), ("/api/v1/similar", {"text": "battery", "filter": query})):
        if path.endswith("similar") and len(query) > 500:
            continue  # the filter parameter is at most 500 characters
        body = _error(client.get(path, params=params), 400, "invalid_input")
        assert body["message"].startswith(message) and body["field"] == "query"
    page = client.get("/search", params={"q": query})
    assert page.status_code == 400 and "at column" in page.text


def test_a_query_out_of_time_answers_504_naming_the_stage(client, loaded_hub, keys, monkeypatch):
    monkeypatch.setattr(loaded_hub.settings, "search_time_limit", 0.001)
    body = _error(client.get("/api/v1/search", params={"q": SLOW, "mode": "bm25"}), 504, "timeout")
    assert body["message"] in ("time limit of 0.001 s reached during parse",
                               "time limit of 0.001 s reached during wildcard expansion")
    # a key gets search_time_limit_keyed (30 s): the same query answers
    keyed = client.get("/api/v1/search", params={"q": SLOW, "mode": "bm25"}, headers=auth(keys["analyst"]))
    assert keyed.status_code == 200 and keyed.json()["total"] > 0 and keyed.json()["cost"] == 30
    _error(client.get("/api/v1/similar", params={"text": "wireless network"}), 504, "timeout")
    assert client.get("/search", params={"q": SLOW}).status_code == 504
    spec = client.get("/api/openapi.json").json()
    assert "504" in spec["paths"]["/api/v1/search"]["get"]["responses"]


def test_the_rate_limit_charges_the_query_cost(loaded_hub, monkeypatch):
    monkeypatch.setattr(loaded_hub.settings, "web_rate_limit", 10)
    with TestClient(create_app(loaded_hub), raise_server_exceptions=False) as c:  # a fresh limiter
        wild = {"q": "ab=com* or ti=anod*", "mode": "bm25"}  # 1 + 2 wildcards (4) + facets (1)
        first = c.get("/api/v1/search", params=wild)
        assert first.status_code == 200 and first.json()["cost"] == 6 and first.json()["total"] == 10
        body = _error(c.get("/api/v1/search", params=wild), 429, "rate_limited")  # 4 tokens left, 6 asked
        assert "this query counts as 6 requests" in body["message"]
        cheap = c.get("/api/v1/search", params={"q": "ab=network", "facets": "false"})  # 1 token: still allowed
        assert cheap.status_code == 200 and cheap.json()["cost"] == 1


# a live server under abusive queries -------------------------------------------------------------
@pytest.fixture(scope="module")
def battery_server(tmp_path_factory):
    """uvicorn on a free loopback port over the USPTO grant folder (SQLite), rate limit off."""
    home = tmp_path_factory.mktemp("limits")
    hub = Hub(make_settings(home, f"sqlite:///{home}/iprhub.db"))
    hub.ingest([data_path("uspto/grant_xml_v4x")])
    with serving(hub) as url:
        yield url
    hub.close()


def _get(base: str, query: str) -> tuple[int, dict, float]:
    url = f"{base}/api/v1/search?{urllib.parse.urlencode({'q': query, 'mode': 'bm25'})}"
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            status, body = r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        status, body = exc.code, json.loads(exc.read())
    return status, body, time.perf_counter() - started


def test_the_server_stays_responsive_under_abusive_queries(battery_server):
    _get(battery_server, "ti=battery")  # the first query opens the index
    status, body, alone = _get(battery_server, "ti=battery")
    assert status == 200 and [h["pub_number"] for h in body["hits"]] == BATTERY
    abusive: dict[str, list[tuple[int, float]]] = {"330 *e*": [], "200-deep": [], "huge prox": [], "10 leading *": []}
    lock = threading.Lock()

    def attack() -> None:
        for _round in range(3):
            for name, query in zip(abusive, (STARS, DEEP, FAR, SLOW), strict=True):
                status, _body, seconds = _get(battery_server, query)
                with lock:
                    abusive[name].append((status, seconds))

    attackers = [threading.Thread(target=attack) for _ in range(4)]  # 48 abusive requests, 4 at a time
    for t in attackers:
        t.start()
    cheap: list[float] = []
    while any(t.is_alive() for t in attackers) and len(cheap) < 300:
        status, body, seconds = _get(battery_server, "ti=battery")
        assert status == 200 and [h["pub_number"] for h in body["hits"]] == BATTERY
        cheap.append(seconds)
        time.sleep(0.05)
    for t in attackers:
        t.join(timeout=60)
    print(f"\nti=battery alone {alone * 1000:.0f} ms; during the attack: {len(cheap)} queries, "
          f"median {statistics.median(cheap) * 1000:.0f} ms, max {max(cheap) * 1000:.0f} ms")
    for name, answers in abusive.items():
        print(f"  {name:14} statuses {sorted({s for s, _ in answers})}, max {max(t for _, t in answers) * 1000:.0f} ms")
    assert cheap
    for name in ("330 *e*", "200-deep", "huge prox"):
        assert [s for s, _ in abusive[name]] == [400] * 12
    assert {s for s, _ in abusive["10 leading *"]} <= {200, 504} and len(abusive["10 leading *"]) == 12
