"""Analysis, export and landscape on both backends (the Scientific Drilling family)."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from iprhub.hub import Hub
from iprhub.settings import Settings
from iprhub.store.schema import documents
from tests.parties.conftest import DRILLING


@pytest.fixture
def bhub(backend, tmp_path):
    hub = Hub(Settings(home=tmp_path, database_url=backend, workers=1, search_time_limit_keyed=0))
    hub.ingest(DRILLING)
    yield hub
    hub.close()


def test_analysis_export_landscape(bhub):
    q = bhub.parties.expand_query("SCIENTIFIC DRILLING INTERNATIONAL, INC")
    a = bhub.analytics.analyze(q, only=["applicants", "flows", "trend"])
    numbers = bhub.search.matching(q).numbers
    with bhub.store.engine.connect() as conn:
        fams = {f or p for p, f in conn.execute(select(documents.c.pub_number, documents.c.family_id).where(
            documents.c.pub_number.in_(numbers)))}
    assert a.documents == len(numbers) and a.families == len(fams) > 1
    assert a.chart("applicants").rows[0][2] == len(fams)  # every spelling is one entity
    _info, stream = bhub.analytics.export(q, "csv", fields=["pub_number"], collapse=True)
    rows = list(csv.reader(io.StringIO(b"".join(stream).decode())))
    assert len(rows) == 1 + len(fams)
    land = bhub.analytics.landscape(seeds=["US9291047B2"])
    assert any(m.pub_number.startswith("RU") for m in land.members)
    # the other drilling family is reached through the seed's classes (prefix filters on both backends)
    unpruned = bhub.analytics.landscape(seeds=["US9291047B2"], threshold=0.0)
    other = {m.pub_number: m for m in unpruned.members}["RU2015124071A"]
    assert "family" not in other.reasons and other.reasons["class"] > 0 and other.class_code.startswith("E21B")
