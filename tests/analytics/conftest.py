"""One store with a search index over real files (USPTO grants, EP full texts, the Scientific Drilling
DOCDB family in several scripts), built once per module that asks for it."""

from __future__ import annotations

import pytest

from iprhub.hub import Hub
from iprhub.settings import Settings
from tests.conftest import DATA, data_path
from tests.parties.conftest import DRILLING

CORPUS = ["uspto/grant_xml_v4x", "epo/ep_fulltext_xml"]


@pytest.fixture(scope="session")
def ahome(tmp_path_factory):
    return tmp_path_factory.mktemp("analytics")


@pytest.fixture(scope="session")
def ahub(ahome):
    hub = Hub(Settings(home=ahome, database_url=f"sqlite:///{ahome}/iprhub.db", workers=1, search_time_limit_keyed=0))
    hub.ingest([data_path(p) for p in CORPUS] + DRILLING + [DATA / "classification" / "ipc"])
    yield hub
    hub.close()
