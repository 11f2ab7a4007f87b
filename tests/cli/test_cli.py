"""The CLI end to end on real files: ingest, show (number spellings), stats, quarantine, export/import."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from iprhub.cli.main import get_app
from tests.conftest import data_path

runner = CliRunner()
FILES = [
    "uspto/grant_xml_v4x/PatentPublicData__US06859910.xml.gz",
    "uspto/grant_xml_v4x/PatentsView-DB__ipg060103.small.xml.gz",
    "epo/ep_fulltext_xml/go-epo-eps__EP13189031B2.xml.gz",
    "cn/cn_old/PatentStandardization__cn_old1.xml.gz",
    "trademark/uspto_tsdr/Plumage__rn2713476-ST66.xml.gz",
]


def run(home, *args):
    result = runner.invoke(get_app(), ["--home", str(home), *args])
    return result


@pytest.fixture
def home(tmp_path):
    h = tmp_path / "home"
    res = run(h, "ingest", *[str(data_path(f)) for f in FILES], "--json")
    assert res.exit_code == 0, res.output
    return h


def test_ingest_summary_json(tmp_path):
    res = run(tmp_path / "h", "ingest", *[str(data_path(f)) for f in FILES], str(data_path("laws/cn/MANIFEST.md")),
              "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["by_format"]["uspto-xml"]["documents"] == 19
    assert data["by_format"]["ep-fulltext-xml"]["documents"] == 1
    assert data["by_format"]["cnipa-xml-old"]["documents"] == 1
    assert data["by_format"]["tm-st66-xml"]["trademarks"] == 1
    assert data["records"]["inserted"] == 22
    (unsupported,) = data["unsupported"]
    assert "Markdown" in unsupported["reason"]


@pytest.mark.parametrize("spelling", ["US 6,859,910 B2", "US6859910", "us6859910b2", "US 6859910"])
def test_show_accepts_common_spellings(home, spelling):
    res = run(home, "show", spelling, "--json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)["document"]
    assert doc["pub_number"] == "US6859910B2"
    assert doc["titles"][0]["text"] == "Methods and systems for transactional tunneling"


def test_show_ep_and_cn_numbers(home):
    ep = json.loads(run(home, "show", "EP 13189031 B2", "--json").output)["document"]
    assert ep["pub_number"] == "EP13189031B2" or ep["pub_number"].startswith("EP")
    cn = json.loads(run(home, "show", "CN 104223352 A", "--json").output)["document"]
    assert cn["pub_number"] == "CN104223352A" and cn["lang"] == "zh"


def test_show_unknown_and_malformed_numbers(home):
    res = run(home, "show", "US 1", "--json")
    assert res.exit_code == 3
    assert json.loads(res.output)["error"]["code"] == "not_found"
    res = run(home, "show", "hello world", "--json")
    assert res.exit_code == 2
    err = json.loads(res.output)["error"]
    assert err["code"] == "invalid_input" and err["field"] == "number"


def test_show_trademark(home):
    res = run(home, "show", "2713476", "--json")
    assert res.exit_code == 0, res.output
    tm = json.loads(res.output)["trademark"]
    assert tm["office"] == "US" and tm["reg_number"] == "2713476"


def test_stats_and_quarantine(home):
    stats = json.loads(run(home, "stats", "--json").output)
    assert stats["totals"]["documents"] == 21
    assert stats["documents_by_office"]["US"] == 19
    assert stats["documents_by_format"]["uspto-xml"] == 19
    assert stats["trademarks_by_office"] == {"US": 1}
    assert json.loads(run(home, "quarantine", "--json").output) == []


def test_human_output_renders(home):
    res = run(home, "show", "US6981466B2")
    assert res.exit_code == 0
    assert "Milking" in res.output and "Lindholm" in res.output
    assert "uspto-xml" in run(home, "stats").output


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_export_reimport_gives_identical_records(home, tmp_path, fmt):
    out = tmp_path / f"export.{fmt}"
    res = run(home, "export", "--format", fmt, "--out", str(out), "--json")
    assert res.exit_code == 0, res.output
    info = json.loads(res.output)
    assert info["counts"]["patent"] == 21 and info["counts"]["trademark"] == 1
    schema = json.loads((tmp_path / "export.schema.json").read_text())
    assert set(schema["$defs"]) >= {"PatentDocument", "Trademark", "ApplicationEvent"}
    fresh = tmp_path / "fresh"
    res = run(fresh, "import", str(out), "--json")
    assert res.exit_code == 0, res.output
    again = tmp_path / f"again.{fmt}"
    run(fresh, "export", "--format", fmt, "--out", str(again))
    if fmt == "jsonl":
        assert out.read_bytes() == again.read_bytes()
    else:
        import pyarrow.parquet as pq

        assert pq.read_table(out).to_pylist() == pq.read_table(again).to_pylist()


def test_export_lines_validate_against_the_schema(home, tmp_path):
    import jsonschema

    out = tmp_path / "e.jsonl"
    run(home, "export", "--format", "jsonl", "--out", str(out))
    schema = json.loads((tmp_path / "e.schema.json").read_text())
    for line in out.read_text().splitlines()[:5]:
        jsonschema.validate(json.loads(line), schema)


def test_csv_export(home, tmp_path):
    import csv

    out = tmp_path / "e.csv"
    res = run(home, "export", "--format", "csv", "--out", str(out), "--json")
    assert res.exit_code == 0, res.output
    with out.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 21
    row = next(r for r in rows if r["pub_number"] == "US6859910B2")
    assert row["ipc"].startswith("G06F 15/00") and row["claims"] == "2"
    # the trademark beside it (the store holds one, and no events: no events file)
    summary = json.loads(res.output)
    assert summary["counts"] == {"patent": 21, "trademark": 1, "event": 0}
    assert sorted(summary["paths"]) == ["patent", "trademark"]
    with (tmp_path / "e.trademarks.csv").open(encoding="utf-8") as f:
        [mark] = list(csv.DictReader(f))
    stored = json.loads(run(home, "show", mark["reg_number"] or mark["app_number"], "--json").output)
    assert mark["office"] == "US" and mark["mark"] == stored["trademark"]["mark_text"]
    assert mark["sources"] == "tm-st66-xml" and not (tmp_path / "e.events.csv").exists()


def test_ingest_exits_4_when_files_fail_and_still_prints_the_summary(tmp_path):
    broken = tmp_path / "broken.xml.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00garbage")
    good = str(data_path(FILES[0]))
    res = run(tmp_path / "h", "ingest", good, str(broken))
    assert res.exit_code == 4
    assert "inserted (new to the store): 1" in res.output
    assert "failed files: 1" in res.output and "1 file failed" in res.output
    res = run(tmp_path / "h2", "ingest", good, str(broken), "--json")
    assert res.exit_code == 4
    data = json.loads(res.output)
    assert data["files"] == {"total": 2, "done": 1, "failed": 1}
    (failed,) = data["failed"]
    assert failed["file"] == str(broken) and "Compressed file ended before the end-of-stream marker" in failed["reason"]


def test_ingest_summary_says_what_the_counts_mean(tmp_path):
    grant = str(data_path("uspto/grant_xml_v4x/PatentsView-DB__ipg060103.small.xml.gz"))
    run(tmp_path / "h", "ingest", grant)
    res = run(tmp_path / "h", "ingest", grant, "--force")
    assert res.exit_code == 0, res.output
    assert "inserted (new to the store): 0" in res.output
    assert "updated (merged with another source or changed): 0" in res.output
    assert "unchanged (already stored from the same bytes): 18" in res.output


def test_unsupported_list_says_how_many_more(tmp_path):
    res = run(tmp_path / "h", "ingest", str(data_path("reference/dtd")))
    assert res.exit_code == 0, res.output
    assert "unsupported files: 26" in res.output
    assert "… 16 more (see --json)" in res.output
    data = json.loads(run(tmp_path / "h2", "ingest", str(data_path("reference/dtd")), "--json").output)
    assert len(data["unsupported"]) == 26


def test_full_dump_round_trip_through_the_cli(home, tmp_path):
    out = tmp_path / "store.parquet"
    res = run(home, "export", "--full", "--format", "parquet", "--out", str(out), "--json")
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)["rows"]
    assert rows["documents"] == 21 and rows["trademarks"] == 1 and rows["ingested_files"] == len(FILES)
    fresh = tmp_path / "fresh"
    res = run(fresh, "import", str(out), "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["rows"] == rows
    res = run(fresh, "import", str(out))
    assert res.exit_code == 2 and "already holds data" in res.output
    assert run(fresh, "import", str(out), "--replace").exit_code == 0
    res = run(fresh, "ingest", *[str(data_path(f)) for f in FILES], "--json")
    assert json.loads(res.output)["files"] == {"total": len(FILES), "skipped": len(FILES)}
    res = run(home, "export", "--full", "--format", "csv", "--out", str(tmp_path / "x.csv"))
    assert res.exit_code == 2


def test_export_time_limit_exits_6(home, tmp_path):
    res = run(home, "export", "--full", "--out", str(tmp_path / "d.jsonl"), "--time-limit", "0", "--json")
    assert res.exit_code == 6
    err = json.loads(res.output)["error"]
    assert err["code"] == "timeout" and err["stage"] == "export" and "d.jsonl is incomplete" in err["message"]


def test_show_renders_family_and_claim_levels(tmp_path):
    home = tmp_path / "h"
    files = ["epo/ep_fulltext_xml/go-epo-eps__EP13189031B2.xml.gz",
             "epo/ops_xml/epo-ops__get_family_with_biblio__response.xml.gz"]
    assert run(home, "ingest", *[str(data_path(f)) for f in files], "--json").exit_code == 0
    family = run(home, "show", "EP2400812A1").output
    assert "DOCDB 43088294, CA2744162A1, EP2400812B1, US20120057518A1," in family and "US9648662B2" in family
    claims = run(home, "show", "EP2743087B2").output.splitlines()
    # claim 1 independent, claim 2 depends on 1, claim 3 on 1 and 2, …: four spaces per level
    for num, level in ((1, 0), (2, 1), (3, 2), (4, 3), (5, 4)):
        assert any(line.startswith("│ " + "    " * level + f"{num}. Druckmaschine (102) ") for line in claims), num
