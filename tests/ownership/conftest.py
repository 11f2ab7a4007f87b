"""One store per backend with the real assignment records (Assignment Center cassettes and Assignment
Search XML) and one full-text document a recording names, shared by the module's tests."""

from __future__ import annotations

import pytest

from iprhub.hub import Hub
from iprhub.settings import Settings
from tests.conftest import data_path

FILES = ("ownership/uspto_patent_assignment_cassettes", "uspto/assignment_xml",
         "uspto/ppubs_json/patent_client__public_search_doc.json.gz")
CAPS = ["iprhub.accounts", "iprhub.countries", "iprhub.ownership"]


def load(url: str, home) -> Hub:
    hub = Hub(Settings(home=home, database_url=url, workers=1, capabilities=CAPS, search_index_on_ingest=False))
    hub.ingest([data_path(f) for f in FILES])
    return hub


@pytest.fixture(scope="session")
def own_hub(tmp_path_factory):
    home = tmp_path_factory.mktemp("own")
    hub = load(f"sqlite:///{home}/iprhub.db", home)
    yield hub
    hub.close()
