"""The result-set analyses on Spark SQL (``iprhub batch analyze``) equal ``hub.analytics.analyze`` of
the same set on the embedded store of the same files (EPO OPS publications merged from several
sources, Chinese and Japanese full texts)."""

from __future__ import annotations

import pytest

from iprhub.batch.analyses import BATCH_ANALYSES
from iprhub.hub import Hub
from iprhub.settings import Settings

#: the first rows (and note) of the network, citation and cluster charts, checked by hand
EXACT = {
    "EP": {  # no EP document of these files cites another; 33 distinct patent citations made, 23 to US documents
        "citations": ([], "citing office -> cited office: EP->US 23, EP->WO 5, EP->EP 4, EP->FR 1"),
        "clusters": ([[1, "battery · bluetooth · detecting · including", 12]], None),
    },
    "WO": {"clusters": ([[1, "plastic · producing · cellular · composite", 14]], None)},
    # CN104245143A, the one CN document of these files with two applicants
    "CN": {"co-applicants": ([["可隆科技特株式会社", "盛源立赛科株式会社", 1]], None)},
}


@pytest.fixture(scope="module")
def embedded_by_name(index_inputs, tmp_path_factory):
    """The embedded ingest of the same files into a hub without the parties capability: applicants
    count by name, as on Spark (the party entities are built from the store)."""
    from iprhub.capabilities import CAPABILITIES

    home = tmp_path_factory.mktemp("embedded-analyses")
    hub = Hub(
        Settings(
            home=home,
            database_url=f"sqlite:///{home}/iprhub.db",
            capabilities=[c for c in CAPABILITIES if c != "iprhub.parties"],
        )
    )
    hub.ingest(index_inputs)
    yield hub
    hub.close()


@pytest.mark.parametrize(("office", "unit"), [("EP", "family"), ("WO", "document"), ("CN", "family")])
def test_spark_sql_analyses_equal_the_embedded_ones(spark, sharded, embedded_by_name, office, unit):
    from iprhub.batch.analyses import batch_analyze

    got = batch_analyze(spark, sharded[0], office=office, unit=unit)
    want = embedded_by_name.analytics.analyze(
        f"ctry={office}", unit=unit, only=list(BATCH_ANALYSES), time_limit=600
    )
    assert not want.partial and want.documents == want.total_matches > 0
    assert (got.documents, got.families, got.document_types, got.data_cutoff, got.basis) == (
        want.documents,
        want.families,
        want.document_types,
        want.data_cutoff,
        want.basis,
    )
    assert [c.id for c in got.charts] == [c.id for c in want.charts] == list(BATCH_ANALYSES)
    for mine, theirs in zip(got.charts, want.charts, strict=True):
        assert mine.model_dump() == theirs.model_dump(), mine.id
    for chart_id, (rows, note) in EXACT[office].items():
        chart = got.chart(chart_id)
        assert chart.rows[: max(len(rows), 1)] == rows, chart_id
        if note:
            assert chart.notes[0] == note
    non_empty = {c.id for c in got.charts if c.rows}
    assert {"trend", "applicants", "flows", "concentration"} <= non_empty


def test_cli_analyze_json(sharded, tmp_path):
    import orjson
    from typer.testing import CliRunner

    from iprhub.cli.main import get_app

    result = CliRunner().invoke(
        get_app(),
        [
            "--home",
            str(tmp_path),
            "batch",
            "analyze",
            sharded[0],
            "--office",
            "JP",
            "--only",
            "trend",
            "--only",
            "ipc-subclass",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = orjson.loads(result.output)
    assert (
        data["query"] == "ctry=JP"
        and data["documents"] == 5
        and [c["id"] for c in data["charts"]] == ["trend", "ipc-subclass"]
    )
    bad = CliRunner().invoke(
        get_app(), ["--home", str(tmp_path), "batch", "analyze", sharded[0], "--only", "landscape", "--json"]
    )
    assert bad.exit_code == 2 and "unknown analysis 'landscape'" in bad.output
