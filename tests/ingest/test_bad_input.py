"""Bad input: every case gets a clear reason with file and position, and nothing stored is lost."""

from __future__ import annotations

import gzip
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile

import pytest

from tests.conftest import data_path

WEEKLY = "uspto/grant_xml_v4x/PatentsView-DB__ipg060103.small.xml.gz"  # 18 grants + 2 sequence listings
ONE = "uspto/grant_xml_v4x/PatentPublicData__US06859910.xml.gz"


def _bytes(rel: str) -> bytes:
    return gzip.decompress(data_path(rel).read_bytes())


def _docs(rel: str) -> list[bytes]:
    raw = _bytes(rel)
    parts = raw.split(b'<?xml version="1.0" encoding="UTF-8"?>')
    return [b'<?xml version="1.0" encoding="UTF-8"?>' + p for p in parts if p.strip()]


def test_truncated_xml_keeps_the_rest_of_the_file(hub, tmp_path):
    docs = _docs(WEEKLY)
    path = tmp_path / "truncated.xml"
    last = docs[-1] if b"us-patent-grant" in docs[-1] else docs[-2]
    body = b"".join(d for d in docs if d is not last)
    path.write_bytes(body + last[: len(last) // 2])
    report = hub.ingest([path])
    assert report.inserted == 17
    (q,) = report.quarantined
    assert q.source_file == str(path) and q.position.startswith("doc ") and "not well-formed XML" in q.reason
    assert "line" in q.reason and q.stage == "parse"


def test_non_xml_and_unknown_root_are_reported_unsupported(hub, tmp_path):
    (tmp_path / "notes.txt").write_text("just some notes\nnothing to see\n")
    (tmp_path / "other.xml").write_bytes(b'<?xml version="1.0"?><inventory><item/></inventory>')
    report = hub.ingest([tmp_path / "notes.txt", tmp_path / "other.xml"])
    reasons = {f.path.rsplit("/", 1)[-1]: f.reason for f in report.files}
    assert all(f.status == "unsupported" for f in report.files)
    assert "not XML or JSON" in reasons["notes.txt"]
    assert "<inventory>" in reasons["other.xml"]
    assert hub.stats().totals["documents"] == 0


def test_invalid_date_and_missing_number_are_quarantined_with_field(hub, tmp_path):
    doc = _bytes(ONE)
    bad_date = doc.replace(b"<date>20050222</date>", b"<date>20050230</date>", 1)
    assert bad_date != doc
    start = doc.index(b"<publication-reference>")
    end = doc.index(b"</publication-reference>")
    section = doc[start:end]
    no_number = doc[:start] + section.replace(b"<doc-number>06859910</doc-number>", b"") + doc[end:]
    assert no_number != doc
    good = _docs(WEEKLY)[0]
    path = tmp_path / "mixed.xml"
    path.write_bytes(bad_date + b"\n" + no_number + b"\n" + good)
    report = hub.ingest([path])
    assert report.inserted == 1
    reasons = sorted(q.reason for q in report.quarantined)
    assert any("invalid date '20050230'" in r and "publication-reference/date" in r for r in reasons)
    assert any("missing publication-reference/doc-number" in r for r in reasons)
    positions = sorted(q.position for q in report.quarantined)
    assert positions[0].startswith("doc 1") and positions[1].startswith("doc 2")
    assert [i.reason for i in hub.quarantine()] == [q.reason for q in report.quarantined]


def test_corrupt_gzip_fails_clearly_and_keeps_stored_data(hub, tmp_path):
    hub.ingest([data_path(ONE)])
    raw = data_path(WEEKLY).read_bytes()
    broken = raw[: len(raw) // 2] + bytes(b ^ 0x5A for b in raw[len(raw) // 2: len(raw) // 2 + 200]) + raw[len(raw) // 2 + 200:]
    path = tmp_path / "broken.xml.gz"
    path.write_bytes(broken)
    report = hub.ingest([path])
    (outcome,) = report.files
    assert outcome.status == "failed"
    assert "corrupt or truncated compressed data" in outcome.reason or "not well-formed" in outcome.reason
    assert hub.document("US6859910B2").title() == "Methods and systems for transactional tunneling"
    stored = hub.stats().totals["documents"]
    assert stored >= 1
    # every stored record is whole: its side rows match its record
    for number in hub.store.find_numbers("US", "6859910"):
        d = hub.document(number)
        assert d.claim_count() == 2


def test_corrupt_zip_fails_with_file_name(hub, tmp_path):
    path = tmp_path / "archive.zip"
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    report = hub.ingest([path])
    (outcome,) = report.files
    assert outcome.status == "failed" and "corrupt zip archive" in outcome.reason
    assert report.quarantined[0].source_file == str(path)


def test_zip_members_are_streamed(hub, tmp_path):
    path = tmp_path / "bundle.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a/one.xml", _bytes(ONE))
        zf.writestr("b/weekly.xml.gz", data_path(WEEKLY).read_bytes())
    report = hub.ingest([path])
    assert report.inserted == 19
    assert {f.path for f in report.files} == {f"{path}!a/one.xml", f"{path}!b/weekly.xml.gz"}


def test_wrong_declared_encoding(hub, tmp_path):
    doc = _bytes(ONE).replace(b"Methods and systems", "Méthodes and systems".encode("latin-1"), 1)
    path = tmp_path / "latin1.xml"
    path.write_bytes(doc)  # declared UTF-8, contains a Latin-1 byte
    report = hub.ingest([path])
    (q,) = report.quarantined
    assert "UTF-8" in q.reason or "encoding" in q.reason.lower()
    assert q.position.startswith("doc 1")
    assert report.inserted == 0


def test_duplicate_documents_in_one_file_are_stored_once(hub, tmp_path):
    doc = _bytes(ONE)
    path = tmp_path / "dupes.xml"
    path.write_bytes(doc + b"\n" + doc)
    report = hub.ingest([path])
    assert report.inserted == 1 and report.unchanged == 1
    assert hub.stats().totals["documents"] == 1


def test_xml_bombs_are_refused(hub, tmp_path):
    lol = (b'<?xml version="1.0"?>\n<!DOCTYPE us-patent-grant [<!ENTITY lol "lol">'
           b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
           b'<us-patent-grant><invention-title>&lol2;</invention-title></us-patent-grant>')
    xxe = (b'<?xml version="1.0"?>\n<!DOCTYPE us-patent-grant [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
           b'<us-patent-grant><invention-title>&xxe;</invention-title></us-patent-grant>')
    (tmp_path / "bomb.xml").write_bytes(lol)
    (tmp_path / "xxe.xml").write_bytes(xxe)
    report = hub.ingest([tmp_path / "bomb.xml", tmp_path / "xxe.xml"])
    assert report.inserted == 0
    assert len(report.quarantined) == 2
    assert all("entity" in q.reason for q in report.quarantined)


@pytest.mark.slow
def test_kill_in_the_middle_of_a_file_then_rerun(tmp_path):
    """SIGKILL while a file is half loaded; the re-run completes with no duplicates or partial records."""
    docs = [d for d in _docs(WEEKLY) if b"us-patent-grant" in d]
    # 18 real grants repeated under new numbers: a file long enough to kill mid-way
    body = []
    for rep in range(40):
        for d in docs:
            body.append(d.replace(b"<doc-number>", b"<doc-number>9" + str(rep).zfill(2).encode(), 1))
    big = tmp_path / "big.xml"
    big.write_bytes(b"\n".join(body))
    home = tmp_path / "home"
    env = {**os.environ, "IPRHUB_HOME": str(home), "IPRHUB_BATCH_SIZE": "10", "IPRHUB_WORKERS": "1"}
    env.pop("IPRHUB_DATABASE_URL", None)
    cmd = [sys.executable, "-m", "iprhub.cli", "ingest", str(big), "--json"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db = home / "iprhub.db"
    deadline = time.time() + 60
    count = 0
    while time.time() < deadline:
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    count = conn.execute("select count(*) from documents").fetchone()[0]
            except sqlite3.OperationalError:
                count = 0
            if count >= 50:
                break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < count < 720, "the kill must land in the middle of the file"
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    assert '"failed": []' in done.stdout
    with sqlite3.connect(db) as conn:
        total = conn.execute("select count(*) from documents").fetchone()[0]
        distinct = conn.execute("select count(distinct pub_number) from documents").fetchone()[0]
        orphans = conn.execute(
            "select count(*) from documents d where not exists (select 1 from doc_sources s where s.doc_id = d.id)"
        ).fetchone()[0]
        status = conn.execute("select status from ingested_files").fetchall()
    assert total == distinct == 720
    assert orphans == 0
    assert status == [("done",)]
