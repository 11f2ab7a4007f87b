"""Open export of a query's result set in four formats, read back and compared with the store."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import text

from iprhub.errors import InvalidInput

QUERY = "ti=method"


def _bytes(ahub, fmt, **kw):
    info, stream = ahub.analytics.export(QUERY, fmt, **kw)
    data = b"".join(stream)
    return info, data


def _stored_titles(ahub, numbers):
    with ahub.store.engine.connect() as conn:
        rows = conn.execute(text("select pub_number, title, family_id from documents")).all()
    return {r[0]: (r[1], r[2]) for r in rows if r[0] in set(numbers)}


def test_csv_and_jsonl_hold_every_match_in_order(ahub):
    numbers = ahub.search.matching(QUERY).numbers
    stored = _stored_titles(ahub, numbers)
    info, data = _bytes(ahub, "csv", fields=["pub_number", "title", "applicants"])
    rows = list(csv.reader(io.StringIO(data.decode())))
    assert rows[0] == ["pub_number", "title", "applicants"]
    assert [r[0] for r in rows[1:]] == numbers and info.rows == len(numbers)
    assert all(stored[r[0]][0] == (r[1] or None) for r in rows[1:])
    _info, data = _bytes(ahub, "jsonl")
    lines = [json.loads(x) for x in data.decode().splitlines()]
    assert [x["pub_number"] for x in lines] == numbers
    assert isinstance(lines[0]["ipc"], list)


def test_collapse_keeps_one_row_per_family(ahub):
    q = "pa=drilling"
    numbers = ahub.search.matching(q).numbers
    info, stream = ahub.analytics.export(q, "jsonl", collapse=True, fields=["pub_number", "family_id"])
    lines = [json.loads(x) for x in b"".join(stream).decode().splitlines()]
    families = {_stored_titles(ahub, numbers)[n][1] or n for n in numbers}
    assert len(lines) == len(families) < len(numbers)
    assert info.collapse


def test_parquet_and_xlsx_read_back(ahub):
    import openpyxl
    import pyarrow.parquet as pq

    numbers = ahub.search.matching(QUERY).numbers
    _info, data = _bytes(ahub, "parquet")
    table = pq.read_table(io.BytesIO(data))
    assert table.column("pub_number").to_pylist() == numbers
    assert str(table.schema.field("pub_date").type) == "date32[day]"
    _info, data = _bytes(ahub, "xlsx", fields=["pub_number", "pub_date"])
    ws = openpyxl.load_workbook(io.BytesIO(data), read_only=True)["results"]
    values = [r[0] for r in ws.iter_rows(values_only=True)]
    assert values[0] == "pub_number" and values[1:] == numbers


def test_bad_export_input(ahub):
    with pytest.raises(InvalidInput) as err:
        ahub.analytics.export(QUERY, "docx")
    assert err.value.field == "format"
    with pytest.raises(InvalidInput) as err:
        ahub.analytics.export(QUERY, "csv", fields=["pub_number", "colour"])
    assert "colour" in err.value.message


def test_cli_analyze_and_export(ahub, ahome, tmp_path):
    from typer.testing import CliRunner

    from iprhub.cli.main import get_app

    runner = CliRunner()
    db = f"sqlite:///{ahome}/iprhub.db"
    r = runner.invoke(get_app(), ["--home", str(ahome), "--database-url", db, "analyze", QUERY, "--only", "trend", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["charts"][0]["id"] == "trend"
    out = tmp_path / "r.csv"
    r = runner.invoke(get_app(), ["--home", str(ahome), "--database-url", db, "export-query", QUERY, "--out", str(out),
                                  "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["rows"] == len(ahub.search.matching(QUERY).numbers)
    r = runner.invoke(get_app(), ["--home", str(ahome), "--database-url", db, "analyze", QUERY, "--unit", "x", "--json"])
    assert r.exit_code == 2 and json.loads(r.output)["error"]["field"] == "unit"


def test_export_out_of_time_is_partial_and_says_so(ahub):
    info, stream = ahub.analytics.export(QUERY, "csv", time_limit=0.0)
    assert b"".join(stream).decode().strip() == ",".join(
        ["pub_number", "country", "kind", "doc_type", "pub_date", "app_number", "app_date", "priority_date",
         "family_id", "title", "applicants", "inventors", "ipc"])
    assert info.partial and "time limit" in info.warnings[0]
