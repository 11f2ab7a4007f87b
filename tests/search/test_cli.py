"""The CLI commands render the service's results; --json everywhere; errors map to exit codes."""

from __future__ import annotations

import orjson
from typer.testing import CliRunner

from iprhub.cli.main import get_app

runner = CliRunner()


def _run(home, *args):
    return runner.invoke(get_app(), ["--home", str(home), *args])


def test_search_json_and_human(shub, search_home):
    res = _run(search_home, "search", "ti=battery", "--json", "--facets")
    assert res.exit_code == 0, res.output
    data = orjson.loads(res.output)
    assert data["interpretation"]["normalized"] == "ti=battery" and data["hits"]
    assert {f["name"] for f in data["facets"]} == {"year", "country", "kind", "ipc", "applicant"}
    human = _run(search_home, "search", "ti=battery")
    assert human.exit_code == 0 and "read as" in human.output


def test_malformed_query_exit_code_and_position(shub, search_home):
    res = _run(search_home, "search", "ti=(battery", "--json")
    assert res.exit_code == 2
    err = orjson.loads(res.output)["error"]
    assert err["code"] == "invalid_input" and err["position"] == 3


def test_index_status_and_check(shub, search_home):
    res = _run(search_home, "index", "--check", "--json")
    assert res.exit_code == 0, res.output
    data = orjson.loads(res.output)
    assert data["in_step"] and data["documents_in_index"] == data["documents_in_store"]


def test_similar_json(shub, search_home):
    res = _run(search_home, "similar", "--text", "solid oxide fuel cell", "--limit", "3", "--json")
    assert res.exit_code == 0, res.output
    assert len(orjson.loads(res.output)["hits"]) == 3
    missing = _run(search_home, "similar", "US1234567B1", "--json")
    assert missing.exit_code == 3


def test_index_vectors_says_what_happened(shub, search_home):
    first = _run(search_home, "index", "--vectors", "--json")  # embeds what the other tests have not
    assert first.exit_code == 0, first.output
    report = orjson.loads(first.output)
    assert report["action"] == "vectors" and report["already"] + report["indexed"] == 415
    assert report["status"]["vectors_missing"] == 0 and report["status"]["documents_in_index"] == 415
    again = _run(search_home, "index", "--vectors")
    assert again.exit_code == 0, again.output
    text = " ".join(again.output.split())
    assert "vectors: all 415 documents already embedded (model use-multilingual-v3)" in text
    assert "indexed 0" not in text and "documents in index │ 415" in text
