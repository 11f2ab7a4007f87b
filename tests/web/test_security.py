"""Security: roles and keys, rate limits, upload limits and checks, XML bombs, CSRF, sessions, headers."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from iprhub.accounts.tables import web_api_keys
from iprhub.web import create_app
from tests.conftest import data_path
from tests.web.conftest import UPLOAD, auth

XML = data_path(UPLOAD).read_bytes()


def _code(r) -> str:
    return r.json()["error"]["code"]


def _nothing_stored(hub) -> None:
    assert hub.stats()["totals"]["documents"] == 0
    uploads = hub.settings.home / "uploads"
    assert not uploads.exists() or not [p for p in uploads.rglob("*") if p.is_file()]


def _upload(client, name, payload, headers=None, **kw):
    return client.post("/api/v1/ingest", params={"wait": "true"}, headers=headers or {},
                       files={"file": (name, payload, "application/octet-stream")}, **kw)


# keys and roles -------------------------------------------------------------------------------
def test_writes_need_a_key_with_the_admin_role(fresh):
    client, keys, hub = fresh
    r = _upload(client, "a.xml.gz", XML)
    assert r.status_code == 401 and _code(r) == "unauthorized"
    r = _upload(client, "a.xml.gz", XML, auth(keys["analyst"]))
    assert r.status_code == 403 and _code(r) == "forbidden"
    _nothing_stored(hub)


@pytest.mark.parametrize("key", [
    "iph_0123456789_wrongwrongwrongwrongwr",  # well-formed, unknown prefix
    "not-a-key",
    "",
])
def test_wrong_or_malformed_keys_are_rejected(fresh, key):
    client, _keys, hub = fresh
    r = _upload(client, "a.xml.gz", XML, {"Authorization": f"Bearer {key}"} if key else {"Authorization": "Basic x"})
    assert r.status_code == 401 and _code(r) == "unauthorized"
    assert client.get("/api/v1/me", headers={"X-API-Key": key or "x"}).status_code == 401
    _nothing_stored(hub)


def test_right_prefix_wrong_secret_revoked_and_disabled(fresh):
    client, keys, hub = fresh
    prefix = keys["admin"].split("_")[1]
    forged = f"iph_{prefix}_" + "A" * 24
    assert client.get("/api/v1/me", headers=auth(forged)).status_code == 401
    assert client.get("/api/v1/me", headers=auth(keys["admin"])).json()["role"] == "admin"
    acc = hub.accounts
    acc.disable("ada")
    assert client.get("/api/v1/me", headers=auth(keys["admin"])).status_code == 401
    acc.disable("ada", False)
    acc.revoke_key(prefix)
    r = client.get("/api/v1/me", headers=auth(keys["admin"]))
    assert r.status_code == 401 and "revoked" in r.json()["error"]["message"]


def test_keys_are_stored_hashed(fresh):
    _client, keys, hub = fresh
    with hub.store.engine.connect() as conn:
        rows = [tuple(str(v) for v in r) for r in conn.execute(select(web_api_keys))]
    secret = keys["admin"].split("_", 2)[2]
    assert rows and not any(secret in v or keys["admin"] in v for r in rows for v in r)


# rate limits ----------------------------------------------------------------------------------
def test_rate_limit_answers_429_with_retry_after(fresh):
    client, keys, hub = fresh
    hub.settings.web_rate_limit = 3
    hub.settings.web_rate_limit_keyed = 5
    codes = [client.get("/api/v1/health").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    r = client.get("/api/v1/stats")
    assert r.status_code == 429 and _code(r) == "rate_limited" and int(r.headers["retry-after"]) >= 1
    assert client.get("/").status_code == 429  # pages count too
    # a key has its own, larger budget
    assert [client.get("/api/v1/me", headers=auth(keys["analyst"])).status_code for _ in range(5)] == [200] * 5
    assert client.get("/api/v1/me", headers=auth(keys["analyst"])).status_code == 429
    assert client.get("/static/app.css").status_code == 200  # static files are not limited


# upload limits and checks ---------------------------------------------------------------------
def test_oversize_upload_by_content_length_is_refused_and_nothing_stored(fresh):
    client, keys, hub = fresh
    client.app.state.jobs.max_bytes = 4096
    limit = next(m for m in client.app.user_middleware if m.cls.__name__ == "BodyLimit")
    assert limit  # the limit is the app's setting; here the job limit is lowered for a small payload
    r = _upload(client, "big.xml.gz", XML, auth(keys["admin"]))  # 14 kB > 4 kB
    assert r.status_code == 413 and _code(r) == "payload_too_large" and r.json()["error"]["field"] == "file"
    _nothing_stored(hub)


def test_oversize_body_is_refused_before_reading(fresh):
    client, keys, hub = fresh
    hub_limit = hub.settings.web_max_upload_bytes
    r = client.post("/api/v1/ingest", headers={**auth(keys["admin"]), "Content-Type": "multipart/form-data; b=x",
                                               "Content-Length": str(hub_limit + 10 * 1024 * 1024)},
                    content=b"")
    assert r.status_code == 413 and _code(r) == "payload_too_large"
    _nothing_stored(hub)


def test_oversize_streamed_body_without_length_is_cut_off(tmp_path):
    from iprhub.hub import Hub
    from tests.web.conftest import make_settings

    hub = Hub(make_settings(tmp_path, f"sqlite:///{tmp_path}/s.db", web_max_upload_bytes=2048))
    acc = hub.accounts
    acc.add_user("ada", "admin")
    key = acc.issue_key("ada").key
    boundary = "xyzzy"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.xml\"\r\n"
            f"Content-Type: text/xml\r\n\r\n").encode() + b"<a>" + b"x" * 200_000 + b"</a>\r\n" + \
        f"--{boundary}--\r\n".encode()

    def chunks():
        for i in range(0, len(body), 8192):
            yield body[i:i + 8192]

    with TestClient(create_app(hub), raise_server_exceptions=False) as client:
        r = client.post("/api/v1/ingest", headers={**auth(key), "Content-Type": f"multipart/form-data; boundary={boundary}"},
                        content=chunks())
        assert r.status_code == 413 and _code(r) == "payload_too_large"
    _nothing_stored(hub)
    hub.close()


@pytest.mark.parametrize("name", ["../../etc/evil.xml", "..\\..\\evil.xml", "/abs/evil.xml", "C:evil.xml", ".."])
def test_path_traversal_in_file_names_is_refused(fresh, name):
    client, keys, hub = fresh
    r = _upload(client, name, XML, auth(keys["admin"]))
    assert r.status_code == 400 and _code(r) == "invalid_input" and r.json()["error"]["field"] == "file"
    _nothing_stored(hub)


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


@pytest.mark.parametrize("member", ["../evil.xml.gz", "a/../../evil.xml.gz", "/etc/evil.xml.gz",
                                    "..\\evil.xml.gz", "C:/evil.xml.gz"])
def test_path_traversal_in_zip_members_is_refused(fresh, member):
    client, keys, hub = fresh
    r = _upload(client, "batch.zip", _zip({"good.xml.gz": XML, member: XML}), auth(keys["admin"]))
    assert r.status_code == 400 and _code(r) == "invalid_input" and "outside the archive" in r.text
    _nothing_stored(hub)


def test_zip_bomb_ratio_is_refused(fresh):
    client, keys, hub = fresh
    client.app.state.jobs.max_bytes = 100_000
    r = _upload(client, "bomb.zip", _zip({"zeros.xml": b"<a>" + b"0" * 6_000_000 + b"</a>"}), auth(keys["admin"]))
    assert r.status_code == 413 and "unpacks to" in r.text
    _nothing_stored(hub)


def test_a_good_zip_of_real_files_is_ingested(fresh):
    client, keys, hub = fresh
    r = _upload(client, "batch.zip", _zip({"dir/US06840965B2.xml.gz": XML}), auth(keys["admin"]))
    assert r.status_code == 200 and r.json()["documents"] == ["US6840965B2"]


@pytest.mark.parametrize("payload", [b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, b"%PDF-1.4\n\x00\x01\x02\xff" * 20,
                                     b"", b"   \n"])
def test_non_office_content_is_refused(fresh, payload):
    client, keys, hub = fresh
    r = _upload(client, "x.xml", payload, auth(keys["admin"]))
    assert r.status_code == 415 and _code(r) == "unsupported_media_type"
    _nothing_stored(hub)


BILLION_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE us-patent-grant [<!ENTITY lol "lol">'
                  b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                  b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
                  b'<us-patent-grant><invention-title>&lol3;</invention-title></us-patent-grant>')
XXE = (b'<?xml version="1.0"?>\n<!DOCTYPE us-patent-grant [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
       b'<us-patent-grant><invention-title>&xxe;</invention-title></us-patent-grant>')


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "external-entity"])
def test_xml_bombs_in_uploads_are_rejected(fresh, payload):
    client, keys, hub = fresh
    r = _upload(client, "bomb.xml", payload, auth(keys["admin"]))
    assert r.status_code == 422, r.text
    assert _code(r) == "parse_error" and "entity" in r.json()["error"]["message"]
    assert r.json()["error"]["field"] == "file"
    assert "root:" not in r.text  # no file content leaked
    _nothing_stored(hub)


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "external-entity"])
def test_xml_bombs_inside_compressed_uploads_are_refused_per_document(fresh, payload):
    import gzip

    client, keys, hub = fresh
    r = _upload(client, "bomb.xml.gz", gzip.compress(payload), auth(keys["admin"]))
    assert r.status_code == 200, r.text
    job = r.json()
    assert job["status"] == "done" and job["documents"] == [] and job["documents_stored"] == 0
    assert job["rejected"] and all("entit" in x["reason"] for x in job["rejected"])
    assert "root:" not in r.text
    assert hub.stats()["totals"]["documents"] == 0


# sessions and CSRF ----------------------------------------------------------------------------
def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _sign_in(client, key: str):
    page = client.get("/login")
    return client.post("/login", data={"api_key": key, "csrf_token": _csrf(page.text), "next": "/ingest"},
                       follow_redirects=False)


def test_form_posts_need_a_csrf_token(fresh):
    client, keys, hub = fresh
    client.get("/login")
    r = client.post("/login", data={"api_key": keys["admin"]}, follow_redirects=False)
    assert r.status_code == 403 and "CSRF" in r.text
    r = client.post("/login", data={"api_key": keys["admin"], "csrf_token": "1.forged"}, follow_redirects=False)
    assert r.status_code == 403
    ok = _sign_in(client, keys["admin"])
    assert ok.status_code == 303 and ok.headers["location"] == "/ingest"
    page = client.get("/ingest")
    assert page.status_code == 200
    r = client.post("/ingest", files={"file": ("a.xml.gz", XML)}, follow_redirects=False)
    assert r.status_code == 403 and "CSRF" in r.text
    _nothing_stored(hub)
    r = client.post("/ingest", data={"csrf_token": _csrf(page.text)}, files={"file": ("a.xml.gz", XML)},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/ingest?job=")
    job_id = r.headers["location"].split("=")[1]
    assert client.app.state.jobs.wait(job_id, 60).status == "done"
    # the session reads admin data on the API, but never writes there
    assert client.get(f"/api/v1/ingest/jobs/{job_id}").status_code == 200
    assert _upload(client, "a.xml.gz", XML).status_code == 401


def test_wrong_key_at_sign_in_and_tampered_sessions(fresh):
    client, keys, _hub = fresh
    r = _sign_in(client, "iph_0000000000_" + "x" * 24)
    assert r.status_code == 401
    assert _sign_in(client, keys["analyst"]).status_code == 303
    assert client.get("/ingest").status_code == 403  # analysts may not ingest
    session = client.cookies.get("iprhub_session")
    assert client.get("/api/v1/me").json()["role"] == "analyst"
    client.cookies.clear()
    client.cookies.set("iprhub_session", session[:-3] + ("AAA" if not session.endswith("AAA") else "BBB"))
    assert client.get("/api/v1/me").json()["role"] == "anonymous"


def test_redirects_stay_on_site(fresh):
    client, keys, _hub = fresh
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        r = client.get("/lang/zh", params={"next": target}, follow_redirects=False)
        assert r.headers["location"] == "/"
    page = client.get("/login")
    r = client.post("/login", data={"api_key": keys["admin"], "csrf_token": _csrf(page.text),
                                    "next": "https://evil.example/"}, follow_redirects=False)
    assert r.headers["location"] == "/ingest"


def test_cookies_are_httponly_and_strict(fresh):
    client, keys, _hub = fresh
    client.get("/login")
    r = _sign_in(client, keys["admin"])
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("samesite", "SameSite")


# headers --------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/", "/api/v1/stats", "/static/app.css", "/api/v1/nope", "/documents/nope"])
def test_strict_security_headers_everywhere(fresh, path):
    client, _keys, _hub = fresh
    r = client.get(path)
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "same-origin"
    assert "server" not in {k.lower() for k in r.headers} or "uvicorn" not in r.headers.get("server", "")


def test_hsts_when_served_over_https(fresh):
    client, _keys, hub = fresh
    hub.settings.web_https = True
    with TestClient(create_app(hub)) as c:
        assert c.get("/api/v1/health").headers["strict-transport-security"].startswith("max-age=")
