"""A shared search index over real office files (USPTO, EP, CNIPA, JPO), built once per session."""

from __future__ import annotations

import pytest

from iprhub.hub import Hub
from iprhub.settings import Settings
from tests.conftest import data_path

CORPUS = ["uspto/grant_xml_v4x", "uspto/application_xml", "epo/ep_fulltext_xml", "cn/cn_old", "cn/cn_new", "jp/jp",
          "epo/ops_xml/epo-ops__get_family_with_biblio__response.xml.gz"]  # one DOCDB family, 5 members


@pytest.fixture(scope="session")
def search_home(tmp_path_factory):
    return tmp_path_factory.mktemp("search")


@pytest.fixture(scope="session")
def shub(search_home):
    """A hub whose store and index hold the corpus (index kept in step by ingest)."""
    # no default time limit: the first semantic query embeds the corpus, which on a busy machine takes
    # longer than a query's limit (tests of the limits pass their own deadlines)
    hub = Hub(Settings(home=search_home, database_url=f"sqlite:///{search_home}/iprhub.db", workers=1,
                       search_time_limit_keyed=0))
    hub.ingest([data_path(p) for p in CORPUS])
    yield hub
    hub.close()


@pytest.fixture(scope="session")
def svc(shub):
    return shub.search


@pytest.fixture(scope="session")
def docs(shub):
    """Every stored document (the ground truth the search results are checked against)."""
    return list(shub.store.iter_documents())


def numbers(result) -> list[str]:
    return [h.pub_number for h in result.hits]
