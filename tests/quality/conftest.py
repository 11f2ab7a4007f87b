"""A store of real files chosen for quality screening: two EPO OPS families (near-identical members),
a USPTO grant file with agents, KIPRIS applicant files (a university's 427 marks, co-owned marks) and
the Open Data Portal application (an agent with prosecution events); on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from iprhub.hub import Hub
from iprhub.settings import Settings
from tests.conftest import data_path, private_schema

FILES = [
    "epo/ops_xml/epo-ops__get_family__response.xml.gz",
    "epo/ops_xml/epo-ops__get_family_with_biblio__response.xml.gz",
    "epo/ops_xml/patent_client__tests__fixtures__epo__family_publication_docdb_EP.2906782.A2_.xml.gz",
    "uspto/grant_xml_v4x/PatentsView-DB__ipg120327.196.xml.gz",
    "trademark/kipris_xml/neojune__TradeMarkInfo_applicant120070509242.xml.gz",
    "trademark/kipris_xml/neojune__TradeMarkInfo_applicant120080091393.xml.gz",
    "uspto/odp_json/patent_client__odp_application.json.gz",
    "epo/ep_fulltext_xml",  # full texts, EP grants with claims in three languages
    "uspto/grant_xml_v25_pg/patentprocessor__pg020507hundred.xml.gz",
]


@pytest.fixture(scope="module")
def _schema(postgres_ok):
    yield from private_schema(postgres_ok, "q_")


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def qhub(request, tmp_path_factory):
    home = tmp_path_factory.mktemp(f"quality-{request.param}")
    url = f"sqlite:///{home}/iprhub.db" if request.param == "sqlite" else request.getfixturevalue("_schema")
    hub = Hub(Settings(home=home, database_url=url, workers=1, search_index_on_ingest=False,
                       web_rate_limit=0, web_rate_limit_keyed=0, web_secret="test-secret"))
    report = hub.ingest([data_path(f) for f in FILES])
    assert not report.to_dict()["failed"]
    yield hub
    hub.close()
