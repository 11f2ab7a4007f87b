"""One store with real records for the value tests: EPO OPS responses (families, register events,
full cycle), PEDS prosecution histories (maintenance fees), the assignment records (pledges), two
design grants citing each other and the WIPO IPC-technology concordance (cohort fields)."""

from __future__ import annotations

import pytest

from iprhub.hub import Hub
from iprhub.settings import Settings
from tests.conftest import data_path

FILES = ("epo/ops_xml", "uspto/peds_json/patent_client__0e6468316be467fe2634d380b1bc7ffb.json.gz",
         "uspto/peds_json/patent_client__patent_client___sync__uspto__peds__fixtures__app_1_input.json.gz", "ownership/uspto_patent_assignment_cassettes", "uspto/assignment_xml",
         "classification/ipc/PatentsView-DB__ipc_technology.csv.gz",
         "uspto/grant_xml_v25_pg/patentprocessor__pg020507hundred.xml.gz",
         "uspto/grant_xml_v4x/PatentsView-DB__2009_6.xml.gz")
CAPS = ["iprhub.accounts", "iprhub.countries", "iprhub.ownership", "iprhub.value"]


def make_hub(url: str, home, **value_settings) -> Hub:
    return Hub(Settings(home=home, database_url=url, workers=1, capabilities=CAPS, search_index_on_ingest=False,
                        capability_settings={"value": value_settings} if value_settings else {}))


@pytest.fixture(scope="session")
def value_db(tmp_path_factory):
    home = tmp_path_factory.mktemp("value")
    url = f"sqlite:///{home}/iprhub.db"
    hub = make_hub(url, home)
    hub.ingest([data_path(f) for f in FILES])
    hub.close()
    return url, home


@pytest.fixture(scope="session")
def value_hub(value_db):
    hub = make_hub(*value_db)
    yield hub
    hub.close()
