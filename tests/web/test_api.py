"""REST API: every endpoint and its error paths, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json

import pytest
from pydantic import TypeAdapter
from typer.testing import CliRunner

from iprhub.cli.main import get_app
from iprhub.views import DocumentView, Show, TrademarkView
from tests.conftest import data_path
from tests.web.conftest import UPLOAD, auth


def _error(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "field"}
    assert body["error"]["code"] == code
    assert "Traceback" not in r.text
    return body["error"]


# documents ------------------------------------------------------------------------------------
def test_document_with_family_citations_titles_and_provenance(client):
    r = client.get("/api/v1/documents/EP2400812B1")
    assert r.status_code == 200
    v = r.json()
    assert v["type"] == "patent" and v["document"]["pub_number"] == "EP2400812B1"
    assert v["family"] == [{"number": n, "in_store": True}  # DOCDB family 43088294, from the store
                           for n in ("CA2744162A1", "EP2400812A1", "US20120057518A1", "US9648662B2")]
    assert v["other_kinds"] == ["EP2400812A1"]
    assert v["document"]["provenance"] and v["document"]["classifications"]
    assert set(v) >= {"cites", "cited_by", "events", "class_titles", "claim_levels"}


def test_citations_both_ways(client):
    citing = client.get("/api/v1/documents/USD586081S1").json()
    stored = {c["citation"]["number"]: c["stored"] for c in citing["cites"]}
    assert stored["USD456588"] == "USD456588S1"
    assert stored["US1865029"] is None
    cited = client.get("/api/v1/documents/USD456588").json()  # kind-less spelling resolves
    assert cited["document"]["pub_number"] == "USD456588S1"
    assert {"number": "USD586081S1", "in_store": True} in cited["cited_by"]


def test_claim_levels_follow_dependencies(client):
    v = client.get("/api/v1/documents/US 8,420,318 B2").json()
    levels = {int(k): d for k, d in v["claim_levels"][0].items()}
    claims = v["document"]["claims"][0]["claims"]
    assert levels[1] == 0
    for c in claims:
        assert (levels[c["num"]] > 0) == bool(c["depends_on"])
    assert max(levels.values()) >= 2  # a claim depending on a dependent claim


def test_document_etag_and_304(client):
    r = client.get("/api/v1/documents/CN104223352A")
    etag = r.headers["etag"]
    assert etag.startswith('"') and r.headers["cache-control"] == "no-cache"
    again = client.get("/api/v1/documents/CN104223352A", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    other = client.get("/api/v1/documents/CN104223352A", headers={"If-None-Match": '"stale"'})
    assert other.status_code == 200 and other.headers["etag"] == etag


def test_document_errors(client):
    e = _error(client.get("/api/v1/documents/US9999999B2"), 404, "not_found")
    assert "US9999999B2" in e["message"]
    _error(client.get("/api/v1/documents/%21%21"), 400, "invalid_input")
    _error(client.get("/api/v1/documents/" + "9" * 80), 400, "invalid_input")


def _cli(hub, *args):
    result = CliRunner().invoke(get_app(), ["--home", str(hub.settings.home), "--database-url",
                                            hub.settings.database_url, *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# a US grant with nested claims, an EP application merged from two OPS responses and its granted B1
# (DOCDB family, search-report citations), a CN application, a US design citing a stored design
SHOWN = ["US8420318B2", "EP2400812A1", "EP2400812B1", "CN104223352A", "USD586081S1", "US9648662B2"]


def test_show_json_is_the_api_document(client, loaded_hub):
    """`iprhub show --json` and /api/v1/documents/{number} serialise the same view: no difference at all."""
    shown = {}
    for number in SHOWN:
        api = client.get(f"/api/v1/documents/{number}").json()
        cli = _cli(loaded_hub, "show", number)
        assert cli == api, number
        shown[number] = TypeAdapter(Show).validate_python(cli)
    assert all(isinstance(v, DocumentView) for v in shown.values())
    merged = shown["EP2400812A1"].document
    assert len(merged.provenance) == 2 and merged.field_sources["claims"] == "epo-ops-fulltext"
    assert [f.number for f in shown["EP2400812A1"].family] == ["CA2744162A1", "EP2400812B1", "US20120057518A1",
                                                               "US9648662B2"]
    assert shown["EP2400812B1"].other_kinds == ["EP2400812A1"] and len(shown["US9648662B2"].cites) == 37
    assert shown["CN104223352A"].document.title("zh") and shown["CN104223352A"].claim_levels == [{1: 0, 2: 1, 3: 1}]
    assert [c.stored for c in shown["USD586081S1"].cites if c.stored] == ["USD456588S1"]
    assert len(shown["US8420318B2"].cites) == 295 and max(shown["US8420318B2"].claim_levels[0].values()) == 3


def test_show_json_of_a_trademark_and_stats_json_are_the_api_answers(client, loaded_hub):
    tm = _cli(loaded_hub, "show", "78002299")
    assert tm == {"type": "trademark", "trademark": client.get("/api/v1/trademarks/78002299").json()}
    assert isinstance(TypeAdapter(Show).validate_python(tm), TrademarkView)
    stats = _cli(loaded_hub, "stats")
    assert stats == client.get("/api/v1/stats").json()
    assert stats["totals"]["multi_source_documents"] == 1  # EP2400812A1


# trademarks -----------------------------------------------------------------------------------
def test_trademark_by_number_and_key(client):
    by_app = client.get("/api/v1/trademarks/78002299")
    assert by_app.status_code == 200 and by_app.json()["reg_number"] == "2713476"
    assert "etag" in by_app.headers
    by_key = client.get("/api/v1/trademarks/US/78002299")
    assert by_key.json() == by_app.json()
    assert client.get("/api/v1/trademarks/2713476").json()["app_number"] == "78002299"
    _error(client.get("/api/v1/trademarks/00000000"), 404, "not_found")


# search ---------------------------------------------------------------------------------------
def test_search_hits_facets_snippets_and_cursor(client):
    r = client.get("/api/v1/search", params={"q": "ctry=US", "limit": 5})
    assert r.status_code == 200
    page1 = r.json()
    assert page1["total"] > 5 and len(page1["hits"]) == 5 and page1["cursor"]
    assert {f["name"] for f in page1["facets"]} == {"year", "country", "kind", "ipc", "applicant"}
    page2 = client.get("/api/v1/search", params={"q": "ctry=US", "limit": 5, "cursor": page1["cursor"]}).json()
    assert not {h["pub_number"] for h in page1["hits"]} & {h["pub_number"] for h in page2["hits"]}
    text = client.get("/api/v1/search", params={"q": "ti=network or ab=network", "mode": "bm25"}).json()
    assert text["interpretation"]["mode"] == "bm25"
    marked = [s for h in text["hits"] for s in h["snippets"] if s["highlights"]]
    assert marked and all(s["text"][a:b].lower().startswith("network") for s in marked for a, b in s["highlights"])


def test_search_options_and_errors(client):
    r = client.get("/api/v1/search", params={"q": "ctry=US", "sort": "date", "facets": "false", "limit": 3})
    dates = [h["pub_date"] for h in r.json()["hits"]]
    assert dates == sorted(dates, reverse=True) and r.json()["facets"] == []
    _error(client.get("/api/v1/search"), 400, "invalid_input")
    assert _error(client.get("/api/v1/search", params={"q": "ti="}), 400, "invalid_input")["message"]
    assert _error(client.get("/api/v1/search", params={"q": "x", "limit": 0}), 400, "invalid_input")["field"] == "limit"
    _error(client.get("/api/v1/search", params={"q": "x", "mode": "magic"}), 400, "invalid_input")
    _error(client.get("/api/v1/search", params={"q": "x", "cursor": "garbage!"}), 400, "invalid_input")


def test_similar_and_status(client):
    r = client.get("/api/v1/similar", params={"number": "US8420318B2", "limit": 3})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["query_number"] == "US8420318B2" and len(body["hits"]) <= 3
    assert all(h["pub_date"] is None or h["pub_date"] < "2013-04-16" for h in body["hits"])
    by_text = client.get("/api/v1/similar", params={"text": "锂电池 电极", "limit": 2}).json()
    assert by_text["query_number"] is None
    _error(client.get("/api/v1/similar"), 400, "invalid_input")
    _error(client.get("/api/v1/similar", params={"number": "US1B1", "text": "x"}), 400, "invalid_input")
    status = client.get("/api/v1/search/status").json()
    assert status["documents_in_store"] == status["documents_in_index"] > 40


# reports, countries ---------------------------------------------------------------------------
def test_stats_health_formats_me(client):
    stats = client.get("/api/v1/stats").json()
    assert stats["totals"]["documents"] > 40 and stats["totals"]["trademarks"] == 1
    assert stats["documents_by_office"]["CN"] == 1
    health = client.get("/api/v1/health").json()
    assert health["status"] == "ok" and health["documents"] == stats["totals"]["documents"]
    formats = client.get("/api/v1/formats").json()
    assert {"uspto-xml", "tm-st66-xml"} <= {f["name"] for f in formats}
    assert client.get("/api/v1/me").json() == {"name": "anonymous", "role": "anonymous", "via": "none"}


def test_countries_compare_plan_indicators(client):
    vn = client.get("/api/v1/countries/VN")
    assert vn.status_code == 200 and vn.json()["code"] == "VN" and "etag" in vn.headers
    assert _error(client.get("/api/v1/countries/Atlantis"), 400, "invalid_input")["field"] == "country"
    cmp = client.get("/api/v1/countries/compare", params={"codes": "CN,VN"}).json()
    assert cmp["codes"] == ["CN", "VN"]
    plan = client.get("/api/v1/plan", params={"first_filing": "CN", "date": "2025-01-10", "targets": "VN,TH"})
    assert plan.status_code == 200 and [t["code"] for t in plan.json()["targets"]] == ["VN", "TH"]
    _error(client.get("/api/v1/plan", params={"first_filing": "CN", "date": "2025-02-30", "targets": "VN"}),
           400, "invalid_input")
    _error(client.get("/api/v1/plan", params={"first_filing": "CN", "date": "2025-01-10", "targets": "VN",
                                              "type": "copyright"}), 400, "invalid_input")
    ind = client.get("/api/v1/indicators").json()
    assert ind["indicators"]


# open data ------------------------------------------------------------------------------------
def test_export_needs_analyst_and_round_trips(client, keys):
    _error(client.get("/api/v1/export"), 401, "unauthorized")
    r = client.get("/api/v1/export", params={"format": "jsonl"}, headers=auth(keys["analyst"]))
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(x) for x in r.text.splitlines() if x]
    assert {"patent", "trademark"} <= {x["type"] for x in lines}
    assert "iprhub.jsonl" in r.headers["content-disposition"]
    csv = client.get("/api/v1/export", params={"format": "csv"}, headers=auth(keys["admin"]))
    assert csv.status_code == 200 and csv.text.startswith("pub_number")
    marks = client.get("/api/v1/export", params={"format": "csv", "records": "trademark"}, headers=auth(keys["admin"]))
    assert marks.status_code == 200 and marks.text.startswith("office,app_number")
    assert len(marks.text.strip().splitlines()) - 1 == client.get("/api/v1/stats").json()["totals"]["trademarks"]
    _error(client.get("/api/v1/export", params={"format": "xls"}, headers=auth(keys["analyst"])), 400,
           "invalid_input")
    schema = client.get("/api/v1/export/schema").json()
    assert schema["title"] == "iprhub open-data export line"


def test_quarantine_and_jobs_need_admin(client, keys):
    _error(client.get("/api/v1/quarantine"), 401, "unauthorized")
    _error(client.get("/api/v1/quarantine", headers=auth(keys["analyst"])), 403, "forbidden")
    assert client.get("/api/v1/quarantine", headers=auth(keys["admin"])).status_code == 200
    assert client.get("/api/v1/ingest/jobs", headers=auth(keys["admin"])).status_code == 200
    _error(client.get("/api/v1/ingest/jobs/nope", headers=auth(keys["admin"])), 404, "not_found")
    _error(client.get("/api/v1/ingest/jobs"), 401, "unauthorized")


# ingest upload (writes: the function-scoped hub on both backends) -------------------------------
def test_admin_upload_ingests_a_real_file_and_shows_it(fresh):
    client, keys, hub = fresh
    payload = data_path(UPLOAD).read_bytes()
    r = client.post("/api/v1/ingest", params={"wait": "true"}, headers=auth(keys["admin"]),
                    files={"file": ("US06840965B2.xml.gz", payload, "application/octet-stream")})
    assert r.status_code == 200, r.text
    job = r.json()
    assert job["status"] == "done" and job["kind"] == "gzip" and job["progress"] == 1.0
    assert job["documents"] == ["US6840965B2"] and job["rejected"] == []
    assert r.headers["location"] == f"/api/v1/ingest/jobs/{job['id']}"
    assert client.get(f"/api/v1/ingest/jobs/{job['id']}", headers=auth(keys["admin"])).json()["status"] == "done"
    doc = client.get("/api/v1/documents/US6840965B2").json()
    assert doc["document"]["provenance"][0]["source_file"].endswith("US06840965B2.xml.gz")
    assert client.get("/api/v1/search", params={"q": "pn=US6840965B2"}).json()["total"] == 1


def test_upload_without_wait_answers_202_then_finishes(fresh):
    client, keys, _hub = fresh
    r = client.post("/api/v1/ingest", headers=auth(keys["admin"]),
                    files={"file": ("t.xml.gz", data_path(UPLOAD).read_bytes())})
    assert r.status_code in (200, 202)
    job_id = r.json()["id"]
    jobs = client.app.state.jobs
    assert jobs.wait(job_id, 60).status == "done"
    listed = client.get("/api/v1/ingest/jobs", headers=auth(keys["admin"])).json()
    assert [j["id"] for j in listed] == [job_id]


def test_upload_needs_a_file(fresh):
    client, keys, _hub = fresh
    _error(client.post("/api/v1/ingest", headers=auth(keys["admin"])), 400, "invalid_input")


# framework errors in the same shape -----------------------------------------------------------
def test_unknown_route_and_method(client):
    _error(client.get("/api/v1/nothing-here"), 404, "not_found")
    _error(client.delete("/api/v1/stats"), 405, "method_not_allowed")
    _error(client.post("/api/v1/stats", content=b"x" * (2 * 1024 * 1024)), 413, "payload_too_large")


@pytest.mark.parametrize("path", ["/api/v1/stats", "/api/v1/documents/EP2400812B1"])
def test_unexpected_errors_are_500_without_trace(fresh, monkeypatch, path, caplog):
    client, _keys, hub = fresh

    def boom(*a, **k):
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(hub, "stats", boom)
    monkeypatch.setattr(hub, "document_view", boom)
    r = client.get(path)
    err = _error(r, 500, "internal_error")
    assert "secret" not in r.text and "RuntimeError" not in r.text
    assert r.headers["x-request-id"] in err["message"]
    assert "secret internals" in caplog.text  # logged server-side, with the traceback


def test_openapi_documents_the_error_shape(client):
    spec = client.get("/api/openapi.json").json()
    assert "/api/v1/search" in spec["paths"] and "/api/v1/ingest" in spec["paths"]
    op = spec["paths"]["/api/v1/documents/{number}"]["get"]
    assert "422" not in op["responses"] and op["responses"]["404"]["content"]["application/json"]["schema"][
        "$ref"].endswith("/ErrorBody")
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "/api/docs/assets/swagger-ui-bundle.js" in docs.text
    assert client.get("/api/docs/assets/swagger-ui-bundle.js").status_code == 200
    assert "cdn" not in docs.text.lower()


def test_upload_type_is_sniffed_not_trusted(fresh):
    client, keys, hub = fresh
    r = client.post("/api/v1/ingest", headers=auth(keys["admin"]),
                    files={"file": ("patent.xml", io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100), "text/xml")})
    _error(r, 415, "unsupported_media_type")
    assert hub.stats().totals["documents"] == 0


def test_index_repair_needs_admin(fresh):
    client, keys, _hub = fresh
    _error(client.post("/api/v1/search/repair"), 401, "unauthorized")
    _error(client.post("/api/v1/search/repair", headers=auth(keys["analyst"])), 403, "forbidden")
    r = client.post("/api/v1/search/repair", headers=auth(keys["admin"]))
    assert r.status_code == 200 and r.json()["action"] == "repair" and r.json()["status"]["in_step"]
